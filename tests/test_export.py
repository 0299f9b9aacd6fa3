"""A scenario written to a workbook reads back equal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from planner.domain import entities as E
from planner.domain.scenario import Scenario
from planner.workbook.export import write_scenario
from planner.workbook.loader import load_scenario
from planner.workbook.schema import INPUT_SHEETS


def without_source(value: object) -> object:
    """A model dump with every `source` field removed, for comparing scenarios."""
    if isinstance(value, dict):
        return {k: without_source(v) for k, v in value.items() if k != "source"}
    if isinstance(value, (list, tuple)):
        return [without_source(v) for v in value]
    return value


def same(a: Scenario, b: Scenario) -> bool:
    return without_source(a.model_dump()) == without_source(b.model_dump())


def scenario() -> Scenario:
    """A small scenario that fills every input sheet and several optional settings."""
    return Scenario(
        settings=E.Settings(
            horizon_start=date(2026, 1, 1),
            horizon_end=date(2026, 12, 31),
            time_limit_s=12.5,
            seed=7,
            gap_limit_pct=0.5,
            as_of=date(2026, 3, 1),
            weights=E.Weights(cost=3, stability=50),
        ),
        constellations=(E.Constellation(id="QF", name="Qianfan", operator="Spacesail", filed_satellites=14000),),
        shells=(
            E.Shell(id="QF-POLAR", constellation="QF", altitude_km=1060, inclination_deg=89, satellites=1296,
                    satellite_mass_kg=300.0),
        ),
        milestones=(
            E.Milestone(constellation="QF", due_date=date(2026, 6, 30), satellites_in_orbit=36, label="first"),
            E.Milestone(constellation="QF", shell="QF-POLAR", due_date=date(2026, 12, 31),
                        satellites_in_orbit=90, weight=3, hard=True),
        ),
        satellite_supply=(
            E.SatelliteDelivery(constellation="QF", date=date(2026, 1, 1), satellites=36),
            E.SatelliteDelivery(constellation="QF", shell="QF-POLAR", date=date(2026, 4, 1), satellites=18,
                                lead_days=10),
        ),
        rockets=(
            E.Rocket(id="LM-8A", name="Long March 8A", provider="CALT", cost_mcny=450.0, reliability=0.95,
                     initial_stock=2, return_to_flight_days=60),
            E.Rocket(id="TL-3", available_from=date(2026, 5, 1), flights_per_vehicle=3, lead_days=20),
        ),
        capacities=(
            E.Capacity(rocket="LM-8A", shell="QF-POLAR", max_satellites=18),
            E.Capacity(rocket="TL-3", shell="QF-POLAR", max_satellites=36, min_satellites=12, site="HAINAN"),
        ),
        factories=(
            E.Factory(id="SP", rocket="TL-3", monthly_output=2, start_date=date(2026, 3, 1), location="Zhangjiagang",
                      overrides=((date(2026, 3, 1), 0), (date(2026, 4, 1), 1))),
        ),
        engines=(E.Engine(id="TH-12", monthly_output=6, initial_stock=20, lead_days=15),),
        rocket_engines=(E.RocketEngine(rocket="TL-3", engine="TH-12", per_vehicle=10),),
        sites=(
            E.Site(id="HAINAN", name="Hainan", latitude_deg=19.6, min_inclination_deg=19.6, max_inclination_deg=100,
                   min_days_between_launches=3),
        ),
        pads=(E.Pad(id="HN-1", site="HAINAN", turnaround_days=22), E.Pad(id="HN-2", site="HAINAN", turnaround_days=22)),
        pad_rockets=(
            E.PadRocket(pad="HN-1", rocket="LM-8A"),
            E.PadRocket(pad="HN-2", rocket="TL-3", turnaround_days=14),
        ),
        pad_windows=(E.Window(pad="HN-2", start=date(2026, 2, 1), end=date(2026, 12, 31)),),
        closures=(
            E.Window(site="HAINAN", start=date(2026, 8, 1), end=date(2026, 8, 4), reason="typhoon"),
            E.Window(pad="HN-1", start=date(2026, 5, 1), end=date(2026, 5, 10)),
        ),
        fixed_launches=(
            E.Launch(launch_id="L1", date=date(2026, 1, 20), site="HAINAN", pad="HN-1", rocket="LM-8A",
                     constellation="QF", shell="QF-POLAR", satellites=18, status="history", cost_mcny=450.0,
                     note="=not a formula"),
        ),
        events=(
            E.Event(event="rocket_grounded", rocket="TL-3", from_=date(2026, 6, 1), to=date(2026, 6, 30),
                    note="anomaly review"),
            E.Event(event="factory_slip", factory="SP", from_=date(2026, 7, 1), days=30),
        ),
    )


def test_round_trip_keeps_the_scenario(tmp_path: Path) -> None:
    original = scenario()
    loaded = load_scenario(write_scenario(original, tmp_path / "in.xlsx"))
    assert same(loaded, original)


def test_every_input_sheet_is_written_with_declared_columns(tmp_path: Path) -> None:
    book = load_workbook(write_scenario(scenario(), tmp_path / "in.xlsx"))
    assert book.sheetnames == [s.name for s in INPUT_SHEETS]
    for sheet in INPUT_SHEETS:
        header = [c.value for c in book[sheet.name][1]]
        assert header == [c.name for c in sheet.columns]


def test_dates_are_excel_dates(tmp_path: Path) -> None:
    book = load_workbook(write_scenario(scenario(), tmp_path / "in.xlsx"))
    cell = book["FixedLaunches"]["B2"]
    assert cell.is_date and cell.value.date() == date(2026, 1, 20)
    settings = {r[0].value: r[1] for r in book["Settings"].iter_rows(min_row=2)}
    assert settings["horizon_start"].is_date


def test_only_required_and_changed_settings_are_written(tmp_path: Path) -> None:
    book = load_workbook(write_scenario(scenario(), tmp_path / "in.xlsx"))
    keys = [r[0].value for r in book["Settings"].iter_rows(min_row=2)]
    assert keys == ["horizon_start", "horizon_end", "time_limit_s", "seed", "gap_limit_pct", "as_of", "weight_cost",
                    "weight_stability"]


def test_write_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "in.xlsx"
    path.write_bytes(b"old")
    write_scenario(scenario(), path)
    assert same(load_scenario(path), scenario())
