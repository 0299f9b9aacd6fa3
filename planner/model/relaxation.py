"""A relaxation of the model, for a bound at scale: the slots without their days.

Each slot is used or not and flies one (rocket, shell) pair with its satellites, as in the
model, but its day is left open within its bucket. A slot counts towards a milestone or a
satellite-day total as if it flew on its bucket's first day, and draws on supply as if on its
last day. Each rule module says how its rule holds here (`relax`): turnaround between buckets
and as pad time, site separation dropped, every other rule as in the model.

Every plan of the model is a plan of the relaxation that scores no worse, so what the relaxation
proves (its optimum or its solver's bound) bounds the model from below. It has no day variables,
no intervals and no day helpers, so its linear relaxation is solved in seconds where the full
model's takes minutes.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.domain.scenario import Scenario
from planner.model import objective
from planner.model.rules import RULES
from planner.model.slots import Slot, make_slots
from planner.model.variables import LinearExpr, Variables


class Undated(Variables):
    """The model's slot variables without the day: used, pair and satellites only."""

    dated = False

    def __init__(self, model: cp_model.CpModel, scenario: Scenario, slots: list[Slot]):
        super().__init__(model, scenario, slots)
        self._totals: dict[Hashable, list[tuple[int, cp_model.IntVar]]] = {}
        self._ends = sorted((slot.days[-1], slot.index) for slot in slots)

    def by_day(self, t: int, whole: Callable[[int], LinearExpr], part: Callable[[int, int], LinearExpr],
               name: Hashable = None) -> LinearExpr:
        """As the model's, with the wholly-before part of a named sum kept as a running total:
        each day's total is the last one's plus the slots ended since, so the supply rows stay
        short and the LP is solved many times faster."""
        if name is None:
            return super().by_day(t, whole, part)
        totals = self._totals.setdefault(name, [])
        at = bisect_right([day for day, _ in totals], t)
        if at and totals[at - 1][0] == t:
            total = totals[at - 1][1]
        else:
            since, before = (totals[at - 1][0], totals[at - 1][1]) if at else (-1, 0)
            ended = [whole(k) for k in self._ending_in(since, t)]
            total = self.model.new_int_var(0, cp_model.INT32_MAX, "")
            self.model.add(total == before + sum(ended))
            totals.insert(at, (t, total))
        return total + sum(part(slot.index, t) for slot in self.slots if slot.days[0] <= t < slot.days[-1])

    def _ending_in(self, after: int, t: int) -> list[int]:
        """The slots whose last day is in (after, t]."""
        ends = self._ends
        first, last = bisect_right(ends, (after, len(self.slots))), bisect_right(ends, (t, len(self.slots)))
        return [k for _, k in ends[first:last]]

    def flies_by(self, k: int, rocket: str, t: int) -> LinearExpr:
        return 0  # a slot straddling t draws on supply only after it

    def sats_by(self, k: int, shells: frozenset[str], t: int, at_least: bool) -> LinearExpr:
        # straddling t: consumed only after it, achieved by it
        return 0 if at_least else self.sats_to(k, shells)


@dataclass
class Relaxation:
    model: cp_model.CpModel  # minimises `total`
    variables: Undated
    total: LinearExpr  # the model's weighted objective
    shortfall: LinearExpr  # its first level: weighted satellites short


def build_relaxation(s: Scenario) -> Relaxation:
    """The relaxation, minimising the model's weighted objective."""
    model = cp_model.CpModel()
    v = Undated(model, s, make_slots(s))
    for rule in RULES:
        rule.relax(v)
    total, shortfall, _, _ = objective.build(v)
    model.minimize(total)
    return Relaxation(model, v, total, shortfall)
