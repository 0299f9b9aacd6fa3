"""The manifest workbook: schema-true sheets, a manifest that reads back unchanged, readable reports."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

import planner
from planner.domain.entities import (
    Capacity,
    Constellation,
    Factory,
    Launch,
    Milestone,
    Pad,
    PadRocket,
    Rocket,
    SatelliteDelivery,
    Settings,
    Shell,
    Site,
    Window,
)
from planner.domain.scenario import Scenario
from planner.manifest.plan import Objective, Plan, SolveReport, Stop
from planner.report.manifest_book import write_manifest
from planner.workbook.loader import load_launches
from planner.workbook.schema import OUTPUT, OUTPUT_SHEETS

FORMULA = "=cmd|' /C calc'!A0"


@pytest.fixture
def scenario() -> Scenario:
    """One site, two pads (P1 closed 1-7 February), GW on CZ-12 and Qianfan on CZ-8."""
    return Scenario(
        settings=Settings(horizon_start=date(2026, 1, 1), horizon_end=date(2026, 3, 31)),
        constellations=(Constellation(id="GW"), Constellation(id="QF")),
        shells=(
            Shell(id="GW-1", constellation="GW", altitude_km=1100, inclination_deg=50, satellites=100),
            Shell(id="QF-1", constellation="QF", altitude_km=1060, inclination_deg=89, satellites=324),
        ),
        milestones=(
            Milestone(constellation="GW", due_date=date(2026, 2, 28), satellites_in_orbit=20, label="GW 20"),
            Milestone(constellation="QF", shell="QF-1", due_date=date(2026, 3, 31), satellites_in_orbit=36,
                      hard=True, weight=3),
        ),
        satellite_supply=(
            SatelliteDelivery(constellation="QF", date=date(2026, 1, 1), satellites=30),
            SatelliteDelivery(constellation="QF", date=date(2026, 2, 15), satellites=18, lead_days=5),
        ),
        rockets=(
            Rocket(id="CZ-8", cost_mcny=350, reliability=0.95),
            Rocket(id="CZ-12", cost_mcny=400.5, initial_stock=2),
        ),
        capacities=(
            Capacity(rocket="CZ-8", shell="QF-1", max_satellites=18),
            Capacity(rocket="CZ-12", shell="GW-1", max_satellites=10),
            Capacity(rocket="CZ-12", shell="GW-1", max_satellites=12, site="WC"),
        ),
        factories=(Factory(id="F8", rocket="CZ-8", monthly_output=1),),
        sites=(Site(id="WC", min_inclination_deg=0, max_inclination_deg=100),),
        pads=(Pad(id="P1", site="WC", turnaround_days=10), Pad(id="P2", site="WC", turnaround_days=5)),
        pad_rockets=(PadRocket(pad="P1", rocket="CZ-8"), PadRocket(pad="P2", rocket="CZ-12", turnaround_days=7)),
        closures=(Window(pad="P1", start=date(2026, 2, 1), end=date(2026, 2, 7)),),
    )


def launch(launch_id: str, day: date, pad: str, rocket: str, shell: str, satellites: int, **kw) -> Launch:
    constellation = shell.split("-")[0]
    return Launch(launch_id=launch_id, date=day, site="WC", pad=pad, rocket=rocket,
                  constellation=constellation, shell=shell, satellites=satellites, **kw)


LAUNCHES = (
    launch("Q2", date(2026, 2, 10), "P1", "CZ-8", "QF-1", 18),
    launch("G2", date(2026, 2, 20), "P2", "CZ-12", "GW-1", 9, status="failed", note="second stage"),
    launch("Q1", date(2026, 1, 25), "P1", "CZ-8", "QF-1", 18, note=FORMULA),
    launch("G1", date(2026, 1, 25), "P2", "CZ-12", "GW-1", 6, status="history"),
)

REPORT = SolveReport(
    status="FEASIBLE",
    objective=1234.5,
    best_bound=1200.0,
    gap_pct=2.79,
    time_to_first_s=0.42,
    total_s=10.0,
    levels=Objective(milestone_shortfall=14, satellite_days=4000, cost_mcny=700.0, expected_lost=1.8),
    settings={"time_limit_s": 10.0},
    stopped_by=Stop.TIME_LIMIT,
    shortfall_bound=10,
)

CHANGES = [{"launch_id": "Q2", "change": "moved", "counts": True, "old_value": date(2026, 2, 5),
            "new_value": date(2026, 2, 10), "reason": "pad P1 closed 2026-02-01 .. 2026-02-07"}]
TRADEOFF = [{"point": 1, "chosen": False, "changes": 0, "moved": 0, "re_assigned": 0, "dropped": 0, "new": 0,
             "satellites_short": 20, "satellite_days": 900, "how": "kept baseline"},
            {"point": 2, "chosen": True, "changes": 1, "moved": 1, "re_assigned": 0, "dropped": 0, "new": 0,
             "satellites_short": 14, "satellite_days": 1000, "how": "repaired"}]


@pytest.fixture
def input_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.xlsx"
    path.write_bytes(b"an input workbook")
    return path


@pytest.fixture
def book(tmp_path: Path, scenario: Scenario, input_file: Path) -> Path:
    path = tmp_path / "out" / "demo-manifest.xlsx"
    check = SimpleNamespace(ok=True, violations=[], measures=None)
    write_manifest(path, scenario, Plan(LAUNCHES, REPORT), input_path=input_file, check=check, changes=CHANGES,
                   tradeoff=TRADEOFF)
    return path


def table(path: Path, name: str) -> list[dict[str, object]]:
    ws = load_workbook(path)[name]
    rows = ws.iter_rows(values_only=True)
    header = next(rows)
    return [dict(zip(header, r)) for r in rows]


def summary(path: Path) -> dict[str, object]:
    return {r["item"]: r["value"] for r in table(path, "Summary")}


def test_every_output_sheet_is_written_with_its_declared_header(book: Path) -> None:
    wb = load_workbook(book)
    assert wb.sheetnames == [s.name for s in OUTPUT_SHEETS]
    for sheet in OUTPUT_SHEETS:
        header = [c.value for c in wb[sheet.name][1]]
        declared = [c.name for c in sheet.columns]
        if sheet.name == "Timeline":  # then a column per day
            assert header[:len(declared)] == declared and len(header) == len(declared) + 90
            assert wb[sheet.name].freeze_panes == "C2"
        elif sheet.name == "Trade-off":  # then a column per milestone
            assert header[:len(declared)] == declared and all(h.startswith("short_") for h in header[len(declared):])
        else:
            assert header == declared
            assert wb[sheet.name].freeze_panes == "A2"


def test_every_sheet_prints_landscape_with_its_header_and_a_title_naming_the_input(
        book: Path, input_file: Path) -> None:
    sha = hashlib.sha256(input_file.read_bytes()).hexdigest()
    for ws in load_workbook(book).worksheets:
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.print_title_rows in ("1:1", "$1:$1")
        title = ws.oddHeader.center.text
        assert input_file.name in title and sha[:12] in title and date.today().isoformat() in title
        assert "&P" in ws.oddFooter.center.text
        if ws.title == "Timeline":  # pages across, the pads' columns repeated
            assert ws.print_title_cols in ("A:B", "$A:$B")
        else:
            assert ws.sheet_properties.pageSetUpPr.fitToPage
            assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)


def test_changes_sheet_only_when_replanning(tmp_path: Path, scenario: Scenario) -> None:
    path = tmp_path / "m.xlsx"
    write_manifest(path, scenario, Plan(LAUNCHES, REPORT), input_path=None)
    names = load_workbook(path).sheetnames
    assert "Changes" not in names
    assert "changes against the baseline" not in summary(path)
    assert table(path, "Manifest")


def test_manifest_reads_back_as_the_same_launches(book: Path, scenario: Scenario) -> None:
    back = load_launches(book, scenario)
    expected = {
        l.launch_id: l.model_copy(update={
            "capacity_used_pct": 100 * l.satellites / (18 if l.rocket == "CZ-8" else 12),
            "cost_mcny": scenario.rocket[l.rocket].cost_mcny,
        })
        for l in LAUNCHES
    }
    assert [l.launch_id for l in back] == ["Q1", "G1", "Q2", "G2"]  # by date, then pad
    assert [l.model_copy(update={"source": None}) for l in back] == [expected[l.launch_id] for l in back]


def test_manifest_written_again_reads_back_unchanged(book: Path, scenario: Scenario, tmp_path: Path) -> None:
    first = load_launches(book, scenario)
    again = tmp_path / "again.xlsx"
    write_manifest(again, scenario, Plan(first, REPORT), input_path=None)
    assert load_launches(again, scenario) == first


def test_manifest_dates_are_excel_dates_and_numbers_readable(book: Path) -> None:
    ws = load_workbook(book)["Manifest"]
    names = [c.name for c in OUTPUT["Manifest"].columns]
    date_cell = ws.cell(row=2, column=names.index("date") + 1)
    pct_cell = ws.cell(row=2, column=names.index("capacity_used_pct") + 1)
    assert date_cell.is_date and date_cell.number_format == "yyyy-mm-dd"
    assert pct_cell.number_format == "#,##0.0"


def test_formula_like_text_is_stored_as_text(book: Path) -> None:
    ws = load_workbook(book)["Manifest"]
    notes = [c for c in ws["L"] if c.value == FORMULA]
    assert ws["L1"].value == "note"
    assert len(notes) == 1 and notes[0].data_type == "s"


def test_milestones_required_achieved_shortfall_met(book: Path) -> None:
    gw, qf = table(book, "Milestones")
    assert (gw["label"], gw["required"], gw["achieved"], gw["shortfall"], gw["met"]) == ("GW 20", 20, 6, 14, "no")
    assert (qf["label"], qf["shell"], qf["hard"], qf["weight"], qf["achieved"], qf["met"]) == (
        "QF-1 36 by 2026-03-31", "QF-1", "yes", 3, 36, "yes")


def test_deployment_counts_launched_lost_and_cumulative_per_month(book: Path) -> None:
    rows = {(r["constellation"], r["month"].date()): r for r in table(book, "Deployment")}
    jan, feb, mar = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)
    gw = [(rows["GW", m]["satellites_launched"], rows["GW", m]["satellites_lost"], rows["GW", m]["cumulative_in_orbit"])
          for m in (jan, feb, mar)]
    assert gw == [(6, 0, 6), (9, 9, 6), (0, 0, 6)]
    assert [rows["QF", m]["cumulative_in_orbit"] for m in (jan, feb, mar)] == [18, 36, 36]
    assert rows["GW", feb]["milestone_required"] == 20 and rows["GW", jan]["milestone_required"] is None
    assert rows["QF", mar]["milestone_required"] is None  # a shell's milestone is not the constellation's


def test_deployment_has_a_line_chart_beside_the_table(book: Path) -> None:
    ws = load_workbook(book)["Deployment"]
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    assert chart.tagname == "lineChart"
    assert len(chart.series) == 4  # in orbit and milestones, per constellation
    assert chart.anchor._from.col >= len(OUTPUT["Deployment"].columns)


def test_pad_utilisation_counts_turnaround_days_against_open_days(book: Path) -> None:
    rows = {(r["pad"], r["month"].date().month): r for r in table(book, "Pads")}
    # P1 (turnaround 10, closed 1-7 Feb): launches 25 Jan (days 25-31 Jan, 1-3 Feb) and 10 Feb (10-19 Feb)
    jan, feb, mar = rows["P1", 1], rows["P1", 2], rows["P1", 3]
    assert (jan["launches"], jan["days_occupied"], jan["days_available"]) == (1, 7, 31)
    assert jan["utilisation_pct"] == pytest.approx(100 * 7 / 31)
    assert (feb["launches"], feb["days_occupied"], feb["days_available"]) == (1, 13, 21)
    assert feb["utilisation_pct"] == pytest.approx(100 * 13 / 21)
    assert (mar["launches"], mar["days_occupied"], mar["days_available"], mar["utilisation_pct"]) == (0, 0, 31, 0)
    # P2: CZ-12 holds it 7 days, not the pad's default 5
    assert rows["P2", 1]["days_occupied"] == 7


def test_supply_stock_is_cumulative_delivered_less_consumed(book: Path) -> None:
    rows = table(book, "Supply")
    assert {r["stream"] for r in rows} == {"satellites QF", "vehicles CZ-8", "vehicles CZ-12"}
    for stream in {r["stream"] for r in rows}:
        own = sorted((r for r in rows if r["stream"] == stream), key=lambda r: r["month"])
        stock = 0
        for r in own:
            stock += r["delivered"] - r["consumed"]
            assert r["stock"] == stock
    qf = [(r["delivered"], r["consumed"], r["stock"]) for r in rows if r["stream"] == "satellites QF"]
    assert qf == [(30, 18, 12), (18, 18, 12), (0, 0, 12)]


def test_summary_reports_the_solve_the_input_and_the_settings(book: Path, input_file: Path) -> None:
    s = summary(book)
    assert s["status"] == "FEASIBLE" and s["stopped by"] == "time limit"
    assert s["milestone shortfall (weighted satellites)"] == 14
    assert s["milestone shortfall bound (no plan is under)"] == 10 and s["milestone gap (weighted satellites)"] == 4
    assert s["stability (changes)"] == 0  # a re-plan gives it, even when 0
    assert s["gap (%)"] == 2.79
    assert s["launches"] == 4 and s["launches of GW"] == 2 and s["launches on CZ-8"] == 2
    assert s["input file"] == "demo.xlsx"
    assert s["input SHA-256"] == hashlib.sha256(input_file.read_bytes()).hexdigest()
    assert s["planner version"] == planner.__version__
    assert s["setting time_limit_s"] == 10 and s["setting workers"] == 2
    assert s["setting weight_milestone"] == 100_000_000
    assert s["independent check"] == "passed"
    assert s["changes against the baseline (moved, re-assigned, dropped, new)"] == 1
    assert load_workbook(book)["Summary"]["A2"].font.b


def test_summary_counts_check_violations(tmp_path: Path, scenario: Scenario) -> None:
    path = tmp_path / "m.xlsx"
    check = SimpleNamespace(ok=False, violations=["a", "b"], measures=None)
    write_manifest(path, scenario, Plan(LAUNCHES, REPORT), input_path=None, check=check)
    assert summary(path)["independent check"] == "2 violations"
    assert "stability (changes)" not in summary(path)  # not a re-plan


def test_changes_rows_are_written_as_given(book: Path) -> None:
    (row,) = table(book, "Changes")
    assert (row["launch_id"], row["change"], row["new_value"].date()) == ("Q2", "moved", date(2026, 2, 10))
