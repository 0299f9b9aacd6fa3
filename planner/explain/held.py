"""Why a planned launch is not one day earlier: the links whose rule the earlier day would break.

Computed from the rows and the launches in plain Python, like the checker, never from the
model. A launch moved one day earlier can break: its pad's turnaround after the previous launch,
its pad's windows or closures, its site's separation from another launch, its model's
availability (available_from, groundings), or a supply stream (one more vehicle, its engines or
its satellites needed a day before they are usable). Fixed launches cannot move and are not
judged; a launch on the horizon's first day has no earlier day.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from math import ceil

from planner.domain.measures import deliveries, grouped
from planner.domain.supply import satellite_stream_name
from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.explain.links import Link

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Hold:
    """A planned launch and the links that keep it from its previous day, each with why."""

    launch: Launch
    links: dict[Link, str] = field(default_factory=dict)
    at_start: bool = False  # dated on the horizon's first day: nothing earlier to try

    @property
    def free(self) -> bool:
        """It could move a day earlier without breaking a rule."""
        return not self.links and not self.at_start


def holds(s: Scenario, launches: Sequence[Launch]) -> list[Hold]:
    """A Hold for every launch the plan decides (planned, not fixed), in the given order."""
    fixed = {f.launch_id for f in s.fixed_launches}
    judge = _Judge(s, launches)
    return [judge.hold(l) for l in launches if l.status == "planned" and l.launch_id not in fixed]


class _Judge:
    """The plan indexed once by pad, site, model and stream, to try each launch a day earlier."""

    def __init__(self, s: Scenario, launches: Sequence[Launch]):
        self.s = s
        self.launches = list(launches)
        by_date = sorted(self.launches, key=lambda l: l.date)
        self.on_pad = _Dated.of(grouped(by_date, lambda l: l.pad))
        self.at_site = _Dated.of(grouped(by_date, lambda l: s.pad[l.pad].site))
        self.reach = {p.id: max([s.turnaround(p.id, r) for r in s.pad_turnaround[p.id]] + [p.turnaround_days])
                      for p in s.pads}  # the longest any launch keeps the pad busy
        self.open_days = {p: set(s.pad_open_days(p)) for p in s.pad}
        self.supplied = deliveries(s)
        self.days_of: dict[str, list[date]] = {}
        for l in sorted(self.launches, key=lambda l: l.date):
            self.days_of.setdefault(l.rocket, []).append(l.date)
        self.satellites_of: dict[str, list[tuple[date, int]]] = {}
        for l in sorted(self.launches, key=lambda l: l.date):
            stream = satellite_stream_name(s, l.shell)
            if stream is not None:
                self.satellites_of.setdefault(stream, []).append((l.date, l.satellites))

    def hold(self, l: Launch) -> Hold:
        t = l.date - ONE_DAY
        if t < self.s.settings.horizon_start:
            return Hold(l, at_start=True)
        links: dict[Link, str] = {}
        for check in (self._pad, self._site, self._availability, self._vehicles, self._engines, self._satellites):
            links.update(check(l, t))
        return Hold(l, links)

    # --- pads, sites and models ------------------------------------------------------------

    def _pad(self, l: Launch, t: date) -> Iterator[tuple[Link, str]]:
        s, link = self.s, Link("pad", l.pad)
        if s.day(t) not in self.open_days[l.pad]:
            yield link, _closed_because(s, l.pad, t)
            return
        for p in self.on_pad[l.pad].within(t, self.reach[l.pad]):
            if p.launch_id != l.launch_id and s.day(t) in s.clashes(l.pad, l.rocket, p)["turnaround"]:
                yield link, f"turnaround after {p.launch_id}"
                return

    def _site(self, l: Launch, t: date) -> Iterator[tuple[Link, str]]:
        s = self.s
        site = s.pad[l.pad].site
        for q in self.at_site[site].within(t, s.separation(site)):
            if q.launch_id != l.launch_id and s.day(t) in s.clashes(l.pad, l.rocket, q)["separation"]:
                yield Link("site", site), f"separation from {q.launch_id}"
                return

    def _availability(self, l: Launch, t: date) -> Iterator[tuple[Link, str]]:
        s, link = self.s, Link("availability", l.rocket)
        first = s.rocket[l.rocket].available_from
        if first is not None and t < first:
            yield link, f"available from {first}"
            return
        for g in s.groundings:
            if g.rocket == l.rocket and g.start <= t <= g.end:
                yield link, f"grounded {g.start} .. {g.end}"
                return

    # --- supply streams ----------------------------------------------------------------------

    def _usable(self, stream: str, t: date) -> int:
        return sum(q for d, q in self.supplied[stream] if d <= t)

    def _short(self, stream: str, need: int, t: date, what: str) -> Iterator[tuple[Link, str]]:
        usable = self._usable(stream, t)
        if need > usable:
            yield Link.of_stream(stream), f"short: {need} {what} needed by {t}, {usable} usable"

    def _vehicles_by(self, rocket: str, t: date, extra: int = 0) -> int:
        """Vehicles of `rocket` first flown by day t, with `extra` launches more by then."""
        flown = bisect_right(self.days_of.get(rocket, []), t) + extra
        return ceil(flown / self.s.rocket[rocket].flights_per_vehicle)

    def _vehicles(self, l: Launch, t: date) -> Iterator[tuple[Link, str]]:
        stream = f"vehicles {l.rocket}"
        need = self._vehicles_by(l.rocket, t, 1)
        if stream in self.supplied and need > self._vehicles_by(l.rocket, t):
            yield from self._short(stream, need, t, "vehicles")

    def _engines(self, l: Launch, t: date) -> Iterator[tuple[Link, str]]:
        """One more vehicle first flown by day t takes its engines by then too."""
        s = self.s
        extra = self._vehicles_by(l.rocket, t, 1) - self._vehicles_by(l.rocket, t)
        for link in s.rocket_engines:
            if link.rocket == l.rocket and extra:
                need = extra * link.per_vehicle + sum(
                    r.per_vehicle * self._vehicles_by(r.rocket, t) for r in s.rocket_engines if r.engine == link.engine
                )
                yield from self._short(f"engines {link.engine}", need, t, "engines")

    def _satellites(self, l: Launch, t: date) -> Iterator[tuple[Link, str]]:
        stream = satellite_stream_name(self.s, l.shell)
        if stream is not None:
            need = sum(q for d, q in self.satellites_of[stream] if d <= t) + l.satellites
            yield from self._short(stream, need, t, "satellites")


def _closed_because(s: Scenario, pad: str, t: date) -> str:
    """Why a pad cannot launch on day t: outside its windows, or which closure."""
    site = s.pad[pad].site
    for c in s.closures:
        if (c.pad == pad or (c.pad is None and c.site == site)) and c.start <= t <= c.end:
            return f"closed {c.start} .. {c.end}" + (f" ({c.reason})" if c.reason else "")
    if t < s.settings.horizon_start or t > s.settings.horizon_end:
        return "outside the horizon"
    return "outside its windows"


@dataclass(frozen=True)
class _Dated:
    """Launches in date order, to find those of the last few days at once."""

    launches: list[Launch]
    dates: list[date]

    @staticmethod
    def of(groups: dict[str, list[Launch]]) -> dict[str, _Dated]:
        return {key: _Dated(ls, [l.date for l in ls]) for key, ls in groups.items()}

    def within(self, t: date, days: int) -> list[Launch]:
        """Those dated in the `days` up to and including t."""
        return self.launches[bisect_right(self.dates, t - timedelta(days=days)):bisect_right(self.dates, t)]
