"""Per quarter, how much of each link the plan uses and which links bind.

A link binds in a quarter when it held a launch there (the launch could not move one day
earlier because of it, see held.py) or, for a supply stream, when its stock ran out on a
launch date of that quarter. The binding link of a quarter is the one holding the most
launches. Plain Python from the rows and the launches, like the checker.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from math import ceil

from planner.domain.entities import Launch
from planner.domain.measures import consumption, deliveries, grouped
from planner.domain.scenario import Scenario
from planner.explain.held import Hold, holds
from planner.explain.links import UNITS, Link

Row = dict[str, object]


@dataclass(frozen=True)
class Quarter:
    label: str  # "2027-Q1"
    first: date
    last: date  # both within the horizon

    def __contains__(self, d: date) -> bool:
        return self.first <= d <= self.last

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True, kw_only=True)
class LinkUse:
    """One link in one quarter: what the plan used of it, what there was, and whether it bound."""

    quarter: Quarter
    link: Link
    used: int
    available: int | None
    held: int  # launches of the quarter held by this link
    exhausted: bool = False  # a supply stream's stock ran out on a launch date
    note: str = ""

    @property
    def binds(self) -> bool:
        return self.held > 0 or self.exhausted

    @property
    def utilisation_pct(self) -> float | None:
        return 100 * self.used / self.available if self.available else None


@dataclass(frozen=True)
class Bottlenecks:
    """The Bottlenecks table, and the holds it was counted from."""

    uses: tuple[LinkUse, ...]
    holds: tuple[Hold, ...]
    quarters: tuple[Quarter, ...]

    def binding(self, quarter: Quarter) -> list[LinkUse]:
        """The links that bind in a quarter, the one holding most launches first."""
        found = [u for u in self.uses if u.quarter == quarter and u.binds]
        return sorted(found, key=lambda u: (-u.held, -(u.utilisation_pct or 0), u.link))

    def first_binding(self, link: Link) -> LinkUse | None:
        """The first quarter a link binds in."""
        return next((u for u in self.uses if u.link == link and u.binds), None)

    def links(self) -> list[Link]:
        """Every link that binds somewhere, most launches held first."""
        held = Counter[Link]()
        for u in self.uses:
            if u.binds:
                held[u.link] += u.held
        return sorted(held, key=lambda link: (-held[link], link))

    def in_quarter(self, quarter: Quarter) -> list[Hold]:
        return [h for h in self.holds if h.launch.date in quarter]

    def rows(self) -> list[Row]:
        """The Bottlenecks sheet: one row per quarter and link."""
        return [
            {
                "quarter": u.quarter.label,
                "link": str(u.link),
                "kind": u.link.kind,
                "unit": UNITS[u.link.kind],
                "used": u.used,
                "available": u.available,
                "utilisation_pct": u.utilisation_pct,
                "binds": u.binds,
                "launches_held": u.held,
                "note": u.note or None,
            }
            for u in self.uses
        ]


def quarters(s: Scenario) -> list[Quarter]:
    """Calendar quarters overlapping the horizon, clipped to it."""
    out, start, end = [], s.settings.horizon_start, s.settings.horizon_end
    y, q = start.year, (start.month - 1) // 3
    while date(y, 3 * q + 1, 1) <= end:
        first = date(y, 3 * q + 1, 1)
        following = date(y + 1, 1, 1) if q == 3 else date(y, 3 * q + 4, 1)
        out.append(Quarter(f"{y}-Q{q + 1}", max(first, start), min(following - timedelta(days=1), end)))
        y, q = (y + 1, 0) if q == 3 else (y, q + 1)
    return out


def bottlenecks(s: Scenario, launches: Sequence[Launch]) -> Bottlenecks:
    """Every link in every quarter; a link that neither exists nor matters in a quarter is left out."""
    launches = list(launches)
    found = tuple(holds(s, launches))
    qs = quarters(s)
    open_days = {p.id: s.pad_open_days(p.id) for p in s.pads}
    blocked = {r.id: sorted(s.rocket_blocked_days(r.id)) for r in s.rockets}
    made, used = deliveries(s), consumption(s, launches)
    on_pad = grouped(launches, lambda l: l.pad)
    uses: list[LinkUse] = []
    for q in qs:
        held = _held_in(found, q)
        uses += _pads(s, on_pad, q, held, open_days)
        uses += _sites(s, launches, q, held)
        uses += _availability(s, launches, q, held, blocked)
        uses += _streams(q, held, made, used)
        uses += _others(q, held, {u.link for u in uses if u.quarter == q})
    return Bottlenecks(tuple(uses), found, tuple(qs))


def bottleneck_rows(s: Scenario, launches: Sequence[Launch]) -> list[Row]:
    """The Bottlenecks sheet of a plan: one row per quarter and link."""
    return bottlenecks(s, launches).rows()


def _held_in(found: Sequence[Hold], q: Quarter) -> dict[Link, list[str]]:
    """Link -> why it held each launch of the quarter."""
    out: dict[Link, list[str]] = {}
    for h in found:
        if h.launch.date in q:
            for link, why in h.links.items():
                out.setdefault(link, []).append(why)
    return out


def _why(reasons: list[str]) -> str:
    """The kinds of reasons, counted: "turnaround 3, closed 1"."""
    counted = Counter(r.split(" ", 1)[0].rstrip(":") for r in reasons)
    return ", ".join(f"{what} {n}" for what, n in counted.most_common())


def _pads(s: Scenario, on_pad: dict[str, list[Launch]], q: Quarter, held: dict[Link, list[str]],
          open_days_of: dict[str, list[int]]) -> list[LinkUse]:
    """Open days each pad is held by turnarounds, against the days it is open."""
    lo, hi = s.day(q.first), s.day(q.last)
    out = []
    for pad in s.pads:
        open_days = {d for d in open_days_of[pad.id] if lo <= d <= hi}
        busy: set[int] = set()
        for l in on_pad.get(pad.id, ()):
            start = s.day(l.date)
            end = start + s.turnaround(pad.id, l.rocket)
            if start <= hi and end > lo:
                busy.update(range(start, end))
        link = Link("pad", pad.id)
        reasons = held.get(link, [])
        if open_days:
            out.append(LinkUse(quarter=q, link=link, used=len(busy & open_days), available=len(open_days),
                               held=len(reasons), note=_why(reasons)))
    return out


def _sites(s: Scenario, launches: list[Launch], q: Quarter, held: dict[Link, list[str]]) -> list[LinkUse]:
    """Launches from each site, against what its separation allows in the quarter."""
    out = []
    for site in s.sites:
        flown = sum(1 for l in launches if s.pad[l.pad].site == site.id and l.date in q)
        link = Link("site", site.id)
        reasons = held.get(link, [])
        out.append(LinkUse(quarter=q, link=link, used=flown, available=ceil(q.days / s.separation(site.id)),
                           held=len(reasons), note=_why(reasons)))
    return out


def _availability(s: Scenario, launches: list[Launch], q: Quarter, held: dict[Link, list[str]],
                  blocked_days: dict[str, list[int]]) -> list[LinkUse]:
    """Models not yet available, or grounded, for part of the quarter, or holding a launch in it
    (a model available from a quarter's first day holds a launch that day): their launches there."""
    lo, hi = s.day(q.first), s.day(q.last)
    out = []
    for r in s.rockets:
        blocked = [d for d in blocked_days[r.id] if lo <= d <= hi]
        link = Link("availability", r.id)
        reasons = held.get(link, [])
        if blocked or reasons:
            flown = sum(1 for l in launches if l.rocket == r.id and l.date in q)
            note = _why(reasons) or f"blocked {s.date_of(blocked[0])} .. {s.date_of(blocked[-1])}"
            out.append(LinkUse(quarter=q, link=link, used=flown, available=None, held=len(reasons), note=note))
    return out


def _streams(q: Quarter, held: dict[Link, list[str]], made: dict[str, list[tuple[date, int]]],
             used: dict[str, list[tuple[date, int]]]) -> list[LinkUse]:
    """Each supply stream: consumed in the quarter, against stock at its start plus deliveries in it."""
    out = []
    for name in sorted(made):
        link = Link.of_stream(name)
        before = sum(n for d, n in made[name] if d < q.first) - sum(n for d, n in used.get(name, ()) if d < q.first)
        delivered = sum(n for d, n in made[name] if d in q)
        consumed = sum(n for d, n in used.get(name, ()) if d in q)
        ran_out = [d for d, n in used.get(name, ()) if d in q and n and _stock(made[name], used[name], d) <= 0]
        reasons = held.get(link, [])
        note = ", ".join(x for x in (_why(reasons), f"stock 0 on {ran_out[0]}" if ran_out else "") if x)
        out.append(LinkUse(quarter=q, link=link, used=consumed, available=before + delivered, held=len(reasons),
                           exhausted=bool(ran_out), note=note))
    return out


def _others(q: Quarter, held: dict[Link, list[str]], counted: set[Link]) -> list[LinkUse]:
    """Any other link that held a launch of the quarter: how many it held."""
    return [LinkUse(quarter=q, link=link, used=len(reasons), available=None, held=len(reasons), note=_why(reasons))
            for link, reasons in sorted(held.items()) if link not in counted]


def _stock(made: list[tuple[date, int]], used: list[tuple[date, int]], day: date) -> int:
    """Usable stock left at the end of a day."""
    return sum(n for d, n in made if d <= day) - sum(n for d, n in used if d <= day)
