"""The whole search: a dispatch plan at once, then the objective's levels in priority order.

1. Dispatch: the first valid plan (a planner's greedy, in well under a second). Then dispatch
   guided by the monthly flow plan (planner/solve/guide.py), in a few rounds that each tell
   the next flow how much of each pad's time dispatch could use; the best plan is kept (about
   9 s at ten years, where it cuts the shortfall by two thirds). As many rounds as the time
   limit pays for, up to GUIDE_ROUNDS.
2. On a model of up to LARGE_MODEL slots, CP-SAT minimises the milestone shortfall alone from
   the best plan so far: its relaxation proves that level's bound at once, and a search that sees
   only that level reaches it far sooner than one that also weighs days, cost and risk.
3. The window search improves the whole weighted objective with the rest of the time limit
   (all of it on a larger model, where the full model is too slow).
4. Beside the search, in a process of its own, the linear relaxation of the undated model
   bounds the objective. With a gap limit, the search stops between stages and windows once
   its plan is proven within the limit of that bound.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from planner.domain.entities import Launch
from planner.domain.measures import milestone_results
from planner.domain.scenario import Scenario
from planner.manifest.plan import Objective, Plan, SolveReport, Stop
from planner.model.slots import make_slots
from planner.model.stability import Baseline
from planner.solve.bound import BoundBeside, bound_seconds
from planner.solve.dispatch import dispatch
from planner.solve.guide import FlowPlan, recalibrated
from planner.solve.improve import improve, levels_of
from planner.solve.solver import (
    Interruption,
    NoPlanExists,
    Shortfall,
    SolveOptions,
    gap_pct,
    least_shortfall,
    wall_cap,
)

SHORTFALL_SHARE = 0.6  # of the time limit, at most, for the milestones alone; the rest for the whole objective
LARGE_MODEL = 800  # slots: the demo has 768; five years at half the filings 1,003, ten years in full 2,186
GUIDE_ROUNDS = 3  # monthly flow plans, each with the pads' capacity as the dispatch before could use it
BUILD_S_PER_SLOT = 0.004  # a full model's build, as counted work (measured: 2.8 s for the demo's 768 slots)
ROUND_S_PER_COLUMN_SQUARED = 5.7e-9  # a round's time against the flow LP's size, measured (3.5 s at ten years)
BOUND_BESIDE_FROM_S = 20.0  # time limits from which the relaxation's bound is worth a process
BOUND_ASKED_EARLY_S = 1.0  # the bound is asked for this long before it is due: the longest the search idles for it
DEADLINE_MARGIN_S = 0.5  # a search ending this close to its deadline was ended by it
log = logging.getLogger(__name__)


@dataclass
class Run:
    """One search's state: its scenario and options, the level its progress is logged at, the
    launch ids already taken, when it started (a `time.monotonic()` reading) and Ctrl-C."""

    s: Scenario
    options: SolveOptions
    level: int = logging.INFO
    taken_ids: frozenset[str] = frozenset()
    start: float = field(default_factory=time.monotonic)
    ctrl_c: Interruption = field(default_factory=Interruption)
    shortfall_bound: int | None = None  # the fewest weighted satellites short any plan can have, if proven

    def proved(self, shortfall_bound: int) -> None:
        """Keep the better of the bounds on the first level."""
        self.shortfall_bound = max(shortfall_bound, self.shortfall_bound or 0)

    @property
    def stopped_by(self) -> Stop:
        """Why a stopped search stopped: Ctrl-C or the wall clock."""
        return Stop.INTERRUPTED if self.ctrl_c.requested else Stop.WALL_CLOCK

    @property
    def stopped(self) -> bool:
        """Ctrl-C was pressed, or the wall-clock deadline has passed: no further stage starts."""
        return self.ctrl_c.requested or self.options.remaining_s() <= 0

    def say(self, what: str, launches: list[Launch], levels: Objective) -> None:
        self.note(f"{what}: {len(launches)} launches, milestone shortfall {levels.milestone_shortfall:,}, "
                  f"satellite-days {levels.satellite_days:,}")

    def note(self, line: str) -> None:
        log.log(self.level, "[%7.1f s] %s", time.monotonic() - self.start, line)


def search(s: Scenario, options: SolveOptions, taken_ids: frozenset[str] = frozenset(), level: int = logging.INFO,
           bound_beside: bool = True, work: Callable[[Run], tuple[Plan, float]] | None = None) -> Plan:
    """The best plan found within the time limit: a fresh search, or `work` (a re-plan's
    search, planner/replan/recovery.py) with this one's bound, stop reasons and report. An
    `options.deadline` ends the search by the wall clock, whatever its work count; the report
    then says the run may not repeat. Progress is logged at `level` (a search inside another,
    such as a simulated future's, logs at DEBUG). With a time limit of BOUND_BESIDE_FROM_S or
    more, the relaxation's bound runs beside the search too, unless `bound_beside` is off (a
    simulated future's many re-plans, a lever's plan)."""
    with Interruption() as ctrl_c:
        run = Run(s, options, level, taken_ids, ctrl_c=ctrl_c)
        if work is None:
            plan, first_s = _fresh(run, bound_beside)
        else:
            beside = BoundBeside(s) if bound_beside and options.time_limit_s >= BOUND_BESIDE_FROM_S else None
            plan, first_s = _bounded(run, beside, lambda: work(run))
    if plan.report.levels is not None and hard_missed(s, list(plan.launches)):
        plan = _none_in_time(s, options, plan.report.stopped_by)  # dispatch's plans do not heed hard milestones
    r = plan.report
    if options.remaining_s() <= DEADLINE_MARGIN_S and not ctrl_c.requested:
        r = replace(r, stopped_by=Stop.WALL_CLOCK)
    gap = gap_pct(r.objective, r.best_bound) if r.objective is not None and r.best_bound is not None else None
    return Plan(plan.launches, replace(r, time_to_first_s=first_s, total_s=time.monotonic() - run.start, gap_pct=gap,
                                       settings=options.settings()))


def _fresh(run: Run, bound_beside: bool = True) -> tuple[Plan, float]:
    """Dispatch, then `_improved`, with the relaxation's bound beside (unless `bound_beside` is
    off and no gap limit needs it); and when the dispatch plan came."""
    s, options = run.s, run.options
    slots = len(make_slots(s))
    due_s = bound_seconds(slots) if options.gap_limit_pct > 0 else math.inf
    judged = due_s < options.time_limit_s  # the gap limit, if the bound is due within the time limit
    beside = BoundBeside(s) if judged or (bound_beside and options.time_limit_s >= BOUND_BESIDE_FROM_S) else None
    return _bounded(run, beside, lambda: _searched(run, slots, beside if judged else None, due_s))


def _searched(run: Run, slots: int, judge: BoundBeside | None, due_s: float) -> tuple[Plan, float]:
    """Dispatch, the guided rounds and `_improved`, held to the gap limit by `judge`'s bound."""
    s, options = run.s, run.options
    launches = dispatch(s)
    first_s = time.monotonic() - run.start
    run.say("dispatch plan", launches, levels_of(s, launches))
    flow = FlowPlan(s)
    rounds, guide_s = paid_rounds(flow, options.time_limit_s)
    if rounds:
        launches = guided(run, flow, launches, rounds)
    try:
        rest = replace(options, time_limit_s=options.time_limit_s - guide_s)
        deadline = min(run.start + wall_cap(options.time_limit_s), options.deadline or math.inf)
        within = GapLimit(judge, options.gap_limit_pct, due_s - guide_s, deadline, run.ctrl_c)
        launches = _improved(run, rest, launches, within, slots)
        plan = found(s, options, launches, _stopped_by(run.ctrl_c, within))
        if within.reached_pct is not None:
            run.note(f"gap limit: the plan is proven within {within.reached_pct:.2f} % "
                     f"(limit {within.limit_pct:g} %)")
    except NoPlanExists:
        plan = proven_infeasible(s, options)
    return plan, first_s


