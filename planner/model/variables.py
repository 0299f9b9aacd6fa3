"""The decision variables of each slot, and the day-dependent helpers built on demand."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from ortools.sat.python import cp_model

from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.model.slots import Slot

LinearExpr = cp_model.LinearExpr | int


class Variables:
    """Per slot: used or not, its day, one (rocket, shell) pair and the satellites it carries.

    The day is also held one-hot (`on`), so that "launched by day t" is a plain sum.
    """

    dated = True  # False: no day at all (the undated relaxation)

    def __init__(self, model: cp_model.CpModel, scenario: Scenario, slots: list[Slot]):
        self.model = model
        self.scenario = scenario
        self.slots = slots
        self.active: list[cp_model.IntVar] = []
        self.day: list[cp_model.IntVar] = []
        self.pick: list[list[cp_model.IntVar]] = []  # per pair
        self.sats: list[list[cp_model.IntVar]] = []  # per pair
        self.on: list[dict[int, cp_model.IntVar]] = []  # per day: the slot launches that day
        self._rocket: dict[tuple[int, str], cp_model.IntVar] = {}
        self._before: dict[tuple[int, int], cp_model.IntVar] = {}
        self._sats_before: dict[tuple[int, frozenset[str], int, bool], cp_model.IntVar] = {}
        for slot in slots:
            self._add(slot)

    def _add(self, slot: Slot) -> None:
        m, k = self.model, slot.index
        active = m.new_bool_var(f"a{k}")
        day = m.new_int_var_from_domain(cp_model.Domain.from_values(slot.days), f"d{k}") if self.dated else None
        picks = [m.new_bool_var(f"w{k}_{j}") for j in range(len(slot.pairs))]
        sats = [m.new_int_var(0, p.max_satellites, f"n{k}_{j}") for j, p in enumerate(slot.pairs)]
        m.add(sum(picks) == active)
        for pick, n, pair in zip(picks, sats, slot.pairs):
            m.add(n >= pair.min_satellites * pick)
            m.add(n <= pair.max_satellites * pick)
        self.active.append(active)
        self.pick.append(picks)
        self.sats.append(sats)
        if day is None:
            return
        on = {d: m.new_bool_var(f"e{k}_{d}") for d in slot.days}
        m.add(sum(on.values()) == active)
        m.add(sum(d * e for d, e in on.items()) + slot.days[0] * (1 - active) == day)
        self.day.append(day)
        self.on.append(on)
        for rocket, days in slot.rocket_days.items():
            for d in sorted(set(slot.days) - set(days)):
                m.add_implication(on[d], ~self.rocket(k, rocket))

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

    def slots_by(self, key: Callable[[Slot], str]) -> dict[str, list[int]]:
        """Slot indices grouped by a slot attribute (its pad, its site), in slot order."""
        groups: dict[str, list[int]] = {}
        for slot in self.slots:
            groups.setdefault(key(slot), []).append(slot.index)
        return groups

    def rockets(self, k: int) -> list[str]:
        return sorted({p.rocket for p in self.slots[k].pairs})

    def load(self, k: int) -> LinearExpr:
        """Satellites on slot k."""
        return sum(self.sats[k])

    def sats_to(self, k: int, shells: frozenset[str]) -> LinearExpr:
        """Satellites slot k carries to any of `shells`."""
        return sum(n for n, p in zip(self.sats[k], self.slots[k].pairs) if p.shell in shells)

    def carries(self, k: int, shells: frozenset[str]) -> bool:
        return any(p.shell in shells for p in self.slots[k].pairs)

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
            self.model.add(b == sum(e for d, e in self.on[k].items() if d <= t))
            self._before[key] = b
        return self._before[key]

    def flies_by(self, k: int, rocket: str, t: int) -> LinearExpr:
        """At least 1 when slot k flies `rocket` on a day <= t (a count that may only overstate)."""
        b = self.before(k, t)
        if isinstance(b, int):
            return self.rocket(k, rocket) if b else 0
        both = self.model.new_bool_var(f"f{k}_{rocket}_{t}")
        self.model.add(both >= b + self.rocket(k, rocket) - 1)
        return both

    def sats_by(self, k: int, shells: frozenset[str], t: int, at_least: bool) -> LinearExpr:
        """Satellites slot k carries to `shells` on a day <= t. The helper may only overstate
        (`at_least`, for what is consumed) or only understate (for what is achieved), so each
        use needs one constraint and the solver is free to take the exact value."""
        b = self.before(k, t)
        if isinstance(b, int):
            return self.sats_to(k, shells) if b else 0
        key = (k, shells, t, at_least)
        if key not in self._sats_before:
            top = max(p.max_satellites for p in self.slots[k].pairs)
            v = self.model.new_int_var(0, top, f"s{k}_{t}")
            if at_least:
                self.model.add(v >= self.sats_to(k, shells) - top * (1 - b))
            else:
                self.model.add(v <= self.sats_to(k, shells))
                self.model.add(v <= top * b)
            self._sats_before[key] = v
        return self._sats_before[key]

    def by_day(self, t: int, whole: Callable[[int], LinearExpr], part: Callable[[int, int], LinearExpr],
               name: Hashable = None) -> LinearExpr:
        """Sum over the slots dated <= t: `whole(k)` for slots wholly before t, `part(k, t)` for
        slots whose days straddle t. `name` names the sum, the same at every t (a relaxation
        may keep a running total per name)."""
        total: LinearExpr = 0
        for slot in self.slots:
            if slot.days[-1] <= t:
                total += whole(slot.index)
            elif slot.days[0] <= t:
                total += part(slot.index, t)
        return total

    def hint(self, launches: list[Launch]) -> None:
        """Suggest a plan to the solver: each launch on the slot of its pad holding its day.
        Launches that fit no slot are skipped."""
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
            if self.dated:
                self.model.add_hint(self.day[k], day)
            for j, (w, n) in enumerate(zip(self.pick[k], self.sats[k])):
                self.model.add_hint(w, j == chosen)
                self.model.add_hint(n, sats if j == chosen else 0)

    def at_most_one_per_window(self, ks: list[int], width: int) -> None:
        """No two of these slots' launches within `width` consecutive days: the clique form of a
        no-overlap, redundant with it but much tighter in the linear relaxation."""
        if width <= 1:
            return
        by_day: dict[int, list[cp_model.IntVar]] = {}
        for k in ks:
            for d, e in self.on[k].items():
                by_day.setdefault(d, []).append(e)
        days = sorted(by_day)
        for i, first in enumerate(days):
            window = [e for d in days[i:] if d < first + width for e in by_day[d]]
            if len(window) > 1:
                self.model.add_at_most_one(window)
