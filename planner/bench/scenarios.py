"""Benchmark scenarios: the demo scaled from 1 to 10 years and from a fraction of the filings to all of them.

`scaled_scenario(years, fraction, seed)` starts from the demo's Scenario (inputs/make_demo.py):
- the horizon runs `years` whole years from the demo's start; dated rows (satellite deliveries,
  factory months, pad windows, closures) of later years repeat the demo's last two years, and a
  window that lasts to the demo's end lasts to the new end;
- shells hold `fraction` of their satellites, and each constellation has ITU-style milestones
  (WRC-19 Resolution 35): 10 %, 50 % and 100 % of its shells at 30 %, 60 % and 90 % of the horizon;
- satellite supply, factory output and engine output are scaled to that demand (with a margin),
  each month jittered by up to 15 % with `seed`;
- new pads (the demo's later pads as templates, alternating between the two sites) open every
  six months from the second year on, as many as the launch rate needs.
"""

from __future__ import annotations

import calendar
import importlib.util
import random
import re
from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache
from math import ceil
from pathlib import Path

import click

from planner.domain import entities as E
from planner.domain import supply
from planner.domain.scenario import Scenario

DEMO_GENERATOR = Path(__file__).resolve().parents[2] / "inputs" / "make_demo.py"
ITU_STEPS = ((0.10, 0.3), (0.50, 0.6), (1.00, 0.9))  # share of the filing, share of the horizon elapsed
MARGIN = 1.25  # supply and fleet planned for this much more than the milestones need
JITTER = 0.15  # each month's output within +-15 % of plan
NEW_PADS = ("HN-4", "HY-L1")  # templates for later pads, one per site, used in turn


SIZE = re.compile(r"(\d+)y-(\d+(?:\.\d+)?)%")


def scenario_of(size: str, seed: int) -> Scenario:
    """`demo`, or `<years>y-<percent>%` of the filings."""
    if size == "demo":
        return demo()
    match = SIZE.fullmatch(size)
    if match is None:
        raise click.BadParameter(f"{size!r}: expected demo or <years>y-<percent>%, e.g. 10y-100%")
    return scaled_scenario(int(match[1]), float(match[2]) / 100, seed)


@cache
def demo() -> Scenario:
    """The demo scenario, as its generator builds it."""
    spec = importlib.util.spec_from_file_location("make_demo", DEMO_GENERATOR)
    assert spec is not None and spec.loader is not None, DEMO_GENERATOR
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_scenario()


def scaled_scenario(years: int, fraction: float, seed: int) -> Scenario:
    """The demo over `years` years, deploying `fraction` of each filed constellation."""
    base, rng = demo(), random.Random(seed)
    end = date(base.settings.horizon_start.year + years - 1, 12, 31)
    shells = tuple(sh.model_copy(update={"satellites": max(1, round(fraction * sh.satellites))}) for sh in base.shells)
    s = base.model_copy(update={
        "settings": base.settings.model_copy(update={"horizon_end": end}),
        "constellations": tuple(c.model_copy(update={"filed_satellites": round(fraction * c.filed_satellites)})
                                if c.filed_satellites else c for c in base.constellations),
        "shells": shells,
        "pad_windows": tuple(calendar_rows(base.pad_windows, base.settings.horizon_end, end)),
        "closures": tuple(calendar_rows(base.closures, base.settings.horizon_end, end)),
    })
    s = s.model_copy(update={"milestones": milestones(s)})
    demand = {c.id: sum(sh.satellites for sh in shells if sh.constellation == c.id) for c in s.constellations}
    last_due = max(m.due_date for m in s.milestones)
    fleet = MARGIN * sum(demand.values()) / fleet_capacity(base, base.settings.horizon_start, last_due)
    s = s.model_copy(update={
        "satellite_supply": satellite_supply(base, end, last_due, demand, rng),
        "factories": tuple(scaled_factory(base, f, end, fleet, rng) for f in base.factories),
        "engines": tuple(e.model_copy(update={"monthly_output": round(fleet * e.monthly_output),
                                              "initial_stock": round(fleet * e.initial_stock)}) for e in base.engines),
    })
    return with_new_pads(s, launches_per_year(s, demand, last_due), rng)


