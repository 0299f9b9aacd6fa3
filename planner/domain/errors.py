"""Input problems, reported all together in the planner's words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class InputError:
    """One problem in a workbook: where it is, what was found and what was expected."""

    sheet: str
    row: int | None
    column: str | None
    value: object
    expected: str

    def __str__(self) -> str:
        where = self.sheet
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f", column {self.column}"
        value = self.value.isoformat() if isinstance(self.value, date) else self.value
        found = "" if value is None or value == "" else f"found {value!r}; "
        return f"{where}: {found}expected {self.expected}"


class InputErrors(Exception):
    """Raised when an input cannot be planned from; carries every problem found."""

    def __init__(self, errors: list[InputError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
