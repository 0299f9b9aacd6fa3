"""The Timeline sheet: every launch in its pad's row and its period's column, closed days shaded."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from planner.domain.scenario import Scenario
from planner.manifest.plan import Plan
from planner.report.chart import COLOURS
from planner.report.manifest_book import write_manifest
from planner.report.timeline import CLOSED_ALL, CLOSED_PART
from tests.test_report import LAUNCHES, REPORT, launch, scenario  # noqa: F401  (scenario is a fixture)

FROZEN = launch("G3", date(2026, 3, 2), "P2", "CZ-12", "GW-1", 12, status="frozen")
PLANNED_GW = launch("G4", date(2026, 3, 20), "P2", "CZ-12", "GW-1", 12)


def timeline(tmp_path: Path, s: Scenario) -> Worksheet:
    path = tmp_path / "m.xlsx"
    write_manifest(path, s, Plan((*LAUNCHES, FROZEN, PLANNED_GW), REPORT), input_path=None)
    return load_workbook(path)["Timeline"]


def grid(ws: Worksheet) -> tuple[list[date], dict[str, int]]:
    """The first day of each period column, and each pad's row."""
    header = [c.value for c in ws[1]]
    assert header[:2] == ["site", "pad"]
    days = [v.date() for v in header[2:]]
    rows = {ws.cell(row=i, column=2).value: i for i in range(2, ws.max_row + 1) if ws.cell(row=i, column=1).value}
    return days, rows


def cell_of(ws: Worksheet, days: list[date], rows: dict[str, int], pad: str, day: date):
    k = max(j for j, start in enumerate(days) if start <= day)
    return ws.cell(row=rows[pad], column=3 + k)


def fill(cell) -> str:
    return cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else ""


def framed(cell) -> bool:
    sides = (cell.border.left, cell.border.right, cell.border.top, cell.border.bottom)
    return all(side is not None and side.style == "medium" for side in sides)


def test_short_horizon_has_a_column_per_day_and_every_launch_in_its_cell(tmp_path: Path, scenario: Scenario) -> None:
    ws = timeline(tmp_path, scenario)
    days, rows = grid(ws)
    assert days == [date(2026, 1, 1) + timedelta(d) for d in range(90)]
    assert list(rows) == ["P1", "P2"]
    for x in (*LAUNCHES, FROZEN, PLANNED_GW):
        assert cell_of(ws, days, rows, x.pad, x.date).value == f"{x.rocket} {x.launch_id}"
    pads = ws.iter_rows(min_row=2, max_row=max(rows.values()), min_col=3, values_only=True)
    named = sum(1 for row in pads for v in row if v)
    assert named == len(LAUNCHES) + 2  # nothing else in the grid names a launch


def test_launches_coloured_by_constellation_and_marked_by_status(tmp_path: Path, scenario: Scenario) -> None:
    ws = timeline(tmp_path, scenario)
    days, rows = grid(ws)
    at = {x.launch_id: cell_of(ws, days, rows, x.pad, x.date) for x in (*LAUNCHES, FROZEN, PLANNED_GW)}
    gw, qf = COLOURS[0], COLOURS[1]
    assert fill(at["Q1"]) == fill(at["Q2"]) == qf and fill(at["G4"]) == fill(at["G3"]) == gw
    history, failed = fill(at["G1"]), fill(at["G2"])
    assert history == failed and history not in (gw, qf, "")  # flown: a lighter tint of GW's colour
    assert at["G1"].font.i and not at["G1"].font.strike
    assert at["G2"].font.strike
    assert framed(at["G3"]) and at["G3"].font.b
    assert not framed(at["G4"]) and not at["G4"].font.b


def test_closed_days_are_shaded_on_their_pad_only(tmp_path: Path, scenario: Scenario) -> None:
    ws = timeline(tmp_path, scenario)
    days, rows = grid(ws)
    closed = [date(2026, 2, d) for d in range(1, 8)]
    assert all(fill(cell_of(ws, days, rows, "P1", d)) == CLOSED_ALL for d in closed)
    assert not any(fill(cell_of(ws, days, rows, "P2", d)) for d in closed)
    assert fill(cell_of(ws, days, rows, "P1", date(2026, 2, 8))) == ""


def test_long_horizon_has_a_column_per_week_a_page_per_year(tmp_path: Path, scenario: Scenario) -> None:
    settings = scenario.settings.model_copy(update={"horizon_end": date(2027, 6, 30)})
    s = scenario.model_copy(update={"settings": settings})
    ws = timeline(tmp_path, s)
    days, rows = grid(ws)
    assert days[:3] == [date(2026, 1, 1), date(2026, 1, 8), date(2026, 1, 15)]
    assert days[-1] <= date(2027, 6, 30) < days[-1] + timedelta(7)
    # 1-7 February: the week from 29 January holds 1-4 February, the next one 5-7 (and Q2's launch)
    assert fill(cell_of(ws, days, rows, "P1", date(2026, 1, 29))) == CLOSED_PART
    assert cell_of(ws, days, rows, "P1", date(2026, 2, 5)).value == "CZ-8 Q2"
    first_of_2027 = next(k for k, d in enumerate(days) if d.year == 2027)
    assert [b.id for b in ws.col_breaks.brk] == [2 + first_of_2027]  # the page ends after 2026's last week
    assert ws.print_title_cols == "$A:$B" or ws.print_title_cols == "A:B"
    assert 10 <= ws.page_setup.scale <= 100


@pytest.mark.parametrize("horizon_end", [date(2026, 3, 31), date(2035, 12, 31)])
def test_every_pad_has_a_row_grouped_by_site(tmp_path: Path, scenario: Scenario, horizon_end: date) -> None:
    s = scenario.model_copy(update={"settings": scenario.settings.model_copy(update={"horizon_end": horizon_end})})
    ws = timeline(tmp_path, s)
    _, rows = grid(ws)
    assert [ws.cell(row=rows[p], column=1).value for p in ("P1", "P2")] == ["WC", "WC"]
    assert ws.freeze_panes == "C2"
