"""The monthly flow plan that guides dispatch at scale, and the dispatch it guides."""

from __future__ import annotations

from datetime import date, timedelta

from builders import (
    END,
    START,
    amend,
    day,
    extend,
    factory,
    launch,
    supply,
    tiny_scenario,
)

from planner.bench.run import scenario_of
from planner.check.checker import check_plan
from planner.check.measures import measure
from planner.domain.entities import Launch, Milestone
from planner.domain.scenario import Scenario
from planner.solve.dispatch import dispatch
from planner.solve.guide import FlowPlan, Guide, months, recalibrated
from planner.solve.search import Run, guided
from planner.solve.solver import SolveOptions


def per_month(g: Guide, route: tuple[str, str, str]) -> list[float]:
    cumulative = g.planned.get(route, [0.0] * (max(g.month_of_day) + 1))
    return [b - a for a, b in zip([0.0, *cumulative], cumulative)]


def comparative_advantage() -> Scenario:
    """Three vehicles of each model, 30 satellites due in each shell by the end. CZ-8A carries
    10 to GW-A but 2 to GW-B; CZ-12 carries 12 and 10: only CZ-8A to GW-A and CZ-12 to GW-B
    meets both milestones."""
    s = tiny_scenario(milestones=(
        Milestone(constellation="GW", shell="GW-A", due_date=END, satellites_in_orbit=30),
        Milestone(constellation="GW", shell="GW-B", due_date=END, satellites_in_orbit=30),
    ))
    s = amend(amend(s, "rockets", "CZ-8A", initial_stock=3), "rockets", "CZ-12", initial_stock=3)
    capacities = tuple(c.model_copy(update={"max_satellites": 2}) if (c.rocket, c.shell) == ("CZ-8A", "GW-B") else c
                       for c in s.capacities)
    return s.model_copy(update={"capacities": capacities})


def test_months_cover_the_horizon_once_from_each_first_of_month() -> None:
    s = tiny_scenario()
    spans = months(s)
    assert spans == [(0, 30), (31, 58), (59, 89)]  # January, February, March 2027
    s = s.model_copy(update={"settings": s.settings.model_copy(update={"horizon_start": date(2027, 1, 20)})})
    assert months(s)[:2] == [(0, 11), (12, 39)]


def test_guided_dispatch_sends_each_rocket_where_it_carries_most_for_the_milestones() -> None:
    s = comparative_advantage()
    plain = dispatch(s)
    guided = dispatch(s, FlowPlan(s).guide({}))
    assert check_plan(s, guided).ok
    assert measure(s, plain).milestone_shortfall > 0  # the urgency walk flies CZ-12 to GW-A first
    assert measure(s, guided).milestone_shortfall == 0
    assert {(l.rocket, l.shell) for l in guided} == {("CZ-8A", "GW-A"), ("CZ-12", "GW-B")}


def test_the_flow_keeps_pad_months_within_their_share_and_vehicles_within_supply() -> None:
    s = amend(tiny_scenario(), "rockets", "CZ-8A", initial_stock=1, lead_days=0)
    s = amend(s, "rockets", "CZ-12", initial_stock=0)  # CZ-8A alone flies: its supply is the limit
    s = s.model_copy(update={"factories": (factory("CZ-8A", 1, start=day(0)),)})
    g = FlowPlan(s).guide({"WC-1": 0.5})
    spans = months(s)
    turnaround = s.pad_turnaround["WC-1"]
    for m, (a, b) in enumerate(spans):
        busy = sum(turnaround[r] * per_month(g, ("WC-1", r, sh))[m] for r in turnaround for sh in s.shell)
        assert busy <= 0.5 * (b - a + 1) + 1e-6
    flown = [sum(g.planned.get(("WC-1", "CZ-8A", sh), [0.0] * 3)[m] for sh in s.shell) for m in range(3)]
    made = [2, 3, 4]  # the stock, then one at each month's end (cumulative)
    assert all(f <= n + 1e-6 for f, n in zip(flown, made))
    assert any(f > n - 1 for f, n in zip(flown, made))  # the limit binds somewhere: the test can tell


def roomy(s: Scenario) -> Scenario:
    """The scenario with shells large enough that their size never binds."""
    return s.model_copy(update={"shells": tuple(sh.model_copy(update={"satellites": 10_000}) for sh in s.shells)})


