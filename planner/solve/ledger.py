"""What the supply streams (rule 8) still allow, as a plan is built day by day.

Launches are added in date order, each on or after the previous one. Adding one on day d raises
every stream's use from d on; use also steps up on the days of later fixed launches, and what a
stream has made usable only grows, so the rule holds if it holds on d and on those days.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date
from itertools import accumulate
from math import ceil

from planner.domain import supply
from planner.domain.scenario import Scenario


class Ledger:
    """Limited streams: usable stock per day, fixed launches' use per day, and what is planned."""

    def __init__(self, s: Scenario):
        fixed = s.fixed_launches
        self.fpv = {r.id: r.flights_per_vehicle for r in s.rockets}
        self.fixed_launches = {r: _by_day(s, [(f.date, 1) for f in fixed if f.rocket == r]) for r in s.rocket}
        self.fixed_days = {r: _days(s, [f.date for f in fixed if f.rocket == r]) for r in s.rocket}
        self.planned_launches = {r: 0 for r in s.rocket}
        self.vehicles = {r: _by_day(s, st.deliveries) for r in s.rocket if (st := supply.vehicle_stream(s, r)) is not None}
        self.engines: dict[str, tuple[list[int], dict[str, int], list[int]]] = {}
        for e in s.engines:
            users = supply.engines_per_vehicle(s, e.id)
            days = sorted({d for r in users for d in self.fixed_days[r]})
            self.engines[e.id] = (_by_day(s, supply.engine_stream(s, e.id).deliveries), users, days)
        self.engines_of = {r: [e for e, (_, users, _) in self.engines.items() if r in users] for r in s.rocket}
        self.stream_of = {sh: supply.satellite_stream_of(s, sh) for sh in s.shell}
        self.satellites: dict[str, tuple[list[int], list[int], list[int]]] = {}
        for key, st in supply.satellite_streams(s).items():
            drawn = [f for f in fixed if self.stream_of[f.shell] == key]
            self.satellites[key] = (_by_day(s, st.deliveries), _by_day(s, [(f.date, f.satellites) for f in drawn]),
                                    _days(s, [f.date for f in drawn]))
        self.planned_satellites = {key: 0 for key in self.satellites}
        self.unlimited = sum(sh.satellites for sh in s.shells)  # more than any shell has room for

    def rocket_ok(self, rocket: str, day: int) -> bool:
        """A launch of `rocket` on `day` finds its vehicle, and the vehicle's engines."""
        if rocket in self.vehicles:
            usable, fpv, planned = self.vehicles[rocket], self.fpv[rocket], self.planned_launches[rocket] + 1
            counts = self.fixed_launches[rocket]
            if any(ceil((counts[t] + planned) / fpv) > usable[t] for t in _ahead(day, self.fixed_days[rocket])):
                return False
        for e in self.engines_of[rocket]:
            usable, users, days = self.engines[e]
            for t in _ahead(day, days):
                used = sum(n * ceil((self.fixed_launches[r][t] + self.planned_launches[r] + (r == rocket))
                                    / self.fpv[r]) for r, n in users.items())
                if used > usable[t]:
                    return False
        return True

    def satellites_free(self, shell: str, day: int) -> int:
        """Satellites a launch to `shell` on `day` may take from its stream."""
        key = self.stream_of[shell]
        if key is None:
            return self.unlimited
        usable, fixed, days = self.satellites[key]
        return min(usable[t] - fixed[t] for t in _ahead(day, days)) - self.planned_satellites[key]

    def take(self, rocket: str, shell: str, satellites: int) -> None:
        """Record a launch dated on or after every launch recorded so far."""
        self.planned_launches[rocket] += 1
        key = self.stream_of[shell]
        if key is not None:
            self.planned_satellites[key] += satellites


def _ahead(day: int, fixed_days: list[int]) -> list[int]:
    """`day` and the fixed launch days after it: where a stream's use steps up from `day` on."""
    return [day, *fixed_days[bisect_right(fixed_days, day):]]


def _days(s: Scenario, dates: Iterable[date]) -> list[int]:
    """Sorted distinct day indexes inside the horizon."""
    return sorted({s.day(d) for d in dates if 0 <= s.day(d) < s.horizon_days})


def _by_day(s: Scenario, items: Iterable[tuple[date, int]]) -> list[int]:
    """Per day of the horizon: the sum of the quantities dated on or before it."""
    per_day = [0] * s.horizon_days
    for d, q in items:
        if s.day(d) < s.horizon_days:
            per_day[max(0, s.day(d))] += q
    return list(accumulate(per_day))