# --- the calendar ---------------------------------------------------------------------------


def source_year(base_end: date, year: int) -> int:
    """The demo year whose rows a year repeats: itself within the demo, else the last two in turn."""
    last = base_end.year
    return year if year <= last else last - 1 + (year - last - 1) % 2


def shift(d: date, years: int) -> date:
    return d.replace(year=d.year + years, day=min(d.day, calendar.monthrange(d.year + years, d.month)[1]))


def calendar_rows(rows: Iterable[E.Window], base_end: date, end: date) -> Iterable[E.Window]:
    """Windows and closures over the new horizon: repeated by year, those lasting to the demo's end
    lasting to the new end; rows past the new end dropped, the last one cut at it."""
    for row in rows:
        if row.end == base_end:
            if row.start <= end:
                yield row.model_copy(update={"end": end})
            continue
        for year in range(row.start.year, end.year + 1):
            if source_year(base_end, year) == row.start.year:
                start, stop = shift(row.start, year - row.start.year), shift(row.end, year - row.start.year)
                if start <= end:
                    yield row.model_copy(update={"start": start, "end": min(stop, end)})


def jitter(rng: random.Random, quantity: float) -> int:
    return max(0, round(quantity * rng.uniform(1 - JITTER, 1 + JITTER)))


# --- demand ---------------------------------------------------------------------------------


def milestones(s: Scenario) -> tuple[E.Milestone, ...]:
    """10 %, 50 % and 100 % of each constellation's shells, at 30 %, 60 % and 90 % of the horizon."""
    start, days = s.settings.horizon_start, s.horizon_days
    rows = []
    for c in s.constellations:
        total = sum(sh.satellites for sh in s.shells if sh.constellation == c.id)
        for share, elapsed in ITU_STEPS:
            d = start + timedelta(days=round(elapsed * days))
            due = date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
            rows.append(E.Milestone(constellation=c.id, due_date=min(due, s.settings.horizon_end),
                                    satellites_in_orbit=ceil(share * total), label=f"{c.id} ITU {share:.0%}"))
    return tuple(rows)


def satellite_supply(base: Scenario, end: date, last_due: date, demand: dict[str, int],
                     rng: random.Random) -> tuple[E.SatelliteDelivery, ...]:
    """The demo's deliveries over the new horizon, scaled so each constellation's supply by the last
    milestone is MARGIN times its demand; the initial stock (rows on the first day) scaled alike."""
    start, base_end = base.settings.horizon_start, base.settings.horizon_end
    by_month = {(r.constellation, r.date.year, r.date.month): r for r in base.satellite_supply if r.date > start}
    rows: list[E.SatelliteDelivery] = []
    for c, needed in demand.items():
        stock = [r for r in base.satellite_supply if r.constellation == c and r.date == start]
        monthly = [(e, by_month[(c, source_year(base_end, e.year), e.month)])
                   for e in supply.month_ends(start, end) if (c, source_year(base_end, e.year), e.month) in by_month]
        planned = sum(r.satellites for r in stock) + sum(r.satellites for e, r in monthly if e <= last_due)
        scale = MARGIN * needed / max(1, planned)
        rows += [r.model_copy(update={"satellites": round(scale * r.satellites)}) for r in stock]
        rows += [r.model_copy(update={"date": e, "satellites": jitter(rng, scale * r.satellites)}) for e, r in monthly]
    return tuple(rows)


# --- vehicles -------------------------------------------------------------------------------


def planned_output(base: Scenario, f: E.Factory, month_end: date) -> int:
    """Vehicles a demo factory makes in the month ending `month_end` of the new horizon."""
    if f.start_date and month_end < f.start_date:
        return 0
    overrides = dict(f.overrides)
    first = date(source_year(base.settings.horizon_end, month_end.year), month_end.month, 1)
    return overrides.get(first, f.monthly_output)


