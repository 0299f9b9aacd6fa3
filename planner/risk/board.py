"""The plan a future executes and re-plans: launches on a board of day-indexed arrays.

A board holds the launches committed so far (flown and planned) and answers, for one more
launch on a day, a pad, a rocket and a shell, whether every hard rule still holds and how many
satellites it may carry. Launches may be added in any order: turnaround and separation look at
both neighbours, and supply (rule 8) is held on every later day through running totals.
The rules are those of the planning model; the checker, which shares no code with this
module, verifies every realised manifest in the tests.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.domain.supply import engines_per_vehicle, satellite_stream_of


@dataclass(frozen=True)
class Option:
    """A rocket a pad may fly to a shell, with its capacity there."""

    rocket: str
    min_satellites: int
    max_satellites: int


class Layout:
    """What never changes in a future: pads, their options, turnarounds, separations, open days."""

    def __init__(self, s: Scenario):
        self.s = s
        self.days = s.horizon_days
        self.pads = sorted(s.pad)
        self.site_of = {p: s.pad[p].site for p in self.pads}
        self.separation = {site.id: s.separation(site.id) for site in s.sites}
        self.turnaround = s.pad_turnaround
        self.open = {p: _mask(self.days, s.pad_open_days(p)) for p in self.pads}
        self.options: dict[str, dict[str, list[Option]]] = {}  # pad -> shell -> options, most carried first
        for p in self.pads:
            by_shell: dict[str, list[Option]] = {}
            for rocket, shell, cap in s.routes(p):
                by_shell.setdefault(shell, []).append(Option(rocket, max(1, cap.min_satellites), cap.max_satellites))
            for opts in by_shell.values():
                opts.sort(key=lambda o: (-o.max_satellites, o.rocket))
            self.options[p] = by_shell
        self.fpv = {r.id: r.flights_per_vehicle for r in s.rockets}
        self.engines_of = {r: [] for r in s.rocket}  # rocket -> [(engine, per vehicle)]
        for e in s.engines:
            for rocket, n in engines_per_vehicle(s, e.id).items():
                self.engines_of[rocket].append((e.id, n))
        lines = {r: {e for e, _ in used} for r, used in self.engines_of.items()}
        self.sharing = {r: [q for q in s.rocket if q == r or lines[q] & lines[r]]
                        for r in s.rocket}  # rocket -> itself and the rockets drawing on one of its engine lines
        self.stream_of = {sh: satellite_stream_of(s, sh) for sh in s.shell}
        self.constellation_of = {sh.id: sh.constellation for sh in s.shells}


def _mask(days: int, open_days: list[int]) -> np.ndarray:
    mask = np.zeros(days, dtype=bool)
    mask[open_days] = True
    return mask


class Known:
    """What the planner knows of supply and groundings: usable quantity per day (running
    totals, lead times applied) of every limited stream, and the days each rocket may not fly.
    Supply arrays are changed or replaced as a future reveals deliveries, delays and failures,
    never while a board's memo is open (`Board.memoised`); groundings are read as they stand."""

    def __init__(self, layout: Layout, vehicles: dict[str, np.ndarray], engines: dict[str, np.ndarray],
                 satellites: dict[str, np.ndarray], blocked: dict[str, np.ndarray]):
        self.layout = layout
        self.vehicles, self.engines, self.satellites, self.blocked = vehicles, engines, satellites, blocked

    def ground(self, rocket: str, first: int, last: int) -> None:
        self.blocked[rocket][max(0, first):max(0, min(self.layout.days - 1, last) + 1)] = True


@dataclass
class _Memo:
    ready_from: dict[str, int] = field(default_factory=dict)  # rocket -> first day it is ready for one more flight
    stock_left: dict[str, np.ndarray] = field(default_factory=dict)  # stream -> least stock on each day and after


@dataclass(frozen=True)
class Placed:
    """A launch on the board: day index, pad, rocket, shell, satellites, and its id."""

    day: int
    pad: str
    rocket: str
    shell: str
    satellites: int
    launch_id: str
    failed: bool = False

    def launch(self, s: Scenario, status: str, note: str = "") -> Launch:
        """As a manifest row of scenario `s`."""
        return Launch(launch_id=self.launch_id, date=s.date_of(self.day), site=s.pad[self.pad].site, pad=self.pad,
                      rocket=self.rocket, constellation=s.shell[self.shell].constellation, shell=self.shell,
                      satellites=self.satellites, status=status, note=note)


