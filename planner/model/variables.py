"""The decision variables of each slot, and the day-dependent helpers built on demand."""

from __future__ import annotations

import calendar
from collections.abc import Callable

from ortools.sat.python import cp_model

from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.model.slots import Slot

LinearExpr = cp_model.LinearExprT


def month_end(s: Scenario, day: int) -> int:
    """Day index of the last day of the calendar month holding `day`."""
    d = s.date_of(day)
    return s.day(d.replace(day=calendar.monthrange(d.year, d.month)[1]))


class Variables:
    """Per slot: used or not, its day, one (rocket, shell) pair and the satellites it carries."""

    def __init__(self, model: cp_model.CpModel, scenario: Scenario, slots: list[Slot]):
        self.model = model
        self.scenario = scenario
        self.slots = slots
        self.active: list[cp_model.IntVar] = []
        self.day: list[cp_model.IntVar] = []
        self.pick: list[list[cp_model.IntVar]] = []  # per pair
        self.sats: list[list[cp_model.IntVar]] = []  # per pair
        self._rocket: dict[tuple[int, str], cp_model.IntVar] = {}
        self._before: dict[tuple[int, int], cp_model.IntVar] = {}
        self._sats_before: dict[tuple[int, frozenset[str], int], cp_model.IntVar] = {}
        self._load: dict[int, cp_model.IntVar] = {}
        self._running: dict[tuple[object, int], LinearExpr] = {}
        self.months: dict[int, list[int]] = {}  # last day of a calendar month -> slots ending in it
        for slot in slots:
            self._add(slot)
            self.months.setdefault(month_end(scenario, slot.days[-1]), []).append(slot.index)

    def _add(self, slot: Slot) -> None:
        m, k = self.model, slot.index
        active = m.new_bool_var(f"a{k}")
        day = m.new_int_var_from_domain(cp_model.Domain.from_values(slot.days), f"d{k}")
        picks = [m.new_bool_var(f"w{k}_{j}") for j in range(len(slot.pairs))]
        sats = [m.new_int_var(0, p.max_satellites, f"n{k}_{j}") for j, p in enumerate(slot.pairs)]
        m.add(sum(picks) == active)
        for pick, n, pair in zip(picks, sats, slot.pairs):
            m.add(n >= pair.min_satellites * pick)
            m.add(n <= pair.max_satellites * pick)
        self.active.append(active)
        self.day.append(day)
        self.pick.append(picks)
        self.sats.append(sats)
        for rocket, days in slot.rocket_days.items():
            if len(days) < len(slot.days):
                m.add_linear_expression_in_domain(day, cp_model.Domain.from_values(days)).only_enforce_if(
                    self.rocket(k, rocket)
                )

    # --- per-slot expressions -------------------------------------------------------------

    def rocket(self, k: int, rocket: str) -> cp_model.IntVar:
        """A literal that is true when slot k flies `rocket`."""
        key = (k, rocket)
        if key not in self._rocket:
            picks = [w for w, p in zip(self.pick[k], self.slots[k].pairs) if p.rocket == rocket]
            if len(picks) == 1:
                self._rocket[key] = picks[0]
            else:
                lit = self.model.new_bool_var(f"r{k}_{rocket}")
                self.model.add(sum(picks) == lit)
                self._rocket[key] = lit
        return self._rocket[key]

    def rockets(self, k: int) -> list[str]:
        return sorted({p.rocket for p in self.slots[k].pairs})

    def sats_to(self, k: int, shells: frozenset[str]) -> LinearExpr:
        """Satellites slot k carries to any of `shells`."""
        return sum(n for n, p in zip(self.sats[k], self.slots[k].pairs) if p.shell in shells)

    def carries(self, k: int, shells: frozenset[str]) -> bool:
        return any(p.shell in shells for p in self.slots[k].pairs)

    def load(self, k: int) -> cp_model.IntVar:
        """Satellites on slot k, as one variable."""
        if k not in self._load:
            top = max(p.max_satellites for p in self.slots[k].pairs)
            v = self.model.new_int_var(0, top, f"load{k}")
            self.model.add(v == sum(self.sats[k]))
            self._load[k] = v
        return self._load[k]

    # --- day-dependent helpers --------------------------------------------------------------

    def before(self, k: int, t: int) -> cp_model.IntVar | int:
        """1 when slot k's day is <= t: a constant unless t falls inside the slot's days."""
        days = self.slots[k].days
        if days[-1] <= t:
            return 1
        if days[0] > t:
            return 0
        key = (k, t)
        if key not in self._before:
            b = self.model.new_bool_var(f"b{k}_{t}")
            self.model.add(self.day[k] <= t).only_enforce_if(b)
            self.model.add(self.day[k] > t).only_enforce_if(~b)
            self._before[key] = b
        return self._before[key]

    def flies_by(self, k: int, rocket: str, t: int) -> LinearExpr:
        """1 when slot k flies `rocket` on a day <= t."""
        b = self.before(k, t)
        if isinstance(b, int):
            return self.rocket(k, rocket) if b else 0
        both = self.model.new_bool_var(f"f{k}_{rocket}_{t}")
        self.model.add_bool_and([b, self.rocket(k, rocket)]).only_enforce_if(both)
        self.model.add_bool_or([~b, ~self.rocket(k, rocket)]).only_enforce_if(~both)
        return both

    def sats_by(self, k: int, shells: frozenset[str], t: int) -> LinearExpr:
        """Satellites slot k carries to `shells` on a day <= t (exactly, in both directions)."""
        b = self.before(k, t)
        if isinstance(b, int):
            return self.sats_to(k, shells) if b else 0
        key = (k, shells, t)
        if key not in self._sats_before:
            top = max(p.max_satellites for p in self.slots[k].pairs)
            v = self.model.new_int_var(0, top, f"s{k}_{t}")
            self.model.add(v == self.sats_to(k, shells)).only_enforce_if(b)
            self.model.add(v == 0).only_enforce_if(~b)
            self._sats_before[key] = v
        return self._sats_before[key]

    def by_day(self, key: object, t: int, whole: Callable[[int], LinearExpr],
               part: Callable[[int, int], LinearExpr], top: int) -> LinearExpr:
        """Sum over slots dated <= t: `whole(k)` for slots of earlier months (kept as running
        totals, one variable a month, so each checkpoint stays short) and `part(k, t)` for the
        slots of t's own month."""
        earlier = [m for m in sorted(self.months) if m <= t]
        same = [k for m in self.months if m > t for k in self.months[m] if self.slots[k].days[0] <= t]
        total = self._running_total(key, earlier, whole, top) if earlier else 0
        return total + sum(part(k, t) for k in same)

    def _running_total(self, key: object, months: list[int], whole: Callable[[int], LinearExpr],
                       top: int) -> LinearExpr:
        last = months[-1]
        if (key, last) not in self._running:
            previous = self._running_total(key, months[:-1], whole, top) if len(months) > 1 else 0
            var = self.model.new_int_var(0, top, f"sum_{len(self._running)}")
            self.model.add(var == previous + sum(whole(k) for k in self.months[last]))
            self._running[(key, last)] = var
        return self._running[(key, last)]

    def hint(self, launches: list[Launch]) -> int:
        """Suggest a plan to the solver: each launch on the slot of its pad holding its day.
        Launches that fit no slot are skipped; returns how many were placed."""
        s = self.scenario
        where = {(slot.pad, d): slot.index for slot in self.slots for d in slot.days}
        placed: dict[int, tuple[int, int, int]] = {}
        for launch in launches:
            k = where.get((launch.pad, s.day(launch.date)))
            if k is None or k in placed:
                continue
            pairs = self.slots[k].pairs
            j = next((j for j, p in enumerate(pairs) if (p.rocket, p.shell) == (launch.rocket, launch.shell)), None)
            if j is not None:
                placed[k] = (s.day(launch.date), j, launch.satellites)
        self.model.clear_hints()
        for slot in self.slots:
            k = slot.index
            day, chosen, sats = placed.get(k, (slot.days[0], -1, 0))
            self.model.add_hint(self.active[k], chosen >= 0)
            self.model.add_hint(self.day[k], day)
            for j, (w, n) in enumerate(zip(self.pick[k], self.sats[k])):
                self.model.add_hint(w, j == chosen)
                self.model.add_hint(n, sats if j == chosen else 0)
        return len(placed)
