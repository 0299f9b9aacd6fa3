"""Paper capacity by a date: how many satellites the pads alone, the vehicles alone or the
satellite supply alone could put into some shells, each ignoring every other link.

Each is an upper bound on what any plan achieves (a relaxation of the rules), so the smallest
is too; planned launches are counted on top of the launches that already happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planner.domain.entities import Milestone
from planner.domain.measures import deliveries, in_orbit
from planner.domain.scenario import Scenario
from planner.domain.supply import satellite_stream_name


@dataclass(frozen=True)
class PaperCapacity:
    """Satellites in orbit by the due date that each link alone would allow; None: not limited."""

    history: int  # in orbit from launches that already happened
    pads: int
    vehicles: int | None
    satellites: int | None

    @property
    def bound(self) -> int:
        return self.history + min(x for x in (self.pads, self.vehicles, self.satellites) if x is not None)


def paper_capacity(s: Scenario, m: Milestone) -> PaperCapacity:
    """What pads, vehicles and satellite supply alone allow towards a milestone by its due date."""
    shells = s.milestone_shells(m)
    due = m.due_date
    history = in_orbit(s, s.fixed_launches, due, m.constellation, m.shell)
    return PaperCapacity(history, _pads(s, shells, due), _vehicles(s, shells, due), _satellites(s, shells, due))


def largest_launch(s: Scenario, shells: frozenset[str] | set[str]) -> int:
    """The most satellites one launch from any pad carries to any of `shells`."""
    return max((_largest(s, r, pad.site, shells) for pad in s.pads for r in s.pad_turnaround[pad.id]), default=0)


def _largest(s: Scenario, rocket: str, site: str, shells: frozenset[str] | set[str]) -> int:
    """The most satellites one launch of `rocket` from `site` carries to any of `shells`."""
    caps = [c.max_satellites for sh in shells if s.reachable(site, sh) and (c := s.capacity(rocket, sh, site))]
    return max(caps, default=0)


def _pads(s: Scenario, shells: frozenset[str], due: date) -> int:
    """Each pad flying as often as its shortest turnaround allows on its open days, full."""
    total = 0
    last = s.day(due)
    for pad in s.pads:
        flown = {r: _largest(s, r, pad.site, shells) for r in s.pad_turnaround[pad.id]}
        flown = {r: n for r, n in flown.items() if n}
        if not flown:
            continue
        blocked = set.intersection(*(s.rocket_blocked_days(r) for r in flown))
        gap = min(s.pad_turnaround[pad.id][r] for r in flown)
        launches, free = 0, 0
        for d in s.pad_open_days(pad.id):
            if free <= d <= last and d not in blocked:
                launches, free = launches + 1, d + gap
        total += launches * max(flown.values())
    return total


def _vehicles(s: Scenario, shells: frozenset[str], due: date) -> int | None:
    """Every vehicle usable by the due date flown as often as it may, full; None when a model
    that can reach the shells is not limited."""
    made = deliveries(s)
    total = 0
    for r in s.rockets:
        largest = max((_largest(s, r.id, pad.site, shells) for pad in s.pads if r.id in s.pad_turnaround[pad.id]),
                      default=0)
        if not largest:
            continue
        stream = f"vehicles {r.id}"
        if stream not in made:
            return None
        spent = sum(1 for f in s.fixed_launches if f.rocket == r.id and f.date <= due)
        usable = sum(q for d, q in made[stream] if d <= due) * r.flights_per_vehicle
        total += max(0, usable - spent) * largest
    return total


def _satellites(s: Scenario, shells: frozenset[str], due: date) -> int | None:
    """Satellites usable by the due date and not yet launched; None when a shell is not limited."""
    named = {satellite_stream_name(s, sh) for sh in shells}
    streams = {name for name in named if name is not None}
    if len(streams) < len(named):
        return None
    made = deliveries(s)
    usable = sum(q for name in streams for d, q in made[name] if d <= due)
    spent = sum(f.satellites for f in s.fixed_launches
                if satellite_stream_name(s, f.shell) in streams and f.date <= due)
    return max(0, usable - spent)
