"""Rule 6, vehicle capacity: a listed (rocket, shell) pair, between its min and max satellites."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from planner.domain.scenario import Scenario


@dataclass(frozen=True)
class Pair:
    rocket: str
    shell: str
    min_satellites: int
    max_satellites: int


def pairs_for(s: Scenario, site: str, rockets: Iterable[str], shells: list[str]) -> list[Pair]:
    """The (rocket, shell) choices a launch from `site` has, with their capacity."""
    out = []
    for r in sorted(rockets):
        for sh in shells:
            cap = s.capacity(r, sh, site)
            if cap is not None:
                out.append(Pair(r, sh, cap.min_satellites, cap.max_satellites))
    return out
