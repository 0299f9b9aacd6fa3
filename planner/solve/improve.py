"""Improve a valid plan a time window at a time: the launches outside the window stay fixed, the
window is re-solved by CP-SAT from the current plan, and the result is kept when the whole plan's
objective gets better.

Each re-solve is small, so it is fast and reproducible (one worker, a deterministic work limit);
the windows are visited in a fixed order, so the same inputs and seed give the same plan.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from planner.domain.entities import Launch, Window
from planner.domain.measures import measure, milestone_results
from planner.domain.scenario import Scenario
from planner.manifest.extract import NewIds
from planner.manifest.plan import Objective
from planner.solve.solver import Interruption, SolveOptions, solve

log = logging.getLogger(__name__)
WINDOW_DAYS = 120
STEP_DAYS = 60
WINDOW_TIME_S = 1.5  # a window's CP-SAT run, as a time limit
WINDOW_BUILD_S = 0.25  # building a window's model, counted beside its run (1.6 s for both at ten years, measured)
WINDOW_COST_S = WINDOW_TIME_S + WINDOW_BUILD_S  # what a window costs of the budget
DUE_WINDOW_FACTOR = 2  # a window across the due date of a milestone the plan misses runs this many times as long


@dataclass(frozen=True)
class Improvement:
    launches: list[Launch]
    levels: Objective
    windows: int  # windows re-solved
    kept: int  # windows whose re-solve made the plan better


def levels_of(s: Scenario, launches: Sequence[Launch]) -> Objective:
    m = measure(s, launches)
    return Objective(m.milestone_shortfall, m.satellite_days, m.cost_mcny, m.expected_lost)


def windows(s: Scenario) -> list[tuple[int, int]]:
    """(first day, last day) of the overlapping windows, earliest first."""
    last = s.horizon_days - 1
    return [(a, min(a + WINDOW_DAYS - 1, last)) for a in range(0, last + 1, STEP_DAYS)
            if a == 0 or a + STEP_DAYS <= last]


def window_run_s(s: Scenario, first: int, last: int, launches: Sequence[Launch]) -> float:
    """The CP-SAT run a window gets: longer across the due date of a milestone the plan misses,
    where a launch moved from after the date to before it counts on the first level."""
    due = any(first <= s.day(r.milestone.due_date) < last and r.weighted > 0 for r in milestone_results(s, launches))
    return WINDOW_TIME_S * (DUE_WINDOW_FACTOR if due else 1)


def window_cost_s(run: float) -> float:
    """What a window with a CP-SAT run of `run` seconds costs of the budget."""
    return run + WINDOW_BUILD_S


def window_scenario(s: Scenario, first: int, last: int, outside: list[Launch]) -> Scenario:
    """The scenario with every launch outside the window fixed and no slot outside it."""
    start, end = s.date_of(first), s.date_of(last)
    closed = []
    for site in s.sites:
        if first > 0:
            closed.append(Window(site=site.id, start=s.settings.horizon_start, end=start - timedelta(days=1),
                                 reason="outside the window re-planned"))
        if last < s.horizon_days - 1:
            closed.append(Window(site=site.id, start=end + timedelta(days=1), end=s.settings.horizon_end,
                                 reason="outside the window re-planned"))
    return s.model_copy(update={"fixed_launches": tuple(outside), "closures": s.closures + tuple(closed)})


def improve(s: Scenario, launches: list[Launch], options: SolveOptions, budget_s: float,
            ctrl_c: Interruption | None = None, clock: float | None = None,
            enough: Callable[[float, float], bool] | None = None, level: int = logging.INFO,
            shortfall_floor: int = 0) -> Improvement:
    """Re-solve windows in turn, as many as `budget_s` pays for at `window_cost_s` of each run (a
    count, not a clock, so the result does not depend on the machine's speed), stopping early if
    `enough` says so of the plan's weighted objective and the budget spent, or if the wall
    clock passes three times the budget or the options' deadline. Windows run longer across a
    missed due date only while the plan is above `shortfall_floor`, the fewest weighted
    satellites short any plan can be, as proven, and when the budget left pays for it. Each
    window kept is logged at
    `level`, in seconds from `clock` (a `time.monotonic()` reading; by default, this call's start)."""
    best, best_levels = list(launches), levels_of(s, launches)
    weights = s.settings.weights
    spans = windows(s)
    sub_options = replace(options, workers=1, gap_limit_pct=0.0)
    started, kept, count, spent = time.monotonic(), 0, 0, 0.0
    fixed_ids = {f.launch_id for f in s.fixed_launches}
    while True:
        first, last = spans[count % len(spans)]
        level_open = best_levels.milestone_shortfall > shortfall_floor
        run = window_run_s(s, first, last, best) if level_open else WINDOW_TIME_S
        if spent + window_cost_s(run) > budget_s:
            run = WINDOW_TIME_S  # what is left pays for a window's usual run only
        if (spent + window_cost_s(run) > budget_s or time.monotonic() - started > 3 * budget_s
                or (ctrl_c is not None and ctrl_c.requested) or options.remaining_s() <= 0
                or (enough is not None and enough(best_levels.total(weights), spent))):
            break
        count, spent = count + 1, spent + window_cost_s(run)
        start, end = s.date_of(first), s.date_of(last)
        movable = [l for l in best if start <= l.date <= end and l.launch_id not in fixed_ids and not l.is_fact]
        moving = {l.launch_id for l in movable}
        outside = [l for l in best if l.launch_id not in moving]
        plan = solve(window_scenario(s, first, last, outside), replace(sub_options, time_limit_s=run),
                     taken_ids=frozenset(l.launch_id for l in best), hint=movable, level=logging.DEBUG)
        if plan.report.levels is None:
            continue
        candidate = list(plan.launches)
        levels = levels_of(s, candidate)
        if levels.total(weights) < best_levels.total(weights):
            best, best_levels, kept = candidate, levels, kept + 1
            log.log(level, "[%7.1f s] window %s .. %s: milestone shortfall %s, satellite-days %s",
                    time.monotonic() - (started if clock is None else clock), start, end,
                    f"{levels.milestone_shortfall:,}", f"{levels.satellite_days:,}")
    return Improvement(renumber(s, best), best_levels, count, kept)


def renumber(s: Scenario, launches: list[Launch]) -> list[Launch]:
    """Planned launches numbered afresh in date order; fixed launches keep their ids."""
    fixed_ids = {f.launch_id for f in s.fixed_launches}
    new_id = NewIds(set(fixed_ids))
    out = []
    for l in sorted(launches, key=lambda l: (l.date, l.pad, l.launch_id)):
        if l.launch_id in fixed_ids:
            out.append(l)
        else:
            out.append(l.model_copy(update={"launch_id": new_id(l.constellation)}))
    return out
