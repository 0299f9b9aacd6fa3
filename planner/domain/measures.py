"""What a manifest achieves and what it draws from each supply stream, from its launches' rows.

The one evaluator of measures for planning, reporting and explaining: satellites in orbit,
milestones, satellite-days, cost, expected losses, and each stream's uses (rule 8), named as
`supply.stream_name` names them. The checker keeps its own copy (planner/check/measures.py),
deliberately written apart, so that a mistake here cannot hide a broken plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from math import ceil

from planner.domain.entities import Launch, Milestone
from planner.domain.scenario import Scenario
from planner.domain.supply import satellite_stream_name, stream_name, streams

# --- satellites in orbit and milestones -----------------------------------------------------


def in_orbit(s: Scenario, launches: Iterable[Launch], day: date, constellation: str, shell: str | None = None) -> int:
    """Satellites of a constellation (or one shell of it) in orbit at `day`: non-failed launches dated <= day."""
    return sum(l.satellites for l in launches if not l.failed and l.date <= day
               and (l.shell == shell if shell else s.shell[l.shell].constellation == constellation))


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


@dataclass(frozen=True)
class Measures:
    milestones: tuple[MilestoneResult, ...]
    milestone_shortfall: int  # sum of the weighted shortfalls
    satellite_days: int  # satellites x (horizon_end - date + 1) over non-failed launches
    cost_mcny: float  # of the launches the plan decides (facts are spent)
    expected_lost: float  # satellites x (1 - reliability) over the launches the plan decides


def measure(s: Scenario, launches: Sequence[Launch]) -> Measures:
    results = tuple(milestone_results(s, launches))
    end = s.settings.horizon_end
    decided = [l for l in launches if not l.is_fact]
    return Measures(
        milestones=results,
        milestone_shortfall=sum(r.weighted for r in results),
        satellite_days=sum(l.satellites * ((end - l.date).days + 1) for l in launches if not l.failed),
        cost_mcny=sum(s.rocket[l.rocket].cost_mcny for l in decided),
        expected_lost=sum(l.satellites * (1 - s.rocket[l.rocket].reliability) for l in decided),
    )


def grouped(launches: Iterable[Launch], key: Callable[[Launch], str]) -> dict[str, list[Launch]]:
    """Launches by `key` (their pad, site, shell...), each group in the given order."""
    groups: dict[str, list[Launch]] = {}
    for l in launches:
        groups.setdefault(key(l), []).append(l)
    return groups


# --- supply streams (rule 8) ----------------------------------------------------------------


def deliveries(s: Scenario) -> dict[str, list[tuple[date, int]]]:
    """Limited stream -> (usable date, quantity), by date; initial stock is usable on horizon_start."""
    return {name: list(st.deliveries) for name, st in streams(s).items()}


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
    out: dict[str, list[Use]] = {name: [] for name in streams(s)}
    vehicles = _new_vehicles(s, launches)
    for rocket, firsts in vehicles.items():
        if stream_name("vehicles", rocket) in out:
            out[stream_name("vehicles", rocket)] += firsts
    for link in s.rocket_engines:
        name = stream_name("engines", link.engine)
        if name in out:
            out[name] += [Use(u.day, link.per_vehicle * u.quantity, u.launch_ids)
                          for u in vehicles.get(link.rocket, ())]
    names = {shell: satellite_stream_name(s, shell) for shell in {l.shell for l in launches}}
    for l in launches:
        if (stream := names[l.shell]) is not None:
            out[stream].append(Use(l.date, l.satellites, (l.launch_id,)))
    return {name: _merge(us) for name, us in out.items()}


def consumption(s: Scenario, launches: Sequence[Launch]) -> dict[str, list[tuple[date, int]]]:
    """Limited stream -> (date, quantity consumed that day); the same names as `deliveries`."""
    return {name: [(u.day, u.quantity) for u in us] for name, us in uses(s, launches).items()}


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
