"""The whole search: a dispatch plan at once, improved window by window, then the full model.

The dispatch plan is the first valid plan (a planner's greedy, in well under a second). The
window search improves it where small re-solves pay off. The full model starts from the result,
improves it further where it can and proves the bound that the gap is measured against.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from typing import TextIO

from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.manifest.plan import Objective, Plan, SolveReport
from planner.model.stability import Baseline
from planner.solve.dispatch import dispatch
from planner.solve.improve import improve, levels_of
from planner.solve.solver import Interruption, SolveOptions, gap_pct, solve

IMPROVE_SHARE = 0.5  # of the time limit, for the window search; the rest for the full model


def search(s: Scenario, options: SolveOptions, progress: TextIO | None = sys.stderr,
           taken_ids: frozenset[str] = frozenset(), hint: list[Launch] | None = None,
           baseline: Baseline | None = None) -> Plan:
    """The best plan found within the time limit. With a `hint` (a baseline to re-plan from) the
    full model starts from it directly."""
    start = time.monotonic()
    first_s = None
    final = options
    with Interruption() as ctrl_c:
        if hint is None:
            hint = dispatch(s)
            first_s = time.monotonic() - start
            _say(progress, start, "dispatch plan", hint, levels_of(s, hint))
            if baseline is None and not ctrl_c.requested:
                improved = improve(s, hint, options, options.time_limit_s * IMPROVE_SHARE, progress, ctrl_c)
                hint = improved.launches
                _say(progress, start, f"window search ({improved.kept} of {improved.windows} windows improved)",
                     hint, improved.levels)
                final = replace(options, time_limit_s=options.time_limit_s * (1 - IMPROVE_SHARE))
        if ctrl_c.requested and first_s is not None:
            plan = _found(s, hint, "interrupted")
        else:
            plan = solve(s, final, progress, taken_ids, hint, baseline)
    report = plan.report
    if report.levels is None and report.status != "INFEASIBLE" and first_s is not None:
        plan = _found(s, hint, report.stopped_by)  # the full model found nothing in time: keep the plan found
        report = plan.report
    total = time.monotonic() - start
    gap = gap_pct(report.objective, report.best_bound) if report.objective is not None and report.best_bound is not None else None
    return Plan(plan.launches, replace(report, time_to_first_s=first_s if first_s is not None else report.time_to_first_s,
                                       total_s=total, gap_pct=gap))


def _found(s: Scenario, launches: list[Launch], stopped_by: str) -> Plan:
    """A plan found before the full model, with its measured levels and no bound."""
    levels = levels_of(s, launches)
    settings = {"time_limit_s": s.settings.time_limit_s}
    report = SolveReport("FEASIBLE", levels.total(s.settings.weights), None, None, None, 0.0, levels, settings,
                         stopped_by)
    return Plan(tuple(launches), report)


def _say(progress: TextIO | None, start: float, what: str, launches: list[Launch], levels: Objective) -> None:
    if progress is not None:
        print(f"[{time.monotonic() - start:7.1f} s] {what}: {len(launches)} launches, milestone shortfall "
              f"{levels.milestone_shortfall:,}, satellite-days {levels.satellite_days:,}", file=progress, flush=True)
