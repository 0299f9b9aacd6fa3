"""Write sheets declared in the schema: safe text, readable formatting, atomic replacement."""

from __future__ import annotations

import hashlib
import os
import socket
import sys
import tempfile
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planner.domain.errors import InputError, InputErrors
from planner.workbook.cells import clean_text, looks_like_formula
from planner.workbook.schema import Kind, Sheet

DATE_FORMAT = "yyyy-mm-dd"
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def set_value(cell: Cell, value: object) -> None:
    """Put a value in a cell; text is always stored as text, never as a formula, and text that
    looks like one is quote-prefixed so Excel keeps it as text even when a planner edits it."""
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"
        cell.quotePrefix = looks_like_formula(cell.value)
    else:
        cell.value = value
        if isinstance(value, (date, datetime)):
            cell.number_format = DATE_FORMAT


def header_cell(cell: Cell, value: object) -> None:
    """A header: the value, bold on the header fill."""
    set_value(cell, value)
    cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL


def add_table(book: Workbook, sheet: Sheet, rows: Iterable[Mapping[str, object]]) -> Worksheet:
    """A new sheet with the declared header in row 1 (frozen) and one row per mapping."""
    ws = book.create_sheet(sheet.name)
    names = [c.name for c in sheet.columns]
    for j, name in enumerate(names, start=1):
        header_cell(ws.cell(row=1, column=j), name)
    widths = [len(n) + 2 for n in names]
    for i, row in enumerate(rows, start=2):
        for j, col in enumerate(sheet.columns, start=1):
            value = row.get(col.name)
            if col.kind is Kind.BOOL and isinstance(value, bool):
                value = "yes" if value else "no"
            set_value(ws.cell(row=i, column=j), value)
            widths[j - 1] = max(widths[j - 1], min(len(_shown(value)) + 2, 60))
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = "A2"
    return ws


def _shown(value: object) -> str:
    if isinstance(value, (date, datetime)):
        return "yyyy-mm-dd"
    if isinstance(value, float):
        return f"{value:.2f}"
    return "" if value is None else str(value)


def file_sha256(path: Path) -> str:
    """The file's SHA-256, read once per version of the file (the Summary and the page title
    both name it)."""
    stat = path.stat()
    return _sha256(path.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _sha256(path: Path, mtime_ns: int, size: int) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def page_title(input_path: Path | None, what: str) -> str:
    """The line printed above every page: what the workbook is, of which input, and when."""
    source = f" of {input_path.name}, input SHA-256 {file_sha256(input_path)[:12]}" if input_path else ""
    return f"{what}{source}, written {date.today().isoformat()}"


def print_ready(book: Workbook, title: str) -> None:
    """Every sheet prints landscape on A4 with `title` above, its header row on every page and
    page numbers below, fitted to the page width; a sheet that repeats its first columns on
    every page (the Timeline) prints across pages at the scale it set."""
    for ws in book.worksheets:
        setup = ws.page_setup
        setup.orientation, setup.paperSize = "landscape", ws.PAPERSIZE_A4
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.page_margins.header = ws.page_margins.footer = 0.25
        if not ws.print_title_cols:
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            setup.fitToWidth, setup.fitToHeight = 1, 0
        ws.print_title_rows = "1:1"
        ws.oddHeader.center.text = title.replace("&", "&&")  # & starts a header code
        ws.oddFooter.center.text = "&A, page &P of &N"


def new_book() -> Workbook:
    book = Workbook()
    book.remove(book.active)
    return book


def check_writable(path: Path) -> None:
    """Refuse, before any work is done, an output path no workbook can be written to."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if path.is_dir():
        problem = "it is a folder"
    elif not folder.is_dir():
        problem = f"{folder} is a file, not a folder"
    elif not os.access(folder, os.W_OK | os.X_OK):
        problem = f"the folder {folder} is not writable"
    else:
        return
    raise _unwritable(path, problem)


_CLAIMED: dict[Path, socket.socket] = {}  # output -> the claim this process holds on it


def claim_output(path: Path) -> None:
    """Refuse an output no workbook can be written to, or that another run is writing. The claim
    is a Linux abstract socket named after the output's full path: held from here until this
    process ends, it leaves no file behind, even when the run is killed."""
    check_writable(path)
    key = path.resolve()
    if key in _CLAIMED or not sys.platform.startswith("linux"):
        return
    claim = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        claim.bind("\0launch-manifest-planner " + hashlib.sha256(str(key).encode()).hexdigest())
    except OSError:
        claim.close()
        raise _unwritable(path, "another planner run is writing it; wait for it to end") from None
    _CLAIMED[key] = claim


def save_atomic(book: Workbook, path: Path) -> None:
    """Write to a temporary file beside `path`, then rename it into place. Raises InputErrors,
    naming the path, when the system refuses it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _unwritable(path, exc.strerror or str(exc)) from None
    os.close(fd)
    try:
        book.save(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # as an ordinary new file, not mkstemp's owner-only mode
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _unwritable(path, exc.strerror or str(exc)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _unwritable(path: Path, problem: str) -> InputErrors:
    return InputErrors([InputError("command line", None, "--output", str(path),
                                   f"a workbook path the planner can write ({problem})")])


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
