"""Rule 3, pad windows: launches only inside a pad's windows and outside closures of pad and site."""

from __future__ import annotations

from planner.domain.scenario import Scenario


def open_days(s: Scenario, pad: str) -> set[int]:
    """Days of the horizon on which the pad may launch."""
    return set(s.pad_open_days(pad))
