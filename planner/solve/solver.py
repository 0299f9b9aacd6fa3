"""Run CP-SAT on a scenario: each plan found logged, Ctrl-C keeps the best plan found."""

from __future__ import annotations

import logging
import math
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Any

from ortools.sat.python import cp_model

from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.manifest.extract import launches_from, objective_levels
from planner.manifest.plan import Plan, SolveReport, Stop
from planner.model import objective
from planner.model.builder import LaunchModel, build_model
from planner.model.stability import Baseline

log = logging.getLogger(__name__)
SEARCH_SHARE = 0.9  # of the time limit; the rest settles the days
HINT_SHARE = 0.1  # at most, of the time limit, to complete a hint


# CP-SAT deterministic time per second on a 2-core machine: one worker, and workers in turns on
# a model of up to SMALL_MODEL slots; a larger model gets less work done per second. Measured on
# the demo (0.20-0.24 and 0.08-0.09 with OR-Tools 9.15) and set below, so that a
# quiet machine keeps pace with the count and the wall-clock deadline rarely has to end a run.
WORK_PER_SECOND = {"one worker": 0.2, "in turns": 0.085}
SMALL_MODEL = 760
FULL_SEARCHES = ("fixed", "core", "no_lp", "max_lp", "max_lp_sym", "quick_restart", "quick_restart_no_lp",
                 "pseudo_costs", "reduced_costs")  # their long turns would stall a reproducible parallel search
WALL_CAP = 3.0  # a deterministic run is still stopped after this many times its time limit,
WALL_CAP_MIN_S = 60.0  # and never sooner than this: a short run's presolve alone may take seconds
MIN_RUN_S = 0.1  # a run asked for past the deadline still gets this long, to return its hint's plan


@dataclass(frozen=True)
class SolveOptions:
    """`deterministic`: a work limit instead of a clock, and the workers' turns interleaved in a
    fixed order, so the same inputs and seed give the same plan whatever the machine's load.
    Otherwise `workers` search freely in parallel until the time limit. `gap_limit_pct`: the
    search stops once its plan is proven within this many per cent of the bound (0: never)."""

    time_limit_s: float
    workers: int
    seed: int
    deterministic: bool = True
    gap_limit_pct: float = 0.0
    deadline: float | None = None  # a time.monotonic() reading the search ends by, whatever its work count

    def remaining_s(self) -> float:
        """Wall-clock seconds left before the deadline (infinite without one)."""
        return math.inf if self.deadline is None else self.deadline - time.monotonic()

    def settings(self) -> dict[str, object]:
        """As the report lists them."""
        return {"time_limit_s": self.time_limit_s, "workers": self.workers, "seed": self.seed,
                "deterministic": self.deterministic, "gap_limit_pct": self.gap_limit_pct}

    @classmethod
    def of(cls, s: Scenario, time_limit_s: float | None = None, workers: int | None = None,
           seed: int | None = None, deterministic: bool | None = None,
           gap_limit_pct: float | None = None) -> SolveOptions:
        """Command-line values win over the workbook's Settings."""
        st = s.settings
        return cls(
            time_limit_s if time_limit_s is not None else st.time_limit_s,
            workers if workers is not None else st.workers,
            seed if seed is not None else st.seed,
            deterministic if deterministic is not None else st.deterministic,
            gap_limit_pct if gap_limit_pct is not None else st.gap_limit_pct,
        )


class _Progress(cp_model.CpSolverSolutionCallback):
    """Logs one line per improving plan, at `level`, and remembers when the first one came."""

    def __init__(self, level: int, start: float, measure: str = "objective"):
        super().__init__()
        self.level, self.start, self.measure, self.count = level, start, measure, 0
        self.first_s: float | None = None

    def on_solution_callback(self) -> None:
        elapsed = time.monotonic() - self.start
        self.count += 1
        if self.first_s is None:
            self.first_s = elapsed
        if log.isEnabledFor(self.level):
            obj, bound = self.objective_value, self.best_objective_bound
            log.log(self.level, "[%7.1f s] plan %d: %s %s  bound %s  gap %.2f %%", elapsed, self.count, self.measure,
                    f"{obj:,.0f}", f"{bound:,.0f}", gap_pct(obj, bound))


def gap_pct(objective: float, bound: float) -> float:
    return abs(objective - bound) / max(1.0, abs(objective)) * 100


def wall_cap(time_limit_s: float) -> float:
    """The wall-clock seconds after which a reproducible run is stopped all the same."""
    return max(WALL_CAP_MIN_S, time_limit_s * WALL_CAP)


def work_per_second(options: SolveOptions, slots: int) -> float:
    if options.workers == 1:
        return WORK_PER_SECOND["one worker"]
    return WORK_PER_SECOND["in turns"] * min(1.0, SMALL_MODEL / max(1, slots))


