"""Dispatch: the plan a planner makes by hand, day by day. A baseline for CP-SAT and its warm start.

Each day, each free pad takes the most urgent shell it can serve (earliest unmet milestone, then
largest shortfall) with the compatible rocket that carries the most, loaded as full as capacity,
shell size and satellite supply allow, when vehicles, engines and satellites are there that day.
Fixed launches are kept and consume like any other. Every rule is held as the plan is built, so
the plan is valid whenever the fixed launches are.

Guided by a monthly flow plan (planner/solve/guide.py), each free pad instead takes the route
(rocket and shell) furthest behind the plan's count for the month, and leaves the pad idle when
no route of the plan is behind.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from planner.board.board import Board, Placed
from planner.domain.entities import Launch, Milestone
from planner.domain.measures import in_orbit, measure
from planner.domain.scenario import Scenario
from planner.manifest.extract import NewIds
from planner.manifest.plan import Objective, Plan, SolveReport
from planner.solve.guide import Guide, Route

NEVER = 1 << 30  # a day index past any horizon


@dataclass(frozen=True)
class Choice:
    pad: str
    shell: str
    rocket: str
    satellites: int
    urgency: tuple[int, int]


def goal(s: Scenario, m: Milestone, fixed: Sequence[Launch]) -> tuple[int, int, frozenset[str]]:
    """A milestone as (due day, satellites still to launch by then, shells that count)."""
    done = in_orbit(s, fixed, m.due_date, m.constellation, m.shell)
    return s.day(m.due_date), m.satellites_in_orbit - done, s.milestone_shells(m)


class Dispatcher:
    """The state of a dispatch walk: the board (the fixed launches and those dispatched so far),
    the satellites dispatched per shell and the launches of each route."""

    def __init__(self, s: Scenario):
        self.s = s
        self.board = Board.of(s, s.fixed_launches)
        self.pads = self.board.lay.pads
        self.planned: dict[str, int] = {sh.id: 0 for sh in s.shells}  # satellites dispatched per shell
        self.goals = [goal(s, m, s.fixed_launches) for m in s.milestones]
        self.dues = sorted(due for due, _, _ in self.goals)
        self._urgency: tuple[tuple[int, int], dict[str, tuple[int, int]], list[str]] = ((-1, -1), {}, [])
        self.launches: list[tuple[int, Choice]] = []
        self.flown: dict[Route, int] = {}

    def urgency(self, day: int) -> tuple[dict[str, tuple[int, int]], list[str]]:
        """shell -> (due day, -shortfall) of its most urgent unmet milestone still ahead, and the
        shells with room left, most urgent first; both change only with a launch or a due date
        passed."""
        key = (len(self.launches), bisect_left(self.dues, day))
        if key != self._urgency[0]:
            out = dict.fromkeys(self.s.shell, (NEVER, 0))
            for due, required, shells in self.goals:
                short = required - sum(self.planned[sh] for sh in shells)
                if due >= day and short > 0:
                    for sh in shells:
                        out[sh] = min(out[sh], (due, -short))
            room = self.board.room
            ranked = sorted((sh for sh in room if room[sh] > 0), key=lambda sh: (out[sh], -room[sh], sh))
            self._urgency = key, out, ranked
        return self._urgency[1], self._urgency[2]

    def free(self, pad: str, day: int) -> bool:
        """Whether `pad` may launch on `day` whatever it flies: open, turned around, and its site
        clear."""
        board = self.board
        return not board.closed(day, pad) and board.turned_around(day, pad) and board.separation_clash(day, pad) is None

    def choose(self, pad: str, day: int, ranked: list[str], urgency: dict[str, tuple[int, int]]) -> Choice | None:
        """What a free pad (see `free`) launches on `day`: the first shell in `ranked` it can serve."""
        options = self.board.lay.options[pad]
        for shell in ranked:
            for o in options.get(shell, ()):
                if (load := self.board.load(day, pad, o, shell, o.max_satellites)) is not None:
                    return Choice(pad, shell, o.rocket, load, urgency[shell])
        return None

    def launch(self, day: int, c: Choice) -> None:
        self.planned[c.shell] += c.satellites
        self.board.add(Placed(day, c.pad, c.rocket, c.shell, c.satellites, f"\0{len(self.launches)}"))
        self.launches.append((day, c))
        self.flown[(c.pad, c.rocket, c.shell)] = self.flown.get((c.pad, c.rocket, c.shell), 0) + 1

    def guided(self, pad: str, day: int, guide: Guide) -> Choice | None:
        """What a free pad (see `free`) launches on `day` under a guide: the route furthest behind the
        guide's count for this month, if it can fly now."""
        best: tuple[float, Choice] | None = None
        for shell, options in self.board.lay.options[pad].items():
            for o in options:
                behind = guide.due((pad, o.rocket, shell), day) - self.flown.get((pad, o.rocket, shell), 0)
                if behind <= 0 or (best is not None and behind <= best[0]):
                    continue
                if (load := self.board.load(day, pad, o, shell, o.max_satellites)) is not None:
                    best = behind, Choice(pad, shell, o.rocket, load, (-round(behind * 1000), 0))
        return best[1] if best else None

    def run(self, guide: Guide | None = None, first_day: int = 0) -> None:
        with self.board.memoised():  # only the walk's own launches change supply
            self._walk(guide, first_day)

    def _walk(self, guide: Guide | None, first_day: int) -> None:
        board = self.board
        ready = dict.fromkeys(self.pads, first_day)  # pad -> the first day it may launch again, as far as it goes
        for day in range(first_day, self.s.horizon_days):
            for p in self.pads:
                if ready[p] < day:
                    ready[p] = board.free_from(day, p)
            waiting = [p for p in self.pads if ready[p] == day and self.free(p, day)]
            while waiting:
                if guide is None:
                    urgency, ranked = self.urgency(day)
                    choices = [c for p in waiting if (c := self.choose(p, day, ranked, urgency))]
                else:
                    choices = [c for p in waiting if (c := self.guided(p, day, guide))]
                if not choices:
                    break
                best = min(choices, key=lambda c: (c.urgency, -c.satellites, c.pad))
                self.launch(day, best)
                waiting = [c.pad for c in choices if c is not best and self.free(c.pad, day)]

    def follow(self, launches: list[Launch]) -> None:
        """Keep the given launches, in date order, each one that still fits beside those kept
        before it: its pad, rocket and day still allowed, with fewer satellites where supply or
        the shell's room falls short, or dropped."""
        s = self.s
        with self.board.memoised():
            for l in sorted(launches, key=lambda l: (l.date, l.pad, l.launch_id)):
                day = s.day(l.date)
                if not 0 <= day < s.horizon_days or not self.free(l.pad, day):
                    continue
                o = self.board.option(l.pad, l.rocket, l.shell)
                if o is not None and (load := self.board.load(day, l.pad, o, l.shell, l.satellites)) is not None:
                    self.launch(day, Choice(l.pad, l.shell, l.rocket, load, (NEVER, 0)))

    def plan(self) -> Iterator[Launch]:
        s = self.s
        new_id = NewIds({f.launch_id for f in s.fixed_launches})
        for day, c in sorted(self.launches, key=lambda x: (x[0], x[1].pad)):
            constellation = s.shell[c.shell].constellation
            yield Launch(launch_id=new_id(constellation), date=s.date_of(day), site=s.pad[c.pad].site,
                         pad=c.pad, rocket=c.rocket, constellation=constellation, shell=c.shell,
                         satellites=c.satellites)


