"""An empty input workbook for planners to fill in, and the README's table of its sheets.

Both are derived from the schema: every input sheet with its header, a note on each header
saying what the column expects, required columns marked, and the reader's rule checked as a
value is typed: a drop-down for a fixed list or for a reference (fed by the column of the sheet
that defines it), and whole numbers, numbers and dates within the column's bounds.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import absolute_coordinate, get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from planner.workbook.cells import MAX_NUMBER
from planner.workbook.schema import INPUT, INPUT_SHEETS, SETTING_KEYS, Column, Kind, Sheet
from planner.workbook.writer import add_table, new_book, save_atomic, set_value

_REQUIRED_FONT = Font(bold=True)
_REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")
_OPTIONAL_FONT = Font(bold=False)
_LAST_ROW = 5000  # validations cover the rows a planner is likely to fill
_MAX_LIST_CHARS = 255  # Excel's limit for a list typed into a data validation
_COMMENT_AUTHOR = "planner"
_BOOL_CHOICES = ("yes", "no")
_NUMBER_TYPES = {Kind.INT: "whole", Kind.FLOAT: "decimal"}
_FIRST_DATE = "1"  # Excel's serial number of 1900-01-01, its first date

README = Sheet(
    "README",
    (
        Column("sheet", Kind.TEXT),
        Column("required", Kind.BOOL),
        Column("columns", Kind.TEXT, note="optional columns in brackets"),
        Column("note", Kind.TEXT),
    ),
)
_LEGEND = (
    "Headers in bold on orange are required columns; hover over a header for what it expects.",
    "Dates are Excel dates or YYYY-MM-DD text; empty rows are skipped; optional sheets may be deleted.",
)


def write_template(path: Path) -> Path:
    """Write an empty input workbook at `path` (replaced atomically); returns `path`."""
    book = new_book()
    _readme(add_table(book, README, _readme_rows()))
    for sheet in INPUT_SHEETS:
        _decorate(add_table(book, sheet, []), sheet)
    save_atomic(book, path)
    return path


def schema_markdown() -> str:
    """The README's workbook table: one row per input sheet, optional columns in brackets."""
    lines = ["| sheet | required | columns (optional ones in brackets) |", "| --- | --- | --- |"]
    for sheet in INPUT_SHEETS:
        text = _columns_text(sheet.columns, "`")
        note = _sheet_note(sheet, "`")
        if note:
            text += f" — {note}"
        lines.append(f"| {sheet.name} | {'yes' if sheet.required else 'no'} | {text} |")
    return "\n".join(lines) + "\n"


def _columns_text(columns: Iterable[Column], quote: str) -> str:
    """Column names in order, each run of optional ones in brackets: `a`, [`b`, `c`], `d`."""
    parts: list[str] = []
    optional: list[str] = []
    for col in columns:
        name = f"{quote}{col.name}{quote}"
        if col.required:
            if optional:
                parts.append("[" + ", ".join(optional) + "]")
                optional = []
            parts.append(name)
        else:
            optional.append(name)
    if optional:
        parts.append("[" + ", ".join(optional) + "]")
    return ", ".join(parts)


def _sheet_note(sheet: Sheet, quote: str) -> str:
    """The sheet's note; for Settings, followed by its keys (optional ones in brackets)."""
    if sheet.name != "Settings":
        return sheet.note
    return f"{sheet.note}; keys: {_columns_text(SETTING_KEYS.values(), quote)}"


def _readme_rows() -> list[dict[str, object]]:
    return [
        {
            "sheet": sheet.name,
            "required": sheet.required,
            "columns": _columns_text(sheet.columns, ""),
            "note": _sheet_note(sheet, ""),
        }
        for sheet in INPUT_SHEETS
    ]


def _readme(ws: Worksheet) -> None:
    """Below the sheet table: how to read the headers, then what each setting means."""
    row = len(INPUT_SHEETS) + 3
    for line in _LEGEND:
        set_value(ws.cell(row=row, column=1), line)
        row += 1
    row += 1
    for j, title in enumerate(("setting", "required", "value expected", "note"), start=1):
        set_value(ws.cell(row=row, column=j), title)
        ws.cell(row=row, column=j).font = _REQUIRED_FONT
    for key, col in SETTING_KEYS.items():
        row += 1
        for j, value in enumerate((key, "yes" if col.required else "no", col.expected(), col.note), start=1):
            set_value(ws.cell(row=row, column=j), value)


def _decorate(ws: Worksheet, sheet: Sheet) -> None:
    """Header notes, required columns marked, and each column's validation on rows 2.._LAST_ROW."""
    for j, col in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=j)
        cell.comment = Comment(_header_note(col), _COMMENT_AUTHOR)
        if col.required:
            cell.font, cell.fill = _REQUIRED_FONT, _REQUIRED_FILL
        else:
            cell.font = _OPTIONAL_FONT
        dv = _validation(col)
        if dv is not None:
            dv.add(_rows(get_column_letter(j)))
            ws.add_data_validation(dv)


def _header_note(col: Column) -> str:
    lines = [("Required: " if col.required else "Optional: ") + col.expected()]
    if col.note:
        lines.append(col.note)
    return "\n".join(lines)


def _validation(col: Column) -> DataValidation | None:
    """What Excel checks as a value is typed in the column, as the reader would; None for text."""
    if col.ref:
        return _checked(col, "list", None, _defining_cells(col.ref))
    if col.kind is Kind.BOOL or col.choices:
        return _checked(col, "list", None, _fixed_list(col))
    if col.kind in _NUMBER_TYPES:
        return _checked(col, _NUMBER_TYPES[col.kind], *_bounds(col))
    if col.kind is Kind.DATE:
        # refuses text, YYYY-MM-DD too: Excel turns 2027-01-15 typed in a cell into a date anyway
        return _checked(col, "date", "greaterThanOrEqual", _FIRST_DATE)
    return None


def _checked(
    col: Column, kind: str, operator: str | None, formula1: str, formula2: str | None = None
) -> DataValidation:
    """A check that refuses, under the column's name, what the column does not expect."""
    return DataValidation(
        type=kind,
        operator=operator,
        formula1=formula1,
        formula2=formula2,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=col.name,
        error=f"Expected {col.expected()}",
    )


def _defining_cells(ref: str) -> str:
    """The cells a reference's values come from: Rockets.rocket -> Rockets!$A$2:$A$5000."""
    name, column = ref.split(".")
    j = [c.name for c in INPUT[name].columns].index(column) + 1
    quoted = name if name.isascii() and name.isalpha() else "'" + name.replace("'", "''") + "'"
    return f"{quoted}!{absolute_coordinate(_rows(get_column_letter(j)))}"


def _fixed_list(col: Column) -> str:
    formula = '"' + ",".join(_BOOL_CHOICES if col.kind is Kind.BOOL else col.choices) + '"'
    if len(formula) > _MAX_LIST_CHARS:
        raise ValueError(f"the choices of column {col.name} are too long for an Excel drop-down")
    return formula


def _bounds(col: Column) -> tuple[str, str, str | None]:
    """Excel's operator and limits for the column's numbers; where the column sets no bound,
    the reader's size limit."""
    if col.positive:
        return "greaterThan", "0", None
    low = col.minimum if col.minimum is not None else -MAX_NUMBER
    high = col.maximum if col.maximum is not None else MAX_NUMBER
    return "between", f"{low:.15g}", f"{high:.15g}"


def _rows(letter: str) -> str:
    return f"{letter}2:{letter}{_LAST_ROW}"
