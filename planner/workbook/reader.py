"""Read the sheets of a workbook into typed rows, collecting every cell problem.

The file is checked by the guard before openpyxl opens it. Hidden sheets, rows and columns are
read like visible ones. Merged cells in the columns the planner reads, and formulas without a
computed value, are errors naming the cells. Cells outside the declared columns are not read.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.chartsheet import Chartsheet
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook import Workbook

from planner.domain.errors import InputError, InputErrors
from planner.workbook.cells import CellError, expected, is_blank, parse, shown
from planner.workbook.guard import MAX_ROWS, SheetFacts, check_file
from planner.workbook.schema import Sheet

_FORMULA = "a value, not a formula without a computed result (open and save the workbook in Excel)"
_MERGED = "one value in each cell, not merged cells (unmerge them and fill in each cell)"
EAST_ASIAN_DATE_FORMATS = frozenset([*range(27, 37), *range(50, 59)])  # built-in number format ids


@dataclass(frozen=True)
class Row:
    sheet: str
    number: int  # as Excel shows it
    values: dict[str, Any]  # declared column -> parsed value (of the column's Kind); blank cells are absent


def _key(value: object) -> str:
    return str(value).strip().lower() if value is not None else ""


def read_tables(path: Path, sheets: tuple[Sheet, ...]) -> dict[str, list[Row]]:
    """Rows of each declared sheet present in the workbook; raises InputErrors with all problems."""
    facts = check_file(path, [s.name for s in sheets])
    errors: list[InputError] = []
    tables: dict[str, list[Row]] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's notes on features it drops say nothing of the data
        book = _open(path)
        try:
            titles = _titles(book, sheets, errors)
            for sheet in sheets:
                if sheet.name.lower() not in titles:
                    if sheet.required:
                        errors.append(InputError(sheet.name, None, None, None, "this sheet (it is required)"))
                    continue
                title = titles[sheet.name.lower()]
                if title is None:
                    continue  # named twice: reported by _titles
                sheet_facts = facts.get(_key(title), SheetFacts())
                tables[sheet.name] = _read_sheet(book[title], sheet, sheet_facts, errors)
        finally:
            book.close()
    if errors:
        raise InputErrors(errors)
    return tables


def _open(path: Path) -> Workbook:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise InputErrors([InputError(path.name, None, None, shown(str(exc)),
                                      "an Excel .xlsx workbook (save it again from Excel)")]) from None
    _east_asian_dates(book)
    return book


def _east_asian_dates(book: Workbook) -> None:
    """Cells in the built-in date and time formats of Chinese, Japanese and Korean Excel (ids 27-36
    and 50-58, saved with no format code; Excel shows them as 2027年3月1日) are dates too:
    openpyxl knows only the formats every locale shares, so it would read them as numbers."""
    book._date_formats |= {i for i, style in enumerate(book._cell_styles) if style.numFmtId in EAST_ASIAN_DATE_FORMATS}


def _titles(book: Workbook, sheets: tuple[Sheet, ...], errors: list[InputError]) -> dict[str, str | None]:
    """Declared sheet name, lower-cased -> the workbook's title for it; None, and an error, if two match."""
    found: dict[str, list[str]] = {}
    for title in book.sheetnames:
        found.setdefault(_key(title), []).append(title)
    out: dict[str, str | None] = {}
    for sheet in sheets:
        titles = found.get(sheet.name.lower(), [])
        if len(titles) > 1:
            errors.append(InputError(sheet.name, None, None, ", ".join(titles), f"one sheet named {sheet.name}"))
            out[sheet.name.lower()] = None
        elif titles:
            out[sheet.name.lower()] = titles[0]
    return out


def _read_sheet(ws, sheet: Sheet, facts: SheetFacts, errors: list[InputError]) -> list[Row]:
    if isinstance(ws, Chartsheet):
        errors.append(InputError(sheet.name, None, None, None, "a sheet of cells (this is a chart sheet)"))
        return []
    ws.reset_dimensions()  # the size a file states may be wrong; read what is there
    before = len(errors)
    header = next(_rows(ws, sheet, None, errors), (1, ()))[1]
    if len(errors) > before:
        return []
    index = _header(sheet, header, errors)
    errors += _merged(sheet, facts.merged, index)
    missing = [c.name for c in sheet.columns if c.required and c.name not in index]
    for name in missing:
        errors.append(InputError(sheet.name, 1, name, None, f"a column headed {name!r}"))
    if missing:
        return []
    width = max(index.values(), default=0) + 1
    out: list[Row] = []
    for number, cells in islice(_rows(ws, sheet, width, errors), 1, None):
        row = _row(sheet, number, cells, index, facts.formulas.get(number, {}), errors)
        if row is not None:
            out.append(row)
    return out


def _rows(ws, sheet: Sheet, width: int | None, errors: list[InputError]) -> Iterator[tuple[int, tuple]]:
    """(row number, values) from row 1; a sheet openpyxl cannot read ends with an error instead."""
    rows = ws.iter_rows(max_row=MAX_ROWS, max_col=width, values_only=True)
    number = 0
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # openpyxl raises many types for a damaged sheet
            errors.append(InputError(sheet.name, number + 1, None, shown(str(exc)),
                                     "a readable sheet (save the workbook again from Excel)"))
            return
        number += 1
        yield number, cells


def _header(sheet: Sheet, header: tuple, errors: list[InputError]) -> dict[str, int]:
    """Declared column name -> its position in the sheet; a column headed twice is an error."""
    declared = {c.name for c in sheet.columns}
    index: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = _key(cell)
        if key not in declared:
            continue
        if key in index:
            where = f"columns {get_column_letter(index[key] + 1)} and {get_column_letter(i + 1)}"
            errors.append(InputError(sheet.name, 1, key, where, f"one column headed {key!r}"))
        else:
            index[key] = i
    return index


def _merged(sheet: Sheet, ranges: list[str], index: dict[str, int]) -> list[InputError]:
    """An error for each merged range that covers a column the planner reads."""
    errors = []
    for ref in ranges:
        try:
            first_col, first_row, last_col, _ = range_boundaries(ref)
        except (ValueError, TypeError):
            continue  # not a range: Excel ignores it, and so do we
        covered = [name for name, i in sorted(index.items(), key=lambda kv: kv[1]) if first_col <= i + 1 <= last_col]
        if covered:
            errors.append(InputError(sheet.name, first_row, covered[0], f"merged cells {ref}", _MERGED))
    return errors


def _row(sheet: Sheet, number: int, cells: tuple, index: dict[str, int], formulas: dict[int, str],
         errors: list[InputError]) -> Row | None:
    """The typed values of one row, or None if every declared cell in it is blank."""
    raw = {name: cells[i] if i < len(cells) else None for name, i in index.items()}
    pending = {name: formulas[i + 1] for name, i in index.items() if i + 1 in formulas}
    if not pending and all(is_blank(v) for v in raw.values()):
        return None
    values: dict[str, object] = {}
    for col in sheet.columns:
        value = raw.get(col.name)
        if col.name in pending:
            errors.append(InputError(sheet.name, number, col.name, shown(pending[col.name]), _FORMULA))
        elif is_blank(value):
            if col.required:
                errors.append(InputError(sheet.name, number, col.name, None, col.expected()))
        else:
            try:
                values[col.name] = parse(value, col)
            except CellError as exc:
                errors.append(InputError(sheet.name, number, col.name, shown(value), expected(col, exc)))
    return Row(sheet.name, number, values)
