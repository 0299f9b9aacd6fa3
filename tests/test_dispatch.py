"""The dispatch baseline: a valid plan by hand-planner rules, on small scenarios and on the demo."""

from __future__ import annotations

import importlib.util
from collections import Counter
from datetime import date
from pathlib import Path

from builders import (
    END,
    START,
    amend,
    closure,
    day,
    engine,
    engines_on,
    extend,
    factory,
    grounding,
    launch,
    supply,
    tiny_manifest,
    tiny_scenario,
    window,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.check.checker import check_plan
from planner.check.measures import measure
from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.solve.dispatch import dispatch, dispatch_plan, filled, repaired
from planner.solve.guide import FlowPlan, Guide

INPUTS = Path(__file__).resolve().parents[1] / "inputs"


def valid(s: Scenario, guide: Guide | None = None) -> list[Launch]:
    """The dispatch plan, after checking it breaks no rule."""
    plan = dispatch(s, guide)
    result = check_plan(s, plan)
    assert result.ok, [str(v) for v in result.violations]
    return plan


def planned(plan: list[Launch]) -> list[Launch]:
    return [l for l in plan if l.status == "planned"]


def test_tiny_scenario_meets_its_milestones() -> None:
    s = tiny_scenario()
    plan = valid(s)
    assert measure(s, plan).milestone_shortfall == 0
    first = min(planned(plan), key=lambda l: (l.date, l.pad))
    # day 0: the most urgent shell is GW-A (20 by day 59); on WC-1, CZ-12 carries 12 there, CZ-8A 10.
    assert (first.date, first.pad, first.rocket, first.shell, first.satellites) == (START, "WC-1", "CZ-12", "GW-A", 12)


def test_shells_are_filled_to_their_size_and_no_further() -> None:
    s = tiny_scenario()
    plan = valid(s)
    per_shell = Counter()
    for l in plan:
        per_shell[l.shell] += l.satellites
    assert per_shell == {"GW-A": 60, "GW-B": 40}


def test_launch_ids_are_fresh_and_in_date_order() -> None:
    ids = [l.launch_id for l in sorted(planned(valid(tiny_scenario())), key=lambda l: (l.date, l.pad))]
    assert ids == [f"GW-{n:04d}" for n in range(1, len(ids) + 1)]


def test_vehicle_and_engine_supply_limit_the_plan() -> None:
    s = amend(tiny_scenario(), "rockets", "CZ-8A", initial_stock=1, flights_per_vehicle=2)
    s = amend(s, "rockets", "CZ-12", initial_stock=0)
    s = extend(s, factories=[factory("CZ-12", 1)], engines=[engine("YF-100", 2, initial_stock=2)],
               rocket_engines=[engines_on("CZ-12", "YF-100", 2), engines_on("CZ-8A", "YF-100", 1)])
    plan = valid(s)
    flown = Counter(l.rocket for l in planned(plan))
    # CZ-8A: one vehicle, two flights. CZ-12: a vehicle at each month's end, for the engines delivered.
    assert flown["CZ-8A"] == 2
    assert 1 <= flown["CZ-12"] <= 3
    assert min(l.date for l in plan if l.rocket == "CZ-12") >= date(2027, 1, 31)


def test_satellite_supply_with_lead_days_and_shell_rows() -> None:
    s = extend(tiny_scenario(), satellite_supply=[
        supply(START, 10), supply(day(30), 25, lead_days=5), supply(START, 6, shell="GW-B"),
    ])
    plan = valid(s)
    to_a = sum(l.satellites for l in plan if l.shell == "GW-A")
    to_b = sum(l.satellites for l in plan if l.shell == "GW-B")
    assert (to_a, to_b) == (35, 6)
    assert all(l.date >= day(35) for l in plan if l.shell == "GW-A" and l.launch_id != "GW-0001")


def test_windows_closures_and_groundings() -> None:
    s = extend(
        tiny_scenario(),
        pad_windows=[window("WC-2", day(20), END)],
        closures=[closure(day(0), day(9), site="WC"), closure(day(30), day(40), pad="WC-1")],
        groundings=[grounding("CZ-8A", day(10), day(25))],
    )
    plan = valid(s)
    assert all(l.date >= day(10) for l in plan)
    assert not any(l.rocket == "CZ-8A" and l.date <= day(25) for l in plan)
    assert not any(l.pad == "WC-2" and l.date < day(20) for l in plan)
    assert not any(l.pad == "WC-1" and day(30) <= l.date <= day(40) for l in plan)


def test_available_from_and_reachability() -> None:
    s = amend(amend(tiny_scenario(), "rockets", "CZ-12", available_from=day(50)), "sites", "WC",
              max_inclination_deg=60)
    plan = valid(s)
    assert {l.shell for l in plan} == {"GW-A"}
    assert all(l.date >= day(50) for l in plan if l.rocket == "CZ-12")


def test_fixed_launches_are_kept_and_consume_supply() -> None:
    fixed = [
        launch("H1", day(-3), "WC-1", "CZ-8A", "GW-A", 10, "history"),
        launch("F1", day(3), "WC-1", "CZ-12", "GW-B", 10, "failed"),
        launch("F2", day(20), "WC-2", "CZ-12", "GW-A", 12, "frozen"),
        launch("F3", day(60), "WC-1", "CZ-12", "GW-B", 10, "frozen"),
    ]
    s = tiny_scenario(fixed_launches=tuple(fixed))
    s = amend(s, "rockets", "CZ-12", initial_stock=3)
    s = extend(s, satellite_supply=[supply(START, 40), supply(day(40), 30)])
    plan = valid(s)
    assert plan[: len(fixed)] == fixed
    # F1, F2 and F3 use all three CZ-12: none is dispatched, even before F3 flies.
    assert not any(l.rocket == "CZ-12" for l in planned(plan))
    assert all(l.launch_id not in {"H1", "F1", "F2", "F3"} for l in planned(plan))
    # satellites: 40, then 30 more from day 40; the fixed launches in the horizon take 32 of them,
    # failed ones too. H1 flew before the horizon, on satellites made before it: the 40 on hand on
    # its first day are what it left, as the model and the checker count them.
    assert sum(l.satellites for l in planned(plan) if l.date < day(40)) == 18
    assert sum(l.satellites for l in planned(plan)) == 38


def test_a_future_fixed_launch_keeps_its_vehicle_with_reuse_and_engines() -> None:
    fixed = [launch("F1", day(80), "WC-1", "CZ-8A", "GW-B", 8, "frozen")]
    s = amend(tiny_scenario(fixed_launches=tuple(fixed)), "rockets", "CZ-8A", initial_stock=1, flights_per_vehicle=3)
    s = extend(s, engines=[engine("YF-100", 0, initial_stock=2)], rocket_engines=[engines_on("CZ-8A", "YF-100", 2)],
               groundings=[grounding("CZ-12", START, END)])
    plan = valid(s)
    # one vehicle, three flights: two dispatched before F1, none after it
    assert [l.date < day(80) for l in plan if l.rocket == "CZ-8A"] == [False, True, True]


def test_no_satellites_no_launches() -> None:
    s = extend(tiny_scenario(), satellite_supply=[supply(START, 0)])
    assert planned(valid(s)) == []


def test_dispatch_plan_reports_the_measures() -> None:
    s = tiny_scenario()
    plan = dispatch_plan(s)
    m = measure(s, list(plan.launches))
    r = plan.report
    assert r.status == "DISPATCH" and r.best_bound is None and r.gap_pct is None
    assert (r.levels.milestone_shortfall, r.levels.satellite_days) == (m.milestone_shortfall, m.satellite_days)
    w = s.settings.weights
    assert r.objective == w.milestone * m.milestone_shortfall - w.speed * m.satellite_days \
        + w.cost * m.cost_mcny + w.risk * m.expected_lost


def test_dispatch_is_deterministic() -> None:
    assert dispatch(tiny_scenario()) == dispatch(tiny_scenario())


@settings(max_examples=40, deadline=None)
@given(
    stock=st.lists(st.one_of(st.none(), st.integers(0, 4)), min_size=2, max_size=2),
    fpv=st.integers(1, 3),
    engines=st.integers(0, 6),
    satellites=st.lists(st.tuples(st.integers(0, 89), st.integers(0, 30), st.integers(0, 10)), max_size=4),
    closed=st.lists(st.tuples(st.integers(0, 89), st.integers(0, 10), st.sampled_from(["WC-1", "WC-2", None])),
                    max_size=3),
    fixed_day=st.one_of(st.none(), st.integers(0, 89)),
)
def test_random_limits_still_give_valid_plans(stock, fpv, engines, satellites, closed, fixed_day) -> None:
    s = amend(tiny_scenario(), "rockets", "CZ-8A", initial_stock=stock[0], flights_per_vehicle=fpv)
    s = amend(s, "rockets", "CZ-12", initial_stock=stock[1])
    s = extend(
        s,
        factories=[factory("CZ-12", 1, start=day(30))],
        engines=[engine("YF-100", engines, initial_stock=engines)],
        rocket_engines=[engines_on("CZ-8A", "YF-100", 1), engines_on("CZ-12", "YF-100", 2)],
        satellite_supply=[supply(day(d), n, lead_days=lead) for d, n, lead in satellites],
        closures=[closure(day(d), day(min(89, d + n)), pad=pad, site=None if pad else "WC") for d, n, pad in closed],
    )
    if fixed_day is not None:
        fixed = launch("F1", day(fixed_day), "WC-2", "CZ-12", "GW-A", 5, "frozen")
        s = s.model_copy(update={"fixed_launches": (fixed,)})
        if not check_plan(s, s.fixed_launches).ok:
            return
    valid(s)
    guide = FlowPlan(s).guide({"WC-1": 0.7})
    assert guide is not None
    valid(s, guide)


def test_the_demo_dispatch_plan_is_valid() -> None:
    spec = importlib.util.spec_from_file_location("make_demo", INPUTS / "make_demo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    s = module.build_scenario()
    plan = valid(s)
    assert len(planned(plan)) > 100


def test_a_baseline_after_events_is_kept_where_it_still_fits_and_is_valid():
    """CZ-8A grounded over L03 (day 14) and 30 satellites usable: L03 is dropped, L01, L02 and
    L04 keep their places, L04 and later launches carry only what supply has left."""
    s = extend(tiny_scenario(), groundings=[grounding("CZ-8A", day(12), day(16))],
               satellite_supply=[supply(START, 30)])
    kept = repaired(s, tiny_manifest())
    assert check_plan(s, kept).ok
    placed = [(l.date, l.pad, l.rocket, l.shell, l.satellites) for l in kept]
    assert placed == [(day(4), "WC-1", "CZ-8A", "GW-A", 10), (day(6), "WC-2", "CZ-12", "GW-B", 10),
                      (day(20), "WC-2", "CZ-12", "GW-A", 10)]  # then nothing is left for L05, L06


def test_a_kept_baseline_has_its_free_pad_time_filled_without_moving_what_it_keeps():
    """CZ-8A grounded over L03 (day 14): the kept plan leaves the pads idle around it, and
    dispatch fills that time from day 10 on, around the kept launches."""
    s = extend(tiny_scenario(), groundings=[grounding("CZ-8A", day(12), day(16))])
    kept = repaired(s, tiny_manifest())
    full = filled(s, kept, s.day(day(10)))
    added = [l for l in full if l not in kept]
    assert set(kept) <= set(full) and added
    assert min(l.date for l in added) >= day(10)
    assert any(l.date < day(10) for l in filled(s, kept) if l not in kept)  # there was room before day 10
    assert check_plan(s, full).ok


def test_a_fill_leaves_the_kept_launches_their_vehicles_and_satellites():
    """Supply for the kept launches and a few satellites more: the fill takes only those few,
    and no vehicle a later kept launch needs."""
    s = tiny_scenario()
    kept = repaired(s, tiny_manifest())
    flown = sum(l.satellites for l in kept)
    s = extend(amend(s, "rockets", "CZ-12", initial_stock=4), satellite_supply=[supply(START, flown + 5)])
    kept = repaired(s, tiny_manifest())
    assert sum(l.satellites for l in kept) == flown
    full = filled(s, kept, s.day(day(10)))
    added = [l for l in full if l not in kept]
    assert added and sum(l.satellites for l in added) <= 5
    assert check_plan(s, full).ok
