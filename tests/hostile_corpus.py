"""Hostile input workbooks, each built from the valid tiny scenario, with the errors it must produce.

Every case is generated here, never stored as a binary: `build_corpus(folder)` writes each case to
`<folder>/<case name>.xlsx`. A case changes the tiny scenario's workbook either through openpyxl
(cells, sheets, merges, formulas) or by rewriting the zip's raw parts (bombs, DTDs, huge sheets).
`expected` lists every error line the planner must report, in order: exactly, or as a pattern
where a number depends on the zlib that packed the file.
"""

from __future__ import annotations

import re
import struct
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from builders import tiny_scenario
from openpyxl import Workbook, load_workbook

from planner.workbook.export import write_scenario

Build = Callable[[Path], None]
Parts = dict[str, bytes]
MIB = 2**20


@dataclass(frozen=True)
class Case:
    name: str
    build: Build
    expected: tuple[str | re.Pattern[str], ...]  # every error line: exact text, or a pattern it matches
    cli: bool = False  # also run through the command line

    @property
    def file(self) -> str:
        return f"{self.name}.xlsx"

    def matches(self, lines: list[str]) -> bool:
        """Whether the reported error lines are exactly the expected ones."""
        return len(lines) == len(self.expected) and all(
            line == want if isinstance(want, str) else want.fullmatch(line) is not None
            for line, want in zip(lines, self.expected)
        )


def build_corpus(folder: Path) -> dict[str, Path]:
    """Write every case into `folder`; returns case name -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for case in CASES:
        path = folder / case.file
        case.build(path)
        paths[case.name] = path
    return paths


# --- building blocks -------------------------------------------------------------------------


@cache
def _base_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tiny.xlsx"
        write_scenario(tiny_scenario(), path)
        return path.read_bytes()


def base(path: Path) -> None:
    """The valid tiny scenario as an input workbook."""
    path.write_bytes(_base_bytes())


def column(book: Workbook, sheet: str, name: str) -> int:
    header = [c.value for c in book[sheet][1]]
    return header.index(name) + 1


def edit(*changes: Callable[[Workbook], None]) -> Build:
    """The tiny workbook, changed through openpyxl."""

    def build(path: Path) -> None:
        base(path)
        book = load_workbook(path)
        for change in changes:
            change(book)
        book.save(path)

    return build


def put(sheet: str, row: int, name: str, value: object) -> Callable[[Workbook], None]:
    """Set one cell, found by sheet, row number and column header."""
    return lambda book: setattr(book[sheet].cell(row, column(book, sheet, name)), "value", value)


def add(sheet: str, **values: object) -> Callable[[Workbook], None]:
    """Append a row to a sheet, by column header."""

    def change(book: Workbook) -> None:
        ws = book[sheet]
        row = ws.max_row + 1
        for name, value in values.items():
            ws.cell(row, column(book, sheet, name), value)

    return change


def read_parts(path: Path) -> Parts:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def write_parts(path: Path, parts: Parts, compression: dict[str, int] | None = None) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in parts.items():
            z.writestr(name, data, compress_type=(compression or {}).get(name, zipfile.ZIP_DEFLATED))


def sheet_part(parts: Parts, title: str) -> str:
    """The zip part holding a sheet, as the workbook and its relationships name it."""
    rid = re.search(rb'<sheet [^>]*name="%s"[^>]*r:id="([^"]+)"' % title.encode(), parts["xl/workbook.xml"])[1]
    rels = parts["xl/_rels/workbook.xml.rels"]
    target = re.search(rb'<Relationship [^>]*Target="([^"]+)"[^>]*Id="%s"' % rid, rels)
    target = target or re.search(rb'<Relationship [^>]*Id="%s"[^>]*Target="([^"]+)"' % rid, rels)
    name = target[1].decode()
    return name.lstrip("/") if name.startswith("/") else f"xl/{name}"


def raw(change: Callable[[Parts], None], start: Build = base) -> Build:
    """A workbook (the tiny one unless `start` builds another), with its zip parts changed as bytes."""

    def build(path: Path) -> None:
        start(path)
        parts = read_parts(path)
        change(parts)
        write_parts(path, parts)

    return build


def in_sheet(title: str, change: Callable[[bytes], bytes], start: Build = base) -> Build:
    """A workbook with one sheet's XML rewritten."""

    def apply(parts: Parts) -> None:
        name = sheet_part(parts, title)
        parts[name] = change(parts[name])

    return raw(apply, start)


