"""Shell size: satellites in orbit in a shell never exceed the satellites the shell holds."""

from __future__ import annotations

from planner.model.rules.supply_chains import satellites_by
from planner.model.variables import Variables


def build(v: Variables) -> None:
    last = v.scenario.horizon_days - 1
    for shell in v.scenario.shells:
        v.model.add(satellites_by(v, frozenset([shell.id]), last, consumed=False) <= shell.satellites)


def relax(v: Variables) -> None:
    build(v)
