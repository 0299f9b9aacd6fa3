"""The benchmark's scenario generator: seeded, scaled as asked, and valid input at full scale."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest
from test_export import same

from planner.bench.run import SIZES, scenario_of
from planner.bench.scenarios import demo, scaled_scenario
from planner.domain import supply
from planner.domain.scenario import Scenario
from planner.workbook.export import write_scenario
from planner.workbook.loader import load_scenario


@pytest.fixture(scope="module")
def full() -> Scenario:
    return scaled_scenario(10, 1.0, 0)


def test_the_same_seed_gives_the_same_scenario() -> None:
    assert scaled_scenario(3, 0.3, 7) == scaled_scenario(3, 0.3, 7)
    assert scaled_scenario(3, 0.3, 7).satellite_supply != scaled_scenario(3, 0.3, 8).satellite_supply


@pytest.mark.parametrize("years, fraction", [(1, 0.1), (3, 0.3), (10, 1.0)])
def test_horizon_and_shells_scale(years: int, fraction: float) -> None:
    s = scaled_scenario(years, fraction, 0)
    assert (s.settings.horizon_start, s.settings.horizon_end) == (date(2026, 1, 1), date(2025 + years, 12, 31))
    assert [sh.satellites for sh in s.shells] == [round(fraction * sh.satellites) for sh in demo().shells]


def test_itu_milestones_of_each_constellation(full: Scenario) -> None:
    for c in full.constellations:
        total = sum(sh.satellites for sh in full.shells if sh.constellation == c.id)
        rows = [m for m in full.milestones if m.constellation == c.id]
        assert [m.satellites_in_orbit for m in rows] == [-(-total // 10), -(-total // 2), total]
        assert [m.due_date for m in rows] == sorted(m.due_date for m in rows)
        assert rows[-1].due_date <= full.settings.horizon_end
    assert sum(sh.satellites for sh in full.shells) == 12_992 + 14_000


def test_supply_covers_the_demand_with_a_margin(full: Scenario) -> None:
    due = max(m.due_date for m in full.milestones)
    for key, stream in supply.satellite_streams(full).items():
        needed = sum(sh.satellites for sh in full.shells if sh.constellation == key)
        assert needed < stream.available(due) < 1.5 * needed
    engines = supply.engine_stream(full, "TH-12").available(full.settings.horizon_end)
    assert engines > supply.engine_stream(demo(), "TH-12").available(demo().settings.horizon_end)


def test_calendar_rows_repeat_and_windows_last_to_the_new_end(full: Scenario) -> None:
    sea = [w for w in full.pad_windows if w.pad == "HY-S1"]
    assert sorted(w.start.year for w in sea) == list(range(2026, 2036))
    assert max(c.start for c in full.closures if c.reason.startswith("typhoon")).year == 2035
    assert next(w for w in full.pad_windows if w.pad == "HN-3").end == date(2035, 12, 31)
    short = scaled_scenario(1, 0.1, 0)
    assert all(w.end <= date(2026, 12, 31) for w in (*short.pad_windows, *short.closures))
    assert not any(w.pad == "HN-3" for w in short.pad_windows)  # it opens in 2027: no window left, never open


def test_new_pads_open_over_time(full: Scenario) -> None:
    new = [p for p in full.pads if p.id not in demo().pad]
    assert new
    opens = [next(w.start for w in full.pad_windows if w.pad == p.id) for p in new]
    assert len(new) > 1 and opens[0] >= date(2026, 11, 1)
    assert all(90 <= (b - a).days <= 272 for a, b in itertools.pairwise(opens))  # every six months, +-45 days
    assert len(scaled_scenario(1, 0.1, 0).pads) <= len(full.pads)


def test_the_full_ten_year_scenario_is_valid_input(full: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "full.xlsx"
    write_scenario(full, path)
    assert same(load_scenario(path), full)


def test_every_listed_size_builds() -> None:
    assert all(isinstance(scenario_of(size, 0), Scenario) for size in SIZES)
    with pytest.raises(Exception, match="expected demo"):
        scenario_of("ten years", 0)