def append_rows(rows: bytes) -> Callable[[bytes], bytes]:
    return lambda xml: xml.replace(b"</sheetData>", rows + b"</sheetData>")


def file_bytes(data: bytes) -> Build:
    return lambda path: path.write_bytes(data)


def directory_entry(data: bytes, name: str) -> int:
    """Where a part's entry starts in the zip directory."""
    at = data.index(b"PK\x01\x02")
    while data[at + 46: at + 46 + len(name)] != name.encode():
        at = data.index(b"PK\x01\x02", at + 4)
    return at


def patch_directory(build: Build, part: str, offset: int, fmt: str, value: int) -> Build:
    """A workbook with a field of one part's entry in the zip directory overwritten."""

    def patched(path: Path) -> None:
        build(path)
        data = bytearray(path.read_bytes())
        struct.pack_into(fmt, data, directory_entry(data, part) + offset, value)
        path.write_bytes(bytes(data))

    return patched


def truncated(path: Path) -> None:
    base(path)
    path.write_bytes(path.read_bytes()[:4000])


# --- generated contents ----------------------------------------------------------------------

LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [\n<!ENTITY a0 "ha">\n'
    + b"".join(b'<!ENTITY a%d "%s">\n' % (i, b"&a%d;" % (i - 1) * 10) for i in range(1, 10))
    + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&a9;</t></is></c></row></sheetData></worksheet>'
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>'
)


def million_rows(xml: bytes) -> bytes:
    rows = b"".join(b'<row r="%d"><c r="D%d"><v>1</v></c></row>' % (i, i) for i in range(4, 1_000_004))
    return append_rows(rows)(xml)


def many_cells(xml: bytes) -> bytes:
    cells = b"".join(b'<c r="%s%%d"><v>1</v></c>' % letter.encode() for letter in "ABCDEFGHIJKLM")
    return append_rows(b"".join(b'<row r="%d">' % i + cells.replace(b"%d", b"%d" % i) + b"</row>"
                                for i in range(2, 10_001)))(xml)


def bomb_part(size: int) -> Callable[[Parts], None]:
    """Settings padded with `size` bytes of spaces: tiny packed, huge unpacked."""

    def apply(parts: Parts) -> None:
        name = sheet_part(parts, "Settings")
        parts[name] = parts[name].replace(b"<sheetData>", b"<sheetData>" + b" " * size)

    return apply


def style_bomb(parts: Parts) -> None:
    """600,000 cell formats: small on disk, minutes of work for a spreadsheet library."""
    formats = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>' * 600_000
    parts["xl/styles.xml"] = re.sub(rb'<cellXfs count="\d+">', b'<cellXfs count="600000">' + formats,
                                    parts["xl/styles.xml"], count=1)


def macro(parts: Parts) -> None:
    parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + b"Attribute VB_Name = \"Module1\"\nSub AutoOpen()\nEnd Sub\n"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')


def many_parts(count: int, name_length: int = 10) -> Build:
    def build(path: Path) -> None:
        base(path)
        with zipfile.ZipFile(path, "a") as z:
            for i in range(count):
                z.writestr(f"customXml/{i:0{name_length}d}.xml", b"<a/>")

    return build


def bzip2_part(path: Path) -> None:
    base(path)
    parts = read_parts(path)
    write_parts(path, parts, {sheet_part(parts, "Shells"): zipfile.ZIP_BZIP2})


def rename_sheet(old: str, new: str) -> Callable[[Parts], None]:
    def apply(parts: Parts) -> None:
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'name="%s"' % old.encode(),
                                                                    b'name="%s"' % new.encode())

    return apply


def cached_error(xml: bytes) -> bytes:
    """Shells row 2 altitude_km: a formula whose cached result is #DIV/0!."""
    return re.sub(rb'<c r="C2"[^>]*>.*?</c>', b'<c r="C2" t="e"><f>550/0</f><v>#DIV/0!</v></c>', xml, count=1)


def general(sheet: str, row: int, name: str) -> Callable[[Workbook], None]:
    """Show a cell as a plain number, not as a date."""
    return lambda book: setattr(book[sheet].cell(row, column(book, sheet, name)), "number_format", "General")


def merge(sheet: str, ref: str) -> Callable[[Workbook], None]:
    return lambda book: book[sheet].merge_cells(ref)


def hide(sheet: str) -> Callable[[Workbook], None]:
    return lambda book: setattr(book[sheet], "sheet_state", "hidden")


