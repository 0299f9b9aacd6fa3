"""What one more unit of a link buys: re-solve with the link relieved, compare with the same
re-solve of the unchanged scenario.

Each link has a unit, a small change of the scenario:

| link | one more unit |
| --- | --- |
| pad | a twin of the pad (same site, models, turnarounds) for one month, the month before the first launch it held |
| site | separation one day shorter |
| availability | the model available one month earlier |
| vehicles | one more vehicle a month, from the first quarter the stream binds |
| engines | one vehicle's worth more engines a month, over the line's whole run |
| satellites | one full launch (the largest any pad flies) more a month, from the first quarter the stream binds |

Every scenario, the unchanged one included, is valued the same way: the best valid plan among
the plan being explained (still valid, since a change only relieves), that plan with launches
dispatched into what the scenario still allows around it, the dispatch plan of the scenario, and
a CP-SAT re-solve with a short time limit warm-started from the best of those.
A link's gain is its scenario's value less the unchanged scenario's, so search effort cancels
out: in milestone satellites (fewer short; weighted as the objective weighs them) and
satellite-days, measured like the checker measures them.
"""

from __future__ import annotations

import calendar
import logging
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta

from planner.check.checker import check_plan
from planner.domain.entities import Factory, Launch, Pad, PadRocket, SatelliteDelivery, Window
from planner.domain.measures import Measures, measure
from planner.domain.scenario import Scenario
from planner.domain.supply import satellite_key, satellite_stream_name, stream_name
from planner.explain.bottlenecks import Bottlenecks
from planner.explain.capacity import largest_launch
from planner.explain.changed import changed
from planner.explain.links import Link
from planner.solve.dispatch import dispatch, filled
from planner.solve.solver import SolveOptions, solve


@dataclass(frozen=True)
class Change:
    """One more unit of a link, as a changed scenario."""

    link: Link
    description: str
    scenario: Scenario


@dataclass(frozen=True)
class Value:
    """The best plan found for a scenario: weighted satellites short of milestones, each
    milestone's shortfall, and satellite-days."""

    status: str
    found: bool
    weighted: int = 0
    shortfalls: tuple[int, ...] = ()
    satellite_days: int = 0


@dataclass(frozen=True, kw_only=True)
class Gain:
    """What a change bought over the unchanged scenario re-solved the same way."""

    change: Change
    status: str  # the re-solve's status
    milestone_satellites: int  # fewer satellites short of milestones
    weighted: int  # the same, weighted by each milestone's weight
    satellite_days: int
    best_milestone: str  # the milestone it helps most: "+36 QF by 2027-06-30 (label)"

    @property
    def gains(self) -> bool:
        return (self.weighted, self.satellite_days) > (0, 0)


def changes(s: Scenario, found: Bottlenecks, links: Sequence[Link]) -> list[Change]:
    """The change pricing each link; links that have no unit to add (a site already at one day,
    a model available from the start) are left out."""
    out = []
    for link in links:
        change = _change(s, found, link)
        if change is not None:
            out.append(change)
    return out


def price(s: Scenario, plan: Sequence[Launch], priced: Sequence[Change], time_limit_s: float,
          jobs: int = 2, seed: int = 0) -> tuple[list[Gain], Value]:
    """Re-solve the unchanged scenario and each change the same way; gains ranked, best first.
    Returns the gains and the unchanged scenario's value (the reference)."""
    options = SolveOptions(time_limit_s, 1, seed)
    work = [(s, list(plan), options)] + [(c.scenario, list(plan), options) for c in priced]
    if jobs > 1 and len(work) > 1:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            values = list(pool.map(value_of, work))
    else:
        values = [value_of(w) for w in work]
    reference = values[0]
    gains = [_gain(c, reference, v) for c, v in zip(priced, values[1:])]
    return sorted(gains, key=lambda g: (-g.weighted, -g.satellite_days, str(g.change.link))), reference


def value_of(work: tuple[Scenario, list[Launch], SolveOptions]) -> Value:
    """The best valid plan among: the plan, the plan with launches dispatched into its gaps, the
    dispatch plan of the (changed) scenario, and a re-solve warm-started from the best of those."""
    s, plan, options = work
    start = best_on_paper(s, [plan, filled(s, plan), dispatch(s)])
    solved = solve(s, options, hint=start, level=logging.DEBUG)
    status = solved.report.status
    re_solved = [list(solved.launches)] if solved.report.levels is not None else []
    best = best_on_paper(s, [*([start] if start is not None else []), *re_solved])
    if best is None:
        return Value(f"no plan ({status})", False)
    if best is start:
        status = f"{status}, no better than its start"
    m = measure(s, best)
    return Value(status, True, m.milestone_shortfall, tuple(r.shortfall for r in m.milestones), m.satellite_days)


def best_on_paper(s: Scenario, plans: Sequence[list[Launch]]) -> list[Launch] | None:
    """Among `plans`, those that keep every rule, the one fewest weighted satellites short, then
    with most satellite-days (the first on a tie); None when none keeps every rule."""
    return min((p for p in plans if check_plan(s, p).ok), key=lambda p: _key(measure(s, p)), default=None)