def fleet_capacity(base: Scenario, first: date, last: date) -> float:
    """Satellites the demo's factories could carry by `last`: vehicles (as far as engines allow)
    x flights x mean listed capacity."""
    months = supply.month_ends(first, last)
    vehicles = {r.id: float(r.initial_stock or 0) for r in base.rockets}
    for f in base.factories:
        vehicles[f.rocket] += sum(planned_output(base, f, e) for e in months)
    for e in base.engines:
        users = supply.engines_per_vehicle(base, e.id)
        need = sum(n * vehicles[user] for user, n in users.items())
        have = e.initial_stock + e.monthly_output * len(months)
        for user in users:
            vehicles[user] *= min(1.0, have / max(1, need))
    total = 0.0
    for r in base.rockets:
        loads = [c.max_satellites for c in base.capacities if c.rocket == r.id]
        total += vehicles[r.id] * r.flights_per_vehicle * sum(loads) / max(1, len(loads))
    return total


def scaled_factory(base: Scenario, f: E.Factory, end: date, scale: float, rng: random.Random) -> E.Factory:
    """The factory's monthly output over the new horizon, scaled and jittered, as FactoryOutput months."""
    months = supply.month_ends(max(f.start_date or base.settings.horizon_start, base.settings.horizon_start), end)
    overrides = tuple((e.replace(day=1), jitter(rng, scale * planned_output(base, f, e))) for e in months)
    return f.model_copy(update={"monthly_output": max(1, round(scale * f.monthly_output)), "overrides": overrides})


# --- pads -----------------------------------------------------------------------------------


def launches_per_year(s: Scenario, demand: dict[str, int], last_due: date) -> float:
    """Launches a year the milestones need, at the mean listed capacity."""
    loads = [c.max_satellites for c in s.capacities]
    years = max(1, (last_due - s.settings.horizon_start).days) / 365.25
    return sum(demand.values()) / (sum(loads) / len(loads)) / years


def pad_rate(s: Scenario) -> float:
    """Launches a year the pads allow, at their shortest turnaround (windows aside), capped per site."""
    per_site: dict[str, float] = {}
    for p in s.pads:
        per_site[p.site] = per_site.get(p.site, 0) + 365 / min(s.pad_turnaround[p.id].values())
    return sum(min(rate, 365 / s.site[site].min_days_between_launches) for site, rate in per_site.items())


def with_new_pads(s: Scenario, needed: float, rng: random.Random) -> Scenario:
    """Add pads opening every six months from the second year, each from the template that raises
    the pads' rate most, until they fly MARGIN x `needed` launches a year."""
    start, end, first = s.settings.horizon_start, s.settings.horizon_end, len(s.pads)
    for i in range(first, 10 * first):
        opens = start + timedelta(days=365 + 182 * (i - first) + rng.randint(-45, 45))
        rate = pad_rate(s)
        if rate >= MARGIN * needed or opens > end:
            break
        grown = {t: with_pad(s, s.pad[t], f"{t}-{i + 1}", opens) for t in NEW_PADS}
        template = max(NEW_PADS, key=lambda t: (pad_rate(grown[t]), -NEW_PADS.index(t)))
        if pad_rate(grown[template]) <= rate:
            break
        s = grown[template]
    return s


def with_pad(s: Scenario, template: E.Pad, pad: str, opens: date) -> Scenario:
    """A copy of `template` named `pad`, the same rockets, open from `opens` to the horizon's end."""
    return s.model_copy(update={
        "pads": (*s.pads, template.model_copy(update={"id": pad})),
        "pad_rockets": (*s.pad_rockets, *(pr.model_copy(update={"pad": pad}) for pr in s.pad_rockets
                                          if pr.pad == template.id)),
        "pad_windows": (*s.pad_windows, E.Window(pad=pad, start=opens, end=s.settings.horizon_end)),
    })
