"""The plan's measures and supply streams, recomputed from the scenario's rows and the launches.

Nothing here comes from the optimisation model, the board or the planner's own evaluator
(planner/domain/measures.py): in orbit, milestones, satellite-days, cost, expected losses, and
what each supply stream (rule 8) delivers and what the launches need of it by each day. Each is
written as the specification states it, day by day, the plainest way: a second implementation
on purpose, so that one mistake cannot both make and pass a plan.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from math import ceil

from planner.domain.entities import Launch, Milestone, SatelliteDelivery
from planner.domain.scenario import Scenario

FACT_STATUSES = ("history", "failed")  # launches that happened: facts, not decisions


def is_fact(launch: Launch) -> bool:
    return launch.status in FACT_STATUSES


def shells_of(s: Scenario, constellation: str, shell: str | None = None) -> set[str]:
    """The shells a count of a constellation (or of one of its shells) is made of, by the Shells rows."""
    return {shell} if shell else {row.id for row in s.shells if row.constellation == constellation}


# --- satellites in orbit and milestones -----------------------------------------------------


def in_orbit(s: Scenario, launches: Iterable[Launch], day: date, constellation: str, shell: str | None = None) -> int:
    """Satellites of a constellation (or one shell of it) in orbit at `day`: launched on or
    before it, on a launch that did not fail."""
    counted = shells_of(s, constellation, shell)
    total = 0
    for l in launches:
        if l.shell in counted and l.date <= day and l.status != "failed":
            total += l.satellites
    return total


@dataclass(frozen=True)
class MilestoneResult:
    """A milestone as the checker finds it: satellites in orbit by its due date, how many short,
    times its weight, and whether it is met."""

    milestone: Milestone
    achieved: int
    shortfall: int
    weighted: int
    met: bool


def milestone_results(s: Scenario, launches: Sequence[Launch]) -> list[MilestoneResult]:
    """Each milestone, in sheet order: satellites achieved by its due date and the shortfall."""
    out = []
    for m in s.milestones:
        got = in_orbit(s, launches, m.due_date, m.constellation, m.shell)
        missing = m.satellites_in_orbit - got if got < m.satellites_in_orbit else 0
        out.append(MilestoneResult(milestone=m, achieved=got, shortfall=missing, weighted=missing * m.weight,
                                   met=not missing))
    return out


# --- deployment speed, cost and risk --------------------------------------------------------


def grouped(launches: Iterable[Launch], key: Callable[[Launch], str]) -> dict[str, list[Launch]]:
    """Launches by `key` (their pad, site, shell...), each group in the given order."""
    groups: dict[str, list[Launch]] = {}
    for l in launches:
        groups.setdefault(key(l), []).append(l)
    return groups


def satellite_days(s: Scenario, launches: Iterable[Launch]) -> int:
    """Satellite-days in orbit: satellites x (horizon_end - date + 1) over non-failed launches."""
    end = s.settings.horizon_end
    return sum(l.satellites * ((end - l.date).days + 1) for l in launches if l.status != "failed")


def _rocket_rows(s: Scenario) -> dict[str, object]:
    return {row.id: row for row in s.rockets}


def launch_cost(s: Scenario, launches: Iterable[Launch]) -> float:
    """Million CNY of the launches the plan decides (history and failed launches are spent)."""
    rows = _rocket_rows(s)
    return sum(rows[l.rocket].cost_mcny for l in launches if not is_fact(l))  # type: ignore[attr-defined]


def expected_lost(s: Scenario, launches: Iterable[Launch]) -> float:
    """Satellites expected lost on the launches the plan decides: satellites x (1 - reliability)."""
    rows = _rocket_rows(s)
    return sum(l.satellites * (1 - rows[l.rocket].reliability)  # type: ignore[attr-defined]
               for l in launches if not is_fact(l))


@dataclass(frozen=True)
class Measures:
    milestones: tuple[MilestoneResult, ...]
    milestone_shortfall: int  # sum of the weighted shortfalls
    satellite_days: int
    cost_mcny: float
    expected_lost: float


def measure(s: Scenario, launches: Sequence[Launch]) -> Measures:
    results = tuple(milestone_results(s, launches))
    return Measures(
        milestones=results,
        milestone_shortfall=sum(r.weighted for r in results),
        satellite_days=satellite_days(s, launches),
        cost_mcny=launch_cost(s, launches),
        expected_lost=expected_lost(s, launches),
    )


# --- supply streams (rule 8) ----------------------------------------------------------------
#
# A stream is named "vehicles <rocket>", "engines <engine>" or "satellites <constellation or
# shell>". Only limited streams exist: a rocket with factories or an initial stock, an engine
# with an Engines row, a shell or constellation with satellite supply rows.


def vehicle_stream(rocket: str) -> str:
    return f"vehicles {rocket}"


def engine_stream(engine: str) -> str:
    return f"engines {engine}"


def satellite_stream(s: Scenario, shell: str) -> str | None:
    """The satellite stream a shell draws from: its own rows, else its constellation's, else none."""
    if any(row.shell == shell for row in s.satellite_supply):
        return f"satellites shell {shell}"
    constellation = next(row.constellation for row in s.shells if row.id == shell)
    if any(row.shell is None and row.constellation == constellation for row in s.satellite_supply):
        return f"satellites {constellation}"
    return None


