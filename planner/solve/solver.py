"""Run CP-SAT on a scenario: progress on standard error, Ctrl-C keeps the best plan found."""

from __future__ import annotations

import signal
import sys
import time
from dataclasses import dataclass
from typing import TextIO

from ortools.sat.python import cp_model

from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.manifest.extract import launches_from, objective_levels
from planner.manifest.plan import Plan, SolveReport
from planner.model.builder import LaunchModel, build_model
from planner.model.stability import Baseline


@dataclass(frozen=True)
class SolveOptions:
    time_limit_s: float
    workers: int
    seed: int

    @classmethod
    def of(cls, s: Scenario, time_limit_s: float | None = None, workers: int | None = None,
           seed: int | None = None) -> SolveOptions:
        """Command-line values win over the workbook's Settings."""
        st = s.settings
        return cls(
            time_limit_s if time_limit_s is not None else st.time_limit_s,
            workers if workers is not None else st.workers,
            seed if seed is not None else st.seed,
        )


class _Progress(cp_model.CpSolverSolutionCallback):
    """Prints one line per improving plan and remembers when the first one came."""

    def __init__(self, out: TextIO | None, start: float):
        super().__init__()
        self.out, self.start, self.first_s, self.count = out, start, None, 0

    def on_solution_callback(self) -> None:
        elapsed = time.monotonic() - self.start
        self.count += 1
        if self.first_s is None:
            self.first_s = elapsed
        if self.out is not None:
            obj, bound = self.objective_value, self.best_objective_bound
            print(f"[{elapsed:7.1f} s] plan {self.count}: objective {obj:,.0f}  bound {bound:,.0f}  "
                  f"gap {gap_pct(obj, bound):.2f} %", file=self.out, flush=True)


def gap_pct(objective: float, bound: float) -> float:
    return abs(objective - bound) / max(1.0, abs(objective)) * 100


def parameters(options: SolveOptions) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.max_time_in_seconds = options.time_limit_s
    p.num_workers = options.workers
    p.random_seed = options.seed
    return solver


def solve(s: Scenario, options: SolveOptions, progress: TextIO | None = sys.stderr,
          taken_ids: frozenset[str] = frozenset(), hint: list[Launch] | None = None,
          baseline: Baseline | None = None) -> Plan:
    """Build and solve the model; the plan holds the fixed launches and the launches decided.
    `hint` is a plan to start from (a baseline, a dispatch plan); it need not be valid.
    `baseline` (re-planning) adds the freeze and the stability level."""
    start = time.monotonic()
    built: LaunchModel = build_model(s, baseline)
    if hint:
        built.variables.hint(hint)
    solver = parameters(options)
    callback = _Progress(progress, start)
    interrupted = []

    def stop(signum, frame):  # Ctrl-C: stop the search, keep the best plan found so far
        interrupted.append(True)
        solver.stop_search()

    previous = signal.signal(signal.SIGINT, stop) if _main_thread() else None
    try:
        status = solver.solve(built.model, callback)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    total = time.monotonic() - start
    name = solver.status_name(status)
    settings = {"time_limit_s": options.time_limit_s, "workers": options.workers, "seed": options.seed}
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        report = SolveReport(name, None, None, None, None, total, None, settings,
                             "interrupted" if interrupted else _stopped_by(status))
        return Plan(tuple(s.fixed_launches), report)
    launches = launches_from(solver, built, taken_ids)
    obj, bound = solver.objective_value, solver.best_objective_bound
    report = SolveReport(
        name, obj, bound, gap_pct(obj, bound), callback.first_s, total,
        objective_levels(solver, built, launches), settings,
        "interrupted" if interrupted else _stopped_by(status),
    )
    return Plan(tuple(launches), report)


def _stopped_by(status: int) -> str:
    return "proven optimal" if status == cp_model.OPTIMAL else "time limit"


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()
