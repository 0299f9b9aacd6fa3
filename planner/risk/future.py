"""One future: draw every uncertain input, execute the plan day by day, re-plan after events.

Each day, deliveries revealed that morning come first: if the plan no longer holds on what
the planner now knows, it re-plans as of that day. Then the day's launches are attempted, pad
by pad: a grounded model stands down, weather may scrub, a slip may move the launch, and a
launch that flies may fail, which grounds its model for its return to flight. Any of these
re-plans as of the next day (policy.py); with Settings `replan_every_days`, the touched
launches only wait for their next free day and the re-plan comes on the cadence's next day. The
launches attempted form the realised manifest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from planner.board.board import Board, Placed
from planner.board.goals import Goal, goals, short_of, standing
from planner.board.layout import Known, Layout
from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.domain.supply import month_ends
from planner.manifest.extract import NewIds
from planner.risk.deliveries import Supply, draw_supply
from planner.risk.full import replan_full
from planner.risk.known import known_scenario
from planner.risk.policy import Policy, keep, put_back, recover
from planner.risk.sources import Draws, Uncertain
from planner.solve.solver import SolveOptions


def deployment_series(s: Scenario) -> list[tuple[str, str | None]]:
    """The (constellation, shell) series of deployment: each constellation whole (shell None),
    then each shell, in id order."""
    return [(c, None) for c in sorted({sh.constellation for sh in s.shells})] + \
        [(sh.constellation, sh.id) for sh in sorted(s.shells, key=lambda sh: sh.id)]


@dataclass
class World:
    """What every future of a run shares: the scenario read for the board, and the plan's start."""

    s: Scenario
    layout: Layout
    goals: list[Goal]
    policy: Policy
    start: int  # first day a future decides: as_of, else the horizon's first day
    months: list[date]
    season: dict[str, np.ndarray]  # stream key of a weather row -> days in season

    @classmethod
    def of(cls, s: Scenario, move_days: int = 29, full: SolveOptions | None = None) -> World:
        start = max(0, s.day(s.settings.as_of)) if s.settings.as_of else 0
        season = {f"row{i}": _in_season(s, u.from_, u.to) for i, u in enumerate(s.uncertainty)
                  if u.kind == "weather" and u.from_ is not None and u.to is not None}
        policy = Policy(s.settings.freeze_days, move_days, s.settings.replan_every_days, full)
        return cls(s, Layout.of(s), goals(s), policy, start,
                   month_ends(s.settings.horizon_start, s.settings.horizon_end), season)


def _in_season(s: Scenario, first: date, last: date) -> np.ndarray:
    """Days of the horizon whose month and day lie in [first, last], wrapping the year end."""
    lo, hi = (first.month, first.day), (last.month, last.day)
    out = np.zeros(s.horizon_days, dtype=bool)
    for d in range(s.horizon_days):
        x = s.date_of(d)
        md = (x.month, x.day)
        out[d] = lo <= md <= hi if lo <= hi else (md >= lo or md <= hi)
    return out


@dataclass
class Realised:
    """What one future realised: the launches attempted (failed ones marked) and its events."""

    index: int
    seed: int
    launches: list[Placed] = field(default_factory=list)
    failures: int = 0
    slips: int = 0
    scrubs: int = 0
    late_deliveries: int = 0
    replans: int = 0
    groundings: list[tuple[str, int, int]] = field(default_factory=list)  # rocket, first, last day
    supply: Supply | None = None


