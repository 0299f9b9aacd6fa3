"""The Uncertainty sheet: read, written back, offered in the template, and refused row by row."""

from __future__ import annotations

from datetime import date

import pytest
from builders import extend, tiny_scenario
from click.testing import CliRunner
from openpyxl import load_workbook

from planner.cli import main
from planner.domain.entities import Uncertainty
from planner.domain.validate import validate_scenario
from planner.workbook.export import write_scenario
from planner.workbook.loader import load_scenario
from planner.workbook.template import write_template

GOOD = (
    Uncertainty(kind="launch_failure", subject="CZ-8A", probability=0.2, flights=3, note="assumption"),
    Uncertainty(kind="return_to_flight", subject="CZ-8A", min_days=60, mode_days=90, max_days=180),
    Uncertainty(kind="launch_slip", probability=0.3, min_days=1, mode_days=3, max_days=10),
    Uncertainty(kind="launch_slip", subject="CZ-8A", probability=0.1, min_days=5, mode_days=10, max_days=30),
    Uncertainty(kind="weather", subject="WC", probability=0.2, from_=date(2026, 7, 1), to=date(2026, 10, 31)),
    Uncertainty(kind="weather", subject="WC", probability=0.1, from_=date(2026, 12, 1), to=date(2026, 2, 28)),
)


def _with(*rows: Uncertainty):
    s = tiny_scenario()
    return extend(s, uncertainty=rows)


def test_the_rows_survive_a_round_trip_through_excel(tmp_path):
    s = _with(*GOOD)
    write_scenario(s, tmp_path / "in.xlsx")
    read = load_scenario(tmp_path / "in.xlsx")
    assert [u.model_dump(exclude={"source"}) for u in read.uncertainty] == \
           [u.model_dump(exclude={"source"}) for u in s.uncertainty]
    assert [u.source.row for u in read.uncertainty] == list(range(2, 2 + len(GOOD)))


def test_the_template_offers_the_kinds_in_a_drop_down(tmp_path):
    book = load_workbook(write_template(tmp_path / "template.xlsx"))
    sheet = book["Uncertainty"]
    assert [c.value for c in sheet[1]][:3] == ["kind", "subject", "probability"]
    lists = [v.formula1 for v in sheet.data_validations.dataValidation if "A2" in str(v.sqref)]
    assert lists and "launch_failure" in lists[0] and "weather" in lists[0]


@pytest.mark.parametrize("row, column, expected", [
    (Uncertainty(kind="launch_failure", subject="NOPE", probability=0.1), "subject", "a rocket of the scenario"),
    (Uncertainty(kind="factory_yield", subject="CZ-8A", probability=0.9), "subject", "a factory of the scenario"),
    (Uncertainty(kind="launch_failure", subject="CZ-8A"), "probability", "launch_failure needs it"),
    (Uncertainty(kind="return_to_flight", subject="CZ-8A", min_days=1, mode_days=2), "max_days", "needs it"),
    (Uncertainty(kind="return_to_flight", subject="CZ-8A", probability=0.5, min_days=1, mode_days=2, max_days=3),
     "probability", "return_to_flight does not use probability"),
    (Uncertainty(kind="launch_slip", probability=0.5, min_days=9, mode_days=2, max_days=3),
     "mode_days", "min_days <= mode_days <= max_days"),
    (Uncertainty(kind="weather", subject="WC", probability=0.5, from_=date(2026, 7, 1)), "to", "weather needs it"),
    (Uncertainty(kind="weather", subject="WC", probability=0.5, from_=date(2026, 7, 1), to=date(2026, 8, 1),
                 flights=2), "flights", "weather does not use flights"),
])
def test_each_rule_names_the_row_column_and_value(row, column, expected):
    errors = [e for e in validate_scenario(_with(row)) if e.sheet == "Uncertainty"]
    assert len(errors) == 1, errors
    assert errors[0].column == column and expected in errors[0].expected


def test_a_second_row_for_the_same_subject_is_refused_where_rows_do_not_add_up():
    twice = (Uncertainty(kind="factory_yield", probability=0.9), Uncertainty(kind="factory_yield", probability=0.8))
    errors = [e for e in validate_scenario(_with(*twice)) if e.sheet == "Uncertainty"]
    assert [e.column for e in errors] == ["subject"]


def _refused(path, *shown: str) -> None:
    """Every command that reads the workbook exits 2 naming each of `shown`, writes nothing."""
    out = path.parent / "out.xlsx"
    for command in (["validate"], ["solve", "-o", str(out)], ["risk", "--futures", "2", "-o", str(out)]):
        result = CliRunner().invoke(main, [command[0], str(path), *command[1:]])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        for text in shown:
            assert text in result.output, result.output
    assert not out.exists()


def test_every_bad_value_is_reported_at_once_with_exit_2_and_no_traceback(tmp_path):
    write_scenario(_with(*GOOD), tmp_path / "in.xlsx")
    book = load_workbook(tmp_path / "in.xlsx")
    book["Uncertainty"]["C3"] = 1.5  # probability beyond 0..1
    book["Uncertainty"]["A4"] = "meteor"  # a kind not in the list
    book["Uncertainty"]["D5"] = -2  # negative days
    book.save(tmp_path / "in.xlsx")
    _refused(tmp_path / "in.xlsx", "Uncertainty row 3, column probability", "1.5",
             "Uncertainty row 4, column kind", "meteor", "Uncertainty row 5, column min_days", "-2")


def test_every_row_that_breaks_its_kind_is_reported_at_once(tmp_path):
    bad = (
        Uncertainty(kind="launch_failure", subject="NOPE", probability=0.1),
        Uncertainty(kind="launch_slip", probability=0.2, min_days=5, mode_days=1, max_days=9),
        Uncertainty(kind="factory_delay", probability=0.5),
    )
    write_scenario(_with(*bad), tmp_path / "in.xlsx")
    _refused(tmp_path / "in.xlsx", "Uncertainty row 2, column subject", "NOPE",
             "Uncertainty row 3, column mode_days", "Uncertainty row 4, column min_days")



def test_the_demo_reads_its_uncertainty():
    from planner.cli import DEMO

    assert load_scenario(DEMO).uncertainty
