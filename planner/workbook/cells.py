"""Cell values in and out: parsing by column kind, and text that Excel never runs as a formula."""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from planner.workbook.schema import Column, Kind

_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # all but tab and line breaks
_ID_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_TEXT = 32_767  # characters, Excel's own limit for a cell
MAX_ID = 100  # characters
MAX_NUMBER = 1_000_000_000  # largest size of a number
_SHOWN = 60  # characters of a long text shown in a message


class CellError(ValueError):
    """A cell that does not hold what its column expects; the message, if any, says more."""


def expected(column: Column, error: CellError) -> str:
    """What the column expects, with the detail of why this cell is not it."""
    return f"{column.expected()} ({error})" if str(error) else column.expected()


def shown(value: object) -> object:
    """A value as a message shows it: dates as dates, long text cut short."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ").removesuffix(" 00:00:00")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and len(value) > _SHOWN:
        return f"{value[:_SHOWN]}... ({len(value):,} characters)"
    return value


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _number(value: object) -> float:
    if isinstance(value, (bool, date, datetime)):
        raise CellError
    if isinstance(value, (int, float)):
        f = float(value)
    else:
        text = str(value).strip()
        if "," in text:
            if not _THOUSANDS.fullmatch(text):  # 1100,5 is a decimal comma, not eleven thousand
                raise CellError("a decimal point, and commas only between thousands")
            text = text.replace(",", "")
        try:
            f = float(text)
        except ValueError:
            raise CellError from None
    if not math.isfinite(f):
        raise CellError
    if abs(f) > MAX_NUMBER:
        raise CellError(f"no larger than {MAX_NUMBER:,}")
    return f


def _date(value: object) -> date:
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise CellError("a day, without a time of day")
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise CellError("a day that exists in the calendar") from None
    raise CellError


def parse(value: object, column: Column) -> object:
    """The cell's value as the column's kind; raises CellError if it is not one."""
    kind = column.kind
    if kind in (Kind.TEXT, Kind.ID):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, (datetime, date)):
            value = shown(value)
        result: object = _text(str(value).strip(), kind)
    elif kind is Kind.INT:
        f = _number(value)
        if not f.is_integer():
            raise CellError
        result = int(f)
    elif kind is Kind.FLOAT:
        result = _number(value)
    elif kind is Kind.DATE:
        result = _date(value)
    else:
        text = str(value).strip().lower()
        if isinstance(value, bool):
            result = value
        elif text in _TRUE:
            result = True
        elif text in _FALSE:
            result = False
        else:
            raise CellError
    if column.choices and result not in column.choices:
        raise CellError
    if isinstance(result, (int, float)) and not isinstance(result, bool):
        if column.positive and result <= 0:
            raise CellError
        if column.minimum is not None and result < column.minimum:
            raise CellError
        if column.maximum is not None and result > column.maximum:
            raise CellError
    return result


def _text(text: str, kind: Kind) -> str:
    """Identifiers must be short and printable; other text loses its control characters."""
    if kind is Kind.ID:
        if _ID_CONTROL.search(text):
            raise CellError("without control characters or line breaks")
        if len(text) > MAX_ID:
            raise CellError(f"at most {MAX_ID} characters")
        return text
    if len(text) > MAX_TEXT:
        raise CellError(f"at most {MAX_TEXT:,} characters")
    return clean_text(text)


def clean_text(value: str) -> str:
    """Text without control characters; tabs and line breaks are kept."""
    return _CONTROL.sub("", value)


def looks_like_formula(text: str) -> bool:
    """Text that a spreadsheet could take for a formula (OWASP ASVS 1.2.10)."""
    return text.startswith(_FORMULA_START)