def _bounded(run: Run, beside: BoundBeside | None, work: Callable[[], tuple[Plan, float]]) -> tuple[Plan, float]:
    """`work()`'s plan and when its first plan came, with the relaxation's bound from `beside`
    (if any): the better of it and the search's own, on the weighted objective and on the first
    level. It is waited for up to the time limit (and the deadline), unless the search is done
    (no plan, Ctrl-C or the deadline); the process is stopped if `work` raises. The stability
    level of a re-plan is no less than 0, so the bound holds there too."""
    try:
        plan, first_s = work()
    except BaseException:
        if beside is not None:
            beside.result(0.0)  # stop it and remove its input
        raise
    options, report = run.options, plan.report
    if beside is not None:
        done = report.levels is None or run.stopped
        bound = beside.result(0.0 if done else min(options.time_limit_s - (time.monotonic() - run.start),
                                                   options.remaining_s()), lambda: run.ctrl_c.requested)
        if bound is not None:
            run.note(f"bound from the undated relaxation: {bound.total:,.0f} ({bound.shortfall:,} short at least)")
            run.proved(bound.shortfall)
            report = replace(report, best_bound=max(bound.total, report.best_bound or -math.inf))
    if report.levels is not None and run.shortfall_bound is not None:
        report = replace(report, shortfall_bound=run.shortfall_bound)
    return Plan(plan.launches, report), first_s