def _key(m: Measures) -> tuple[int, int]:
    return m.milestone_shortfall, -m.satellite_days


def _gain(change: Change, reference: Value, v: Value) -> Gain:
    if not (reference.found and v.found):
        return Gain(change=change, status=reference.status if v.found else v.status, milestone_satellites=0, weighted=0,
                    satellite_days=0, best_milestone="")
    diffs = [b - n for b, n in zip(reference.shortfalls, v.shortfalls)]
    best = ""
    if diffs and max(diffs) > 0:
        i = diffs.index(max(diffs))
        m = change.scenario.milestones[i]
        best = f"+{diffs[i]} {m.shell or m.constellation} by {m.due_date} ({m.name})"
    return Gain(change=change, status=v.status, milestone_satellites=sum(diffs),
                weighted=reference.weighted - v.weighted,
                satellite_days=v.satellite_days - reference.satellite_days, best_milestone=best)


# --- one more unit of each link ---------------------------------------------------------------


def _change(s: Scenario, found: Bottlenecks, link: Link) -> Change | None:
    first = found.first_binding(link)
    since = first.quarter.first if first else s.settings.horizon_start
    if link.kind == "pad":
        return _pad_month(s, found, link)
    if link.kind == "site":
        site = s.site[link.key]
        gap = site.min_days_between_launches
        if gap <= 1:
            return None
        sites = tuple(x.model_copy(update={"min_days_between_launches": gap - 1}) if x.id == link.key else x
                      for x in s.sites)
        return Change(link, f"site separation at {link.key} {_days(gap - 1)} instead of {_days(gap)}",
                      changed(s, sites=sites))
    if link.kind == "availability":
        r = s.rocket[link.key]
        if r.available_from is None or r.available_from <= s.settings.horizon_start:
            return None
        earlier = max(s.settings.horizon_start, _months_before(r.available_from, 1))
        rockets = tuple(x.model_copy(update={"available_from": earlier}) if x.id == r.id else x for x in s.rockets)
        return Change(link, f"{r.id} available one month earlier, from {earlier}", changed(s, rockets=rockets))
    if link.kind == "vehicles":
        extra = Factory(id=f"{link.key} +1 a month", rocket=link.key, monthly_output=1, start_date=since)
        return Change(link, f"one more {link.key} a month from {since}",
                      changed(s, factories=(*s.factories, extra)))
    if link.kind == "engines":
        n = max((r.per_vehicle for r in s.rocket_engines if r.engine == link.key), default=1)
        engines = tuple(e.model_copy(update={"monthly_output": e.monthly_output + n}) if e.id == link.key else e
                        for e in s.engines)
        return Change(link, f"{n} more {link.key} a month (one vehicle's worth)", changed(s, engines=engines))
    if link.kind == "satellites":
        return _satellites(s, link, since)
    return None  # a link with no unit to add


def _pad_month(s: Scenario, found: Bottlenecks, link: Link) -> Change:
    """A twin of the pad open for one month: the month before the first launch the pad held,
    else the pad's first open month."""
    pad = s.pad[link.key]
    held = [h.launch.date for h in found.holds if link in h.links]
    opened = s.pad_open_days(pad.id)
    day = min(held) - timedelta(days=1) if held else s.date_of(opened[0] if opened else 0)
    first = max(day.replace(day=1), s.settings.horizon_start)
    last = min(day.replace(day=calendar.monthrange(day.year, day.month)[1]), s.settings.horizon_end)
    twin = f"{pad.id}+"
    rockets = [PadRocket(pad=twin, rocket=pr.rocket, turnaround_days=pr.turnaround_days)
               for pr in s.pad_rockets if pr.pad == pad.id]
    return Change(link, f"one more pad-month like {pad.id} in {first:%Y-%m}", changed(
        s,
        pads=(*s.pads, Pad(id=twin, site=pad.site, turnaround_days=pad.turnaround_days)),
        pad_rockets=(*s.pad_rockets, *rockets),
        pad_windows=(*s.pad_windows, Window(pad=twin, start=first, end=last)),
    ))


def _satellites(s: Scenario, link: Link, since: date) -> Change:
    """One full launch more a month of the stream's satellites, from `since`."""
    rows = [d for d in s.satellite_supply if stream_name("satellites", satellite_key(d)) == str(link)]
    shell, constellation = rows[0].shell, rows[0].constellation  # a stream's rows share both
    shells = {sh.id for sh in s.shells if satellite_stream_name(s, sh.id) == str(link)}  # the shells it feeds
    n = largest_launch(s, shells)
    lead = max((d.lead_days for d in rows), default=0)
    extra = []
    month = since.replace(day=1)
    while month <= s.settings.horizon_end:
        end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        if since <= end <= s.settings.horizon_end:
            extra.append(SatelliteDelivery(constellation=constellation, shell=shell, date=end, satellites=n,
                                           lead_days=lead))
        month = end + timedelta(days=1)
    return Change(link, f"{n} more {shell or constellation} satellites a month from {since}",
                  changed(s, satellite_supply=(*s.satellite_supply, *extra)))


def _months_before(d: date, months: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"
