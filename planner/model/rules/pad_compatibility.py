"""Rule 1, pad compatibility: a pad launches only the rocket models listed for it."""

from __future__ import annotations

from planner.domain.scenario import Scenario


def rockets_for(s: Scenario, pad: str) -> list[str]:
    """The models a pad may launch, in a stable order."""
    return sorted(s.pad_turnaround[pad])
