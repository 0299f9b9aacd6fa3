"""The re-plan's search: what the events cost won back with the fewest changes, no change
without news, the trade-off between them, and the cap."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from builders import START, day, extend, grounding, near_empty_baseline, supply, tiny_manifest, tiny_scenario

from planner.bench.run import scenario_of
from planner.check.checker import check_plan
from planner.domain.entities import Milestone
from planner.domain.measures import measure
from planner.domain.scenario import Scenario
from planner.model.stability import Anchor, Baseline
from planner.replan import recovery
from planner.replan.identify import identify
from planner.replan.recovery import Points, replan
from planner.solve.dispatch import dispatch, repaired
from planner.solve.guide import FlowPlan
from planner.solve.search import Run, guided
from planner.solve.solver import SolveOptions

QUICK = SolveOptions(time_limit_s=10, workers=1, seed=0)


def as_of(s: Scenario, first: date, baseline: list, freeze_end: date) -> tuple[Scenario, Baseline]:
    """The scenario as of `first`: launches before it history, the rest movable from `freeze_end`."""
    history = tuple(l.model_copy(update={"status": "history"}) for l in baseline if l.date < first)
    anchors = tuple(Anchor(l) for l in baseline if l.date >= first)
    settings = s.settings.model_copy(update={"as_of": first})
    return s.model_copy(update={"fixed_launches": history, "settings": settings}), Baseline(anchors, freeze_end)


def changes(s: Scenario, plan, baseline: Baseline) -> int:
    fixed = {f.launch_id for f in s.fixed_launches}
    return identify([l for l in plan if l.launch_id not in fixed], baseline.anchors, ()).changes


def test_with_no_news_nothing_changes() -> None:
    s = tiny_scenario()
    plan = dispatch(s)
    later, baseline = as_of(s, day(20), plan, day(25))
    reference = measure(s, plan).milestone_shortfall
    found = replan(later, QUICK, baseline, reference)
    assert changes(later, found.plan.launches, baseline) == 0
    ahead = sorted((l for l in found.plan.launches if l.date >= day(20)), key=lambda l: l.launch_id)
    assert ahead == sorted((l for l in plan if l.date >= day(20)), key=lambda l: l.launch_id)
    assert [p.how for p in found.tradeoff] == ["kept baseline"] and found.chosen.changes == 0


def failed_tiny() -> tuple[Scenario, Baseline, int]:
    """The tiny manifest needing all its satellites by March; CZ-8A grounded over L03 (day 14),
    and 30 satellites more on day 10 to win them back with."""
    s = tiny_scenario(milestones=(Milestone(constellation="GW", due_date=day(59), satellites_in_orbit=59),))
    s = extend(s, satellite_supply=[supply(START, 40), supply(day(10), 30)],
               groundings=[grounding("CZ-8A", day(12), day(16))])
    plan = tiny_manifest()
    reference = measure(s, plan).milestone_shortfall
    later, baseline = as_of(s, day(10), plan, day(11))
    return later, baseline, reference


def test_what_an_event_cost_is_won_back_with_few_changes_and_the_plan_is_valid() -> None:
    s, baseline, reference = failed_tiny()
    kept = repaired(s, [a.launch for a in baseline.anchors])
    assert measure(s, kept).milestone_shortfall > reference  # the grounding costs L03's satellites
    found = replan(s, QUICK, baseline, reference)
    assert check_plan(s, found.plan.launches, replan=True).ok
    assert measure(s, found.plan.launches).milestone_shortfall == reference
    assert changes(s, found.plan.launches, baseline) == found.chosen.changes <= 3


def test_the_tradeoff_runs_from_the_kept_baseline_and_each_point_costs_more_changes_for_fewer_short() -> None:
    s, baseline, reference = failed_tiny()
    found = replan(s, QUICK, baseline, reference)
    points = found.tradeoff
    assert points[0].how == "kept baseline"
    assert len(points) >= 2 and all(a.changes <= b.changes and a.shortfall > b.shortfall
                                    for a, b in pairwise(points))
    assert found.chosen in points and found.chosen == min(points, key=lambda p: (p.shortfall, p.changes))


def test_a_cap_on_the_changes_gives_the_best_re_plan_within_it() -> None:
    s, baseline, reference = failed_tiny()
    free = replan(s, QUICK, baseline, reference)
    forced = free.tradeoff[0].changes
    capped = replan(s, QUICK, baseline, reference, cap=forced)
    assert changes(s, capped.plan.launches, baseline) <= forced
    assert measure(s, capped.plan.launches).milestone_shortfall >= measure(s, free.plan.launches).milestone_shortfall
    assert check_plan(s, capped.plan.launches, replan=True).ok


def test_a_near_empty_baseline_loses_nothing_and_so_keeps_what_it_has() -> None:
    s = tiny_scenario()
    base = near_empty_baseline()
    reference = measure(s, base).milestone_shortfall
    later, baseline = as_of(s, START, base, START)
    found = replan(later, SolveOptions(time_limit_s=4, workers=1, seed=0), baseline, reference)
    assert changes(later, found.plan.launches, baseline) == 0  # its own level: nothing to win back


def large_replan() -> tuple[Scenario, Baseline, int]:
    """Three years at 30 %: the guided plan as baseline, as of mid-2027 with a 30-day freeze;
    Zhuque-3 grounded from the freeze's end to the year's, so the baseline no longer fits
    everywhere."""
    s = scenario_of("3y-30%", 0)
    plan = guided(Run(s, SolveOptions.of(s)), FlowPlan(s), dispatch(s))
    reference = measure(s, plan).milestone_shortfall
    as_of_day, plan_from = date(2027, 7, 1), date(2027, 7, 31)
    history = tuple(l.model_copy(update={"status": "history"}) for l in plan if l.date < as_of_day)
    frozen = tuple(l.model_copy(update={"status": "frozen"}) for l in plan if as_of_day <= l.date < plan_from)
    anchors = tuple(Anchor(l) for l in plan if l.date >= plan_from)
    s = s.model_copy(update={"fixed_launches": history + frozen,
                             "groundings": (grounding("ZQ-3", plan_from, date(2027, 12, 31)),),
                             "settings": s.settings.model_copy(update={"as_of": as_of_day})})
    return s, Baseline(anchors, plan_from), reference


def test_a_large_re_plan_wins_back_satellites_keeping_most_launches_and_is_valid() -> None:
    s, baseline, reference = large_replan()
    kept = repaired(s, [a.launch for a in baseline.anchors])
    found = replan(s, SolveOptions.of(s, time_limit_s=20), baseline, reference)
    assert check_plan(s, found.plan.launches, replan=True).ok
    assert measure(s, found.plan.launches).milestone_shortfall < measure(s, kept).milestone_shortfall
    points = Points(s, baseline.anchors, frozenset(f.launch_id for f in s.fixed_launches), reference)
    rebuilt = points.add(guided(Run(s, SolveOptions.of(s)), FlowPlan(s, s.day(baseline.plan_from)), kept), "rebuilt")
    assert changes(s, found.plan.launches, baseline) < rebuilt.changes


def test_a_rebuilt_plan_pulled_back_keeps_its_level_with_fewer_changes() -> None:
    s, baseline, reference = large_replan()
    points = Points(s, baseline.anchors, frozenset(f.launch_id for f in s.fixed_launches), reference)
    rebuilt = points.add(guided(Run(s, SolveOptions.of(s)), FlowPlan(s, s.day(baseline.plan_from)),
                                repaired(s, [a.launch for a in baseline.anchors])), "rebuilt")
    pulled = points.add(recovery._pulled_back(s, baseline, points, rebuilt), "pulled back")
    assert pulled.shortfall <= rebuilt.shortfall and pulled.changes < rebuilt.changes
    assert check_plan(s, list(pulled.launches)).ok


def test_a_re_plan_has_the_bound_beside_it_from_twenty_seconds() -> None:
    s, baseline, reference = failed_tiny()
    found = replan(s, SolveOptions(time_limit_s=20, workers=1, seed=0), baseline, reference)
    assert found.plan.report.shortfall_bound is not None and found.plan.report.best_bound is not None
    quick = replan(s, QUICK, baseline, reference, bound_beside=True)
    assert quick.plan.report.best_bound is None  # under twenty seconds, none
