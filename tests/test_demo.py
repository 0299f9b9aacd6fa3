"""The bundled demo workbook loads, holds the demo scenario, and matches its generator."""

from __future__ import annotations

import importlib.util
from datetime import date
from itertools import combinations
from pathlib import Path
from types import ModuleType

import pytest
from openpyxl import load_workbook
from test_export import same

from planner.domain.scenario import Scenario
from planner.workbook.loader import load_scenario
from planner.workbook.schema import INPUT_SHEETS

INPUTS = Path(__file__).resolve().parents[1] / "inputs"
DEMO = INPUTS / "demo.xlsx"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_demo", INPUTS / "make_demo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def demo() -> Scenario:
    return load_scenario(DEMO)


def test_demo_has_every_input_sheet() -> None:
    assert set(load_workbook(DEMO, read_only=True).sheetnames) == {s.name for s in INPUT_SHEETS}


def test_demo_is_what_the_generator_builds(demo: Scenario) -> None:
    assert same(demo, generator().build_scenario())


def test_demo_contents(demo: Scenario) -> None:
    assert (demo.settings.horizon_start, demo.settings.horizon_end) == (date(2026, 1, 1), date(2030, 12, 31))
    assert {c.id: c.filed_satellites for c in demo.constellations} == {"GW": 12992, "QF": 14000}
    assert {s.id for s in demo.shells} == {"GW-LEO-A", "GW-LEO-B", "QF-POLAR", "QF-MID"}
    assert {"LM-8A", "LM-12", "ZQ-3", "TL-3", "LJ-2", "PL-1", "NB-1", "G-2", "HY-3"} <= set(demo.rocket)
    assert set(demo.site) == {"HAINAN", "HAIYANG"}
    assert {"HN-1", "HN-2", "HN-3", "HN-4", "HY-S1", "HY-L1"} == set(demo.pad)
    assert not any(m.hard for m in demo.milestones)
    assert [m.shell for m in demo.milestones if m.shell] == ["QF-POLAR"]
    assert any(c.site for c in demo.capacities)
    assert any(pr.turnaround_days for pr in demo.pad_rockets)
    assert any(f.overrides for f in demo.factories)
    assert {(r.rocket, r.engine, r.per_vehicle) for r in demo.rocket_engines} == {("TL-3", "TH-12", 10)}
    assert {d.constellation for d in demo.satellite_supply if d.date == demo.settings.horizon_start} == {"GW", "QF"}
    assert all(c.reason for c in demo.closures)


def test_fixed_launches_obey_the_rules_of_a_single_launch(demo: Scenario) -> None:
    assert demo.fixed_launches
    for launch in demo.fixed_launches:
        day = demo.day(launch.date)
        capacity = demo.capacity(launch.rocket, launch.shell, launch.site)
        assert launch.rocket in demo.pad_turnaround[launch.pad]
        assert day in demo.pad_open_days(launch.pad)
        assert demo.reachable(launch.site, launch.shell)
        assert capacity is not None and capacity.min_satellites <= launch.satellites <= capacity.max_satellites
        assert day not in demo.rocket_blocked_days(launch.rocket)


def test_fixed_launches_respect_turnaround_and_site_separation(demo: Scenario) -> None:
    launches = sorted(demo.fixed_launches, key=lambda l: l.date)
    for a, b in combinations(launches, 2):
        gap = (b.date - a.date).days
        if a.site == b.site:
            assert gap >= demo.site[a.site].min_days_between_launches
        if a.pad == b.pad:
            assert gap >= demo.pad_turnaround[a.pad][a.rocket]
