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
from planner.model import objective
from planner.model.builder import LaunchModel, build_model
from planner.model.stability import Baseline


SEARCH_SHARE = 0.9  # of the time limit; the rest settles the days
HINT_SHARE = 0.1  # at most, of the time limit, to complete a hint


WORK_PER_SECOND = 0.35  # CP-SAT deterministic time per second of one core, measured on a 2-core machine
WALL_CAP = 3.0  # a deterministic run is still stopped after this many times its time limit,
WALL_CAP_MIN_S = 60.0  # and never sooner than this: a short run's presolve alone may take seconds


@dataclass(frozen=True)
class SolveOptions:
    """`deterministic`: one worker and a work limit instead of a clock, so the same inputs and
    seed give the same plan whatever the machine's load. Otherwise `workers` search in parallel
    until the time limit."""

    time_limit_s: float
    workers: int
    seed: int
    deterministic: bool = True

    @classmethod
    def of(cls, s: Scenario, time_limit_s: float | None = None, workers: int | None = None,
           seed: int | None = None, deterministic: bool | None = None) -> SolveOptions:
        """Command-line values win over the workbook's Settings."""
        st = s.settings
        return cls(
            time_limit_s if time_limit_s is not None else st.time_limit_s,
            workers if workers is not None else st.workers,
            seed if seed is not None else st.seed,
            deterministic if deterministic is not None else st.deterministic,
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


def parameters(options: SolveOptions, time_limit_s: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.random_seed = options.seed
    if options.deterministic:
        p.num_workers = 1
        p.max_deterministic_time = time_limit_s * WORK_PER_SECOND
        p.max_time_in_seconds = max(WALL_CAP_MIN_S, time_limit_s * WALL_CAP)
    else:
        p.num_workers = options.workers
        p.max_time_in_seconds = time_limit_s
    return solver


def solve(s: Scenario, options: SolveOptions, progress: TextIO | None = sys.stderr,
          taken_ids: frozenset[str] = frozenset(), hint: list[Launch] | None = None,
          baseline: Baseline | None = None) -> Plan:
    """Build and solve the model; the plan holds the fixed launches and the launches decided.
    `hint` is a plan to start from (a baseline, a dispatch plan); it need not be valid.
    `baseline` (re-planning) adds the freeze and the stability level.

    Two passes: the search chooses the launches with satellite-days counted from each slot's
    first day (an optimistic measure, so its bound holds for the real objective); then, with
    the choices fixed, the days are settled on the exact objective."""
    start = time.monotonic()
    built: LaunchModel = build_model(s, baseline)
    if hint:
        built.variables.hint(hint)
        _complete_hint(built.model, options)
    solver = parameters(options, options.time_limit_s * SEARCH_SHARE)
    callback = _Progress(progress, start)
    status, interrupted = _run(solver, built.model, callback)
    settings = {"time_limit_s": options.time_limit_s, "workers": options.workers, "seed": options.seed,
                "deterministic": options.deterministic}
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        report = SolveReport(solver.status_name(status), None, None, None, None, time.monotonic() - start, None,
                             settings, "interrupted" if interrupted else _stopped_by(status))
        return Plan(tuple(s.fixed_launches), report)
    bound = solver.best_objective_bound
    settled = _settle_days(built, solver, options)
    launches = launches_from(settled, built, taken_ids)
    levels = objective_levels(settled, built, launches)
    obj = levels.total(s.settings.weights)
    optimal = status == cp_model.OPTIMAL and obj <= bound
    stopped = "interrupted" if interrupted else _stopped_by(status)
    if options.deterministic and solver.wall_time >= solver.parameters.max_time_in_seconds * 0.99:
        stopped = "wall-clock cap (this run may not repeat exactly)"
    report = SolveReport(
        "OPTIMAL" if optimal else "FEASIBLE", obj, bound, gap_pct(obj, bound), callback.first_s,
        time.monotonic() - start, levels, settings, stopped,
    )
    return Plan(tuple(launches), report)


def _complete_hint(model: cp_model.CpModel, options: SolveOptions) -> None:
    """Turn a hint of the decisions into a hint of every variable, helpers included, by solving
    with the hinted values fixed: CP-SAT starts from a complete, valid hint at once. A hint that
    cannot be completed is left as it is."""
    probe = parameters(options, max(1.0, options.time_limit_s * HINT_SHARE))
    probe.parameters.fix_variables_to_their_hinted_value = True
    status, _ = _run(probe, model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        _hint_all(model, probe.response_proto.solution)


class Interruption:
    """Ctrl-C while planning: remembered, so the search stops and keeps the best plan found.
    CP-SAT catches Ctrl-C during a run itself and stops at once; `_run` tells it apart from the
    run's own limits and passes it on here."""

    active: Interruption | None = None

    def __init__(self) -> None:
        self.requested = False
        self._previous = None

    def __enter__(self) -> Interruption:
        Interruption.active = self
        if _main_thread():
            self._previous = signal.signal(signal.SIGINT, self._request)
        return self

    def __exit__(self, *exc: object) -> None:
        Interruption.active = None
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _request(self, signum, frame) -> None:
        self.requested = True


def _run(solver: cp_model.CpSolver, model: cp_model.CpModel,
         callback: cp_model.CpSolverSolutionCallback | None = None) -> tuple[int, bool]:
    """Solve; returns the status and whether Ctrl-C stopped the run (CP-SAT then keeps the best
    plan found so far): stopped before its limits without a proof."""
    status = solver.solve(model, callback)
    p = solver.parameters
    within = (solver.response_proto.deterministic_time < 0.98 * p.max_deterministic_time
              and solver.wall_time < 0.98 * p.max_time_in_seconds)
    interrupted = status in (cp_model.FEASIBLE, cp_model.UNKNOWN) and within
    if interrupted and Interruption.active is not None:
        Interruption.active.requested = True
    return status, interrupted


def _settle_days(built: LaunchModel, chosen: cp_model.CpSolver, options: SolveOptions) -> cp_model.CpSolver:
    """Keep every choice of the search (used slots, rocket, shell, satellites) and settle the
    days on the exact satellite-days, starting from the search's answer (kept if this fails)."""
    v, model = built.variables, built.model
    loads = {}
    for k in range(len(v.slots)):
        model.add(v.active[k] == chosen.value(v.active[k]))
        for w, n in zip(v.pick[k], v.sats[k]):
            model.add(w == chosen.value(w))
            model.add(n == chosen.value(n))
        if chosen.boolean_value(v.active[k]):
            loads[k] = chosen.value(v.load(k))
    exact = objective.satellite_days(v, loads)
    speed = v.scenario.settings.weights.speed
    built.satellite_days = exact
    model.minimize(built.objective + speed * built.proxy_days - speed * exact)
    _hint_all(model, chosen.response_proto.solution)
    solver = parameters(options, max(1.0, options.time_limit_s * (1 - SEARCH_SHARE)))
    status, _ = _run(solver, model)
    return solver if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else chosen


def _hint_all(model: cp_model.CpModel, values) -> None:
    """Hint every variable of the model with a value of a full solution."""
    model.clear_hints()
    for i, value in enumerate(values):
        model.add_hint(model.get_int_var_from_proto_index(i), value)


def _stopped_by(status: int) -> str:
    return "proven optimal" if status == cp_model.OPTIMAL else "time limit"


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()
