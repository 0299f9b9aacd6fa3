"""Rule 9, fixed launches: kept exactly as given; planned launches keep clear of them."""

from __future__ import annotations

from planner.domain.scenario import Scenario


def clear_of_fixed(s: Scenario, pad: str, rocket: str) -> set[int]:
    """Days on which a launch of `rocket` from `pad` would break turnaround or site separation
    with a fixed launch."""
    site = s.pad[pad].site
    sep = s.site[site].min_days_between_launches
    blocked: set[int] = set()
    for f in s.fixed_launches:
        day = s.day(f.date)
        if f.pad == pad:
            before = s.pad_turnaround[pad].get(rocket, s.pad[pad].turnaround_days)
            after = s.pad_turnaround[pad].get(f.rocket, s.pad[pad].turnaround_days)
            blocked.update(range(day - before + 1, day + after))
        if f.site == site:
            blocked.update(range(day - sep + 1, day + sep))
    return blocked