class Future:
    """The state of one future as it runs."""

    def __init__(self, w: World, plan: list[Launch], unc: Uncertain, index: int, seed: int):
        self.w, self.unc = w, unc
        s = w.s
        self.days = s.horizon_days
        self.draws = Draws(seed, s.horizon_days)
        self.supply = draw_supply(s, unc, self.draws, w.start)
        self.known = Known(w.layout, {}, {}, {}, {r: m.copy() for r, m in w.layout.blocked.items()})
        for stream in self.supply.lines:
            self._believe(stream, w.start)
        self.board = Board(self.known)
        self.flights = dict.fromkeys(s.rocket, 0)
        self.failed = dict.fromkeys(s.rocket, 0)
        self.executed: set[str] = set()
        self.out = Realised(index, seed, supply=self.supply)
        for l in sorted((l for l in plan if l.is_fact), key=lambda l: (l.date, l.pad)):
            fact = Placed.of(s.day(l.date), l)
            self.board.add(fact)
            self.out.launches.append(fact)
            self.flights[l.rocket] += 1
            self.executed.add(l.launch_id)
        self.new_id = NewIds({l.launch_id for l in plan})
        self.pending: list[int] | None = None  # on a cadence: what the plan gave before the events to re-plan
        keep(self.board, [Placed(s.day(l.date), l.pad, l.rocket, l.shell, l.satellites, l.launch_id)
                          for l in plan if not l.is_fact and s.day(l.date) >= w.start], {}, w.start, w.policy.move_days,
             self.executed)
        self._index()

    def _believe(self, stream: str, day: int) -> None:
        kind, key = stream.split(" ", 1)
        table = {"vehicles": self.known.vehicles, "engines": self.known.engines, "satellites": self.known.satellites}
        table[kind][key] = self.supply.known(stream, day)

    def _index(self) -> None:
        """The plan's launches still to attempt, by day."""
        self.by_day: dict[int, list[Placed]] = {}
        for p in self.board.launches.values():
            if p.launch_id not in self.executed:
                self.by_day.setdefault(p.day, []).append(p)

    def _replan(self, as_of: int, touched: list[Placed], earliest: dict[str, int],
                before: list[int] | None = None) -> None:
        """After an event: re-plan at once, or, on a cadence, let the touched launches wait and
        remember what the plan gave before the first event since the last re-plan."""
        w = self.w
        before = before if before is not None else standing(self.board, w.goals)
        put_back(self.board, touched, earliest, as_of, w.policy, self.executed)
        if w.policy.every_days is None:
            self._recover(as_of, before)
            self.out.replans += 1
        elif self.pending is None:
            self.pending = before
        self._index()

    def _on_cadence(self, day: int) -> None:
        """A re-plan on the cadence's day, if an event came since the last one."""
        every = self.w.policy.every_days
        if every is None or self.pending is None or (day - self.w.start) % every:
            return
        self._recover(day, self.pending)
        self.pending = None
        self.out.replans += 1
        self._index()

    def _recover(self, as_of: int, before: list[int]) -> None:
        """Make good what the events took: the quick fill, then, if the policy asks for it and
        the fill leaves satellites lost, the full re-plan's search from it."""
        w = self.w
        reference = short_of(w.goals, before)
        ids = set(self.board.launches)
        recover(self.board, before, as_of, w.policy, w.goals, self.new_id, self.executed)
        if w.policy.full is None or short_of(w.goals, standing(self.board, w.goals)) <= reference:
            return
        replan_full(self.board, self._known(as_of), as_of, w.policy, self.executed, self.new_id, w.goals,
                    reference, set(self.board.launches) - ids)

    def _known(self, day: int):
        return known_scenario(self.w.s, self.supply, self.out.groundings, f"future {self.out.index}", day)

    def _unsupplied(self) -> list[Placed]:
        """Launches still to fly that what the planner now knows no longer supplies: those of
        each stream short on some day, from that day on."""
        b, k, lay = self.board, self.known, self.w.layout
        short: list[tuple[str, int]] = []  # (what the stream feeds, first day short)
        for r, usable in k.vehicles.items():
            if (bad := np.flatnonzero(usable * lay.fpv[r] - b.flights[r] < 0)).size:
                short.append((f"rocket {r}", int(bad[0])))
        for e, usable in k.engines.items():
            if (bad := np.flatnonzero(usable - b.engines_used[e] < 0)).size:
                short += [(f"rocket {r}", int(bad[0])) for r, users in lay.engines_of.items()
                          if any(x == e for x, _ in users)]
        for key, usable in k.satellites.items():
            if (bad := np.flatnonzero(usable - b.satellites_used[key] < 0)).size:
                short.append((f"stream {key}", int(bad[0])))
        out = []
        for p in b.launches.values():
            if p.launch_id in self.executed:
                continue
            if any(p.day >= d and (what == f"rocket {p.rocket}" or what == f"stream {lay.stream_of[p.shell]}")
                   for what, d in short):
                out.append(p)
        return out

    def run(self) -> Realised:
        for day in range(self.w.start, self.days):
            self._on_cadence(day)
            if day in self.supply.reveal_days:
                for stream in self.supply.reveal_days[day]:
                    self._believe(stream, day)
                self.out.late_deliveries += 1
                if touched := self._unsupplied():
                    self._replan(day, touched, {})
            moved: dict[str, int] = {}
            touched, lost = [], False
            today = sorted(self.by_day.get(day, ()), key=lambda p: p.pad)
            before = standing(self.board, self.w.goals) if today else None
            for p in today:
                wait = self._wait(day, p)
                if wait:
                    moved[p.launch_id] = day + wait
                    touched.append(p)
                elif self._fly(day, p):
                    lost = True
                    grounded = [q for q in self.board.launches.values() if q.rocket == p.rocket
                                and q.launch_id not in self.executed and self.known.blocked[p.rocket][q.day]]
                    back = self._back(p.rocket, day)
                    moved |= {q.launch_id: max(moved.get(q.launch_id, 0), back) for q in grounded}
                    touched += grounded
            if touched or lost:
                self._replan(day + 1, touched, moved, before)
        return self.out

    def _back(self, rocket: str, day: int) -> int:
        """The first day from `day` on that `rocket` is not grounded."""
        free = np.flatnonzero(~self.known.blocked[rocket][day:])
        return day + int(free[0]) if free.size else self.days

    def _wait(self, day: int, p: Placed) -> int:
        """Days the attempt waits: 1 when grounded or scrubbed, a slip's days, else 0."""
        if self.known.blocked[p.rocket][day]:
            self.out.scrubs += 1
            return 1
        site = self.w.layout.site_of[p.pad]
        for u in self.unc.weather(site, p.pad):
            where = p.pad if u.subject == p.pad else site
            key = self.unc.key(u)
            scrubbed = self.draws.uniform(f"weather/{key}/{where}", self.days)[day] < (u.probability or 0)
            if self.w.season[key][day] and scrubbed:
                self.out.scrubs += 1
                return 1
        slip = 0
        for u in self.unc.slips(p.rocket, site, p.pad):
            key = f"slip/{self.unc.key(u)}/{p.pad}"
            if self.draws.uniform(key, self.days)[day] < (u.probability or 0):
                slip = max(slip, int(self.draws.durations(key, u, self.days)[day]))
        if slip > 0:
            self.out.slips += 1
        return slip

    def _fly(self, day: int, p: Placed) -> bool:
        """Fly the launch; True when it failed."""
        self.executed.add(p.launch_id)
        k = self.flights[p.rocket]
        self.flights[p.rocket] += 1
        if self.draws.uniform(f"fail/{p.rocket}", k + 1)[k] >= self.unc.failure_probability(p.rocket, k):
            self.out.launches.append(p)
            return False
        self.out.launches.append(self.board.fail(p))
        self.out.failures += 1
        n = self.failed[p.rocket]
        self.failed[p.rocket] += 1
        u = self.unc.return_to_flight[p.rocket]
        days = int(self.draws.durations(f"rtf/{p.rocket}", u, n + 1)[n]) if u else \
            self.w.s.rocket[p.rocket].return_to_flight_days
        if days > 0:
            self.known.ground(p.rocket, day, day + days)
            self.out.groundings.append((p.rocket, day, day + days))
        return True


