"""The search: the milestone level alone first, then the window search on the whole objective
(alone on large models); and the relaxation's bound beside them."""

from __future__ import annotations

import pytest

from builders import END, START, extend, supply, tiny_scenario

from planner.check.checker import check_plan
from planner.check.measures import measure
from planner.domain.entities import Milestone
from planner.domain.scenario import Scenario
from planner.solve import search as search_module
from planner.solve.dispatch import dispatch
from planner.solve.improve import improve
from planner.solve.search import search
from planner.solve.solver import SolveOptions, least_shortfall

OPTIONS = SolveOptions(time_limit_s=4, workers=1, seed=0)


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
    least = least_shortfall(s, OPTIONS, dispatch(s), progress=None)
    assert least is not None
    assert least.bound == least.found == 30  # 40 to GW-A, 10 more anywhere: 0 + 30 short
    assert measure(s, least.launches).milestone_shortfall == least.found
    assert check_plan(s, least.launches).ok
    assert 0 < least.work_s <= OPTIONS.time_limit_s


def test_the_search_keeps_the_proven_shortfall_and_the_relaxation_bounds_it(monkeypatch):
    monkeypatch.setattr(search_module, "BOUND_BESIDE_FROM_S", 0.0)
    s = _short_of_satellites()
    plan = search(s, OPTIONS, progress=None)
    r = plan.report
    assert r.levels.milestone_shortfall == 30
    assert check_plan(s, plan.launches).ok
    assert r.best_bound is not None and r.best_bound <= r.objective
    assert r.best_bound >= 1e8 * 30 - 100 * 50 * 90  # the relaxation sees the 30 short
    assert r.settings["time_limit_s"] == OPTIONS.time_limit_s


def test_the_window_search_improves_a_poor_plan_and_keeps_it_valid():
    s = _short_of_satellites()
    poor = [l for l in dispatch(s) if l.shell == "GW-B"]  # nothing for GW-A: 2 x 40 short there
    start = measure(s, poor).milestone_shortfall
    better = improve(s, poor, OPTIONS, budget_s=6)
    assert better.levels.milestone_shortfall < start
    assert better.windows == 4 and better.kept >= 1
    assert check_plan(s, better.launches).ok


def test_a_large_model_goes_by_windows_alone(monkeypatch):
    monkeypatch.setattr(search_module, "LARGE_MODEL", 0)
    s = _short_of_satellites()
    plan = search(s, SolveOptions(time_limit_s=3, workers=1, seed=0), progress=None)
    assert check_plan(s, plan.launches).ok
    assert plan.report.levels.milestone_shortfall < measure(s, dispatch(s)).milestone_shortfall
    assert plan.report.best_bound is None  # under BOUND_BESIDE_FROM_S: no bound's process


def test_a_hard_milestone_out_of_reach_is_proven_so_on_a_large_model_too(monkeypatch):
    monkeypatch.setattr(search_module, "LARGE_MODEL", 0)
    s = tiny_scenario(milestones=(Milestone(constellation="GW", due_date=END, satellites_in_orbit=80, hard=True),))
    s = extend(s, satellite_supply=[supply(START, 50)])
    assert search(s, OPTIONS, progress=None).report.status == "INFEASIBLE"


def test_a_large_model_skips_the_milestones_stage_when_the_plan_meets_its_hard_milestones(monkeypatch):
    monkeypatch.setattr(search_module, "LARGE_MODEL", 0)
    monkeypatch.setattr(search_module, "least_shortfall", lambda *a, **k: pytest.fail("the stage ran"))
    s = tiny_scenario(milestones=(Milestone(constellation="GW", due_date=END, satellites_in_orbit=40, hard=True),))
    plan = search(s, OPTIONS, progress=None)
    assert check_plan(s, plan.launches).ok
