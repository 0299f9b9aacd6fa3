"""Hard milestones, in the model: a milestone marked hard is a rule, not a penalty."""

from __future__ import annotations

from planner.model.rules.supply_chains import satellites_by
from planner.model.variables import Variables


def build(v: Variables) -> None:
    """Satellites in orbit by each hard milestone's due date reach what it requires."""
    s = v.scenario
    for ms in s.milestones:
        if ms.hard:
            v.model.add(satellites_by(v, s.milestone_shells(ms), s.day(ms.due_date), consumed=False)
                        >= ms.satellites_in_orbit)


def relax(v: Variables) -> None:
    build(v)
