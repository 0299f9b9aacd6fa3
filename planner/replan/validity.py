"""Which baseline launches are still possible after the events, by the checker's single-launch rules."""

from __future__ import annotations

from datetime import date

from planner.check.checker import (
    orbit_reachability,
    pad_compatibility,
    pad_windows,
    vehicle_availability,
    vehicle_capacity,
)
from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.model.stability import Anchor

SINGLE_LAUNCH_RULES = (pad_compatibility, pad_windows, orbit_reachability, vehicle_capacity, vehicle_availability)


def problems(s: Scenario, launch: Launch) -> list[str]:
    """What rules 1, 3, 5, 6 and 7 find wrong with the launch on its own, in the checker's words."""
    return [v.message for rule in SINGLE_LAUNCH_RULES for v in rule(s, [launch])]


def valid_hint(s: Scenario, anchors: tuple[Anchor, ...], plan_from: date) -> list[Launch]:
    """The movable baseline launches the solver may start from: not before the freeze ends or a
    slip's date, and still possible on their own."""
    return [
        a.launch for a in anchors
        if a.launch.date >= max(plan_from, a.not_before or plan_from) and not problems(s, a.launch)
    ]
