"""Checks on a workbook file before the spreadsheet library parses any of it.

A workbook is an untrusted zip of XML parts. Before openpyxl opens it, the file's size, its zip
directory and every part's unpacked size are checked. Then each XML part is streamed once
through expat, which refuses document type declarations (the root of entity expansion attacks)
and stops at the element, row and cell limits. For each sheet the reader will read, the scan
also notes its merged ranges and its formulas that have no computed value.
"""

from __future__ import annotations

import posixpath
import struct
import zipfile
import zlib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from openpyxl.utils.cell import column_index_from_string
from openpyxl.xml.constants import XLSM, XLSX, XLTM, XLTX

from planner.domain.errors import InputError, InputErrors

MIB = 2**20
MAX_FILE_BYTES = 20 * MIB
MAX_DIRECTORY_BYTES = MIB  # the zip's list of parts
MAX_PARTS = 1_000
MAX_PART_BYTES = 50 * MIB  # one part, unpacked
MAX_TOTAL_BYTES = 200 * MIB  # all parts, unpacked
MAX_RATIO = 200  # unpacked to packed size, for parts over 1 MiB
MAX_ELEMENTS = 1_000_000  # XML elements in all parts
MAX_OTHER_ELEMENTS = 50_000  # XML elements outside the sheets' cell data: styles, shared text, names...
MAX_ROWS = 20_000  # on one sheet the planner reads, as Excel numbers them
MAX_CELLS = 100_000  # in all the sheets the planner reads

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls files and password-protected workbooks
_ZIP = b"PK\x03\x04"
_END = b"PK\x05\x06"
_BOOK_TYPES = (XLSX, XLSM, XLTX, XLTM)
_REL_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_DAMAGED = "a readable .xlsx workbook (the file is damaged; save it again from Excel)"


@dataclass
class SheetFacts:
    """What the reader must know about a sheet beyond the values openpyxl gives."""

    merged: list[str] = field(default_factory=list)  # ranges such as "A2:A4"
    formulas: dict[int, dict[int, str]] = field(default_factory=dict)  # row -> column -> formula, no value


def _fail(where: str, expected: str, value: object = None, row: int | None = None) -> InputErrors:
    return InputErrors([InputError(where, row, None, value, expected)])


def check_file(path: Path, sheets: Collection[str]) -> dict[str, SheetFacts]:
    """Refuse a file that is missing, too large, not an .xlsx package, or unsafe to parse.

    Returns facts about each sheet named in `sheets` (case-insensitive) that the workbook has,
    keyed by its title stripped and lower-cased. Raises InputErrors naming the problem.
    """
    try:
        _check_container(path)
        with zipfile.ZipFile(path) as z:
            _check_parts(path.name, z.infolist())
            return _Scan(z, path.name, {s.strip().lower() for s in sheets}).run()
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise _fail(path.name, _DAMAGED, str(exc)) from None
    except OSError as exc:
        raise _fail(path.name, "a file the planner may read", exc.strerror or str(exc)) from None


def _check_container(path: Path) -> None:
    """The file exists, is neither empty nor too large, and is a zip package with a small directory."""
    if not path.is_file():
        raise _fail(path.name, "an existing workbook file")
    size = path.stat().st_size
    if size == 0:
        raise _fail(path.name, "an Excel .xlsx workbook (the file is empty)")
    if size > MAX_FILE_BYTES:
        raise _fail(path.name, f"a workbook of at most {MAX_FILE_BYTES // MIB} MiB", f"{size:,} bytes")
    with path.open("rb") as f:
        head = f.read(8)
        f.seek(max(0, size - 22 - 65_535))
        tail = f.read()
    if head.startswith(_OLE):
        raise _fail(path.name, "an .xlsx workbook (this is an old .xls file or a password-protected "
                               "workbook; save it as an unprotected .xlsx)")
    if not head.startswith(_ZIP):
        raise _fail(path.name, "an Excel .xlsx workbook (this file is not one; was it saved as CSV or text?)")
    end = len(tail) - 22 if tail[-22:-18] == _END else tail.rfind(_END)
    if end < 0 or len(tail) - end < 22:
        raise _fail(path.name, _DAMAGED)
    (directory,) = struct.unpack_from("<I", tail, end + 12)
    if directory > MAX_DIRECTORY_BYTES:
        raise _fail(path.name, f"a workbook of at most {MAX_PARTS:,} parts", f"a {directory:,}-byte list of parts")


