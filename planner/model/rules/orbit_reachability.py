"""Rule 5, orbit reachability: a site launches only to shells within its inclination range."""

from __future__ import annotations

from planner.domain.scenario import Scenario


def shells_for(s: Scenario, site: str) -> list[str]:
    """The shells a site can reach, in a stable order."""
    return sorted(sh.id for sh in s.shells if s.reachable(site, sh.id))