def parameters(options: SolveOptions, time_limit_s: float, slots: int) -> cp_model.CpSolver:
    """Solver settings for a run of `time_limit_s` on a model of `slots` slots."""
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.random_seed = options.seed
    p.num_workers = options.workers
    if options.deterministic:
        p.max_deterministic_time = time_limit_s * work_per_second(options, slots)
        p.max_time_in_seconds = wall_cap(time_limit_s)
        if options.workers > 1:
            p.interleave_search = True  # the default LP search and the neighbourhood searches, in turns
            p.ignore_subsolvers.extend(FULL_SEARCHES)
    else:
        p.max_time_in_seconds = time_limit_s
    p.max_time_in_seconds = max(MIN_RUN_S, min(p.max_time_in_seconds, options.remaining_s()))
    return solver


class NoPlanExists(Exception):
    """CP-SAT proved that no plan keeps every rule."""


@dataclass(frozen=True)
class Shortfall:
    """The first level on its own: the plan with the fewest satellites short found, and the
    fewest any plan can have (the proven bound)."""

    launches: list[Launch]
    found: int  # weighted satellites short
    bound: int
    work_s: float  # of the time limit, used


def least_shortfall(s: Scenario, options: SolveOptions, hint: list[Launch], taken_ids: frozenset[str] = frozenset(),
                    level: int = logging.INFO, baseline: Baseline | None = None) -> Shortfall | None:
    """Minimise the milestone shortfall alone, from `hint` (with a re-plan's freeze, if a
    `baseline` is given, but not its stability); None if nothing was found in time.
    Raises NoPlanExists when the rules (hard milestones among them) admit no plan.
    Its relaxation proves the level's bound quickly, and a search that sees only this level
    finds the plans that meet it far sooner than one that also weighs days, cost and risk."""
    start = time.monotonic()
    built = build_model(s, baseline, minimise="shortfall")
    built.variables.hint(hint)
    _complete_hint(built, options)
    slots = len(built.variables.slots)
    solver = parameters(options, options.time_limit_s, slots)
    solver.parameters.cp_model_probing_level = 0  # on the demo, 10 s of presolve; the LP proves the level without it
    status, _ = _run(solver, built.model, _Progress(level, start, "satellites short"))
    if status == cp_model.INFEASIBLE:
        raise NoPlanExists()
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    launches = launches_from(solver, built, taken_ids)
    used = (solver.response_proto.deterministic_time / work_per_second(options, slots) if options.deterministic
            else time.monotonic() - start)
    return Shortfall(launches, round(solver.objective_value), math.ceil(solver.best_objective_bound - 1e-6),
                     min(used, options.time_limit_s))


def solve(s: Scenario, options: SolveOptions, taken_ids: frozenset[str] = frozenset(),
          hint: list[Launch] | None = None, baseline: Baseline | None = None, level: int = logging.INFO) -> Plan:
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
        _complete_hint(built, options)
    solver = parameters(options, options.time_limit_s * SEARCH_SHARE, len(built.variables.slots))
    solver.parameters.relative_gap_limit = options.gap_limit_pct / 100
    callback = _Progress(level, start)
    status, interrupted = _run(solver, built.model, callback)
    settings = options.settings()
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        report = SolveReport(status=solver.status_name(status), objective=None, best_bound=None, gap_pct=None,
                             time_to_first_s=None, total_s=time.monotonic() - start, levels=None, settings=settings,
                             stopped_by=Stop.INTERRUPTED if interrupted else _stopped_by(status))
        return Plan(tuple(s.fixed_launches), report)
    bound = solver.best_objective_bound
    settled = _settle_days(built, solver, options)
    launches = launches_from(settled, built, taken_ids)
    levels = objective_levels(settled, built, launches)
    obj = levels.total(s.settings.weights)
    optimal = status == cp_model.OPTIMAL and obj <= bound
    stopped = Stop.INTERRUPTED if interrupted else _stopped_by(status)
    if status == cp_model.OPTIMAL and solver.objective_value > bound:
        stopped = Stop.GAP_LIMIT  # CP-SAT calls a plan within the gap limit optimal (judged before the days settle)
    elif status == cp_model.OPTIMAL and not optimal and not interrupted:
        stopped = Stop.SEARCH_PROVEN
    if options.deterministic and solver.wall_time >= solver.parameters.max_time_in_seconds * 0.99:
        stopped = Stop.WALL_CLOCK_CAP
    report = SolveReport(
        status="OPTIMAL" if optimal else "FEASIBLE", objective=obj, best_bound=bound, gap_pct=gap_pct(obj, bound),
        time_to_first_s=callback.first_s, total_s=time.monotonic() - start, levels=levels, settings=settings,
        stopped_by=stopped,
    )
    return Plan(tuple(launches), report)