def _check_parts(name: str, infos: list[zipfile.ZipInfo]) -> None:
    """No macros, no encryption, only Excel's compression, and bounded unpacked sizes."""
    if len(infos) > MAX_PARTS:
        raise _fail(name, f"a workbook of at most {MAX_PARTS:,} parts", f"{len(infos):,} parts")
    total = 0
    for info in infos:
        part = info.filename
        lower = part.lower()
        if lower.endswith("vbaproject.bin") or "/macrosheets/" in lower:
            raise _fail(name, "a workbook without macros (save it as .xlsx)", part)
        if info.flag_bits & 0x1:
            raise _fail(name, "an unencrypted workbook (remove the password and save it again)", part)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _fail(name, "a workbook saved by a spreadsheet program (unknown compression)", part)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART_BYTES or (info.file_size > MIB and ratio > MAX_RATIO):
            raise _fail(name, f"workbook parts of at most {MAX_PART_BYTES // MIB} MiB unpacked, "
                              f"and at most {MAX_RATIO} times their packed size",
                        f"{part}: {info.file_size:,} bytes unpacked from {info.compress_size:,}")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise _fail(name, f"a workbook of at most {MAX_TOTAL_BYTES // MIB} MiB unpacked", f"{total:,} bytes")
    if "[Content_Types].xml" not in {i.filename for i in infos}:
        raise _fail(name, "an Excel .xlsx workbook (the package has no content types)")


Handler = Callable[[str, dict[str, str]], None]


class _Scan:
    """One streaming pass of expat over every XML part, with workbook-wide counters."""

    def __init__(self, z: zipfile.ZipFile, name: str, wanted: set[str]):
        self.z, self.name, self.wanted = z, name, wanted
        self.names = set(z.namelist())
        self.done: set[str] = set()
        self.sheets: dict[str, SheetFacts] = {}  # by part
        self.elements = self.other = self.cells = 0

    def run(self) -> dict[str, SheetFacts]:
        types = self._collect("[Content_Types].xml", "Override")
        book = next((t.get("PartName", "").lstrip("/") for t in types if t.get("ContentType") in _BOOK_TYPES),
                    "xl/workbook.xml")
        facts = {title.strip().lower(): self._sheet(title, part) for title, part in self._sheets(book).items()}
        xml = {t.get("PartName", "").lstrip("/") for t in types if t.get("ContentType", "").endswith("xml")}
        for part in sorted(self.names):
            if part in xml or part.lower().endswith((".xml", ".rels")):
                self._parse(part, lambda local, attrs: None)
        return facts

    def _sheets(self, book: str) -> dict[str, str]:
        """Title -> part of each wanted sheet, resolved as openpyxl resolves them."""
        folder, base = posixpath.split(book)
        rels = {r.get("Id"): r for r in self._collect(f"{folder}/_rels/{base}.rels", "Relationship")}
        out: dict[str, str] = {}
        for sheet in self._collect(book, "sheet"):
            title = sheet.get("name", "")
            rel = rels.get(sheet.get(_REL_ID))
            if title.strip().lower() in self.wanted and rel is not None and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                out[title] = target[1:] if target.startswith("/") else posixpath.normpath(f"{folder}/{target}")
        return out

    def _collect(self, part: str, local: str) -> list[dict[str, str]]:
        """Attributes of every element named `local` in a structural part (a bounded number)."""
        found: list[dict[str, str]] = []

        def start(name: str, attrs: dict[str, str]) -> None:
            if name == local:
                if len(found) >= MAX_PARTS:
                    raise _fail(self.name, f"at most {MAX_PARTS:,} {local} entries", part)
                found.append(attrs)

        self._parse(part, start)
        return found

    def _sheet(self, title: str, part: str) -> SheetFacts:
        if part not in self.sheets:
            sheet = _Sheet(title, self)
            self._parse(part, sheet.start, sheet.end, sheet.text)
            self.sheets[part] = sheet.facts
        return self.sheets[part]

    def count_cell(self, title: str) -> None:
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise _fail(title, f"at most {MAX_CELLS:,} cells in all the sheets the planner reads")

    def _parse(self, part: str, start: Handler, end: Callable[[str], None] | None = None,
               text: Callable[[str], None] | None = None) -> None:
        """Stream one part through expat; refuse DTDs, bad XML and too many elements."""
        if part in self.done or part not in self.names:
            return
        self.done.add(part)
        parser = expat.ParserCreate(namespace_separator="}")
        in_data = False  # inside a sheet's cell data, which the row and cell limits bound

        def on_start(name: str, attrs: dict[str, str]) -> None:
            nonlocal in_data
            self.elements += 1
            if self.elements > MAX_ELEMENTS:
                raise _fail(self.name, f"a workbook of at most {MAX_ELEMENTS:,} XML elements", part)
            local = name.rpartition("}")[2]
            if not in_data:
                self.other += 1
                if self.other > MAX_OTHER_ELEMENTS:
                    raise _fail(self.name, f"at most {MAX_OTHER_ELEMENTS:,} XML elements outside the cells "
                                           "of the sheets (styles, shared text, names)", part)
                in_data = local == "sheetData"
            start(local, attrs)

        def on_end(name: str) -> None:
            nonlocal in_data
            local = name.rpartition("}")[2]
            if local == "sheetData":
                in_data = False
            if end:
                end(local)

        def on_doctype(*_: object) -> None:
            raise _fail(self.name, "XML without document type declarations (they can expand without "
                                   "limit; save the workbook again from Excel)", part)

        parser.StartElementHandler = on_start
        parser.EndElementHandler = on_end
        parser.CharacterDataHandler = text
        parser.StartDoctypeDeclHandler = on_doctype
        try:
            with self.z.open(part) as f:
                while chunk := f.read(1 << 16):
                    parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise _fail(self.name, "well-formed XML in every part (save the workbook again from Excel)",
                        f"{part} line {exc.lineno}: {expat.ErrorString(exc.code)}") from None


