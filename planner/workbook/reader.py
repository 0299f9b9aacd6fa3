"""Read the sheets of a workbook into typed rows, collecting every cell problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from planner.domain.errors import InputError, InputErrors
from planner.workbook.cells import CellError, is_blank, parse
from planner.workbook.guard import check_file
from planner.workbook.schema import Sheet


@dataclass(frozen=True)
class Row:
    sheet: str
    number: int  # as Excel shows it
    values: dict[str, object]  # declared column -> parsed value; blank cells are absent


def _header_key(value: object) -> str:
    return str(value).strip().lower() if value is not None else ""


def read_tables(path: Path, sheets: tuple[Sheet, ...]) -> dict[str, list[Row]]:
    """Rows of each declared sheet present in the workbook; raises InputErrors with all problems."""
    check_file(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise InputErrors([InputError(path.name, None, None, None, f"an Excel .xlsx workbook ({exc})")]) from None
    errors: list[InputError] = []
    tables: dict[str, list[Row]] = {}
    by_name = {name.strip().lower(): name for name in book.sheetnames}
    try:
        for sheet in sheets:
            actual = by_name.get(sheet.name.lower())
            if actual is None:
                if sheet.required:
                    errors.append(InputError(sheet.name, None, None, None, "this sheet (it is required)"))
                continue
            tables[sheet.name] = _read_sheet(book[actual], sheet, errors)
    finally:
        book.close()
    if errors:
        raise InputErrors(errors)
    return tables


def _read_sheet(ws, sheet: Sheet, errors: list[InputError]) -> list[Row]:
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None) or ()
    index: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = _header_key(cell)
        if key and key not in index:
            index[key] = i
    missing = [c.name for c in sheet.columns if c.required and c.name not in index]
    for name in missing:
        errors.append(InputError(sheet.name, 1, name, None, f"a column headed {name!r}"))
    if missing:
        return []
    out: list[Row] = []
    for number, cells in enumerate(rows, start=2):
        if all(is_blank(v) for v in cells):
            continue
        values: dict[str, object] = {}
        for col in sheet.columns:
            i = index.get(col.name)
            raw = cells[i] if i is not None and i < len(cells) else None
            if is_blank(raw):
                if col.required:
                    errors.append(InputError(sheet.name, number, col.name, None, col.expected()))
                continue
            try:
                values[col.name] = parse(raw, col)
            except CellError:
                errors.append(InputError(sheet.name, number, col.name, raw, col.expected()))
        out.append(Row(sheet.name, number, values))
    return out