def supply_row_stream(row: SatelliteDelivery) -> str:
    """The satellite stream a SatelliteSupply row delivers to."""
    return f"satellites shell {row.shell}" if row.shell else f"satellites {row.constellation}"


def _month_ends(first: date, last: date) -> Iterable[date]:
    """Last days of the months whose last day lies in [first, last]."""
    month = first.replace(day=1)
    while month <= last:
        following = (month + timedelta(days=32)).replace(day=1)
        end = following - timedelta(days=1)
        if first <= end <= last:
            yield end
        month = following


def _monthly_output(
    s: Scenario, start: date | None, end: date | None, output: int, overrides: dict[date, int], lead_days: int
) -> list[tuple[date, int]]:
    """(usable date, quantity) of a line delivering its monthly output on each month's last day."""
    first = max(start or s.settings.horizon_start, s.settings.horizon_start)
    last = min(end or s.settings.horizon_end, s.settings.horizon_end)
    lead = timedelta(days=lead_days)
    return [(e + lead, overrides.get(e.replace(day=1), output)) for e in _month_ends(first, last)]


def deliveries(s: Scenario) -> dict[str, list[tuple[date, int]]]:
    """Limited stream -> (usable date, quantity), by date; initial stock is usable on horizon_start."""
    start = s.settings.horizon_start
    items: dict[str, list[tuple[date, int]]] = {}
    for r in s.rockets:
        factories = [f for f in s.factories if f.rocket == r.id]
        if not factories and r.initial_stock is None:
            continue
        rows = items.setdefault(vehicle_stream(r.id), [(start, r.initial_stock or 0)])
        for f in factories:
            overrides = {month.replace(day=1): q for month, q in f.overrides}
            rows += _monthly_output(s, f.start_date, f.end_date, f.monthly_output, overrides, r.lead_days)
    for e in s.engines:
        items[engine_stream(e.id)] = [
            (start, e.initial_stock),
            *_monthly_output(s, e.start_date, e.end_date, e.monthly_output, dict(e.overrides), e.lead_days)
        ]
    for row in s.satellite_supply:
        items.setdefault(supply_row_stream(row), []).append((row.date + timedelta(days=row.lead_days), row.satellites))
    return {name: _by_date(rows) for name, rows in items.items()}


def _by_date(rows: Iterable[tuple[date, int]]) -> list[tuple[date, int]]:
    """Quantities summed per date, sorted, zeros left out."""
    total: dict[date, int] = {}
    for d, q in rows:
        total[d] = total.get(d, 0) + q
    return sorted((d, q) for d, q in total.items() if q)


@dataclass(frozen=True)
class Use:
    """What the launches of one day add to a stream's need, and which launches those are."""

    day: date
    quantity: int
    launch_ids: tuple[str, ...]


