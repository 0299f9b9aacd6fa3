"""Rule 7, vehicle availability: no launch of a model before available_from or while grounded."""

from __future__ import annotations

from planner.domain.scenario import Scenario


def blocked_days(s: Scenario, rocket: str) -> set[int]:
    """Days of the horizon on which the model may not fly."""
    return s.rocket_blocked_days(rocket)
