"""Month-by-month tables: deployment per constellation, pad use, and supply streams."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date

from planner.domain.entities import Launch
from planner.domain.measures import consumption, deliveries
from planner.domain.scenario import Scenario

Row = dict[str, object]


def horizon_months(s: Scenario) -> list[date]:
    """First day of every month that overlaps the horizon."""
    months, m = [], s.settings.horizon_start.replace(day=1)
    while m <= s.settings.horizon_end:
        months.append(m)
        m = date(m.year + 1, 1, 1) if m.month == 12 else date(m.year, m.month + 1, 1)
    return months


def _month_end(m: date) -> date:
    return m.replace(day=calendar.monthrange(m.year, m.month)[1])


def _by_month(items: Iterable[tuple[date, int]], months: list[date]) -> dict[date, int]:
    """Quantities summed per month; earlier dates count in the first month, later ones are left out."""
    totals = dict.fromkeys(months, 0)
    for d, q in items:
        m = max(d.replace(day=1), months[0])
        if m in totals:
            totals[m] += q
    return totals


# --- Deployment ---------------------------------------------------------------------------


def deployment_rows(s: Scenario, launches: Iterable[Launch]) -> list[Row]:
    """Per constellation (in scenario order) and month: launched, lost and cumulative in orbit."""
    months = horizon_months(s)
    launches = list(launches)
    rows: list[Row] = []
    for c in s.constellations:
        own = [l for l in launches if l.constellation == c.id]
        launched = _by_month(((l.date, l.satellites) for l in own), months)
        lost = _by_month(((l.date, l.satellites) for l in own if l.failed), months)
        targets = _milestone_targets(s, c.id)
        in_orbit = 0
        for m in months:
            in_orbit += launched[m] - lost[m]
            rows.append(
                {
                    "month": m,
                    "constellation": c.id,
                    "satellites_launched": launched[m],
                    "satellites_lost": lost[m],
                    "cumulative_in_orbit": in_orbit,
                    "milestone_required": targets.get(m),
                }
            )
    return rows


def _milestone_targets(s: Scenario, constellation: str) -> dict[date, int]:
    """Month -> the largest number in orbit that a constellation-wide milestone requires by then."""
    targets: dict[date, int] = {}
    for ms in s.milestones:
        if ms.constellation == constellation and ms.shell is None:
            m = ms.due_date.replace(day=1)
            targets[m] = max(targets.get(m, 0), ms.satellites_in_orbit)
    return targets


# --- Pads ---------------------------------------------------------------------------------


def pad_rows(s: Scenario, launches: Iterable[Launch]) -> list[Row]:
    """Per pad and month: launches, days occupied by turnarounds, open days and utilisation."""
    launches = list(launches)
    rows: list[Row] = []
    for pad in s.pads:
        open_days = set(s.pad_open_days(pad.id))
        busy = [(s.day(l.date), _turnaround(s, l)) for l in launches if l.pad == pad.id]
        for m in horizon_months(s):
            lo, hi = max(0, s.day(m)), min(s.horizon_days - 1, s.day(_month_end(m)))
            occupied = sum(max(0, min(hi, d + t - 1) - max(lo, d) + 1) for d, t in busy)
            available = sum(1 for d in range(lo, hi + 1) if d in open_days)
            rows.append(
                {
                    "pad": pad.id,
                    "site": pad.site,
                    "month": m,
                    "launches": sum(1 for d, _ in busy if lo <= d <= hi),
                    "days_occupied": occupied,
                    "days_available": available,
                    "utilisation_pct": 100 * occupied / available if available else None,
                }
            )
    return rows


def _turnaround(s: Scenario, launch: Launch) -> int:
    """Days the pad is held by a launch: the turnaround after its model, else the pad's default."""
    return s.turnaround(launch.pad, launch.rocket)


# --- Supply -------------------------------------------------------------------------------


def supply_rows(s: Scenario, launches: Iterable[Launch]) -> list[Row]:
    """Per supply stream and month: delivered, consumed and stock at the month's end."""
    months = horizon_months(s)
    delivered, consumed = deliveries(s), consumption(s, list(launches))
    rows: list[Row] = []
    for name in sorted(delivered.keys() | consumed.keys()):
        made = _by_month(delivered.get(name, ()), months)
        used = _by_month(consumed.get(name, ()), months)
        stock = 0
        for m in months:
            stock += made[m] - used[m]
            rows.append({"stream": name, "month": m, "delivered": made[m], "consumed": used[m], "stock": stock})
    return rows
