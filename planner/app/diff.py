"""`planner diff`: what changed from one plan of a workbook to another, and each measure old and new."""

from __future__ import annotations

from pathlib import Path

from planner.app.outcome import EXIT_OK, Outcome
from planner.replan import diff
from planner.workbook.loader import load_launches, load_scenario
from planner.workbook.schema import DIFF_SHEETS
from planner.workbook.writer import add_table, claim_output, new_book, page_title, print_ready, save_atomic


def diff_workbooks(input_path: Path, old: Path, new: Path, output: Path | None = None) -> Outcome:
    """The changes from manifest `old` to `new`, both of the scenario in `input_path`; written
    to `output` (Changes and Difference sheets) when given. Raises InputErrors on bad input."""
    s = load_scenario(input_path)
    before, after = load_launches(old, s), load_launches(new, s)
    if output is not None:
        claim_output(output)
    found = Outcome(EXIT_OK, changes=diff.changes(s, before, after), difference=diff.difference(s, before, after))
    if output is not None:
        book = new_book()
        for sheet, rows in zip(DIFF_SHEETS, (found.changes, found.difference)):
            add_table(book, sheet, rows)
        print_ready(book, page_title(input_path, f"Changes from {old.name} to {new.name}"))
        save_atomic(book, output)
        found.output = output
    return found
