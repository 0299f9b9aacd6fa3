"""The re-plan's search: recover what the events cost, with the fewest changes.

A re-plan ranks the milestones first, the changes second, then satellite-days, then cost and
risk (planning-model.md, Re-planning). What the events cost is measured against the baseline's
own level, the weighted satellites short it planned: a re-plan wins back satellites up to that
level, not beyond it (going beyond is a new plan's work, `planner solve`), so with no news it
changes nothing.

1. The kept baseline: each movable baseline launch kept where it still fits, lighter where
   supply or a shell's room falls short, else dropped (planner/solve/dispatch.py, `repaired`).
   Only what the events force changes. When it loses nothing against the baseline's level,
   it is the re-plan.
2. Repair: windows of WINDOW_DAYS from the freeze's end to the last due date still short,
   each re-solved by CP-SAT with the rest of the plan fixed (planner/solve/solver.py,
   `recover`): the fewest satellites lost, then the fewest changes, then the weighted
   objective. A window is kept when the whole plan is better on those terms.
3. Rebuild, when the repair still loses satellites: the plan rebuilt from the freeze's end
   (the kept plan with its free pad time filled, dispatch, the guided dispatch, and on a model
   of up to LARGE_MODEL slots the milestones alone), taken when it loses fewer satellites, then
   pulled back to the baseline: launch by launch on the board, each baseline launch put back
   as it was where its milestone level holds, then by the same windows.
4. The trade-off: every plan met on the way; those where fewer satellites short cost more
   changes are the points the planner chooses from, the chosen one the best within the cap.

Every step counts its work, not the clock, so the same inputs give the same re-plan.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from planner.board.board import Board, Placed
from planner.board.goals import goals, short_of, standing
from planner.domain.entities import Launch
from planner.domain.measures import measure
from planner.domain.scenario import Scenario
from planner.manifest.plan import Plan, Stop
from planner.model.slots import make_slots
from planner.model.stability import Anchor, Baseline
from planner.replan.identify import identify
from planner.solve.dispatch import filled, repaired
from planner.solve.guide import FlowPlan
from planner.solve.improve import levels_of, window_scenario
from planner.solve.search import (
    BUILD_S_PER_SLOT,
    LARGE_MODEL,
    Run,
    found,
    guided,
    milestones_alone,
    paid_rounds,
    search,
)
from planner.solve.solver import NoPlanExists, Recovery, SolveOptions, recover

WINDOW_DAYS = 120
STEP_DAYS = 60
WINDOW_WORK_S = 10.0  # a window's CP-SAT run, as a time limit (work on a reproducible search: about 4 s here)
WINDOW_COST_S = 6.0  # what a window costs of the budget, its model's build included (measured, 2 cores, ten years)
REPAIR_SHARE = 0.4  # of the time limit, at most, for the repair; the rest rebuilds and pulls back
CAP_POINTS = 3  # capped repairs between the kept baseline and the chosen plan, for the trade-off


@dataclass(frozen=True)
class Point:
    """One re-plan met on the way: its changes, satellites short (weighted, and per milestone),
    satellite-days and how it was made."""

    changes: int
    shortfall: int
    milestones: tuple[int, ...]
    satellite_days: int
    how: str
    launches: tuple[Launch, ...] = field(repr=False, compare=False)


@dataclass
class Points:
    """The re-plans met, judged as the spec ranks them: satellites lost against the baseline's
    level, then changes, then satellite-days; a cap on the changes, if any."""

    s: Scenario
    anchors: tuple[Anchor, ...]
    fixed_ids: frozenset[str]
    reference: int  # the baseline's own weighted satellites short
    cap: int | None = None
    met: list[Point] = field(default_factory=list)

    def add(self, launches: Sequence[Launch], how: str) -> Point:
        m = measure(self.s, launches)
        planned = [l for l in launches if l.launch_id not in self.fixed_ids]
        changes = identify(planned, self.anchors, ()).changes
        point = Point(changes, m.milestone_shortfall, tuple(r.shortfall for r in m.milestones), m.satellite_days,
                      how, tuple(launches))
        self.met.append(point)
        return point

    def lost(self, p: Point) -> int:
        return max(0, p.shortfall - self.reference)

    def rank(self, p: Point) -> tuple[int, int, int]:
        return self.lost(p), p.changes, -p.satellite_days

    def allowed(self, p: Point) -> bool:
        return self.cap is None or p.changes <= self.cap

    def best(self) -> Point:
        """The chosen re-plan: the best within the cap (the kept baseline when nothing is)."""
        within = [p for p in self.met if self.allowed(p)] or self.met[:1]
        return min(within, key=self.rank)

    def frontier(self) -> list[Point]:
        """The trade-off: the kept baseline, then by changes each point with fewer satellites
        short than every point before it."""
        out: list[Point] = self.met[:1]
        for p in sorted(self.met[1:], key=lambda p: (p.changes, p.shortfall, -p.satellite_days)):
            if p.shortfall < out[-1].shortfall:
                out.append(p)
        return out


@dataclass(frozen=True)
class Replanned:
    plan: Plan
    tradeoff: list[Point]
    chosen: Point
    reference: int  # the baseline's own weighted satellites short
    baseline: Baseline


def replan(s: Scenario, options: SolveOptions, baseline: Baseline, reference: int, cap: int | None = None,
           taken_ids: frozenset[str] = frozenset(), level: int = logging.INFO, bound_beside: bool = True,
           also: Sequence[tuple[Sequence[Launch], str]] = ()) -> Replanned:
    """The re-plan of `s` (the scenario after the events, its fixed launches those kept as
    given) against `baseline`, whose own weighted satellites short are `reference`; with `cap`,
    at most that many changes. `also`: plans made elsewhere (a future's quick fill), each with
    how it was made, that the search starts from when they rank better than the kept baseline."""
    points = Points(s, baseline.anchors, frozenset(f.launch_id for f in s.fixed_launches), reference, cap)
    plan = search(s, options, taken_ids, level=level, bound_beside=bound_beside,
                  work=lambda run: _recovered(run, baseline, points, also))
    chosen = next((p for p in points.met if p.launches == plan.launches), None) if points.met else None
    if chosen is None and plan.report.levels is not None:
        chosen = points.add(plan.launches, "the search's plan")
    return Replanned(plan, points.frontier(), chosen or points.best(), reference, baseline)


def _recovered(run: Run, baseline: Baseline, points: Points,
               also: Sequence[tuple[Sequence[Launch], str]]) -> tuple[Plan, float]:
    """The search (see the module's docstring), from the best of the kept baseline and `also`;
    and when its first plan came."""
    s, options = run.s, run.options
    kept = repaired(s, [a.at_earliest for a in baseline.anchors])
    first_s = time.monotonic() - run.start
    best = points.add(kept, "kept baseline")
    run.say("baseline kept where it still fits", kept, levels_of(s, kept))
    best = min([best, *(points.add(launches, how) for launches, how in also)], key=points.rank)
    budget = _Budget(options.time_limit_s)
    if points.lost(best) > 0 and not run.stopped:
        try:
            best = _repair(run, baseline, points, best, budget, REPAIR_SHARE)
            if points.lost(best) > 0 and not run.stopped:
                best = _rebuild(run, baseline, points, best, budget)
        except NoPlanExists:
            pass
        _tradeoff(run, baseline, points, budget)
    chosen = points.best()
    stop = run.stopped_by if run.stopped else Stop.TIME_LIMIT
    return found(s, options, list(chosen.launches), stop), first_s


@dataclass
class _Budget:
    """The re-plan's time limit, spent by count (each stage's nominal cost), not by the clock."""

    total_s: float
    spent_s: float = 0.0

    @property
    def left_s(self) -> float:
        return self.total_s - self.spent_s

    def pays(self, cost_s: float) -> bool:
        return self.spent_s + cost_s <= self.total_s


def _windows(s: Scenario, first_day: int, last_day: int) -> list[tuple[int, int]]:
    """(first day, last day) of the overlapping windows over [first_day, last_day], earliest first."""
    out, a = [], first_day
    while True:
        out.append((a, min(a + WINDOW_DAYS - 1, s.horizon_days - 1)))
        if a + WINDOW_DAYS - 1 >= last_day or a + STEP_DAYS >= s.horizon_days:
            return out
        a += STEP_DAYS


def _window(run: Run, baseline: Baseline, points: Points, plan: Point, first: int, last: int,
            target: int, cap: int | None) -> list[Launch] | None:
    """`plan` with the window [first, last] re-solved for the recovery: satellites lost against
    `target`, then changes (at most `cap` in the window), then the weighted objective."""
    s = run.s
    start, end = s.date_of(first), s.date_of(last)
    movable = [l for l in plan.launches if start <= l.date <= end and l.launch_id not in points.fixed_ids]
    moving = {l.launch_id for l in movable}
    outside = [l for l in plan.launches if l.launch_id not in moving]
    inside = tuple(a for a in baseline.anchors if start <= a.launch.date <= end)
    options = replace(run.options, time_limit_s=WINDOW_WORK_S)
    result = recover(window_scenario(s, first, last, outside), options, movable,
                     Baseline(inside, max(baseline.plan_from, start)), Recovery(target, cap),
                     frozenset(l.launch_id for l in plan.launches) | run.taken_ids)
    return None if result is None else list(result.launches)


def _pass(run: Run, baseline: Baseline, points: Points, best: Point, spans: list[tuple[int, int]],
          budget: _Budget, limit_s: float, how: str, cap: int | None = None) -> Point:
    """Each window in turn while `limit_s` of the budget pays for it; a window's plan kept when
    it ranks better (and keeps the cap)."""
    spent0 = budget.spent_s
    for first, last in spans:
        if run.stopped or budget.spent_s - spent0 + WINDOW_COST_S > limit_s or not budget.pays(WINDOW_COST_S):
            break
        budget.spent_s += WINDOW_COST_S
        window_cap = None if cap is None else max(0, cap - best.changes + _window_changes(best, points, first, last))
        launches = _window(run, baseline, points, best, first, last, points.reference, window_cap)
        if launches is None:
            continue
        candidate = points.add(launches, how)
        if points.rank(candidate) < points.rank(best) and (cap is None or candidate.changes <= cap):
            best = candidate
            run.say(f"{how}, window {run.s.date_of(first)} .. {run.s.date_of(last)}: {best.changes} changes",
                    list(best.launches), levels_of(run.s, best.launches))
    return best


def _window_changes(p: Point, points: Points, first: int, last: int) -> int:
    """An estimate of the changes a plan makes inside a window: its launches there that are not a
    baseline launch as it was, and the baseline launches there it does not keep as they were."""
    s = points.s
    start, end = s.date_of(first), s.date_of(last)
    ours = {_as_kept(l) for l in p.launches if start <= l.date <= end and l.launch_id not in points.fixed_ids}
    theirs = {_as_kept(a.launch) for a in points.anchors if start <= a.launch.date <= end}
    return len(ours - theirs) + len(theirs - ours)


def _as_kept(l: Launch) -> tuple:
    return (l.date, l.pad, l.rocket, l.shell, l.satellites)


def _span(s: Scenario, points: Points, p: Point, baseline: Baseline) -> list[tuple[int, int]]:
    """The windows from the freeze's end to the last due date where `p` is short."""
    first = max(0, s.day(baseline.plan_from))
    dues = [s.day(m.due_date) for m, short in zip(s.milestones, p.milestones) if short]
    last = max([d for d in dues if d >= first], default=first)
    return _windows(s, first, min(last, s.horizon_days - 1))


def _repair(run: Run, baseline: Baseline, points: Points, best: Point, budget: _Budget, share: float) -> Point:
    """The kept baseline repaired window by window, as long as a pass improves it."""
    limit = run.options.time_limit_s * share
    while points.lost(best) > 0 and not run.stopped:
        before = best
        best = _pass(run, baseline, points, best, _span(run.s, points, best, baseline), budget,
                     max(0.0, limit - budget.spent_s), "repaired")
        if best is before or budget.spent_s >= limit:
            break
    return best


def _rebuild(run: Run, baseline: Baseline, points: Points, best: Point, budget: _Budget) -> Point:
    """A plan rebuilt from the freeze's end, when it loses fewer satellites than `best`,
    pulled back to the baseline; the better of the two."""
    s = run.s
    first = max(0, s.day(baseline.plan_from))
    kept = list(points.met[0].launches)
    candidates = [(filled(s, kept, first), "baseline kept, free pad time filled"),
                  (filled(s, [], first), "dispatch from the freeze on")]
    flow = FlowPlan(s, first)
    rounds, guide_s = paid_rounds(flow, budget.left_s)
    if rounds and not run.stopped:
        budget.spent_s += guide_s
        candidates.append((guided(run, flow, candidates[-1][0], rounds), "guided dispatch from the freeze on"))
    rebuilt = min((points.add(p, how) for p, how in candidates), key=lambda p: (points.lost(p), p.changes))
    slots = len(make_slots(s))
    build_s = BUILD_S_PER_SLOT * slots
    if slots <= LARGE_MODEL and not run.stopped and budget.pays(2 * build_s):  # the build, and as long to search
        budget.spent_s += build_s
        least, used_s = milestones_alone(run, budget.left_s, list(rebuilt.launches), baseline)
        budget.spent_s += used_s
        if least is not None:
            alone = points.add(least.launches, "milestones alone from the freeze on")
            rebuilt = min(rebuilt, alone, key=lambda p: (points.lost(p), p.changes))
    if points.lost(rebuilt) >= points.lost(best):
        return best
    run.say(f"{rebuilt.how}: {rebuilt.changes} changes", list(rebuilt.launches), levels_of(s, rebuilt.launches))
    pulled = points.add(_pulled_back(s, baseline, points, rebuilt), f"{rebuilt.how}, pulled back")
    if points.rank(pulled) < points.rank(rebuilt):
        rebuilt = pulled
        run.say(f"pulled back to the baseline: {rebuilt.changes} changes", list(rebuilt.launches),
                levels_of(s, rebuilt.launches))
    spans = _windows(s, first, s.horizon_days - 1)
    rebuilt = _pass(run, baseline, points, rebuilt, spans, budget, budget.left_s, "pulled back")
    return min(best, rebuilt, key=points.rank)


def _pulled_back(s: Scenario, baseline: Baseline, points: Points, p: Point) -> list[Launch]:
    """`p` with each launch the baseline did not have taken off, latest first, where the
    satellites short do not grow without it; then each baseline launch put back as it was, in
    date order, where the board lets it fly once the plan's launches the board names in its way
    are taken off, and the satellites short do not grow. Twice over, as each makes room for
    the other."""
    board = Board.of(s, p.launches)
    fixed, targets = points.fixed_ids, goals(s)
    as_it_was = {_on_board(Placed.of(s.day(a.launch.date), a.launch)) for a in baseline.anchors}

    def kept(q: Placed) -> bool:
        return q.launch_id in fixed or _on_board(q) in as_it_was

    def short() -> int:
        return short_of(targets, standing(board, targets))

    level = short()
    for _ in range(2):
        for q in sorted(board.launches.values(), key=lambda q: (-q.day, q.pad)):
            if not kept(q):
                board.remove(q)
                if short() > level:
                    board.add(q)
        on_board = {_on_board(q) for q in board.launches.values()}
        for a in sorted(baseline.anchors, key=lambda a: (a.launch.date, a.launch.pad)):
            l, day = a.launch, s.day(a.launch.date)
            back = Placed(day, l.pad, l.rocket, l.shell, l.satellites, f"\0{l.launch_id}")
            if a.earliest != l.date or _on_board(back) in on_board:
                continue
            way = _clear_way(board, l, day, kept)
            if way is None:
                continue
            option = board.option(l.pad, l.rocket, l.shell)
            if option is not None and board.load(day, l.pad, option, l.shell, l.satellites) == l.satellites:
                board.add(back)
                if short() <= level:
                    on_board.add(_on_board(back))
                    continue
                board.remove(back)
            for q in way:
                board.add(q)
    kept_ids = {f.launch_id: f for f in s.fixed_launches}
    return [kept_ids.get(q.launch_id) or q.launch(s, "failed" if q.failed else "planned")
            for q in sorted(board.launches.values(), key=lambda q: (q.day, q.pad))]


def _on_board(q: Placed) -> tuple:
    """A launch as the board holds it, its id aside: what "kept as it was" compares."""
    return q.day, q.pad, q.rocket, q.shell, q.satellites


def _clear_way(board: Board, l: Launch, day: int, kept: Callable[[Placed], bool]) -> list[Placed] | None:
    """Take off the board the launches its rules name as keeping `l` from `day` (its pad's
    turnaround, its site's separation, its model's campaign), and return them; None, with
    nothing taken off, when one of them is `kept`."""
    removed: list[Placed] = []
    while (clash := board.turnaround_clash(day, l.pad, l.rocket) or board.separation_clash(day, l.pad)
           or board.campaign_clash(day, l.rocket)) is not None:
        q = board.launches[clash]
        if kept(q):
            for r in removed:
                board.add(r)
            return None
        board.remove(q)
        removed.append(q)
    return removed


def _tradeoff(run: Run, baseline: Baseline, points: Points, budget: _Budget) -> None:
    """Capped repairs between the kept baseline and the chosen plan, so the planner sees what
    fewer changes would give up: at most CAP_POINTS, with what the budget has left."""
    kept, chosen = points.met[0], points.best()
    gap = chosen.changes - kept.changes
    for k in range(CAP_POINTS, 0, -1):
        cap = kept.changes + gap * k // (CAP_POINTS + 1)
        if cap <= kept.changes or run.stopped or not budget.pays(WINDOW_COST_S):
            continue
        _pass(run, baseline, points, kept, _span(run.s, points, kept, baseline), budget,
              budget.left_s, f"repaired within {cap} changes", cap)

