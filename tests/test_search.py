"""The search: the milestone level alone first, then the window search on the whole objective
(alone on large models); and the relaxation's bound beside them."""

from __future__ import annotations

import dataclasses
import time

import pytest
from builders import END, START, day, extend, supply, tiny_scenario

from planner.bench.scenarios import scaled_scenario
from planner.check.checker import check_plan
from planner.check.measures import measure
from planner.domain.entities import Milestone
from planner.domain.measures import milestone_results
from planner.domain.scenario import Scenario
from planner.manifest.plan import Stop
from planner.model.slots import make_slots
from planner.solve import improve as improve_module
from planner.solve import search as search_module
from planner.solve.bound import Bound, BoundBeside, relaxation_bound
from planner.solve.dispatch import dispatch
from planner.solve.improve import (
    DUE_WINDOW_FACTOR,
    WINDOW_COST_S,
    WINDOW_TIME_S,
    improve,
    levels_of,
    window_cost_s,
    window_run_s,
)
from planner.solve.search import GapLimit, search
from planner.solve.solver import Interruption, SolveOptions, least_shortfall, solve

OPTIONS = SolveOptions(time_limit_s=4, workers=1, seed=0)


def replace_options(**changes) -> SolveOptions:
    return dataclasses.replace(OPTIONS, **changes)


def _short_of_satellites() -> Scenario:
    """Only 50 satellites can be launched, but 80 are due: at least 30 short (and 2 x 10 for
    the GW-A milestone if all 50 went to GW-B, so the plan must favour GW-A)."""
    s = tiny_scenario(milestones=(
        Milestone(constellation="GW", shell="GW-A", due_date=END, satellites_in_orbit=40, weight=2),
        Milestone(constellation="GW", due_date=END, satellites_in_orbit=80),
    ))
    return extend(s, satellite_supply=[supply(START, 50)])


def test_the_milestone_level_alone_is_proven_and_measured_as_the_checker_does():
    s = _short_of_satellites()
    least = least_shortfall(s, OPTIONS, dispatch(s))
    assert least is not None
    assert least.bound == least.found == 30  # 40 to GW-A, 10 more anywhere: 0 + 30 short
    assert measure(s, least.launches).milestone_shortfall == least.found
    assert check_plan(s, least.launches).ok
    assert 0 < least.work_s <= OPTIONS.time_limit_s


def test_the_search_keeps_the_proven_shortfall_and_the_relaxation_bounds_it(monkeypatch):
    monkeypatch.setattr(search_module, "BOUND_BESIDE_FROM_S", 0.0)
    s = _short_of_satellites()
    plan = search(s, OPTIONS)
    r = plan.report
    assert r.levels.milestone_shortfall == 30
    assert check_plan(s, plan.launches).ok
    assert r.best_bound is not None and r.best_bound <= r.objective
    assert r.best_bound >= 1e8 * 30 - 100 * 50 * 90  # the relaxation sees the 30 short
    assert r.shortfall_bound == 30  # and so the milestone level is proven: no gap in satellites
    assert r.settings["time_limit_s"] == OPTIONS.time_limit_s