@dataclass(frozen=True, kw_only=True)
class Record:
    """What the run keeps of one future."""

    index: int
    seed: int
    achieved: tuple[int, ...]  # per milestone, in orbit by its due date
    met_day: tuple[int, ...]  # per milestone, first day its count was in orbit (-1: never)
    in_orbit: tuple[tuple[int, ...], ...]  # per deployment series (`deployment_series`), per month end
    flown: dict[str, int]  # per rocket, launches attempted
    lost: dict[str, int]  # per rocket, launches failed
    delivered: dict[str, int]  # per factory, vehicles made in the horizon
    failures: int
    slips: int
    scrubs: int
    late_deliveries: int
    replans: int


def record(w: World, out: Realised) -> Record:
    s, days = w.s, w.s.horizon_days
    orbit = {sh: np.zeros(days, dtype=np.int64) for sh in s.shell}
    for p in out.launches:
        if not p.failed:
            orbit[p.shell][max(0, p.day)] += p.satellites  # one flown before the horizon is in orbit on its first day
    orbit = {sh: np.cumsum(a) for sh, a in orbit.items()}
    achieved, met = [], []
    for g in w.goals:
        counted = np.zeros(days, dtype=np.int64)
        for sh in g.shells:
            counted = counted + orbit[sh]
        achieved.append(int(counted[min(max(g.due, 0), days - 1)]) if g.due >= 0 else 0)
        reached = np.flatnonzero(counted >= g.required)
        met.append(int(reached[0]) if reached.size else -1)
    month_days = [s.day(m) for m in w.months]
    in_orbit = tuple(tuple(int(sum(orbit[sh.id][d] for sh in s.shells
                               if sh.constellation == c and shell in (None, sh.id))) for d in month_days)
                     for c, shell in deployment_series(s))
    flown = dict.fromkeys(s.rocket, 0)
    lost = dict.fromkeys(s.rocket, 0)
    for p in out.launches:
        flown[p.rocket] += 1
        lost[p.rocket] += p.failed
    delivered = {}
    for line in (out.supply.lines.values() if out.supply else ()):
        for ln in line:
            if ln.name.startswith("factory "):
                delivered[ln.name.removeprefix("factory ")] = sum(
                    it.real_quantity for it in ln.items if 0 <= it.real_made < days)
    return Record(index=out.index, seed=out.seed, achieved=tuple(achieved), met_day=tuple(met), in_orbit=in_orbit,
                  flown=flown, lost=lost, delivered=delivered, failures=out.failures, slips=out.slips,
                  scrubs=out.scrubs, late_deliveries=out.late_deliveries, replans=out.replans)