def milestones_alone(run: Run, time_limit_s: float, launches: list[Launch],
                      baseline: Baseline | None = None) -> tuple[Shortfall | None, float]:
    """CP-SAT on the milestone shortfall alone from `launches`, for SHORTFALL_SHARE of
    `time_limit_s` (with a re-plan's freeze, given its `baseline`), its bound kept; and the
    time it used of the limit (all its share when it found nothing)."""
    stage = replace(run.options, time_limit_s=time_limit_s * SHORTFALL_SHARE)
    least = least_shortfall(run.s, stage, launches, run.taken_ids, level=run.level, baseline=baseline)
    if least is None:
        return None, stage.time_limit_s
    run.proved(least.bound)
    return least, least.work_s


def paid_rounds(flow: FlowPlan, time_limit_s: float) -> tuple[int, float]:
    """How many guided rounds the time limit pays for (up to GUIDE_ROUNDS), and their estimated
    time: an estimate from the LP's size, not the clock, so that runs stay reproducible."""
    round_s = ROUND_S_PER_COLUMN_SQUARED * flow.columns ** 2
    rounds = min(GUIDE_ROUNDS, int(time_limit_s // round_s)) if round_s > 0 else GUIDE_ROUNDS
    return rounds, rounds * round_s


def guided(run: Run, flow: FlowPlan, launches: list[Launch], rounds: int = GUIDE_ROUNDS) -> list[Launch]:
    """The best of `launches` and dispatch guided by the monthly flow plan, its pads' capacity
    recalibrated after each round to what the dispatch before could fly. A guided plan never
    replaces one that meets a hard milestone it misses (dispatch does not heed them)."""
    s = run.s
    share: dict[str, float] = {}
    weights = s.settings.weights
    best, fixed_ids = levels_of(s, launches).total(weights), {f.launch_id for f in s.fixed_launches}
    hard_met = _hard_met(s, launches)
    for _ in range(rounds):
        if run.stopped:
            break
        guide = flow.guide(share)
        if guide is None:
            break
        guided = dispatch(s, guide)
        levels = levels_of(s, guided)
        if levels.total(weights) < best and hard_met <= _hard_met(s, guided):
            launches, best = guided, levels.total(weights)
            run.say("dispatch guided by the monthly flow plan", guided, levels)
        share = recalibrated(share, guide, [l for l in guided if l.launch_id not in fixed_ids])
    return launches


def _hard_met(s: Scenario, launches: list[Launch]) -> set[int]:
    """The hard milestones the plan meets, by their place in the sheet."""
    return {i for i, r in enumerate(milestone_results(s, launches)) if r.milestone.hard and r.met}


def hard_missed(s: Scenario, launches: list[Launch]) -> set[int]:
    return {i for i, m in enumerate(s.milestones) if m.hard} - _hard_met(s, launches)


@dataclass
class GapLimit:
    """Whether a plan's weighted objective is proven within `limit_pct` of the relaxation's
    bound. The bound is asked for once the search has spent (by its own count, not the clock)
    nearly the `due_s` it should take, and waited for if it is late, up to `deadline` (a
    `time.monotonic()` reading) or Ctrl-C: where the search stops depends on its plans, not on
    the machine's speed, and a search that never gets within the limit hardly idles."""

    beside: BoundBeside | None
    limit_pct: float
    due_s: float
    deadline: float
    ctrl_c: Interruption
    reached_pct: float | None = None  # the gap that stopped the search

    @property
    def late(self) -> bool:
        """The bound did not come by the deadline."""
        return self.beside is not None and self.beside.late

    def __call__(self, total: float, spent_s: float) -> bool:
        if self.beside is None or self.ctrl_c.requested or spent_s < self.due_s - BOUND_ASKED_EARLY_S:
            return False
        bound = self.beside.result(self.deadline - time.monotonic(), lambda: self.ctrl_c.requested)
        gap = None if bound is None else gap_pct(total, bound.total)
        if gap is None or gap > self.limit_pct:
            return False
        self.reached_pct = gap
        return True


def _stopped_by(ctrl_c: Interruption, within: GapLimit) -> Stop:
    if ctrl_c.requested:
        return Stop.INTERRUPTED
    if within.reached_pct is not None:
        return Stop.GAP_LIMIT
    if within.late:
        return Stop.BOUND_LATE
    return Stop.TIME_LIMIT


def _improved(run: Run, options: SolveOptions, launches: list[Launch], within: GapLimit, slots: int) -> list[Launch]:
    """The milestone shortfall alone (on a model of up to LARGE_MODEL `slots`, or with a hard
    milestone the plan so far misses: dispatch does not heed them, and the windows can neither
    meet one nor prove it out of reach), then the window search on the whole objective with
    the rest of `options`' time limit. The plan is held against the gap limit (`within`) before
    the stage, after it and before each window, unless it misses a hard milestone."""
    s = run.s
    budget = options.time_limit_s
    weights = s.settings.weights
    missed = hard_missed(s, launches)
    if not missed and within(levels_of(s, launches).total(weights), 0.0):
        return launches
    if not run.stopped and (missed or slots <= LARGE_MODEL):
        least, used_s = milestones_alone(run, budget, launches)
        budget -= used_s
        if least is not None:
            launches = least.launches
            run.say(f"milestones alone (no plan is under {least.bound:,} short)", launches, levels_of(s, launches))
    if not run.stopped:
        spent = options.time_limit_s - budget
        enough = None if hard_missed(s, launches) else lambda total, windows_s: within(total, spent + windows_s)
        launches = improve(s, launches, options, budget, run.ctrl_c, clock=run.start, level=run.level,
                           enough=enough, shortfall_floor=run.shortfall_bound or 0).launches
    return launches


def proven_infeasible(s: Scenario, options: SolveOptions) -> Plan:
    """CP-SAT proved that no plan keeps every rule (a hard milestone out of reach)."""
    return Plan(tuple(s.fixed_launches), _unsearched("INFEASIBLE", options, Stop.PROVEN_INFEASIBLE))


def _none_in_time(s: Scenario, options: SolveOptions, stopped_by: Stop | None) -> Plan:
    """No plan that keeps every rule was found before the search stopped (nor proven impossible)."""
    return Plan(tuple(s.fixed_launches), _unsearched("UNKNOWN", options, stopped_by))


def _unsearched(status: str, options: SolveOptions, stopped_by: Stop | None) -> SolveReport:
    return SolveReport(status=status, objective=None, best_bound=None, gap_pct=None, time_to_first_s=None,
                       total_s=0.0, levels=None, settings=options.settings(), stopped_by=stopped_by)


def found(s: Scenario, options: SolveOptions, launches: list[Launch], stopped_by: Stop | None,
           kept: str = "") -> Plan:
    """A plan found without the full model, with its measured levels and no bound (`kept`: which
    plan a large re-plan kept)."""
    levels = levels_of(s, launches)
    report = SolveReport(status="FEASIBLE", objective=levels.total(s.settings.weights), best_bound=None,
                         gap_pct=None, time_to_first_s=None, total_s=0.0, levels=levels, settings=options.settings(),
                         stopped_by=stopped_by, kept=kept)
    return Plan(tuple(launches), report)
