"""Cell values in and out: parsing by column kind, and text that Excel never runs as a formula."""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from planner.workbook.schema import Column, Kind

_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class CellError(ValueError):
    """A cell that does not hold what its column expects."""


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _number(value: object) -> float:
    if isinstance(value, bool) or isinstance(value, (date, datetime)):
        raise CellError
    if isinstance(value, (int, float)):
        f = float(value)
    else:
        try:
            f = float(str(value).strip().replace(",", ""))
        except ValueError:
            raise CellError from None
    if not math.isfinite(f):
        raise CellError
    return f


def _date(value: object) -> date:
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise CellError
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise CellError from None
    raise CellError


def parse(value: object, column: Column) -> object:
    """The cell's value as the column's kind; raises CellError if it is not one."""
    kind = column.kind
    if kind in (Kind.TEXT, Kind.ID):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, (datetime, date)):
            value = value.isoformat()[:10]
        text = str(value).strip()
        if kind is Kind.ID and _CONTROL.search(text):
            raise CellError
        result: object = text
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


def clean_text(value: str) -> str:
    """Text with the control characters that XML cannot hold removed."""
    return _CONTROL.sub("", value)


def looks_like_formula(text: str) -> bool:
    """Text that a spreadsheet could take for a formula (OWASP ASVS 1.2.10)."""
    return text.startswith(_FORMULA_START)
