"""The empty input workbook and the README's sheet table, both derived from the schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.domain.errors import InputErrors
from planner.workbook.loader import load_scenario
from planner.workbook.schema import INPUT_SHEETS
from planner.workbook.template import schema_markdown, write_template


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
