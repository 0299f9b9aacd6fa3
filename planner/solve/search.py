"""The whole search: a dispatch plan at once, then the objective's levels in priority order.

1. Dispatch: the first valid plan (a planner's greedy, in well under a second).
2. On a model of up to LARGE_MODEL slots, CP-SAT minimises the milestone shortfall alone from
   the dispatch plan: its relaxation proves that level's bound at once, and a search that sees
   only that level reaches it far sooner than one that also weighs days, cost and risk.
3. The window search improves the whole weighted objective with the rest of the time limit
   (all of it on a larger model, where the full model is too slow).
4. Beside the search, in a process of its own, the linear relaxation of the undated model
   bounds the objective.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from typing import TextIO

from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.manifest.plan import Objective, Plan, SolveReport
from planner.model.slots import make_slots
from planner.model.stability import Baseline
from planner.solve.bound import BoundBeside
from planner.solve.dispatch import dispatch, repaired
from planner.solve.improve import improve, levels_of
from planner.solve.solver import Interruption, NoPlanExists, SolveOptions, gap_pct, least_shortfall, solve

SHORTFALL_SHARE = 0.6  # of the time limit, at most, for the milestones alone; the rest for the whole objective
LARGE_MODEL = 800  # slots: the demo has 768; five years at half the filings 1,003, ten years in full 2,186
BOUND_BESIDE_FROM_S = 20.0  # time limits from which the relaxation's bound is worth a process


def search(s: Scenario, options: SolveOptions, progress: TextIO | None = sys.stderr,
           taken_ids: frozenset[str] = frozenset(), hint: list[Launch] | None = None,
           baseline: Baseline | None = None) -> Plan:
    """The best plan found within the time limit. Re-planning (a `baseline`, and its launches
    as `hint`) starts from the baseline kept where it still fits, a valid plan at once, and
    re-solves the full model from it (the only fresh use of the full model: the stability
    level ties every launch to the baseline)."""
    start = time.monotonic()
    first_s = None
    beside = None
    try:
        with Interruption() as ctrl_c:
            if hint is None and baseline is None:
                if options.time_limit_s >= BOUND_BESIDE_FROM_S:
                    beside = BoundBeside(s)
                hint = dispatch(s)
                first_s = time.monotonic() - start
                _say(progress, start, "dispatch plan", hint, levels_of(s, hint))
                try:
                    hint = _improved(s, options, hint, progress, taken_ids, start, ctrl_c)
                    plan = _found(s, options, hint, "interrupted" if ctrl_c.requested else "time limit")
                except NoPlanExists:
                    plan = Plan(tuple(s.fixed_launches), SolveReport("INFEASIBLE", None, None, None, None, 0.0, None,
                                                                     options.settings(), "proven infeasible"))
            else:
                hint = repaired(s, hint or [])
                first_s = time.monotonic() - start
                _say(progress, start, "baseline kept where it still fits", hint, levels_of(s, hint))
                if ctrl_c.requested:
                    plan = _found(s, options, hint, "interrupted")
                elif len(make_slots(s)) > LARGE_MODEL:
                    plan = _found(s, options, hint, "baseline kept where it fits: too large to re-solve in time")
                else:
                    plan = solve(s, options, progress, taken_ids, hint, baseline)
    except BaseException:
        if beside is not None:
            beside.result(0.0)  # stop it and remove its input
        raise
    report = plan.report
    if report.levels is None and report.status != "INFEASIBLE" and first_s is not None:
        plan = _found(s, options, hint, report.stopped_by)  # the full model found nothing in time: keep the plan found
        report = plan.report
    bound = report.best_bound
    if beside is not None:
        done = report.status == "OPTIMAL" or ctrl_c.requested
        relaxed = beside.result(0.0 if done else options.time_limit_s - (time.monotonic() - start))
        if relaxed is not None:
            _say_bound(progress, start, relaxed)
            bound = relaxed if bound is None else max(bound, relaxed)
    gap = gap_pct(report.objective, bound) if report.objective is not None and bound is not None else None
    return Plan(plan.launches, replace(report, time_to_first_s=first_s if first_s is not None else report.time_to_first_s,
                                       total_s=time.monotonic() - start, best_bound=bound, gap_pct=gap,
                                       settings=options.settings()))


def _improved(s: Scenario, options: SolveOptions, launches: list[Launch], progress: TextIO | None,
              taken_ids: frozenset[str], start: float, ctrl_c: Interruption) -> list[Launch]:
    """The milestone shortfall alone (on a model of up to LARGE_MODEL slots, or with a hard
    milestone, which dispatch does not heed and the windows cannot prove), then the window
    search on the whole objective with the rest of the time limit."""
    budget = options.time_limit_s
    hard = any(m.hard for m in s.milestones)
    if not ctrl_c.requested and (hard or len(make_slots(s)) <= LARGE_MODEL):
        stage = replace(options, time_limit_s=budget * SHORTFALL_SHARE)
        least = least_shortfall(s, stage, launches, progress, taken_ids)
        if least is not None:
            launches, budget = least.launches, budget - least.work_s
            _say(progress, start, f"milestones alone (no plan is under {least.bound:,} short)", launches,
                 levels_of(s, launches))
    if not ctrl_c.requested:
        launches = improve(s, launches, options, budget, progress, ctrl_c).launches
    return launches


def _found(s: Scenario, options: SolveOptions, launches: list[Launch], stopped_by: str) -> Plan:
    """A plan found without the full model, with its measured levels and no bound."""
    levels = levels_of(s, launches)
    report = SolveReport("FEASIBLE", levels.total(s.settings.weights), None, None, None, 0.0, levels,
                         options.settings(), stopped_by)
    return Plan(tuple(launches), report)


def _say(progress: TextIO | None, start: float, what: str, launches: list[Launch], levels: Objective) -> None:
    if progress is not None:
        print(f"[{time.monotonic() - start:7.1f} s] {what}: {len(launches)} launches, milestone shortfall "
              f"{levels.milestone_shortfall:,}, satellite-days {levels.satellite_days:,}", file=progress, flush=True)


def _say_bound(progress: TextIO | None, start: float, bound: float) -> None:
    if progress is not None:
        print(f"[{time.monotonic() - start:7.1f} s] bound from the undated relaxation: {bound:,.0f}",
              file=progress, flush=True)