def test_fixed_launches_hold_their_pad_time_in_the_flow() -> None:
    """WC-2 (CZ-12, turnaround 5) has 31 days in January; frozen launches on days 0, 5 and 10
    hold 15 of them, so the flow fits (31 - 15) / 5 = 3.2 more there, where without them it
    fits 6.2; a launch on January 29 holds February's first two days."""
    s = roomy(tiny_scenario())
    free = FlowPlan(s).guide({})

    def january(g):
        return sum(per_month(g, ("WC-2", "CZ-12", sh))[0] for sh in s.shell)

    assert abs(january(free) - 31 / 5) < 1e-6
    fixed = tuple(launch(f"F{i}", day(d), "WC-2", "CZ-12", "GW-A", 12, "frozen") for i, d in enumerate((0, 5, 10)))
    g = FlowPlan(s.model_copy(update={"fixed_launches": fixed})).guide({})
    assert abs(january(g) - 3.2) < 1e-6
    frozen = launch("F", day(28), "WC-2", "CZ-12", "GW-A", 12, "frozen")
    late = FlowPlan(s.model_copy(update={"fixed_launches": (frozen,)}))
    february = sum(per_month(late.guide({}), ("WC-2", "CZ-12", sh))[1] for sh in s.shell)
    assert abs(february - (28 - 2) / 5) < 1e-6


def test_fixed_launches_draw_on_satellite_supply_in_the_flow_but_not_from_before_the_horizon() -> None:
    """30 satellites, usable from the start: a fixed launch of 12 in January leaves 18 for the
    flow; one dated before the horizon drew on earlier supply and leaves all 30."""
    s = roomy(extend(tiny_scenario(), satellite_supply=[supply(START, 30)]))

    def flown(fixed: tuple[Launch, ...]) -> float:
        flow = _solved(s.model_copy(update={"fixed_launches": fixed}))
        return sum(y.solution_value() for per in flow.satellites.values() for y in per.values())

    assert abs(flown((launch("F", day(3), "WC-2", "CZ-12", "GW-A", 12, "history"),)) - 18) < 1e-6
    before = launch("F", START - timedelta(days=5), "WC-2", "CZ-12", "GW-A", 12, "history")
    assert abs(flown((before,)) - 30) < 1e-6


def _solved(s: Scenario) -> FlowPlan:
    flow = FlowPlan(s)
    assert flow.guide({}) is not None
    return flow


def test_recalibrated_cuts_each_pad_by_the_share_of_its_count_it_flew() -> None:
    g = Guide([0] * 90, {("WC-1", "CZ-8A", "GW-A"): [4.0], ("WC-2", "CZ-12", "GW-A"): [2.0],
                         ("WC-3", "CZ-12", "GW-A"): [0.5]})
    flown = [launch("L1", day(0), "WC-1"), launch("L2", day(20), "WC-1"),
             launch("L3", day(0), "WC-2", "CZ-12"), launch("L4", day(9), "WC-2", "CZ-12"),
             launch("L5", day(30), "WC-2", "CZ-12")]
    # WC-1 flew 2 of 4; WC-2 more than planned; WC-3, planned less than a launch, keeps its share
    assert recalibrated({"WC-1": 0.8, "WC-3": 0.3}, g, flown) == {"WC-1": 0.4, "WC-2": 1.0, "WC-3": 0.3}


def test_at_scale_the_guided_dispatch_beats_the_urgency_walk_and_is_valid() -> None:
    s = scenario_of("1y-10%", 0)
    plain = dispatch(s)
    best = guided(Run(s, SolveOptions.of(s)), FlowPlan(s), plain)
    assert check_plan(s, best).ok
    assert measure(s, best).milestone_shortfall < measure(s, plain).milestone_shortfall


def test_nothing_is_planned_or_dispatched_before_the_first_day() -> None:
    s = tiny_scenario()
    g = FlowPlan(s, first_day=40).guide({})
    assert all(cumulative[0] < 1e-6 for cumulative in g.planned.values())  # nothing in January
    assert sum(cumulative[-1] for cumulative in g.planned.values()) > 1
    eager = Guide(g.month_of_day, {("WC-2", "CZ-12", "GW-A"): [9.0, 9.0, 9.0]}, first_day=40)
    assert min(l.date for l in dispatch(s, eager)) == day(40)


def test_a_guided_plan_never_replaces_one_that_meets_a_hard_milestone_it_misses() -> None:
    """The urgency walk meets the hard 53 to GW-A by March 1; the flow, weighing the heavier
    soft milestones, would trade it away."""
    ms = (Milestone(constellation="GW", shell="GW-A", due_date=day(59), satellites_in_orbit=53, weight=6, hard=True),
          Milestone(constellation="GW", shell="GW-A", due_date=day(61), satellites_in_orbit=9, weight=2),
          Milestone(constellation="GW", shell="GW-B", due_date=day(79), satellites_in_orbit=39, weight=11),
          Milestone(constellation="GW", shell="GW-A", due_date=day(63), satellites_in_orbit=11, weight=3))
    s = amend(amend(tiny_scenario(milestones=ms), "rockets", "CZ-12", initial_stock=3), "rockets", "CZ-8A",
              initial_stock=5)
    plain = dispatch(s)
    assert check_plan(s, plain).ok
    assert not check_plan(s, dispatch(s, FlowPlan(s).guide({}))).ok  # the guided walk misses it
    assert check_plan(s, guided(Run(s, SolveOptions.of(s)), FlowPlan(s), plain)).ok