class _Flown:
    """The launches in the horizon, indexed to count what they need by a day."""

    def __init__(self, s: Scenario, launches: Sequence[Launch]):
        self.s = s
        self.flying = sorted((l for l in launches if l.date >= s.settings.horizon_start), key=lambda l: l.date)
        self.dates_of: dict[str, list[date]] = {}  # rocket -> its launch dates, in order
        self.sats_of: dict[str, tuple[list[date], list[int]]] = {}  # stream -> dates, satellites flown by each
        self.stream_of = {sh.id: satellite_stream(s, sh.id) for sh in s.shells}
        for l in self.flying:
            self.dates_of.setdefault(l.rocket, []).append(l.date)
            if (name := self.stream_of[l.shell]) is not None:
                dates, totals = self.sats_of.setdefault(name, ([], []))
                dates.append(l.date)
                totals.append((totals[-1] if totals else 0) + l.satellites)
        self.fpv = {r.id: r.flights_per_vehicle for r in s.rockets}

    def vehicles_by(self, rocket: str, t: date) -> int:
        """Vehicles a model's launches flown by day t need: ceil(launches / flights_per_vehicle)."""
        return ceil(bisect_right(self.dates_of.get(rocket, []), t) / self.fpv.get(rocket, 1))

    def need_by(self, stream: str, t: date) -> int:
        kind, key = stream.split(" ", 1)
        if kind == "vehicles":
            return self.vehicles_by(key, t)
        if kind == "engines":
            return sum(link.per_vehicle * self.vehicles_by(link.rocket, t) for link in self.s.rocket_engines
                       if link.engine == key)
        dates, totals = self.sats_of.get(stream, ([], []))
        flown = bisect_right(dates, t)
        return totals[flown - 1] if flown else 0

    def draws(self, l: Launch, stream: str, t: date) -> bool:
        """Whether launch `l`, flown on day t, raises the stream's need that day."""
        kind, key = stream.split(" ", 1)
        grew = self.vehicles_by(l.rocket, t) > self.vehicles_by(l.rocket, t - timedelta(days=1))
        if kind == "vehicles":
            return l.rocket == key and grew
        if kind == "engines":
            return grew and any(link.engine == key and link.rocket == l.rocket for link in self.s.rocket_engines)
        return self.stream_of[l.shell] == stream


def needed(s: Scenario, launches: Sequence[Launch]) -> dict[str, list[tuple[date, int]]]:
    """Limited stream -> (launch date, what the launches need of it by that day), for every date
    a launch in the horizon flies. By day t, a model's launches need ceil(launches flown by t /
    flights_per_vehicle) vehicles, and each of those vehicles its engines; satellites are
    needed as they fly. Failed launches count; launches before the horizon drew on what was made
    before it, which the streams do not count."""
    return _needed(_Flown(s, launches), deliveries(s))


def _needed(flown: _Flown, made: dict[str, list[tuple[date, int]]]) -> dict[str, list[tuple[date, int]]]:
    days = sorted({l.date for l in flown.flying})
    return {name: [(t, flown.need_by(name, t)) for t in days] for name in made}


def uses(s: Scenario, launches: Sequence[Launch]) -> dict[str, list[Use]]:
    """Limited stream -> each day the launches' need of it grows, by how much, and the launches
    of that day that raise it."""
    flown = _Flown(s, launches)
    by_date: dict[date, list[Launch]] = {}
    for l in flown.flying:
        by_date.setdefault(l.date, []).append(l)
    out: dict[str, list[Use]] = {}
    for name, by_day in _needed(flown, deliveries(s)).items():
        out[name], before = [], 0
        for t, need in by_day:
            if need > before:
                ids = sorted(l.launch_id for l in by_date[t] if flown.draws(l, name, t))
                out[name].append(Use(t, need - before, tuple(ids)))
            before = need
    return out


def consumption(s: Scenario, launches: Sequence[Launch]) -> dict[str, list[tuple[date, int]]]:
    """Limited stream -> (date, quantity consumed that day); the same names as `deliveries`."""
    return {name: [(u.day, u.quantity) for u in us] for name, us in uses(s, launches).items()}
