"""The board: launches committed so far, and whether one more may go on a day, a pad, a rocket
and a shell, with how many satellites.

Every day-by-day builder (dispatch, the guided dispatch, a future's quick re-plan) and every
explanation (what holds a launch, what no longer fits after an event) asks the rules here, and
nowhere else. One method per rule family answers "may it go" and names what refuses it (a
launch in the way, a closure, a stream run short); `refusals` puts those answers in a
planner's words, with the rule and the sheet row. Launches may be committed in any order:
spacing looks at the launches on both sides, and supply (rule 8) is held on every later day
through running totals. The checker, which shares no code with this module, verifies what the
builders make.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from planner.board.layout import Known, Layout, Option
from planner.domain.entities import Launch, Source
from planner.domain.scenario import Scenario
from planner.domain.supply import stream_name


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

    @classmethod
    def of(cls, day: int, l: Launch) -> Placed:
        """A manifest row on the board, on day index `day`."""
        return cls(day, l.pad, l.rocket, l.shell, l.satellites, l.launch_id, l.failed)

    def launch(self, s: Scenario, status: str, note: str = "") -> Launch:
        """As a manifest row of scenario `s`."""
        return Launch(launch_id=self.launch_id, date=s.date_of(self.day), site=s.pad[self.pad].site, pad=self.pad,
                      rocket=self.rocket, constellation=s.shell[self.shell].constellation, shell=self.shell,
                      satellites=self.satellites, status=status, note=note)


@dataclass(frozen=True)
class Refusal:
    """Why one more launch may not go: the rule (the checker's name for it), the link it holds
    (a pad, a site, a model's availability, a supply stream...), the reason in a planner's
    words ("turnaround after QF-0012"), what the reason is about when the link does not say it
    (the pad, the model), and the sheet row that says so, when one does."""

    rule: str
    link: tuple[str, str]  # (kind, key): ("pad", "HN-1"), ("vehicles", "TL-3")...
    reason: str
    subject: str = ""
    source: Source | None = None

    def __str__(self) -> str:
        said = f"{self.subject} {self.reason}" if self.subject else self.reason
        return said + (f" ({self.source})" if self.source else "")


LINKS = {"pad": "days", "site": "launches", "availability": "launches", "campaign": "launches", "vehicles": "vehicles",
         "engines": "engines", "satellites": "satellites"}
"""The links a rule holds (a refusal's link kind), and the unit each one's use is counted in."""

DATED = ("pad_windows", "pad_turnaround", "site_separation", "vehicle_availability", "launch_campaign", "supply_chains")
"""The rules a launch's day decides: those that may hold it from an earlier day."""


@dataclass
class _Memo:
    ready_from: dict[str, int] = field(default_factory=dict)  # rocket -> first day it is ready for one more flight
    stale_from: dict[str, int] = field(default_factory=dict)  # rocket -> first day launches added since changed
    stock_left: dict[str, np.ndarray] = field(default_factory=dict)  # stream -> least stock on each day and after


class Board:
    """Committed launches, and what one more would find."""

    def __init__(self, known: Known):
        lay = known.layout
        self.known, self.lay = known, lay
        self.on_pad: dict[str, list[tuple[int, str, str]]] = {p: [] for p in lay.pads}  # (day, rocket, id), by day
        self.pad_days: dict[str, list[int]] = {p: [] for p in lay.pads}  # on_pad's days, to bisect on integers
        self.pad_ends: dict[str, list[int]] = {p: [] for p in lay.pads}  # on_pad's first days the pad is free again
        self.at_site: dict[str, list[tuple[int, str]]] = {site: [] for site in lay.separation}  # (day, id), by day
        self.on_site: dict[str, list[int]] = {site: [] for site in lay.separation}  # at_site's days
        self.campaign = {r.id: r.min_days_between_launches for r in lay.s.rockets if r.min_days_between_launches}
        self.of_model: dict[str, list[tuple[int, str]]] = {r: [] for r in lay.fpv}  # (day, id) of each model, by day
        self.model_days: dict[str, list[int]] = {r: [] for r in lay.fpv}  # of_model's days
        self.flights = {r: np.zeros(lay.days, dtype=np.int64) for r in lay.fpv}  # launches so far, per day
        self.engines_used = {e: np.zeros(lay.days, dtype=np.int64) for e in known.engines}
        self.satellites_used = {k: np.zeros(lay.days, dtype=np.int64) for k in known.satellites}
        self.room = {sh.id: sh.satellites for sh in lay.s.shells}
        self.orbit = {sh: np.zeros(lay.days, dtype=np.int32) for sh in lay.constellation_of}  # in orbit per day
        self.launches: dict[str, Placed] = {}
        self._memo: _Memo | None = None

    @classmethod
    def of(cls, s: Scenario, launches: Sequence[Launch] = ()) -> Board:
        """A board of the scenario's own supply with `launches` committed (say, its fixed ones)."""
        board = cls(Known.of(Layout.of(s)))
        for l in launches:
            board.add(Placed.of(s.day(l.date), l))
        return board

    # --- the rules, one family each ---------------------------------------------------------

    def closed(self, day: int, pad: str) -> bool:
        """Rule 3: the pad may not launch on `day` (outside the horizon or its windows, or closed)."""
        return not (0 <= day < self.lay.days and self.lay.open_bytes[pad][day])

    def turnaround_clash(self, day: int, pad: str, rocket: str) -> str | None:
        """Rule 2: the first launch on the pad, in date order, that a launch of `rocket` on `day`
        would be too close to (within the turnaround of whichever flies first)."""
        lay, days = self.lay, self.pad_days[pad]
        first = bisect_left(days, day - lay.longest[pad] + 1)
        if first == len(days):
            return None
        ends = self.pad_ends[pad]
        for i in range(first, bisect_left(days, day + lay.turn_after[pad][rocket], first)):
            if days[i] > day or ends[i] > day:
                return self.on_pad[pad][i][2]
        return None

    def separation_clash(self, day: int, pad: str) -> str | None:
        """Rule 4: the first launch of the pad's site, in date order, closer to `day` than the
        site's separation."""
        site = self.lay.site_of[pad]
        sep, days = self.lay.separation[site], self.on_site[site]
        j = bisect_left(days, day - sep + 1)
        return self.at_site[site][j][1] if j < len(days) and days[j] < day + sep else None

    def campaign_clash(self, day: int, rocket: str) -> str | None:
        """Launch campaign: the first launch of the model, whichever pad, in date order, closer
        to `day` than the model's min_days_between_launches."""
        gap = self.campaign.get(rocket)
        if gap is None:
            return None
        days = self.model_days[rocket]
        j = bisect_left(days, day - gap + 1)
        return self.of_model[rocket][j][1] if j < len(days) and days[j] < day + gap else None

    def grounded(self, day: int, rocket: str) -> bool:
        """Rule 7: the model may not fly on `day` (not yet available, or grounded)."""
        return bool(self.known.blocked[rocket][day])

    def short_of_vehicles(self, day: int, rocket: str) -> list[tuple[str, int, int, int]]:
        """Rule 8 for the rocket: each stream (its vehicles, its engines) one more flight on
        `day` would run short, as (stream, first day short, needed then, usable then)."""
        out = []
        for stream, short in self._short(rocket, day):
            hits = np.flatnonzero(short)
            if hits.size:
                t = day + int(hits[0])
                out.append((stream, t, *self._need(stream, rocket, t)))
        return out

    def stock(self, day: int, shell: str) -> int | None:
        """Rule 8 for satellites: what the shell's stream has left on `day` and every later
        day; None when the stream is not limited."""
        key = self.lay.stream_of[shell]
        if key is None:
            return None
        if self._memo is None:
            return int((self.known.satellites[key][day:] - self.satellites_used[key][day:]).min())
        if key not in self._memo.stock_left:  # the same minima, for every day at once
            left = self.known.satellites[key] - self.satellites_used[key]
            self._memo.stock_left[key] = np.minimum.accumulate(left[::-1])[::-1]
        return int(self._memo.stock_left[key][day])

    def room_in(self, shell: str) -> int:
        """Rule 10: satellites the shell still holds room for."""
        return self.room[shell]

    # --- may it go: the fast path ----------------------------------------------------------

    def pad_clear(self, day: int, pad: str, rocket: str) -> bool:
        """Rules 2 and 4: turnaround on the pad and separation at the site, both ways."""
        return self.turnaround_clash(day, pad, rocket) is None and self.separation_clash(day, pad) is None

    def rocket_ready(self, day: int, rocket: str) -> bool:
        """Rules 7 and 8 for the rocket: not blocked, and a vehicle and its engines there on
        `day` and on every later day."""
        if self.grounded(day, rocket):
            return False
        if self._memo is not None:
            memo = self._memo
            if rocket not in memo.ready_from:
                memo.ready_from[rocket] = self._last_short(rocket) + 1
            elif rocket in memo.stale_from:
                stale = memo.stale_from.pop(rocket)
                if (last := self._last_short(rocket, stale)) >= stale:
                    memo.ready_from[rocket] = max(memo.ready_from[rocket], last + 1)
            return day >= memo.ready_from[rocket]
        return not any(short.any() for _, short in self._short(rocket, day))

    def satellites_free(self, day: int, shell: str) -> int:
        """Satellites a launch to `shell` on `day` may take: room in the shell (rule 10), and its
        supply stream's stock on that day and every later one (rule 8)."""
        stock = self.stock(day, shell)
        return self.room_in(shell) if stock is None else min(self.room_in(shell), stock)

    def load(self, day: int, pad: str, option: Option, shell: str, wanted: int) -> int | None:
        """Satellites `option` may carry to `shell` from `pad` on `day` (at most `wanted`), or
        None when a rule forbids the launch."""
        if self.closed(day, pad) or not self.rocket_ready(day, option.rocket) \
                or not self.pad_clear(day, pad, option.rocket) or self.campaign_clash(day, option.rocket) is not None:
            return None
        n = min(wanted, option.max_satellites, self.satellites_free(day, shell))
        return n if n >= option.min_satellites else None

    def _short(self, rocket: str, first: int) -> Iterator[tuple[str, np.ndarray]]:
        """Per stream one more flight of `rocket` draws on (its vehicles, its engines): whether
        it would run short on each day from `first` on."""
        known, fpv = self.known, self.lay.fpv[rocket]
        flights = self.flights[rocket][first:]
        usable = known.vehicles.get(rocket)
        if usable is not None:
            yield stream_name("vehicles", rocket), (usable[first:] * fpv if fpv > 1 else usable[first:]) - flights < 1
        if self.lay.engines_of[rocket]:
            new_vehicle = (flights % fpv) == 0 if fpv > 1 else 1
            for engine, n in self.lay.engines_of[rocket]:
                yield stream_name("engines", engine), \
                    known.engines[engine][first:] - self.engines_used[engine][first:] < n * new_vehicle

    def _need(self, stream: str, rocket: str, t: int) -> tuple[int, int]:
        """What one more flight of `rocket` on or before day t would need of `stream` by t, and
        what the stream has made usable by then."""
        kind, key = stream.split(" ", 1)
        fpv, flights = self.lay.fpv[rocket], int(self.flights[rocket][t])
        if kind == "vehicles":
            return -(-(flights + 1) // fpv), int(self.known.vehicles[key][t])
        n = dict(self.lay.engines_of[rocket])[key]
        return int(self.engines_used[key][t]) + n * (flights % fpv == 0), int(self.known.engines[key][t])

    def _last_short(self, rocket: str, first: int = 0) -> int:
        """The last day from `first` on which one more flight of `rocket` would find no vehicle
        or too few engines (counting it on every later day); `first - 1` if there is none."""
        last = first - 1
        for _, short in self._short(rocket, first):
            from_end = int(short[::-1].argmax())  # the first short day from the horizon's end
            if short.size and short[-1 - from_end]:
                last = max(last, first + len(short) - 1 - from_end)
        return last

    # --- why not: the rules in a planner's words --------------------------------------------

    def refusals(self, day: int, pad: str, rocket: str, shell: str, satellites: int) -> list[Refusal]:
        """Every rule that refuses a launch of `rocket` from `pad` to `shell` with `satellites`
        on `day`, given the launches committed; empty when it may go."""
        s, lay = self.lay.s, self.lay
        site = lay.site_of[pad]
        out: list[Refusal] = []
        if rocket not in lay.turnaround[pad]:
            listed = ", ".join(sorted(lay.turnaround[pad])) or "no rocket"
            out.append(Refusal("pad_compatibility", ("pad", pad), f"{pad} launches only {listed}",
                               source=s.pad[pad].source))
        if not s.reachable(site, shell):
            sh, x = s.shell[shell], s.site[site]
            out.append(Refusal("orbit_reachability", ("site", site), f"{shell} at {sh.inclination_deg:g} deg; {site} "
                               f"reaches {x.min_inclination_deg:g} .. {x.max_inclination_deg:g} deg", source=x.source))
        cap = s.capacity(rocket, shell, site)
        if cap is None:
            out.append(Refusal("vehicle_capacity", ("pad", pad), f"{rocket} has no RocketCapacity row for shell "
                               f"{shell} at {site}"))
        elif not max(1, cap.min_satellites) <= satellites <= cap.max_satellites:
            out.append(Refusal("vehicle_capacity", ("pad", pad), f"{rocket} carries {max(1, cap.min_satellites)} .. "
                               f"{cap.max_satellites} satellites to {shell}", source=cap.source))
        if self.closed(day, pad):
            out.append(self._closure(day, pad))
        if (other := self.turnaround_clash(day, pad, rocket)) is not None:
            out.append(Refusal("pad_turnaround", ("pad", pad), f"turnaround after {other}"))
        if (other := self.separation_clash(day, pad)) is not None:
            out.append(Refusal("site_separation", ("site", site), f"separation from {other}",
                               source=s.site[site].source))
        if (other := self.campaign_clash(day, rocket)) is not None:
            out.append(Refusal("launch_campaign", ("campaign", rocket), f"one campaign at a time: {other} is within "
                               f"{self.campaign[rocket]} days", rocket, s.rocket[rocket].source))
        if 0 <= day < lay.days and self.grounded(day, rocket):
            out.append(self._blocked(day, rocket))
        if 0 <= day < lay.days:
            for stream, t, need, usable in self.short_of_vehicles(day, rocket):
                kind, key = stream.split(" ", 1)
                out.append(Refusal("supply_chains", (kind, key), f"short: {need} {kind} needed by "
                                   f"{s.date_of(t)}, {usable} usable"))
            out += self._satellites_short(day, shell, satellites)
        if satellites > self.room_in(shell):
            out.append(Refusal("shell_size", ("shell", shell), f"shell {shell} has room for {self.room_in(shell)} "
                               f"more satellites", source=s.shell[shell].source))
        return out

    def _closure(self, day: int, pad: str) -> Refusal:
        """Rule 3 in words: which closure, or outside the pad's windows or the horizon."""
        s, site = self.lay.s, self.lay.site_of[pad]
        if not 0 <= day < self.lay.days:
            return Refusal("pad_windows", ("pad", pad), "outside the horizon", pad)
        t = s.date_of(day)
        for c in s.closures:
            if (c.pad == pad or (c.pad is None and c.site == site)) and c.start <= t <= c.end:
                return Refusal("pad_windows", ("pad", pad), f"closed {c.start} .. {c.end}"
                               + (f" ({c.reason})" if c.reason else ""), pad, c.source)
        return Refusal("pad_windows", ("pad", pad), "outside its windows", pad)

    def _blocked(self, day: int, rocket: str) -> Refusal:
        """Rule 7 in words: not yet available, or which grounding."""
        s = self.lay.s
        r, t, link = s.rocket[rocket], s.date_of(day), ("availability", rocket)
        if r.available_from is not None and t < r.available_from:
            return Refusal("vehicle_availability", link, f"available from {r.available_from}", rocket, r.source)
        for g in s.groundings:
            if g.rocket == rocket and g.start <= t <= g.end:
                return Refusal("vehicle_availability", link, f"grounded {g.start} .. {g.end}"
                               + (f" ({g.reason})" if g.reason else ""), rocket)
        return Refusal("vehicle_availability", link, "grounded", rocket)

    def _satellites_short(self, day: int, shell: str, satellites: int) -> list[Refusal]:
        """Rule 8 for satellites in words: the first day the stream would have too few."""
        key = self.lay.stream_of[shell]
        if key is None:
            return []
        left = self.known.satellites[key][day:] - self.satellites_used[key][day:]
        hits = np.flatnonzero(left < satellites)
        if not hits.size:
            return []
        t = day + int(hits[0])
        need, usable = int(self.satellites_used[key][t]) + satellites, int(self.known.satellites[key][t])
        return [Refusal("supply_chains", ("satellites", key),
                        f"short: {need} satellites needed by {self.lay.s.date_of(t)}, {usable} usable")]

    # --- what is on the board ---------------------------------------------------------------

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

    def _forget(self, p: Placed, added: bool) -> None:
        """Bring the memo up to date with `p` just added or removed. Its stream's stock is
        lowered by a launch added, forgotten for one removed. A launch added only makes its
        rocket and those sharing its engines ready later, from its day on: only those days are
        looked at again, when next asked; one removed makes them forgotten."""
        memo = self._memo
        if memo is None or p.day < 0:  # a launch before the horizon draws on no stream the board counts
            return
        key = self.lay.stream_of[p.shell]
        left = memo.stock_left.get(key) if key is not None else None
        if left is not None and added:  # the least stock on each day and after, less the launch's
            left[p.day:] -= p.satellites
            np.minimum(left[:p.day], left[p.day], out=left[:p.day])
        elif key is not None:
            memo.stock_left.pop(key, None)
        for r in self.lay.sharing[p.rocket]:
            if not added:
                memo.ready_from.pop(r, None)
                memo.stale_from.pop(r, None)
            elif r in memo.ready_from:
                memo.stale_from[r] = min(memo.stale_from.get(r, p.day), p.day)

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
        """Whether every launch of the pad before `day` has turned around by then."""
        days, ends = self.pad_days[pad], self.pad_ends[pad]
        i, reach = bisect_left(days, day) - 1, day - self.lay.longest[pad]
        while i >= 0 and days[i] > reach:  # the launches that may still hold the pad
            if ends[i] > day:
                return False
            i -= 1
        return True

    def free_from(self, day: int, pad: str) -> int:
        """The first day from `day` on that the pad is open and every launch of it before that
        day has turned around (the horizon's length when there is none): whatever it flies, it
        may launch no sooner."""
        lay, days, ends = self.lay, self.pad_days[pad], self.pad_ends[pad]
        t = day
        while t < lay.days:
            t = lay.next_open[pad][t]
            if t >= lay.days:
                break
            i, reach, held = bisect_left(days, t) - 1, t - lay.longest[pad], t
            while i >= 0 and days[i] > reach:
                held = max(held, ends[i])
                i -= 1
            if held == t:
                return t
            t = held
        return lay.days

    def site_clear_from(self, pad: str, day: int) -> int:
        """The first day no launch of the pad's site dated on or before `day` is within the
        site's separation of: no day before it can be idle, whatever launches come after `day`."""
        site = self.lay.site_of[pad]
        days = self.on_site[site]
        j = bisect_right(days, day)
        return days[j - 1] + self.lay.separation[site] if j else 0

    def idle(self, day: int, pad: str, ignore: frozenset[int] = frozenset()) -> bool:
        """Whether the pad's launches before `day` have turned around and the site has no
        launch too close to `day` (launches of the site on the days in `ignore` aside)."""
        return self.turned_around(day, pad) and self.site_clear(day, pad, ignore)

    def site_clear(self, day: int, pad: str, ignore: frozenset[int] = frozenset()) -> bool:
        """Whether no launch of the pad's site is too close to `day` (those on `ignore` days aside)."""
        if not ignore:
            return self.separation_clash(day, pad) is None
        site = self.lay.site_of[pad]
        days, sep = self.on_site[site], self.lay.separation[site]
        return all(days[j] in ignore for j in range(bisect_left(days, day - sep + 1), bisect_left(days, day + sep)))

    def idle_days(self, pad: str, first: int, last: int) -> np.ndarray:
        """`idle` for every day of [first, last] at once (nothing ignored), as a boolean array."""
        days = np.arange(first, last + 1)
        out = np.ones(len(days), dtype=bool)
        launches, pad_days = self.on_pad[pad], self.pad_days[pad]
        for i in range(bisect_left(pad_days, first - self.lay.longest[pad]), bisect_left(pad_days, last)):
            d, rocket, _ = launches[i]
            lo, hi = max(first, d + 1), min(last + 1, d + self.lay.turn(pad, rocket))
            out[max(0, lo - first):max(0, hi - first)] = False
        site = self.lay.site_of[pad]
        if self.on_site[site]:
            sep, near = self.lay.separation[site], np.array(self.on_site[site])
            out &= np.searchsorted(near, days + sep, "left") == np.searchsorted(near, days - sep + 1, "left")
        return out

    def allowed_days(self, pad: str, rocket: str) -> np.ndarray:
        """Per day of the horizon: whether a launch of `rocket` from `pad` keeps rules 3 and 7,
        and rules 2 and 4 and the launch campaign with every launch committed (what slots are
        cut to around the fixed launches)."""
        lay = self.lay
        allowed = lay.open[pad] & ~self.known.blocked[rocket]
        spans = [(d - lay.turn(pad, rocket) + 1, d + lay.turn(pad, r)) for d, r, _ in self.on_pad[pad]]
        sep = lay.separation[lay.site_of[pad]]
        spans += [(d - sep + 1, d + sep) for d in self.on_site[lay.site_of[pad]]]
        if (gap := self.campaign.get(rocket)) is not None:
            spans += [(d - gap + 1, d + gap) for d in self.model_days[rocket]]
        for lo, hi in spans:
            allowed[max(0, lo):max(0, min(lay.days, hi))] = False
        return allowed

    def option(self, pad: str, rocket: str, shell: str) -> Option | None:
        return self.lay.option(pad, rocket, shell)

    # --- changes ----------------------------------------------------------------------------

    def add(self, p: Placed) -> None:
        """Commit a launch (its rules are the caller's to have checked). A launch before the
        horizon keeps its pad and site busy and its satellites in orbit; it drew on supply made
        before the horizon, which the streams do not count."""
        lay = self.lay
        launches = self.on_pad[p.pad]
        i = bisect_left(launches, (p.day, p.rocket, p.launch_id))
        launches.insert(i, (p.day, p.rocket, p.launch_id))
        self.pad_days[p.pad].insert(i, p.day)
        self.pad_ends[p.pad].insert(i, p.day + lay.turn(p.pad, p.rocket))
        site = lay.site_of[p.pad]
        j = bisect_left(self.at_site[site], (p.day, p.launch_id))
        self.at_site[site].insert(j, (p.day, p.launch_id))
        self.on_site[site].insert(j, p.day)
        k = bisect_left(self.of_model[p.rocket], (p.day, p.launch_id))
        self.of_model[p.rocket].insert(k, (p.day, p.launch_id))
        self.model_days[p.rocket].insert(k, p.day)
        self._use(p, 1)
        self._forget(p, added=True)
        if not p.failed:
            self.room[p.shell] -= p.satellites
            self.orbit[p.shell][max(0, p.day):] += p.satellites
        self.launches[p.launch_id] = p

    def remove(self, p: Placed) -> None:
        """Take a committed launch off the board (the reverse of `add`)."""
        lay = self.lay
        del self.launches[p.launch_id]
        launches = self.on_pad[p.pad]
        i = bisect_left(launches, (p.day, p.rocket, p.launch_id))
        del launches[i]
        del self.pad_days[p.pad][i]
        del self.pad_ends[p.pad][i]
        site = lay.site_of[p.pad]
        j = bisect_left(self.at_site[site], (p.day, p.launch_id))
        del self.at_site[site][j]
        del self.on_site[site][j]
        k = bisect_left(self.of_model[p.rocket], (p.day, p.launch_id))
        del self.of_model[p.rocket][k]
        del self.model_days[p.rocket][k]
        self._use(p, -1)
        self._forget(p, added=False)
        if not p.failed:
            self.room[p.shell] += p.satellites
            self.orbit[p.shell][max(0, p.day):] -= p.satellites

    def _use(self, p: Placed, sign: int) -> None:
        """What the launch draws from its streams, from its day on: a flight (a vehicle and its
        engines when it starts one) and its satellites; nothing before the horizon's first day."""
        if p.day < 0:
            return
        lay = self.lay
        flights = self.flights[p.rocket]
        fpv = lay.fpv[p.rocket]
        if sign < 0:
            flights[p.day:] -= 1
        for engine, n in lay.engines_of[p.rocket]:
            self.engines_used[engine][p.day:] += sign * n * ((flights[p.day:] % fpv) == 0) if fpv > 1 else sign * n
        if sign > 0:
            flights[p.day:] += 1
        key = lay.stream_of[p.shell]
        if key is not None:
            self.satellites_used[key][p.day:] += sign * p.satellites

    def fail(self, p: Placed) -> Placed:
        """Mark a committed launch failed: its satellites leave the shell's count, not its stream."""
        failed = Placed(p.day, p.pad, p.rocket, p.shell, p.satellites, p.launch_id, failed=True)
        self.launches[p.launch_id] = failed
        self.room[p.shell] += p.satellites
        self.orbit[p.shell][max(0, p.day):] -= p.satellites
        return failed