def dispatch(s: Scenario, guide: Guide | None = None) -> list[Launch]:
    """A valid plan built greedily day by day: the fixed launches, then the launches dispatched
    (by urgency, or following `guide`, from the guide's first day)."""
    d = Dispatcher(s)
    d.run(guide, guide.first_day if guide is not None else 0)
    return [*s.fixed_launches, *d.plan()]


def repaired(s: Scenario, launches: list[Launch]) -> list[Launch]:
    """A valid plan kept as close to `launches` (a baseline after events) as a walk in date order
    allows: the fixed launches, then each launch that still fits, as it was or lighter."""
    d = Dispatcher(s)
    d.follow([l for l in launches if not l.is_fact])
    return [*s.fixed_launches, *d.plan()]


def filled(s: Scenario, launches: list[Launch], first_day: int = 0) -> list[Launch]:
    """The fixed launches and `launches` (a valid plan, such as a repaired baseline) kept as
    they are, and the pad time they leave free from `first_day` on taken by dispatch, around
    them as around fixed launches: nothing kept moves."""
    fixed_ids = {f.launch_id for f in s.fixed_launches}
    held = (*s.fixed_launches, *(l for l in launches if l.launch_id not in fixed_ids))
    d = Dispatcher(s.model_copy(update={"fixed_launches": held}))
    d.run(None, first_day)
    return [*held, *d.plan()]


def dispatch_plan(s: Scenario) -> Plan:
    """The dispatch plan with a report whose levels are the independent measures."""
    start = time.monotonic()
    launches = dispatch(s)
    return plan_of(s, launches, "DISPATCH", time.monotonic() - start)


def plan_of(s: Scenario, launches: list[Launch], status: str, elapsed: float = 0.0) -> Plan:
    """A plan made without the search (dispatch, a simulated future): its report's levels are
    the independent measures, weighted as the objective weighs them."""
    m = measure(s, launches)
    w = s.settings.weights
    objective = (w.milestone * m.milestone_shortfall - w.speed * m.satellite_days
                 + w.cost * m.cost_mcny + w.risk * m.expected_lost)
    levels = Objective(m.milestone_shortfall, m.satellite_days, m.cost_mcny, m.expected_lost)
    report = SolveReport(status=status, objective=objective, best_bound=None, gap_pct=None, time_to_first_s=elapsed,
                         total_s=elapsed, levels=levels)
    return Plan(tuple(launches), report)
