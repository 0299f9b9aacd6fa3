"""A month-by-month flow plan that guides dispatch at scale: how many launches of each rocket
each pad should fly to each shell, month by month.

It is a linear program over monthly counts (pads, sites, vehicles, engines, satellites, shell
sizes and milestones, all as monthly totals), solved by GLOP in a few seconds even at ten years.
It sees the whole horizon at once, so it finds what a day-by-day greedy walk cannot: which
rocket should fly which constellation (a rocket that carries twice as many to one shell should
fly there), which pad each model should have, and which small rockets are not worth a pad's
time. Its counts are fractional and its months coarse, so it is no plan: dispatch follows it
and keeps every rule itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from math import ceil

from ortools.linear_solver import pywraplp

from planner.domain import supply
from planner.domain.entities import Launch
from planner.domain.measures import in_orbit
from planner.domain.scenario import Scenario
from planner.domain.supply import Stream

HARD = 1000  # a hard milestone weighs as much as this many soft ones: the LP still finds a flow when none meets it
Route = tuple[str, str, str]  # pad, rocket, shell


@dataclass(frozen=True)
class Guide:
    """Launches per route planned up to the end of each month (cumulative)."""

    month_of_day: list[int]  # day of the horizon -> its month
    planned: dict[Route, list[float]]  # route -> cumulative launches at each month's end
    first_day: int = 0  # nothing is planned before it

    def due(self, route: Route, day: int) -> float:
        """Launches the route should have flown by the end of `day`'s month."""
        counts = self.planned.get(route)
        return counts[self.month_of_day[day]] if counts is not None else 0.0


def months(s: Scenario) -> list[tuple[int, int]]:
    """(first day, last day) of each calendar month of the horizon, cut to it."""
    spans: list[tuple[int, int]] = []
    first = 0
    for day in range(1, s.horizon_days + 1):
        if day == s.horizon_days or s.date_of(day).day == 1:
            spans.append((first, day - 1))
            first = day
    return spans


