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
from collections.abc import Iterator
from dataclasses import dataclass

from planner.domain.measures import measure
from planner.domain.entities import Launch, Milestone
from planner.domain.scenario import Scenario
from planner.manifest.extract import NewIds
from planner.manifest.plan import Objective, Plan, SolveReport
from planner.solve.guide import Guide, Route
from planner.solve.ledger import Ledger

NEVER = 1 << 30  # a day index past any horizon


@dataclass(frozen=True)
class Option:
    """One way a pad may launch to a shell: the rocket, its capacity there, and the days it may fly."""

    rocket: str
    min_satellites: int
    max_satellites: int
    allowed: bytearray  # per day of the horizon: 1 when the pad is open, the rocket flies, fixed launches clear


@dataclass(frozen=True)
class Choice:
    pad: str
    shell: str
    rocket: str
    satellites: int
    urgency: tuple[int, int]


def goal(s: Scenario, m: Milestone, kept: list[Launch]) -> tuple[int, int, frozenset[str]]:
    """A milestone as (due day, satellites still to launch by then, shells that count)."""
    shells = s.milestone_shells(m)
    done = sum(f.satellites for f in kept if f.shell in shells and f.date <= m.due_date)
    return s.day(m.due_date), m.satellites_in_orbit - done, shells


class Dispatcher:
    """The state of a dispatch walk: pads and sites busy until a day, shells filled, supply used."""

    def __init__(self, s: Scenario):
        self.s = s
        self.ledger = Ledger(s)
        self.options = {pad: self._options(pad) for pad in sorted(s.pad)}
        self.pad_free = {pad: 0 for pad in s.pad}  # first day each pad may launch again
        self.site_free = {site: 0 for site in s.site}
        kept = [f for f in s.fixed_launches if not f.failed]
        self.room = {sh.id: sh.satellites - sum(f.satellites for f in kept if f.shell == sh.id) for sh in s.shells}
        self.planned: dict[str, int] = {sh.id: 0 for sh in s.shells}  # satellites dispatched per shell
        self.goals = [goal(s, m, kept) for m in s.milestones]
        self.launches: list[tuple[int, Choice]] = []
        self.flown: dict[Route, int] = {}

    def _options(self, pad: str) -> dict[str, list[Option]]:
        """shell -> the options of `pad`, the rocket carrying the most first."""
        s = self.s
        open_ = bytearray(s.horizon_days)
        for d in s.pad_open_days(pad):
            open_[d] = 1
        allowed: dict[str, bytearray] = {}
        out: dict[str, list[Option]] = {}
        for rocket, shell, cap in s.routes(pad):
            if rocket not in allowed:
                allowed[rocket] = bytearray(open_)
                for d in s.rocket_blocked_days(rocket) | s.clear_of_fixed(pad, rocket):
                    if 0 <= d < s.horizon_days:
                        allowed[rocket][d] = 0
            if any(allowed[rocket]):
                out.setdefault(shell, []).append(Option(rocket, max(1, cap.min_satellites),
                                                        cap.max_satellites, allowed[rocket]))
        for opts in out.values():
            opts.sort(key=lambda o: (-o.max_satellites, o.rocket))
        return out

    def urgency(self, day: int) -> dict[str, tuple[int, int]]:
        """shell -> (due day, -shortfall) of its most urgent unmet milestone still ahead."""
        out = {sh: (NEVER, 0) for sh in self.s.shell}
        for due, required, shells in self.goals:
            short = required - sum(self.planned[sh] for sh in shells)
            if due >= day and short > 0:
                for sh in shells:
                    out[sh] = min(out[sh], (due, -short))
        return out

    def free(self, pad: str, day: int) -> bool:
        """Whether `pad` and its site may launch on `day` (turnaround and separation passed)."""
        return self.pad_free[pad] <= day and self.site_free[self.s.pad[pad].site] <= day

    def load(self, o: Option, shell: str, day: int, wanted: int) -> int | None:
        """The satellites `o` carries to `shell` on `day`, at most `wanted` and as many as the
        shell's room and satellite supply allow; None if it cannot fly then."""
        if not o.allowed[day] or not self.ledger.rocket_ok(o.rocket, day):
            return None
        load = min(wanted, self.room[shell], self.ledger.satellites_free(shell, day))
        return load if load >= o.min_satellites else None

    def choose(self, pad: str, day: int, ranked: list[str], urgency: dict[str, tuple[int, int]]) -> Choice | None:
        """What a free pad launches on `day`: the first shell in `ranked` it can serve."""
        if not self.free(pad, day):
            return None
        options = self.options[pad]
        for shell in ranked:
            for o in options.get(shell, ()):
                if (load := self.load(o, shell, day, o.max_satellites)) is not None:
                    return Choice(pad, shell, o.rocket, load, urgency[shell])
        return None

    def launch(self, day: int, c: Choice) -> None:
        s = self.s
        self.pad_free[c.pad] = day + s.turnaround(c.pad, c.rocket)
        site = s.pad[c.pad].site
        self.site_free[site] = day + s.separation(site)
        self.room[c.shell] -= c.satellites
        self.planned[c.shell] += c.satellites
        self.ledger.take(c.rocket, c.shell, c.satellites)
        self.launches.append((day, c))
        self.flown[(c.pad, c.rocket, c.shell)] = self.flown.get((c.pad, c.rocket, c.shell), 0) + 1

    def guided(self, pad: str, day: int, guide: Guide) -> Choice | None:
        """What a free pad launches on `day` under a guide: the route furthest behind the
        guide's count for this month, if it can fly now."""
        if not self.free(pad, day):
            return None
        best: tuple[float, Choice] | None = None
        for shell, options in self.options[pad].items():
            for o in options:
                behind = guide.due((pad, o.rocket, shell), day) - self.flown.get((pad, o.rocket, shell), 0)
                if behind <= 0 or (best is not None and behind <= best[0]):
                    continue
                if (load := self.load(o, shell, day, o.max_satellites)) is not None:
                    best = behind, Choice(pad, shell, o.rocket, load, (-round(behind * 1000), 0))
        return best[1] if best else None

    def run(self, guide: Guide | None = None, first_day: int = 0) -> None:
        for day in range(first_day, self.s.horizon_days):
            waiting = [p for p in self.options if self.pad_free[p] <= day]
            while waiting:
                if guide is None:
                    urgency = self.urgency(day)
                    ranked = sorted((sh for sh in self.room if self.room[sh] > 0),
                                    key=lambda sh: (urgency[sh], -self.room[sh], sh))
                    choices = [c for p in waiting if (c := self.choose(p, day, ranked, urgency))]
                else:
                    choices = [c for p in waiting if (c := self.guided(p, day, guide))]
                if not choices:
                    break
                best = min(choices, key=lambda c: (c.urgency, -c.satellites, c.pad))
                self.launch(day, best)
                waiting = [c.pad for c in choices if c is not best]

    def follow(self, launches: list[Launch]) -> None:
        """Keep the given launches, in date order, each one that still fits beside those kept
        before it: its pad, rocket and day still allowed, with fewer satellites where supply or
        the shell's room falls short, or dropped."""
        s = self.s
        for l in sorted(launches, key=lambda l: (l.date, l.pad, l.launch_id)):
            day = s.day(l.date)
            if not 0 <= day < s.horizon_days or not self.free(l.pad, day):
                continue
            o = next((o for o in self.options[l.pad].get(l.shell, ()) if o.rocket == l.rocket), None)
            if o is not None and (load := self.load(o, l.shell, day, l.satellites)) is not None:
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
    report = SolveReport(status, objective, None, None, elapsed, elapsed, levels, {}, status.lower())
    return Plan(tuple(launches), report)
