"""The empty input workbook and the README's sheet table, both derived from the schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from planner.domain.errors import InputErrors
from planner.workbook.cells import MAX_NUMBER
from planner.workbook.loader import load_scenario
from planner.workbook.schema import INPUT, INPUT_SHEETS, Kind
from planner.workbook.template import _LAST_ROW, schema_markdown, write_template


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return write_template(tmp_path / "template.xlsx")


def test_template_has_readme_then_every_input_sheet_and_header(template: Path) -> None:
    book = load_workbook(template)
    assert book.sheetnames == ["README"] + [s.name for s in INPUT_SHEETS]
    for sheet in INPUT_SHEETS:
        ws = book[sheet.name]
        assert [c.value for c in ws[1]] == [c.name for c in sheet.columns]
        assert ws.max_row == 1


def test_headers_carry_notes_and_required_ones_stand_out(template: Path) -> None:
    book = load_workbook(template)
    for sheet in INPUT_SHEETS:
        for cell, col in zip(book[sheet.name][1], sheet.columns):
            assert col.expected() in cell.comment.text
            assert col.note in cell.comment.text
            assert cell.font.bold == col.required
    shells = book["Shells"][1]
    assert shells[0].fill.fgColor.rgb != shells[5].fill.fgColor.rgb  # shell vs satellite_mass_kg


@pytest.mark.parametrize(
    ("sheet", "column", "values"),
    [
        ("Settings", "A", ["horizon_start", "horizon_end"]),
        ("FixedLaunches", "I", ["history", "planned"]),
        ("Events", "A", ["launch_failed", "rocket_grounded"]),
        ("Milestones", "F", ["yes", "no"]),
    ],
)
def test_fixed_lists_have_drop_downs(template: Path, sheet: str, column: str, values: list[str]) -> None:
    ws = load_workbook(template)[sheet]
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    covering = [dv for dv in lists if f"{column}2" in dv.sqref]
    assert len(covering) == 1
    assert all(v in covering[0].formula1 for v in values)


def _letter(sheet: str, column: str) -> str:
    return get_column_letter([c.name for c in INPUT[sheet].columns].index(column) + 1)


def _validation(book: Workbook, sheet: str, column: str) -> DataValidation:
    """The one validation on the column's cells below the header."""
    letter = _letter(sheet, column)
    found = [dv for dv in book[sheet].data_validations.dataValidation if f"{letter}2" in dv.sqref]
    assert len(found) == 1, (sheet, column)
    return found[0]


def test_every_column_but_free_text_is_validated_on_its_rows(template: Path) -> None:
    book = load_workbook(template)
    for sheet in INPUT_SHEETS:
        checked = [c for c in sheet.columns if c.kind not in (Kind.TEXT, Kind.ID) or c.choices or c.ref]
        ranges = {str(dv.sqref) for dv in book[sheet.name].data_validations.dataValidation}
        assert ranges == {f"{_letter(sheet.name, c.name)}2:{_letter(sheet.name, c.name)}{_LAST_ROW}" for c in checked}
        for col in checked:
            dv = _validation(book, sheet.name, col.name)
            assert dv.allow_blank and dv.showErrorMessage
            assert dv.errorTitle == col.name and col.expected() in dv.error
    assert not INPUT["Settings"].column("value").choices
    assert len(book["Settings"].data_validations.dataValidation) == 1  # the key; each value has its own kind


def test_every_reference_is_a_drop_down_from_its_defining_sheet(template: Path) -> None:
    book = load_workbook(template)
    refs = [(s.name, c) for s in INPUT_SHEETS for c in s.columns if c.ref]
    assert len(refs) > 20
    for name, col in refs:
        target, column = col.ref.split(".")
        letter = _letter(target, column)
        dv = _validation(book, name, col.name)
        assert dv.type == "list"
        assert dv.formula1 == f"{target}!${letter}$2:${letter}${_LAST_ROW}"
        assert book[target].cell(row=1, column=column_index_from_string(letter)).value == column
    assert _validation(book, "PadRockets", "pad").formula1 == "Pads!$A$2:$A$5000"
    assert not INPUT["Factories"].required  # an optional sheet still feeds the drop-down
    assert _validation(book, "Events", "factory").formula1 == "Factories!$A$2:$A$5000"


@pytest.mark.parametrize(
    ("sheet", "column", "rule"),
    [
        ("Rockets", "reliability", ("decimal", "between", 0, 1)),
        ("Sites", "latitude_deg", ("decimal", "between", -90, 90)),
        ("Rockets", "cost_mcny", ("decimal", "between", 0, MAX_NUMBER)),
        ("PadRockets", "turnaround_days", ("whole", "greaterThan", 0, None)),
        ("Shells", "altitude_km", ("decimal", "greaterThan", 0, None)),
        ("Rockets", "lead_days", ("whole", "between", 0, MAX_NUMBER)),
        ("Events", "days", ("whole", "between", -MAX_NUMBER, MAX_NUMBER)),  # no bound: the reader's size limit
        ("Rockets", "available_from", ("date", "greaterThanOrEqual", 1, None)),  # any day from 1900-01-01
    ],
)
def test_numbers_and_dates_are_validated_within_their_bounds(
    template: Path, sheet: str, column: str, rule: tuple[str, str, float, float | None]
) -> None:
    dv = _validation(load_workbook(template), sheet, column)
    formula2 = None if dv.formula2 is None else float(dv.formula2)
    assert (dv.type, dv.operator, float(dv.formula1), formula2) == rule


def test_every_date_column_refuses_what_is_not_a_date(template: Path) -> None:
    book = load_workbook(template)
    dates = [(s.name, c.name) for s in INPUT_SHEETS for c in s.columns if c.kind is Kind.DATE]
    assert {_validation(book, *d).type for d in dates} == {"date"}


def test_readme_lists_every_sheet(template: Path) -> None:
    ws = load_workbook(template)["README"]
    rows = {r[0]: r[1] for r in ws.iter_rows(min_row=2, max_row=len(INPUT_SHEETS) + 1, values_only=True)}
    assert rows == {s.name: "yes" if s.required else "no" for s in INPUT_SHEETS}


def test_loading_the_empty_template_names_the_missing_horizon(template: Path) -> None:
    with pytest.raises(InputErrors) as info:
        load_scenario(template)
    text = str(info.value)
    assert "horizon_start" in text and "horizon_end" in text
    assert all(e.sheet == "Settings" for e in info.value.errors)


def test_schema_markdown_has_a_row_per_input_sheet() -> None:
    lines = schema_markdown().splitlines()
    assert lines[0] == "| sheet | required | columns (optional ones in brackets) |"
    assert len(lines) == 2 + len(INPUT_SHEETS)
    assert "| Sites | yes | `site`, [`name`, `latitude_deg`], `min_inclination_deg`, `max_inclination_deg`, " \
           "[`min_days_between_launches`] |" in lines
    assert "keys: `horizon_start`, `horizon_end`, [`time_limit_s`" in lines[2]


def test_readme_sheet_table_is_the_schemas() -> None:
    readme = Path(__file__).resolve().parent.parent / "README.md"
    assert schema_markdown() in readme.read_text()