class FlowPlan:
    """The LP: launches and satellites per route and month, under monthly versions of the rules,
    minimising the weighted milestone shortfall less the weighted satellite-days (both scaled by
    the milestone weight, to keep the LP's numbers in range). Built once; `guide` re-solves it
    with each pad's month cut to a share of its days."""

    def __init__(self, s: Scenario, first_day: int = 0):
        self.s, self.lp, self.spans = s, pywraplp.Solver.CreateSolver("GLOP"), months(s)
        self.first_day = first_day  # no launch is planned before it (a re-plan's freeze)
        self.month_of_day = [i for i, (a, b) in enumerate(self.spans) for _ in range(a, b + 1)]
        self.launches: dict[Route, dict[int, pywraplp.Variable]] = defaultdict(dict)
        self.satellites: dict[Route, dict[int, pywraplp.Variable]] = defaultdict(dict)
        self.pad_months: list[tuple[str, pywraplp.Constraint, int, int]] = []  # pad, row, its days, days fixed hold
        self.fixed = s.fixed_launches
        self._routes()
        self._pads_and_sites()
        self._vehicles_and_engines()
        self._satellites()
        self._objective()

    @property
    def columns(self) -> int:
        """The LP's size: its variables."""
        return self.lp.NumVariables()

    def guide(self, pad_share: dict[str, float]) -> Guide | None:
        """The flow with each pad's months cut to `pad_share` of their days (1 if not named);
        None if the LP finds none (then dispatch goes unguided)."""
        for pad, row, days, held in self.pad_months:
            row.SetUb(max(0.0, days * pad_share.get(pad, 1.0) - held))
        if self.lp.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        planned: dict[Route, list[float]] = {}
        for route, per_month in self.launches.items():
            cumulative = list(accumulate(per_month[m].solution_value() if m in per_month else 0.0
                                         for m in range(len(self.spans))))
            if cumulative[-1] > 1e-6:
                planned[route] = cumulative
        return Guide(self.month_of_day, planned, self.first_day)

    def _routes(self) -> None:
        """Every (pad, rocket, shell) the rules allow, in each month it has a day to fly."""
        s, lp = self.s, self.lp
        for pad in sorted(s.pad):
            open_days = set(s.pad_open_days(pad))
            days_in: dict[str, list[int]] = {}
            for rocket, shell, cap in s.routes(pad):
                if rocket not in days_in:
                    allowed = open_days - s.rocket_blocked_days(rocket)
                    days_in[rocket] = [sum(1 for d in range(max(a, self.first_day), b + 1) if d in allowed)
                                       for a, b in self.spans]
                for m, days in enumerate(days_in[rocket]):
                    if days == 0:
                        continue
                    x = lp.NumVar(0, ceil(days / s.pad_turnaround[pad][rocket]), "")
                    y = lp.NumVar(0, lp.infinity(), "")
                    lp.Add(y <= cap.max_satellites * x)
                    lp.Add(y >= max(1, cap.min_satellites) * x)
                    self.launches[(pad, rocket, shell)][m] = x
                    self.satellites[(pad, rocket, shell)][m] = y

    def _pads_and_sites(self) -> None:
        """A pad's month holds its launches' turnarounds, less the days its fixed launches hold;
        a site's month, its launches' separations, less its fixed launches."""
        s, lp = self.s, self.lp
        for m, (a, b) in enumerate(self.spans):
            first = max(a, self.first_day)
            if first > b:
                continue
            length = b - first + 1
            for pad in s.pad:
                busy = [s.pad_turnaround[pad][r] * x[m] for (p, r, _), x in self.launches.items()
                        if p == pad and m in x]
                if busy:
                    held = sum(max(0, min(b + 1, s.day(f.date) + s.turnaround(pad, f.rocket))
                                   - max(first, s.day(f.date)))
                               for f in self.fixed if f.pad == pad)
                    self.pad_months.append((pad, lp.Add(sum(busy) <= length), length, held))
            for site in s.site:
                gap = max(1, s.separation(site))
                fixed = sum(1 for f in self.fixed if f.site == site and first <= s.day(f.date) <= b)
                flying = [x[m] for (p, _, _), x in self.launches.items() if s.pad[p].site == site and m in x]
                if flying:
                    lp.Add(sum(flying) <= max(0, length / gap - fixed))

    def _cumulative(self, stream: Stream, use: dict[int, list], fixed_use: list[float]) -> None:
        """For each month, what is used by its end (the fixed launches' `fixed_use` and the
        LP's `use`, in the stream's units) is at most what the stream has made usable by then.
        The running total is a variable of its own, so each month's row stays short."""
        lp, total = self.lp, 0
        for m, (_, b) in enumerate(self.spans):
            used = lp.NumVar(0, lp.infinity(), "")
            lp.Add(used == total + sum(use.get(m, [])))
            lp.Add(used <= stream.available(self.s.date_of(b)) - fixed_use[m])
            total = used

    def _fixed_by_month(self, pick: Callable[[Launch], float]) -> list[float]:
        """Cumulative `pick` over the fixed launches, at each month's end."""
        counts = [0.0] * len(self.spans)
        for f in self.fixed:
            d = self.s.day(f.date)
            if 0 <= d < self.s.horizon_days:  # launches before the horizon drew on earlier supply
                counts[self.month_of_day[d]] += pick(f)
        return list(accumulate(counts))

    def _vehicles_and_engines(self) -> None:
        """A vehicle flies flights_per_vehicle times; each vehicle uses its engines."""
        s = self.s
        per_vehicle = {r.id: 1 / r.flights_per_vehicle for r in s.rockets}
        by_rocket: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
        for (_, rocket, _), xs in self.launches.items():
            for m, x in xs.items():
                by_rocket[rocket][m].append(per_vehicle[rocket] * x)
        for r in s.rockets:
            stream = supply.vehicle_stream(s, r.id)
            if stream is not None:

                def vehicles_of(f: Launch, rocket: str = r.id) -> float:
                    return per_vehicle[rocket] * (f.rocket == rocket)

                self._cumulative(stream, by_rocket[r.id], self._fixed_by_month(vehicles_of))
        for e in s.engines:
            users = supply.engines_per_vehicle(s, e.id)
            use: dict[int, list] = defaultdict(list)
            for user, n in users.items():
                for m, vehicles in by_rocket[user].items():
                    use[m] += [n * v for v in vehicles]

            def engines_of(f: Launch, users: dict[str, int] = users) -> float:
                return users.get(f.rocket, 0) * per_vehicle[f.rocket]

            self._cumulative(supply.engine_stream(s, e.id), use, self._fixed_by_month(engines_of))

    def _satellites(self) -> None:
        """Satellite streams, and each shell's room."""
        s, lp = self.s, self.lp
        streams = supply.satellite_streams(s)
        by_stream: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
        for (_, _, shell), ys in self.satellites.items():
            key = supply.satellite_stream_of(s, shell)
            if key is not None:
                for m, y in ys.items():
                    by_stream[key][m].append(y)
        for key, stream in streams.items():

            def satellites_of(f: Launch, key: str = key) -> float:
                return f.satellites if supply.satellite_stream_of(s, f.shell) == key else 0

            self._cumulative(stream, by_stream[key], self._fixed_by_month(satellites_of))
        for sh in s.shells:
            loads = [y for (_, _, shell), per in self.satellites.items() if shell == sh.id for y in per.values()]
            kept = in_orbit(s, self.fixed, s.settings.horizon_end, sh.constellation, sh.id)
            if loads:
                lp.Add(sum(loads) <= max(0, sh.satellites - kept))

    def _objective(self) -> None:
        """The weighted shortfall of each milestone (a hard one as HARD soft ones) less the
        weighted satellite-days, from each month's first day."""
        s, lp = self.s, self.lp
        w = s.settings.weights
        unit = w.milestone or 1  # the scale of the objective's numbers
        objective = lp.Objective()
        for ms in s.milestones:
            shells = s.milestone_shells(ms)
            due = s.day(ms.due_date)
            kept = in_orbit(s, self.fixed, ms.due_date, ms.constellation, ms.shell)
            achieved = [y for (_, _, shell), per in self.satellites.items() if shell in shells
                        for m, y in per.items() if self.spans[m][1] <= due]
            short = lp.NumVar(0, lp.infinity(), "")
            lp.Add(short + sum(achieved) >= ms.satellites_in_orbit - kept)
            objective.SetCoefficient(short, ms.weight * (HARD if ms.hard else w.milestone / unit))
        last = s.horizon_days
        for per in self.satellites.values():
            for m, y in per.items():
                objective.SetCoefficient(y, -w.speed / unit * (last - self.spans[m][0]))
        objective.SetMinimization()


def recalibrated(pad_share: dict[str, float], guide: Guide, dispatched: list[Launch]) -> dict[str, float]:
    """Each pad's share cut by how much of the guide's count for it the `dispatched` launches
    (the new ones, not the fixed) flew: turnarounds and site separations interleave day by day,
    so a pad's month holds fewer launches than its days divided by its turnaround, and the next
    flow should know it. Pads the guide planned less than a launch keep their share."""
    planned: dict[str, float] = defaultdict(float)
    for (pad, _, _), cumulative in guide.planned.items():
        planned[pad] += cumulative[-1]
    flown: dict[str, int] = defaultdict(int)
    for l in dispatched:
        flown[l.pad] += 1
    share = dict(pad_share)
    for pad, n in planned.items():
        if n >= 1:
            share[pad] = pad_share.get(pad, 1.0) * min(1.0, flown[pad] / n)
    return share