def drop_sheet(sheet: str) -> Callable[[Workbook], None]:
    return lambda book: book.remove(book[sheet])


def drop_column(sheet: str, name: str) -> Callable[[Workbook], None]:
    return lambda book: book[sheet].delete_cols(column(book, sheet, name))


def copy_row(sheet: str, row: int) -> Callable[[Workbook], None]:
    def change(book: Workbook) -> None:
        ws = book[sheet]
        ws.append([c.value for c in ws[row]])

    return change


# --- the cases -------------------------------------------------------------------------------

CSV = b"constellation,name,operator\nGW,Guowang,China SatNet\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
LONG_ID = "S" * 50_000
LONG_LABEL = "L" * 40_000

CASES: list[Case] = [
    # --- the package ---
    Case("empty_file", file_bytes(b""), (
        "empty_file.xlsx: expected an Excel .xlsx workbook (the file is empty)",
    ), cli=True),
    Case("csv_renamed", file_bytes(CSV), (
        "csv_renamed.xlsx: expected an Excel .xlsx workbook (this file is not one; was it saved as CSV or text?)",
    )),
    Case("text_renamed", file_bytes(b"Launch plan notes\n\tGW first, then Qianfan.\n"), (
        "text_renamed.xlsx: expected an Excel .xlsx workbook (this file is not one; was it saved as CSV or text?)",
    )),
    Case("old_xls", file_bytes(OLE), (
        "old_xls.xlsx: expected an .xlsx workbook (this is an old .xls file or a password-protected workbook; "
        "save it as an unprotected .xlsx)",
    )),
    Case("truncated_zip", truncated, (
        "truncated_zip.xlsx: expected a readable .xlsx workbook (the file is damaged; save it again from Excel)",
    )),
    Case("xlsm_macro", raw(macro), (
        "xlsm_macro.xlsx: found 'xl/vbaProject.bin'; expected a workbook without macros (save it as .xlsx)",
    ), cli=True),
    Case("encrypted_part", patch_directory(base, "xl/workbook.xml", 8, "<H", 0x1), (
        "encrypted_part.xlsx: found 'xl/workbook.xml'; "
        "expected an unencrypted workbook (remove the password and save it again)",
    )),
    Case("bzip2_part", bzip2_part, (
        "bzip2_part.xlsx: found 'xl/worksheets/sheet3.xml'; "
        "expected a workbook saved by a spreadsheet program (unknown compression)",
    )),
    Case("zip_bomb", raw(bomb_part(64 * MIB)), (
        re.compile(r"zip_bomb\.xlsx: found 'xl/worksheets/sheet1\.xml: 67,1\d\d,\d{3} bytes unpacked from [\d,]+'; "
                   r"expected workbook parts of at most 50 MiB unpacked, and at most 200 times their packed size"),
    ), cli=True),
    Case("zip_ratio", raw(bomb_part(10 * MIB)), (
        re.compile(r"zip_ratio\.xlsx: found 'xl/worksheets/sheet1\.xml: 10,48\d,\d{3} bytes unpacked from [\d,]+'; "
                   r"expected workbook parts of at most 50 MiB unpacked, and at most 200 times their packed size"),
    )),
    Case("zip_bomb_lying_size", patch_directory(raw(bomb_part(4 * MIB)), "xl/worksheets/sheet1.xml", 24, "<I", 2048), (
        "zip_bomb_lying_size.xlsx: found \"Bad CRC-32 for file 'xl/worksheets/sheet1.xml'\"; "
        "expected a readable .xlsx workbook (the file is damaged; save it again from Excel)",
    )),
    Case("many_parts", many_parts(1_500), (
        "many_parts.xlsx: found '1,529 parts'; expected a workbook of at most 1,000 parts",
    )),
    Case("huge_directory", many_parts(8_000, 120), (
        "huge_directory.xlsx: found 'a 1,441,986-byte list of parts'; expected a workbook of at most 1,000 parts",
    )),
    Case("billion_laughs", in_sheet("Settings", lambda xml: LAUGHS), (
        "billion_laughs.xlsx: found 'xl/worksheets/sheet1.xml'; expected XML without document type declarations "
        "(they can expand without limit; save the workbook again from Excel)",
    ), cli=True),
    Case("external_entity", in_sheet("Shells", lambda xml: EXTERNAL_ENTITY), (
        "external_entity.xlsx: found 'xl/worksheets/sheet3.xml'; expected XML without document type declarations "
        "(they can expand without limit; save the workbook again from Excel)",
    )),
    Case("style_bomb", raw(style_bomb), (
        "style_bomb.xlsx: found 'xl/styles.xml'; expected at most 50,000 XML elements outside the cells of the "
        "sheets (styles, shared text, names)",
    )),
    Case("broken_xml", in_sheet("Pads", lambda xml: xml[: len(xml) // 2]), (
        "broken_xml.xlsx: found 'xl/worksheets/sheet13.xml line 1: no element found'; "
        "expected well-formed XML in every part (save the workbook again from Excel)",
    )),
    # --- size of the sheets ---
    Case("million_rows", in_sheet("Shells", million_rows), (
        "Shells row 20001: expected at most 20,000 rows on a sheet (delete the rows below the data)",
    ), cli=True),
    Case("far_row", in_sheet("Pads", append_rows(b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>')), (
        "Pads row 1048576: expected at most 20,000 rows on a sheet (delete the rows below the data)",
    )),
    Case("too_many_cells", in_sheet("Events", many_cells), (
        "Events: expected at most 100,000 cells in all the sheets the planner reads",
    ), cli=True),
    # --- sheets and columns ---
    Case("missing_sheet", edit(drop_sheet("Pads")), (
        "Pads: expected this sheet (it is required)",
    )),
    Case("missing_column", edit(drop_column("Pads", "turnaround_days")), (
        "Pads row 1, column turnaround_days: expected a column headed 'turnaround_days'",
    )),
    Case("column_twice", edit(put("Pads", 1, "turnaround_days", "site")), (
        "Pads row 1, column site: found 'columns B and C'; expected one column headed 'site'",
        "Pads row 1, column turnaround_days: expected a column headed 'turnaround_days'",
    )),
    Case("sheet_twice", raw(rename_sheet("Engines", "SHELLS")), (
        "Shells: found 'Shells, SHELLS'; expected one sheet named Shells",
    )),
    Case("hidden_sheet_is_read", edit(hide("Rockets"), put("Rockets", 2, "reliability", 2)), (
        "Rockets row 2, column reliability: found 2; expected a number from 0 to 1",
    )),
    Case("merged_cells", edit(merge("Milestones", "A2:A3")), (
        "Milestones row 2, column constellation: found 'merged cells A2:A3'; "
        "expected one value in each cell, not merged cells (unmerge them and fill in each cell)",
        "Milestones row 3, column constellation: expected an identifier listed in Constellations column constellation",
    ), cli=True),
    # --- cells ---
    Case("formula_without_value", edit(put("Shells", 2, "satellites", "=SUM(30,30)")), (
        "Shells row 2, column satellites: found '=SUM(30,30)'; expected a value, not a formula without a computed "
        "result (open and save the workbook in Excel)",
    ), cli=True),
    Case("formula_error_value", in_sheet("Shells", cached_error), (
        "Shells row 2, column altitude_km: found '#DIV/0!'; expected a number greater than 0",
    )),
    Case("text_in_numbers", edit(put("Shells", 2, "altitude_km", "five hundred"),
                                 put("RocketCapacity", 3, "max_satellites", "8 sats")), (
        "Shells row 2, column altitude_km: found 'five hundred'; expected a number greater than 0",
        "RocketCapacity row 3, column max_satellites: found '8 sats'; expected a whole number greater than 0",
    )),
    Case("number_in_date", edit(put("Milestones", 2, "due_date", 46447), general("Milestones", 2, "due_date")), (
        "Milestones row 2, column due_date: found 46447; expected a date (Excel date or YYYY-MM-DD)",
    )),
    Case("setting_date_with_time", edit(put("Settings", 3, "value", 46447.5)), (
        "Settings row 3, column value: found '2027-03-01 12:00:00'; "
        "expected horizon_end: a date (Excel date or YYYY-MM-DD)",
    )),
    Case("impossible_dates", edit(put("Milestones", 2, "due_date", "2027-02-30"),
                                  put("Milestones", 3, "due_date", datetime(2027, 3, 1, 13, 30))), (
        "Milestones row 2, column due_date: found '2027-02-30'; "
        "expected a date (Excel date or YYYY-MM-DD) (a day that exists in the calendar)",
        "Milestones row 3, column due_date: found '2027-03-01 13:30:00'; "
        "expected a date (Excel date or YYYY-MM-DD) (a day, without a time of day)",
    )),
    Case("zero_and_negative", edit(put("RocketCapacity", 2, "max_satellites", 0),
                                   put("Pads", 2, "turnaround_days", -3),
                                   put("PadRockets", 2, "turnaround_days", 0),
                                   put("Sites", 2, "min_days_between_launches", 0)), (
        "RocketCapacity row 2, column max_satellites: found 0; expected a whole number greater than 0",
        "Sites row 2, column min_days_between_launches: found 0; expected a whole number greater than 0",
        "Pads row 2, column turnaround_days: found -3; expected a whole number greater than 0",
        "PadRockets row 2, column turnaround_days: found 0; expected a whole number greater than 0",
    )),
    Case("reliability_out_of_range", edit(put("Rockets", 2, "reliability", 1.5),
                                          put("Rockets", 3, "reliability", -0.1)), (
        "Rockets row 2, column reliability: found 1.5; expected a number from 0 to 1",
        "Rockets row 3, column reliability: found -0.1; expected a number from 0 to 1",
    )),
    Case("decimal_comma", edit(put("Shells", 2, "altitude_km", "1100,5"), put("Rockets", 2, "reliability", "0,95"),
                               put("Shells", 3, "satellites", "1,000")), (
        "Shells row 2, column altitude_km: found '1100,5'; "
        "expected a number greater than 0 (a decimal point, and commas only between thousands)",
        "Rockets row 2, column reliability: found '0,95'; "
        "expected a number from 0 to 1 (a decimal point, and commas only between thousands)",
    )),
    Case("huge_number", edit(put("Shells", 3, "satellites", 10**12)), (
        "Shells row 3, column satellites: found 1000000000000; "
        "expected a whole number greater than 0 (no larger than 1,000,000,000)",
    )),
    Case("long_identifier", in_sheet("Shells", lambda xml: xml.replace(b"GW-A", LONG_ID.encode(), 1)), (
        f"Shells row 2, column shell: found '{'S' * 60}... (50,000 characters)'; "
        "expected an identifier (at most 100 characters)",
    ), cli=True),
    Case("long_text", in_sheet("Milestones", lambda xml: xml.replace(b"PLACEHOLDER", LONG_LABEL.encode()),
                               edit(put("Milestones", 2, "label", "PLACEHOLDER"))), (
        f"Milestones row 2, column label: found '{'L' * 60}... (40,000 characters)'; "
        "expected text (at most 32,767 characters)",
    )),
    Case("control_characters_in_ids", edit(put("Rockets", 2, "rocket", "CZ\n8A"),
                                           put("Rockets", 3, "rocket", "CZ\x8512")), (
        "Rockets row 2, column rocket: found 'CZ\\n8A'; "
        "expected an identifier (without control characters or line breaks)",
        "Rockets row 3, column rocket: found 'CZ\\x8512'; "
        "expected an identifier (without control characters or line breaks)",
    )),
    Case("unknown_setting", edit(put("Settings", 2, "key", "horizon_begin")), (
        "Settings row 2, column key: found 'horizon_begin'; expected one of horizon_start, horizon_end, "
        "time_limit_s, workers, seed, deterministic, gap_limit_pct, freeze_days, as_of, max_changes, "
        "replan_every_days, "
        "weight_milestone, weight_speed, weight_cost, weight_risk, weight_stability",
    )),
    # --- across rows ---
    Case("duplicate_ids", edit(copy_row("Rockets", 2), copy_row("Pads", 3), copy_row("RocketCapacity", 5)), (
        "Rockets row 4, column rocket: found 'CZ-8A'; expected a value not already used in row 2",
        "RocketCapacity row 6, column rocket: found 'CZ-12, GW-B, (blank)'; "
        "expected a combination of rocket, shell, site not already used in row 5",
        "Pads row 4, column pad: found 'WC-2'; expected a value not already used in row 3",
    )),
    Case("factory_month_twice", edit(
        add("Factories", factory="CZ-12 line", rocket="CZ-12", monthly_output=2),
        add("FactoryOutput", factory="CZ-12 line", month=date(2027, 2, 3), vehicles=5),
        add("FactoryOutput", factory="CZ-12 line", month=date(2027, 2, 20), vehicles=0),
        add("FactoryOutput", factory="CZ-12 line", month=date(2027, 3, 1), vehicles=1),
    ), (
        "FactoryOutput row 3, column month: found '2027-02-20'; expected a month not already given for "
        "CZ-12 line in row 2",
    )),
    Case("dangling_references", edit(
        put("Shells", 2, "constellation", "QF"),
        put("Milestones", 2, "shell", "GW-C"),
        put("RocketCapacity", 2, "rocket", "CZ-7"),
        put("RocketCapacity", 3, "site", "JQ"),
        put("Pads", 3, "site", "TY"),
        put("PadRockets", 2, "pad", "WC-9"),
        add("FactoryOutput", factory="CZ-12 line", month=date(2027, 2, 1), vehicles=1),
        add("RocketEngines", rocket="CZ-12", engine="YF-100", per_vehicle=2),
    ), (
        "Shells row 2, column constellation: found 'QF'; "
        "expected an identifier listed in Constellations column constellation",
        "Milestones row 2, column shell: found 'GW-C'; expected an identifier listed in Shells column shell",
        "RocketCapacity row 2, column rocket: found 'CZ-7'; expected an identifier listed in Rockets column rocket",
        "RocketCapacity row 3, column site: found 'JQ'; expected an identifier listed in Sites column site",
        "FactoryOutput row 2, column factory: found 'CZ-12 line'; "
        "expected an identifier listed in Factories column factory",
        "RocketEngines row 2, column engine: found 'YF-100'; expected an identifier listed in Engines column engine",
        "Pads row 3, column site: found 'TY'; expected an identifier listed in Sites column site",
        "PadRockets row 2, column pad: found 'WC-9'; expected an identifier listed in Pads column pad",
    ), cli=True),
    Case("unreachable_shell", edit(put("Shells", 3, "inclination_deg", 120)), (
        "Shells row 3, column inclination_deg: found 120; expected an inclination some site can reach",
    )),
    Case("dates_outside_horizon", edit(
        put("Milestones", 2, "due_date", date(2028, 6, 30)),
        add("FixedLaunches", launch_id="L-1", date=date(2026, 12, 20), site="WC", pad="WC-1", rocket="CZ-12",
            constellation="GW", shell="GW-A", satellites=10, status="history"),
    ), (
        "Milestones row 2, column due_date: found '2028-06-30'; expected a date in the horizon "
        "2027-01-01 .. 2027-03-31",
        "FixedLaunches row 2, column date: found '2026-12-20'; expected a date in the horizon "
        "2027-01-01 .. 2027-03-31",
    )),
    Case("gap_limit_above_100", edit(add("Settings", key="gap_limit_pct", value=150)), (
        "Settings row 6, column value: found '150'; expected gap_limit_pct: a number from 0 to 100",
    )),
    Case("as_of_outside_horizon", edit(add("Settings", key="as_of", value=date(2026, 12, 1))), (
        "Settings row 6, column value: found '2026-12-01'; expected as_of: a date in the horizon "
        "2027-01-01 .. 2027-03-31",
    )),
    Case("end_before_start", edit(
        add("PadWindows", pad="WC-1", start=date(2027, 2, 10), end=date(2027, 2, 1)),
        add("Closures", site="WC", start=date(2027, 3, 5), end=date(2027, 3, 4), reason="range"),
        add("Factories", factory="CZ-12 line", rocket="CZ-12", monthly_output=1,
            start_date=date(2027, 3, 1), end_date=date(2027, 1, 31)),
        add("Events", event="rocket_grounded", rocket="CZ-12", **{"from": date(2027, 2, 1), "to": date(2027, 1, 1)}),
    ), (
        "PadWindows row 2, column end: found '2027-02-01'; expected a date on or after start (2027-02-10)",
        "Closures row 2, column end: found '2027-03-04'; expected a date on or after start (2027-03-05)",
        "Factories row 2, column end_date: found '2027-01-31'; expected a date on or after start_date (2027-03-01)",
        "Events row 2, column to: found '2027-01-01'; expected a date on or after from (2027-02-01)",
    )),
    Case("horizon_backwards", edit(put("Settings", 3, "value", date(2026, 12, 1))), (
        "Settings row 3, column value: found '2026-12-01'; expected horizon_end after horizon_start (2027-01-01) "
        "and at most 7,320 days after it",
    )),
    Case("horizon_too_long", edit(put("Settings", 3, "value", date(2199, 12, 31))), (
        "Settings row 3, column value: found '2199-12-31'; expected horizon_end after horizon_start (2027-01-01) "
        "and at most 7,320 days after it",
    )),
]
