"""A scenario with some tables replaced, its lookups derived afresh.

`Scenario.model_copy(update=...)` would keep the lookups already cached (`pad`, `site`,
`pad_turnaround`, ...) from the original, so a changed scenario is built anew instead.
"""

from __future__ import annotations

from planner.domain.scenario import Scenario


def changed(s: Scenario, **tables: object) -> Scenario:
    """`s` with the given fields replaced, validated and with fresh lookups."""
    return Scenario(**{name: getattr(s, name) for name in Scenario.model_fields} | tables)
