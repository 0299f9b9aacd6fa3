"""Supply in a future: what each line delivers on paper, what it really delivers, and what the
planner knows of it on each day.

A line is a factory, an engine line or one SatelliteSupply row; each of its deliveries is an
item made on a day (a month end, or the row's date) and usable `lead` days later. A future
decides each item's real day and quantity (yields, a factory's delayed start, a satellite
slip). The planner believes the paper figures until they are revealed: an item on the day it
is made (or due), a factory's delay on the day it should have started. What the planner
believes drives its plans; what is real drives what can fly, and the two agree on every day
already passed.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from planner.domain.scenario import Scenario
from planner.domain.supply import monthly_deliveries, satellite_key
from planner.risk.sources import Draws, Uncertain, triangular


@dataclass
class Item:
    """One delivery: believed (made, quantity) and real (made, quantity), days from horizon_start."""

    made: int
    quantity: int
    real_made: int
    real_quantity: int
    moved: int | None = None  # believed day once a delay is known, before the item is made


@dataclass
class Line:
    """A factory, engine line or satellite row: the stream it feeds and its items."""

    name: str
    stream: str  # "vehicles R", "engines E" or "satellites K"
    lead: int
    items: list[Item]
    delay_known: int | None = None  # the day a delayed start is revealed
    initial: int = 0  # usable from day 0

    def as_known(self, it: Item, day: int) -> tuple[int, int]:
        """The day an item is made and its quantity, as the planner believes them on `day`."""
        if it.made <= day or it.real_made <= day:
            return it.real_made, it.real_quantity
        if self.delay_known is not None and day >= self.delay_known:
            return it.real_made, it.quantity
        return it.made, it.quantity

    def believed(self, day: int, usable: np.ndarray) -> None:
        """Add to `usable` (per usable day) what the planner believes on `day` this line delivers."""
        usable[0] += self.initial
        for it in self.items:
            made, q = self.as_known(it, day)
            u = made + self.lead
            if q and u < len(usable):
                usable[max(0, u)] += q

    def reveals(self) -> set[int]:
        """Days on which the planner learns something new of this line."""
        out = {it.real_made for it in self.items if (it.real_made, it.real_quantity) != (it.made, it.quantity)}
        out |= {it.made for it in self.items if it.real_made != it.made}
        if self.delay_known is not None:
            out.add(self.delay_known)
        return out


@dataclass
class Supply:
    """Every line of a future, by stream, and the days the planner's knowledge changes."""

    days: int
    lines: dict[str, list[Line]]
    reveal_days: dict[int, set[str]] = field(default_factory=dict)

    def known(self, stream: str, day: int) -> np.ndarray:
        """Running total usable per day, as believed on `day`."""
        usable = np.zeros(self.days, dtype=np.int64)
        for line in self.lines[stream]:
            line.believed(day, usable)
        return np.cumsum(usable)


def _month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def _monthly_items(s: Scenario, start: date | None, end: date | None, output: int,
                   overrides: dict[date, int]) -> list[Item]:
    return [Item(s.day(d), q, s.day(d), q) for d, q in monthly_deliveries(s, start, end, output, overrides)]


def _yield(items: list[Item], p: float, draws: Draws, key: str, first: int) -> None:
    """Each vehicle (engine) of each item from `first` on is made with probability p, drawn from
    a stream of the item's own month: a line made larger draws the same numbers for its first ones."""
    for it in items:
        if it.made >= first:
            it.real_quantity = int((draws.uniform(f"{key}/{it.made}", it.quantity)[:it.quantity] < p).sum())


def _delay(s: Scenario, items: list[Item], start: int, days: int) -> None:
    """Items made on or after `start` move `days` later, to the month end they fall in."""
    for it in items:
        if it.made >= start:
            moved = _month_end(s.date_of(it.made) + timedelta(days=days))
            it.real_made = s.day(moved)


def draw_supply(s: Scenario, unc: Uncertain, draws: Draws, start: int) -> Supply:
    """The supply of one future: each line's items decided, from day `start` on."""
    lines: dict[str, list[Line]] = {}
    for r in s.rockets:
        factories = [f for f in s.factories if f.rocket == r.id]
        if not factories and r.initial_stock is None:
            continue
        stream = f"vehicles {r.id}"
        lines[stream] = [Line(f"stock {r.id}", stream, 0, [], initial=r.initial_stock or 0)]
        for f in factories:
            items = _monthly_items(s, f.start_date, f.end_date, f.monthly_output, dict(f.overrides))
            line = Line(f"factory {f.id}", stream, r.lead_days, items)
            if (u := unc.one("factory_yield", f.id)) is not None:
                _yield(items, u.probability or 0.0, draws, f"yield/{f.id}", start)
            begin = s.day(f.start_date or s.settings.horizon_start)
            if ((u := unc.one("factory_delay", f.id)) is not None and begin >= start
                    and draws.uniform(f"delay/{f.id}", 1)[0] < (u.probability or 0.0)):
                days = int(draws.durations(f"delay/{f.id}", u, 1)[0])
                if days > 0:
                    _delay(s, items, begin, days)
                    line.delay_known = begin
            lines[stream].append(line)
    for e in s.engines:
        stream = f"engines {e.id}"
        items = _monthly_items(s, e.start_date, e.end_date, e.monthly_output, dict(e.overrides))
        if (u := unc.one("engine_yield", e.id)) is not None:
            _yield(items, u.probability or 0.0, draws, f"engine/{e.id}", start)
        lines[stream] = [Line(f"engine line {e.id}", stream, e.lead_days, items, initial=e.initial_stock)]
    for i, row in enumerate(s.satellite_supply):
        stream = f"satellites {satellite_key(row)}"
        it = Item(s.day(row.date), row.satellites, s.day(row.date), row.satellites)
        u = unc.specific("satellite_slip", (row.shell, row.constellation))
        if u is not None and it.made >= start:
            key = f"{unc.key(u)}/{i}"
            if draws.uniform(key, 1)[0] < (u.probability or 0.0):
                it.real_made += int(triangular(draws.rng(f"{key}#days"), u, 1)[0])
        lines.setdefault(stream, []).append(Line(f"satellite supply row {i}", stream, row.lead_days, [it]))
    supply = Supply(s.horizon_days, lines)
    for stream, ls in lines.items():
        for line in ls:
            for d in line.reveals():
                if start <= d < s.horizon_days:
                    supply.reveal_days.setdefault(d, set()).add(stream)
    return supply