class Board:
    """Committed launches, and what one more would find."""

    def __init__(self, known: Known):
        lay = known.layout
        self.known, self.lay = known, lay
        self.on_pad: dict[str, list[tuple[int, str, str]]] = {p: [] for p in lay.pads}
        self.pad_days: dict[str, list[int]] = {p: [] for p in lay.pads}  # on_pad's days, to bisect on integers
        self.on_site: dict[str, list[int]] = {site: [] for site in lay.separation}
        self.flights = {r: np.zeros(lay.days, dtype=np.int32) for r in lay.fpv}  # launches so far, per day
        self.engines_used = {e: np.zeros(lay.days, dtype=np.int32) for e in known.engines}
        self.satellites_used = {k: np.zeros(lay.days, dtype=np.int32) for k in known.satellites}
        self.room = {sh.id: sh.satellites for sh in lay.s.shells}
        self.orbit = {sh: np.zeros(lay.days, dtype=np.int32) for sh in lay.constellation_of}  # in orbit per day
        self.launches: dict[str, Placed] = {}
        self._memo: _Memo | None = None

    # --- rules ------------------------------------------------------------------------------

    def pad_clear(self, day: int, pad: str, rocket: str) -> bool:
        """Rules 2 and 4: turnaround on the pad and separation at the site, both ways."""
        lay = self.lay
        turn = lay.turnaround[pad]
        launches = self.on_pad[pad]
        i = bisect_left(self.pad_days[pad], day)
        if i > 0 and launches[i - 1][0] + turn[launches[i - 1][1]] > day:
            return False
        if i < len(launches) and day + turn[rocket] > launches[i][0]:
            return False
        site = lay.site_of[pad]
        sep, days = lay.separation[site], self.on_site[site]
        j = bisect_left(days, day)
        if j > 0 and day - days[j - 1] < sep:
            return False
        return not (j < len(days) and days[j] - day < sep)

    def rocket_ready(self, day: int, rocket: str) -> bool:
        """Rules 7 and 8 for the rocket: not blocked, and a vehicle and its engines there on
        `day` and on every later day."""
        if self.known.blocked[rocket][day]:
            return False
        if self._memo is not None:
            if rocket not in self._memo.ready_from:
                self._memo.ready_from[rocket] = self._last_short(rocket, 0) + 1
            return day >= self._memo.ready_from[rocket]
        return self._last_short(rocket, day) < day

    def _last_short(self, rocket: str, first: int) -> int:
        """The last day from `first` on which one more flight of `rocket` would find no vehicle
        or too few engines (counting it on every later day); `first - 1` if there is none."""
        known, fpv = self.known, self.lay.fpv[rocket]
        flights = self.flights[rocket][first:]
        short = np.zeros(len(flights), dtype=bool)
        usable = known.vehicles.get(rocket)
        if usable is not None:
            short |= usable[first:] * fpv - flights < 1
        if self.lay.engines_of[rocket]:
            new_vehicle = (flights % fpv) == 0
            for engine, n in self.lay.engines_of[rocket]:
                short |= known.engines[engine][first:] - self.engines_used[engine][first:] - n * new_vehicle < 0
        hits = np.flatnonzero(short)
        return first + int(hits[-1]) if hits.size else first - 1

    def satellites_free(self, day: int, shell: str) -> int:
        """Satellites a launch to `shell` on `day` may take: room in the shell, and its supply
        stream's stock on that day and every later one."""
        key = self.lay.stream_of[shell]
        room = self.room[shell]
        if key is None:
            return room
        if self._memo is None:
            return min(room, int((self.known.satellites[key][day:] - self.satellites_used[key][day:]).min()))
        if key not in self._memo.stock_left:  # the same minima, for every day at once
            left = self.known.satellites[key] - self.satellites_used[key]
            self._memo.stock_left[key] = np.minimum.accumulate(left[::-1])[::-1]
        return min(room, int(self._memo.stock_left[key][day]))

    def load(self, day: int, pad: str, option: Option, shell: str, wanted: int) -> int | None:
        """Satellites `option` may carry to `shell` from `pad` on `day` (at most `wanted`), or
        None when a rule forbids the launch."""
        if not (0 <= day < self.lay.days) or not self.lay.open[pad][day]:
            return None
        if not self.pad_clear(day, pad, option.rocket) or not self.rocket_ready(day, option.rocket):
            return None
        n = min(wanted, option.max_satellites, self.satellites_free(day, shell))
        return n if n >= option.min_satellites else None

    @contextmanager
    def memoised(self) -> Iterator[None]:
        """While only this board's own `add` and `remove` change supply (a fill, not an event):
        each rocket's first ready day and each stream's stock left are computed once and kept
        until a launch of theirs is added or removed."""
        assert self._memo is None, "memos do not nest"
        self._memo = _Memo()
        try:
            yield
        finally:
            self._memo = None

    def _forget(self, p: Placed) -> None:
        """Drop what the memo holds of what `p` uses: its rocket, the rockets sharing its engines, its stream."""
        memo = self._memo
        if memo is None:
            return
        memo.stock_left.pop(self.lay.stream_of[p.shell], None)
        for r in self.lay.sharing[p.rocket]:
            memo.ready_from.pop(r, None)

    def after(self, pad: str, first: int, end: int) -> list[Placed]:
        """Launches on `pad` dated in [first, end)."""
        launches = self.on_pad[pad]
        i = bisect_left(self.pad_days[pad], first)
        out = []
        while i < len(launches) and launches[i][0] < end:
            out.append(self.launches[launches[i][2]])
            i += 1
        return out

    def turned_around(self, day: int, pad: str) -> bool:
        """Whether the pad's last launch before `day` has turned around by then."""
        i = bisect_left(self.pad_days[pad], day)
        if i == 0:
            return True
        last = self.on_pad[pad][i - 1]
        return last[0] + self.lay.turnaround[pad][last[1]] <= day

    def site_clear_from(self, pad: str, day: int) -> int:
        """The first day no launch of the pad's site dated on or before `day` is within the
        site's separation of: no day before it can be idle, whatever launches come after `day`."""
        site = self.lay.site_of[pad]
        days = self.on_site[site]
        j = bisect_right(days, day)
        return days[j - 1] + self.lay.separation[site] if j else 0

    def idle(self, day: int, pad: str, ignore: frozenset[int] = frozenset()) -> bool:
        """Whether the pad's last launch before `day` has turned around and the site has no
        launch too close to `day` (launches of the site on the days in `ignore` aside)."""
        return self.turned_around(day, pad) and self.site_clear(day, pad, ignore)

    def site_clear(self, day: int, pad: str, ignore: frozenset[int] = frozenset()) -> bool:
        """Whether no launch of the pad's site is too close to `day` (those on `ignore` days aside)."""
        site = self.lay.site_of[pad]
        days, sep = self.on_site[site], self.lay.separation[site]
        for j in range(bisect_left(days, day - sep + 1), bisect_left(days, day + sep)):
            if days[j] not in ignore:
                return False
        return True

    def idle_days(self, pad: str, first: int, last: int) -> np.ndarray:
        """`idle` for every day of [first, last] at once (nothing ignored), as a boolean array."""
        days = np.arange(first, last + 1)
        out = np.ones(len(days), dtype=bool)
        if self.pad_days[pad]:
            turn = self.lay.turnaround[pad]
            ends = np.array([d + turn[r] for d, r, _ in self.on_pad[pad]])
            i = np.searchsorted(np.array(self.pad_days[pad]), days, "left") - 1
            out &= (i < 0) | (ends[np.maximum(i, 0)] <= days)
        site = self.lay.site_of[pad]
        if self.on_site[site]:
            sep, near = self.lay.separation[site], np.array(self.on_site[site])
            out &= np.searchsorted(near, days + sep, "left") == np.searchsorted(near, days - sep + 1, "left")
        return out

    def option(self, pad: str, rocket: str, shell: str) -> Option | None:
        return next((o for o in self.lay.options[pad].get(shell, ()) if o.rocket == rocket), None)

    # --- changes ----------------------------------------------------------------------------

    def add(self, p: Placed) -> None:
        """Commit a launch (its rules are the caller's to have checked)."""
        lay = self.lay
        launches = self.on_pad[p.pad]
        i = bisect_left(launches, (p.day, p.rocket, p.launch_id))
        launches.insert(i, (p.day, p.rocket, p.launch_id))
        self.pad_days[p.pad].insert(i, p.day)
        insort(self.on_site[lay.site_of[p.pad]], p.day)
        self._forget(p)
        flights = self.flights[p.rocket]
        fpv = lay.fpv[p.rocket]
        for engine, n in lay.engines_of[p.rocket]:
            self.engines_used[engine][p.day:] += n * ((flights[p.day:] % fpv) == 0)
        flights[p.day:] += 1
        key = lay.stream_of[p.shell]
        if key is not None:
            self.satellites_used[key][p.day:] += p.satellites
        if not p.failed:
            self.room[p.shell] -= p.satellites
            self.orbit[p.shell][p.day:] += p.satellites
        self.launches[p.launch_id] = p

    def remove(self, p: Placed) -> None:
        """Take a committed launch off the board (the reverse of `add`)."""
        lay = self.lay
        del self.launches[p.launch_id]
        launches = self.on_pad[p.pad]
        i = bisect_left(launches, (p.day, p.rocket, p.launch_id))
        del launches[i]
        del self.pad_days[p.pad][i]
        days = self.on_site[lay.site_of[p.pad]]
        del days[bisect_left(days, p.day)]
        self._forget(p)
        flights = self.flights[p.rocket]
        flights[p.day:] -= 1
        fpv = lay.fpv[p.rocket]
        for engine, n in lay.engines_of[p.rocket]:
            self.engines_used[engine][p.day:] -= n * ((flights[p.day:] % fpv) == 0)
        key = lay.stream_of[p.shell]
        if key is not None:
            self.satellites_used[key][p.day:] -= p.satellites
        if not p.failed:
            self.room[p.shell] += p.satellites
            self.orbit[p.shell][p.day:] -= p.satellites

    def fail(self, p: Placed) -> Placed:
        """Mark a committed launch failed: its satellites leave the shell's count, not its stream."""
        failed = Placed(p.day, p.pad, p.rocket, p.shell, p.satellites, p.launch_id, failed=True)
        self.launches[p.launch_id] = failed
        self.room[p.shell] += p.satellites
        self.orbit[p.shell][p.day:] -= p.satellites
        return failed
