"""The plan's measures and supply streams, recomputed from the scenario's rows and the launches.

Nothing here comes from the optimisation model: in orbit, milestones, satellite-days, cost,
expected losses, and what each supply stream (rule 8) delivers and what the launches consume.
The planner's own evaluator is planner/domain/measures.py; this copy is the checker's, written
apart on purpose and used by nothing else, so that one mistake cannot both make and pass a plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from math import ceil

from planner.domain.entities import Launch, Milestone, SatelliteDelivery
from planner.domain.scenario import Scenario

FACT_STATUSES = ("history", "failed")  # launches that happened: facts, not decisions


def is_fact(launch: Launch) -> bool:
    return launch.status in FACT_STATUSES


# --- satellites in orbit and milestones -----------------------------------------------------


def in_orbit(s: Scenario, launches: Iterable[Launch], day: date, constellation: str, shell: str | None = None) -> int:
    """Satellites of a constellation (or one shell of it) in orbit at `day`: non-failed launches dated <= day."""
    return sum(
        l.satellites
        for l in launches
        if not l.failed
        and l.date <= day
        and (l.shell == shell if shell else s.shell[l.shell].constellation == constellation)
    )


@dataclass(frozen=True)
class MilestoneResult:
    milestone: Milestone
    achieved: int
    shortfall: int
    weighted: int
    met: bool


def milestone_results(s: Scenario, launches: Sequence[Launch]) -> list[MilestoneResult]:
    """Each milestone, in sheet order: satellites achieved by its due date and the shortfall."""
    results = []
    for m in s.milestones:
        achieved = in_orbit(s, launches, m.due_date, m.constellation, m.shell)
        shortfall = max(0, m.satellites_in_orbit - achieved)
        results.append(MilestoneResult(m, achieved, shortfall, m.weight * shortfall, shortfall == 0))
    return results


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
    return sum(l.satellites * ((end - l.date).days + 1) for l in launches if not l.failed)


def launch_cost(s: Scenario, launches: Iterable[Launch]) -> float:
    """Million CNY of the launches the plan decides (history and failed launches are spent)."""
    return sum(s.rocket[l.rocket].cost_mcny for l in launches if not is_fact(l))


def expected_lost(s: Scenario, launches: Iterable[Launch]) -> float:
    """Satellites expected lost on the launches the plan decides: satellites x (1 - reliability)."""
    return sum(l.satellites * (1 - s.rocket[l.rocket].reliability) for l in launches if not is_fact(l))


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
    constellation = s.shell[shell].constellation
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
        items[engine_stream(e.id)] = [(start, e.initial_stock)] + _monthly_output(
            s, e.start_date, e.end_date, e.monthly_output, {}, e.lead_days
        )
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
    """What launches of one day take from one stream, and which launches those are."""

    day: date
    quantity: int
    launch_ids: tuple[str, ...]


def uses(s: Scenario, launches: Sequence[Launch]) -> dict[str, list[Use]]:
    """Limited stream -> what the launches consume from it, by date (failed launches consume too).
    Launches before the horizon drew on what was made before it, which the streams do not count."""
    launches = [l for l in launches if l.date >= s.settings.horizon_start]
    limited = deliveries(s)
    out: dict[str, list[Use]] = {name: [] for name in limited}
    new_vehicles = _new_vehicles(s, launches)
    for rocket, days in new_vehicles.items():
        if vehicle_stream(rocket) in out:
            out[vehicle_stream(rocket)] += days
    for e in s.engines:
        per_day: dict[date, tuple[int, tuple[str, ...]]] = {}
        for link in s.rocket_engines:
            if link.engine != e.id:
                continue
            for u in new_vehicles.get(link.rocket, []):
                q, ids = per_day.get(u.day, (0, ()))
                per_day[u.day] = (q + link.per_vehicle * u.quantity, ids + u.launch_ids)
        out[engine_stream(e.id)] = [Use(d, q, ids) for d, (q, ids) in per_day.items()]
    streams = {shell: satellite_stream(s, shell) for shell in {l.shell for l in launches}}
    for l in launches:
        name = streams[l.shell]
        if name is not None:
            out[name].append(Use(l.date, l.satellites, (l.launch_id,)))
    return {name: _merge(us) for name, us in out.items()}


def _new_vehicles(s: Scenario, launches: Sequence[Launch]) -> dict[str, list[Use]]:
    """rocket -> vehicles first flown each day: ceil(launches so far / flights_per_vehicle) grows."""
    out: dict[str, list[Use]] = {}
    for r in s.rockets:
        by_day: dict[date, list[str]] = {}
        for l in launches:
            if l.rocket == r.id:
                by_day.setdefault(l.date, []).append(l.launch_id)
        flown, used = 0, 0
        for d in sorted(by_day):
            flown += len(by_day[d])
            now = ceil(flown / r.flights_per_vehicle)
            if now > used:
                out.setdefault(r.id, []).append(Use(d, now - used, tuple(sorted(by_day[d]))))
            used = now
    return out


def _merge(items: list[Use]) -> list[Use]:
    """Uses of one stream summed per day, sorted by day, zeros left out."""
    per_day: dict[date, tuple[int, tuple[str, ...]]] = {}
    for u in items:
        q, ids = per_day.get(u.day, (0, ()))
        per_day[u.day] = (q + u.quantity, ids + u.launch_ids)
    return [Use(d, q, tuple(sorted(set(ids)))) for d, (q, ids) in sorted(per_day.items()) if q]


def consumption(s: Scenario, launches: Sequence[Launch]) -> dict[str, list[tuple[date, int]]]:
    """Limited stream -> (date, quantity consumed that day); the same names as `deliveries`."""
    return {name: [(u.day, u.quantity) for u in us] for name, us in uses(s, launches).items()}