RECOVERY_SHARE = 0.7  # of a recovery run's time limit, for the satellites lost and the changes; the rest the rest


@dataclass(frozen=True)
class Recovery:
    """What a re-plan's CP-SAT run holds to, in order: the weighted satellites short above
    `target` (what the events cost, against the baseline's own level), then the changes, at
    most `cap` of them, then the weighted objective."""

    target: int
    cap: int | None = None


def recover(s: Scenario, options: SolveOptions, hint: list[Launch], baseline: Baseline, recovery: Recovery,
            taken_ids: frozenset[str] = frozenset()) -> Plan | None:
    """The re-plan of `s` (a window, say) from `hint`: lexicographically, the fewest satellites
    lost against the target, then the fewest changes against `baseline`, then the best weighted
    objective with the days settled; None if no plan was found in time."""
    start = time.monotonic()
    built = build_model(s, baseline, minimise=None)
    m, v = built.model, built.variables
    lost = m.new_int_var(0, sum(ms.weight * ms.satellites_in_orbit for ms in s.milestones), "lost")
    m.add(lost >= built.shortfall - recovery.target)
    if recovery.cap is not None:
        m.add(built.changes <= recovery.cap)
    m.minimize((len(v.slots) + len(baseline.anchors) + 1) * lost + built.changes)  # every change weighs less
    v.hint(hint)
    _complete_hint(built, options)
    first = parameters(options, options.time_limit_s * RECOVERY_SHARE, len(v.slots))
    status, _ = _run(first, m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    m.add(lost <= first.value(lost))
    m.add(built.changes <= first.value(built.changes))
    m.minimize(built.objective)
    _hint_all(m, first.response_proto.solution)
    second = parameters(options, options.time_limit_s * (SEARCH_SHARE - RECOVERY_SHARE), len(v.slots))
    status, _ = _run(second, m)
    chosen = second if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else first
    settled = _settle_days(built, chosen, options)
    launches = launches_from(settled, built, taken_ids)
    levels = objective_levels(settled, built, launches)
    report = SolveReport(status="FEASIBLE", objective=levels.total(s.settings.weights), best_bound=None,
                         gap_pct=None, time_to_first_s=None, total_s=time.monotonic() - start, levels=levels,
                         settings=options.settings(), stopped_by=Stop.TIME_LIMIT)
    return Plan(tuple(launches), report)


def _complete_hint(built: LaunchModel, options: SolveOptions) -> None:
    """Turn a hint of the decisions into a hint of every variable, helpers included, by solving
    with the hinted values fixed: CP-SAT starts from a complete, valid hint at once. A hint that
    cannot be completed is left as it is."""
    model = built.model
    probe = parameters(options, max(1.0, options.time_limit_s * HINT_SHARE), len(built.variables.slots))
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
        self._previous: Callable[[int, FrameType | None], Any] | int | None = None

    def __enter__(self) -> Interruption:
        Interruption.active = self
        if _main_thread():
            self._previous = signal.signal(signal.SIGINT, self._request)
        return self

    def listen(self) -> None:
        """Take Ctrl-C back (after a CP-SAT run, which leaves it to the system)."""
        if _main_thread():
            signal.signal(signal.SIGINT, self._request)

    def __exit__(self, *exc: object) -> None:
        Interruption.active = None
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _request(self, signum, frame) -> None:
        self.requested = True


def _run(solver: cp_model.CpSolver, model: cp_model.CpModel,
         callback: cp_model.CpSolverSolutionCallback | None = None) -> tuple[cp_model.CpSolverStatus, bool]:
    """Solve; returns the status and whether Ctrl-C stopped the run (CP-SAT then keeps the best
    plan found so far): stopped before its limits without a proof. Not run at all once Ctrl-C
    was pressed; CP-SAT leaves Ctrl-C to the system when it is done, so it is taken back."""
    ctrl_c = Interruption.active
    if ctrl_c is not None and ctrl_c.requested:
        return cp_model.UNKNOWN, True
    status = solver.solve(model, callback)
    if ctrl_c is not None:
        ctrl_c.listen()
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
    solver = parameters(options, max(1.0, options.time_limit_s * (1 - SEARCH_SHARE)), len(v.slots))
    status, _ = _run(solver, model)
    return solver if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else chosen


def _hint_all(model: cp_model.CpModel, values) -> None:
    """Hint every variable of the model with a value of a full solution."""
    model.clear_hints()
    for i, value in enumerate(values):
        model.add_hint(model.get_int_var_from_proto_index(i), value)


def _stopped_by(status: cp_model.CpSolverStatus) -> Stop:
    return Stop.PROVEN_OPTIMAL if status == cp_model.OPTIMAL else Stop.TIME_LIMIT


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()