class _Sheet:
    """Follows rows and cells of one worksheet as it streams by, the way openpyxl numbers them."""

    def __init__(self, title: str, scan: _Scan):
        self.title, self.scan = title, scan
        self.facts = SheetFacts()
        self.rows = self.row = self.column = 0
        self.formula: list[str] | None = None  # the text of the current cell's formula, if it has one
        self.result: list[str] = []  # the current formula cell's computed value
        self.text_result = False  # whether that value is text, where empty is a result
        self.capture: list[str] | None = None  # where character data goes, if anywhere

    def start(self, local: str, attrs: dict[str, str]) -> None:
        if local == "row":
            self.rows += 1
            r = attrs.get("r", "")
            self.row = int(r) if r.isdigit() else self.row + 1
            self.column = 0
            if max(self.row, self.rows) > MAX_ROWS:
                raise _fail(self.title, f"at most {MAX_ROWS:,} rows on a sheet (delete the rows below the data)",
                            row=max(self.row, self.rows))
        elif local == "c":
            self.scan.count_cell(self.title)
            self.column = _column(attrs.get("r", ""), self.column + 1)
            self.formula, self.text_result = None, attrs.get("t") == "str"
        elif local == "f" and self.formula is None:
            self.formula, self.result = [], []
            self.capture = self.formula
        elif local == "v" and self.formula is not None:
            self.capture = self.result
        elif local == "mergeCell":
            self.facts.merged.append(attrs.get("ref", ""))

    def text(self, data: str) -> None:
        if self.capture is not None:
            self.capture.append(data)

    def end(self, local: str) -> None:
        if local in ("f", "v"):
            self.capture = None
        elif local == "c" and self.formula is not None and not (self.result or self.text_result):
            self.facts.formulas.setdefault(self.row, {})[self.column] = "=" + "".join(self.formula)[:200]


def _column(ref: str, default: int) -> int:
    """The column number of a cell reference such as "AB12"; `default` if there is none."""
    letters = ref.rstrip("0123456789")
    try:
        return column_index_from_string(letters) if letters else default
    except ValueError:
        return default