def test_the_window_search_improves_a_poor_plan_and_keeps_it_valid():
    s = _short_of_satellites()
    poor = [l for l in dispatch(s) if l.shell == "GW-B"]  # nothing for GW-A: 2 x 40 short there
    start = measure(s, poor).milestone_shortfall
    better = improve(s, poor, OPTIONS, budget_s=6)
    assert better.levels.milestone_shortfall < start
    assert better.windows == int(6 // WINDOW_COST_S) and better.kept >= 1
    assert check_plan(s, better.launches).ok


def test_a_window_across_the_due_date_of_a_missed_milestone_runs_longer_and_costs_more(monkeypatch):
    s = _short_of_satellites()  # both milestones due on the last day: no launch can move across it
    last = s.horizon_days - 1
    assert window_run_s(s, 0, last, []) == WINDOW_TIME_S
    early = s.model_copy(update={"milestones": (
        Milestone(constellation="GW", due_date=day(40), satellites_in_orbit=30),)})
    longer = WINDOW_TIME_S * DUE_WINDOW_FACTOR
    assert DUE_WINDOW_FACTOR > 1 and window_run_s(early, 0, last, []) == longer
    assert window_run_s(early, 40, last, []) == longer  # due on its first day: a later launch may move to it
    assert window_run_s(early, 41, last, []) == WINDOW_TIME_S  # the window starts after it
    met = dispatch(early)
    assert all(r.met for r in milestone_results(early, met))
    assert window_run_s(early, 0, last, met) == WINDOW_TIME_S  # nothing to gain there
    unweighted = early.model_copy(update={"milestones": (early.milestones[0].model_copy(update={"weight": 0}),)})
    assert window_run_s(unweighted, 0, last, []) == WINDOW_TIME_S

    runs = []
    real_solve = improve_module.solve
    monkeypatch.setattr(improve_module, "solve", lambda ws, options, **kw: runs.append(options.time_limit_s)
                        or real_solve(ws, options, **kw))
    spent = []
    improve(early, [], OPTIONS, budget_s=2 * window_cost_s(longer),
            enough=lambda total, spent_s: spent.append(spent_s) is not None)
    assert runs[0] == longer and spent[:2] == [0.0, window_cost_s(longer)]  # run, and charged, longer
    current, spent, runs[:] = levels_of(early, []).milestone_shortfall, [], []
    improve(early, [], OPTIONS, budget_s=2 * window_cost_s(longer), shortfall_floor=current,
            enough=lambda total, spent_s: spent.append(spent_s) is not None)
    assert runs[0] == WINDOW_TIME_S and spent[:2] == [0.0, WINDOW_COST_S]  # a first level proven: nothing to gain
    runs[:] = []
    assert improve(early, [], OPTIONS, budget_s=WINDOW_COST_S).windows == 1 and runs == [WINDOW_TIME_S]  # what fits


def test_a_large_model_goes_by_windows_alone(monkeypatch):
    monkeypatch.setattr(search_module, "LARGE_MODEL", 0)
    s = _short_of_satellites()
    plan = search(s, SolveOptions(time_limit_s=3, workers=1, seed=0))
    assert check_plan(s, plan.launches).ok
    assert plan.report.levels.milestone_shortfall < measure(s, dispatch(s)).milestone_shortfall
    assert plan.report.best_bound is None  # under BOUND_BESIDE_FROM_S: no bound's process


def test_a_hard_milestone_out_of_reach_is_proven_so_on_a_large_model_too(monkeypatch):
    monkeypatch.setattr(search_module, "LARGE_MODEL", 0)
    s = tiny_scenario(milestones=(Milestone(constellation="GW", due_date=END, satellites_in_orbit=80, hard=True),))
    s = extend(s, satellite_supply=[supply(START, 50)])
    assert search(s, OPTIONS).report.status == "INFEASIBLE"


def test_a_plan_that_misses_a_hard_milestone_when_time_runs_out_is_no_plan():
    s = tiny_scenario(milestones=(Milestone(constellation="GW", shell="GW-B", due_date=START.replace(day=6),
                                            satellites_in_orbit=20, hard=True),
                                  Milestone(constellation="GW", shell="GW-A", due_date=START.replace(day=4),
                                            satellites_in_orbit=12, hard=True)))
    assert not check_plan(s, dispatch(s)).ok  # dispatch does not heed hard milestones
    assert search(s, OPTIONS).report.levels is not None  # a plan meeting both exists
    plan = search(s, replace_options(time_limit_s=0.001))  # no window, no time for the full model
    assert (plan.report.status, plan.report.levels, plan.launches) == ("UNKNOWN", None, s.fixed_launches)


def test_a_large_model_skips_the_milestones_stage_when_the_plan_meets_its_hard_milestones(monkeypatch):
    monkeypatch.setattr(search_module, "LARGE_MODEL", 0)
    monkeypatch.setattr(search_module, "least_shortfall", lambda *a, **k: pytest.fail("the stage ran"))
    s = tiny_scenario(milestones=(Milestone(constellation="GW", due_date=END, satellites_in_orbit=40, hard=True),))
    plan = search(s, OPTIONS)
    assert check_plan(s, plan.launches).ok


def test_a_plan_within_the_gap_limit_ends_the_search_and_one_outside_it_does_not(monkeypatch):
    s = _short_of_satellites()
    first = search(s, replace_options(gap_limit_pct=100))  # any plan is within 100 % of a bound below it
    assert first.report.stopped_by == "gap limit"
    assert first.report.settings["gap_limit_pct"] == 100
    assert check_plan(s, first.launches).ok
    monkeypatch.setattr(search_module, "least_shortfall", lambda *a, **k: pytest.fail("the stage ran"))
    again = search(s, replace_options(gap_limit_pct=first.report.gap_pct + 0.01))
    assert again.report.stopped_by == "gap limit" and again.launches == first.launches
    below = replace_options(gap_limit_pct=first.report.gap_pct / 2)
    with pytest.raises(pytest.fail.Exception, match="the stage ran"):
        search(s, below)


def test_a_plan_that_misses_a_hard_milestone_is_never_good_enough(monkeypatch):
    s = tiny_scenario(milestones=(Milestone(constellation="GW", shell="GW-A", due_date=END, satellites_in_orbit=40,
                                            hard=True),))
    monkeypatch.setattr(search_module, "dispatch", lambda s, guide=None: [l for l in dispatch(s) if l.shell == "GW-B"])
    monkeypatch.setattr(search_module, "paid_rounds", lambda flow, time_limit_s: (0, 0.0))  # no guided rounds
    ran = []
    monkeypatch.setattr(search_module, "least_shortfall", lambda *a, **k: ran.append(1) or least_shortfall(*a, **k))
    plan = search(s, replace_options(gap_limit_pct=100))
    assert ran and check_plan(s, plan.launches).ok
    assert plan.report.stopped_by == "gap limit"  # once the stage met it


def test_the_gap_limit_is_asked_before_the_stage_after_it_and_before_each_window():
    s = _short_of_satellites()
    asked: list[float] = []

    def within(total: float, spent_s: float) -> bool:
        asked.append(spent_s)
        return False

    options = replace_options(time_limit_s=6)
    search_module._improved(search_module.Run(s, options), options, dispatch(s), within, len(make_slots(s)))
    stage_s = asked[1]
    assert asked[0] == 0.0 and 0 < stage_s <= options.time_limit_s * search_module.SHORTFALL_SHARE
    assert asked[1:] == [stage_s + WINDOW_COST_S * i for i in range(len(asked) - 1)]  # by the budget, not the clock


def _interruption(requested: bool = False) -> Interruption:
    ctrl_c = Interruption()
    ctrl_c.requested = requested
    return ctrl_c


def test_the_bound_is_not_asked_for_without_a_gap_limit_nor_before_it_is_due_nor_after_ctrl_c():
    class NoBound:
        def result(self, timeout_s, cancelled):
            pytest.fail("asked for the bound")

    assert not GapLimit(None, 1.0, 0.0, 0.0, _interruption())(1e9, 10.0)
    assert not GapLimit(NoBound(), 1.0, 5.0, 0.0, _interruption())(1e9, 3.9)  # due in more than a second
    assert not GapLimit(NoBound(), 1.0, 0.0, 0.0, _interruption(requested=True))(1e9, 10.0)


def test_the_gap_limit_compares_the_plan_with_the_bound_once_it_is_due():
    class Beside:
        late = False

        def result(self, timeout_s, cancelled):
            return Bound(99.0, 0)

    within = GapLimit(Beside(), 1.0, 5.0, 0.0, _interruption())
    assert within(100.0, 4.0) and within.reached_pct == pytest.approx(1.0)
    assert not GapLimit(Beside(), 0.5, 0.0, 0.0, _interruption())(100.0, 0.0)


@pytest.fixture(scope="module")
def slow_bound() -> Scenario:
    """A scenario whose bound takes seconds (five years at half the filings)."""
    return scaled_scenario(5, 0.5, 0)


def test_the_bound_beside_is_the_bound_computed_here():
    s = _short_of_satellites()
    assert BoundBeside(s).result(60.0) == relaxation_bound(s)


def test_waiting_for_the_bound_ends_at_ctrl_c_and_at_its_deadline(slow_bound):
    started = time.monotonic()
    assert BoundBeside(slow_bound).result(60.0, cancelled=lambda: True) is None
    assert time.monotonic() - started < 5  # not the minute, nor the bound's own seconds
    late = BoundBeside(slow_bound)
    assert late.result(0.5) is None and late.late
    assert late.result(60.0) is None  # the answer stands


def test_the_window_search_stops_when_the_plan_is_good_enough():
    s = _short_of_satellites()
    poor = [l for l in dispatch(s) if l.shell == "GW-B"]
    assert improve(s, poor, OPTIONS, budget_s=6, enough=lambda total, spent_s: True).windows == 0
    poor_total = levels_of(s, poor).total(s.settings.weights)
    once = improve(s, poor, OPTIONS, budget_s=6, enough=lambda total, spent_s: total < poor_total)
    assert once.kept == 1 and once.windows < 4
    spent = []
    improve(s, poor, OPTIONS, budget_s=6, enough=lambda total, spent_s: spent.append(spent_s) or spent_s >= 3)
    assert spent == [0.0, WINDOW_COST_S, 2 * WINDOW_COST_S]  # the windows' budget, not the clock


def test_the_full_model_stops_within_the_gap_limit_and_says_so():
    s = _short_of_satellites()
    plan = solve(s, replace_options(gap_limit_pct=50), hint=dispatch(s))
    assert plan.report.stopped_by == "gap limit" and 0 < plan.report.gap_pct <= 50
    assert check_plan(s, plan.launches).ok
    exact = solve(s, OPTIONS, hint=dispatch(s))
    assert exact.report.gap_pct < plan.report.gap_pct
    assert exact.report.stopped_by == ("proven optimal" if exact.report.status == "OPTIMAL" else Stop.SEARCH_PROVEN)
