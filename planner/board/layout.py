"""What a board reads once: the scenario's pads, routes and spacing on day-indexed arrays, and
the supply and groundings the planner knows of.

`Layout` never changes while plans are built on it. `Known` is what the planner believes of
each limited supply stream (usable quantity per day, lead times applied) and the days each
model may not fly; a simulated future replaces its arrays as it learns, planning takes them
from the scenario (`Known.of`).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from planner.domain.entities import Source
from planner.domain.scenario import Scenario
from planner.domain.supply import engines_per_vehicle, satellite_stream_of, streams


@dataclass(frozen=True)
class Option:
    """A rocket a pad may fly to a shell (rules 1, 5 and 6), with its capacity there and the
    RocketCapacity row that sets it."""

    rocket: str
    min_satellites: int
    max_satellites: int
    source: Source | None = None


class Layout:
    """Pads, their options, turnarounds, separations and open days; models' engines
    and vehicles; shells' satellite streams."""

    def __init__(self, s: Scenario):
        self.s = s
        self.days = s.horizon_days
        self.pads = sorted(s.pad)
        self.site_of = {p: s.pad[p].site for p in self.pads}
        self.separation = {site.id: s.separation(site.id) for site in s.sites}
        self.turnaround = s.pad_turnaround  # pad -> model it lists -> turnaround after it
        self.turn_after = {p: {r: s.turnaround(p, r) for r in s.rocket} for p in self.pads}  # listed or not
        self.longest = {p: max(self.turn_after[p].values(), default=1) for p in self.pads}
        self.open = {p: _mask(self.days, s.pad_open_days(p)) for p in self.pads}
        self.open_bytes = {p: self.open[p].tobytes() for p in self.pads}  # the same, quicker to read a day of
        self.next_open = {p: _next_true(self.open[p]) for p in self.pads}  # day -> the first open day from it
        self.blocked = {r: _mask(self.days, sorted(s.rocket_blocked_days(r))) for r in s.rocket}
        self.options: dict[str, dict[str, list[Option]]] = {}  # pad -> shell -> options, most carried first
        for p in self.pads:
            by_shell: dict[str, list[Option]] = {}
            for rocket, shell, cap in s.routes(p):
                if (self.open[p] & ~self.blocked[rocket]).any():  # a model that may never fly there is no option
                    by_shell.setdefault(shell, []).append(
                        Option(rocket, max(1, cap.min_satellites), cap.max_satellites, cap.source))
            for opts in by_shell.values():
                opts.sort(key=lambda o: (-o.max_satellites, o.rocket))
            self.options[p] = by_shell
        self.fpv = {r.id: r.flights_per_vehicle for r in s.rockets}
        self.engines_of: dict[str, list[tuple[str, int]]] = {r: [] for r in s.rocket}  # -> [(engine, per vehicle)]
        for e in s.engines:
            for rocket, n in engines_per_vehicle(s, e.id).items():
                self.engines_of[rocket].append((e.id, n))
        lines = {r: {e for e, _ in used} for r, used in self.engines_of.items()}
        self.sharing = {r: [q for q in s.rocket if q == r or lines[q] & lines[r]]
                        for r in s.rocket}  # rocket -> itself and the rockets drawing on one of its engine lines
        self.stream_of = {sh: satellite_stream_of(s, sh) for sh in s.shell}
        self.constellation_of = {sh.id: sh.constellation for sh in s.shells}

    @classmethod
    def of(cls, s: Scenario) -> Layout:
        """The scenario's layout, made once for each scenario (a search builds many boards on one)."""
        if (layout := _LAYOUTS.get(s)) is None:
            layout = _LAYOUTS[s] = cls(s)
        return layout

    @cached_property
    def usable(self) -> dict[str, dict[str, np.ndarray]]:
        """The scenario's own supply: "vehicles", "engines", "satellites" -> stream key -> what it
        has made usable by each day (lead times applied). Read only."""
        s, days = self.s, self.days
        tables: dict[str, dict[str, np.ndarray]] = {"vehicles": {}, "engines": {}, "satellites": {}}
        for st in streams(s).values():
            per_day = np.zeros(days, dtype=np.int64)
            for d, q in st.deliveries:
                if s.day(d) < days:
                    per_day[max(0, s.day(d))] += q
            tables[st.kind][st.key] = np.cumsum(per_day)
        return tables

    def turn(self, pad: str, rocket: str) -> int:
        """Rule 2's days the pad is busy after a launch of `rocket` (`Scenario.turnaround`)."""
        return self.turn_after[pad][rocket]

    def option(self, pad: str, rocket: str, shell: str) -> Option | None:
        return next((o for o in self.options[pad].get(shell, ()) if o.rocket == rocket), None)


def _mask(days: int, on: list[int]) -> np.ndarray:
    mask = np.zeros(days, dtype=bool)
    mask[[d for d in on if 0 <= d < days]] = True
    return mask


def _next_true(mask: np.ndarray) -> list[int]:
    """Per day, the first day from it on which `mask` holds (its length when none does)."""
    where = np.where(mask, np.arange(len(mask)), len(mask))
    return np.minimum.accumulate(where[::-1])[::-1].tolist()


_LAYOUTS: weakref.WeakKeyDictionary[Scenario, Layout] = weakref.WeakKeyDictionary()


class Known:
    """What the planner knows of supply and groundings: usable quantity per day (running
    totals, lead times applied) of every limited stream, and the days each rocket may not fly.
    Supply arrays are changed or replaced as a future reveals deliveries, delays and failures,
    never while a board's memo is open (`Board.memoised`); groundings are read as they stand."""

    def __init__(self, layout: Layout, vehicles: dict[str, np.ndarray], engines: dict[str, np.ndarray],
                 satellites: dict[str, np.ndarray], blocked: dict[str, np.ndarray]):
        self.layout = layout
        self.vehicles, self.engines, self.satellites, self.blocked = vehicles, engines, satellites, blocked

    @classmethod
    def of(cls, layout: Layout) -> Known:
        """The scenario's own supply and groundings, as a plan is made."""
        usable = layout.usable
        return cls(layout, dict(usable["vehicles"]), dict(usable["engines"]), dict(usable["satellites"]),
                   {r: m.copy() for r, m in layout.blocked.items()})

    def ground(self, rocket: str, first: int, last: int) -> None:
        self.blocked[rocket][max(0, first):max(0, min(self.layout.days - 1, last) + 1)] = True
