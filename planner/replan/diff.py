"""Two manifests of one scenario compared: the Changes sheet's rows, and each measure old and new."""

from __future__ import annotations

from collections.abc import Sequence

from planner.domain.entities import Launch
from planner.domain.measures import measure
from planner.domain.scenario import Scenario
from planner.replan.changes import change_rows

Row = dict[str, object]


def changes(s: Scenario, old: Sequence[Launch], new: Sequence[Launch]) -> list[Row]:
    """Every launch moved, re-assigned, with other satellites, new or dropped, by date. No reason
    is given: two plans compared need not be a re-plan of one another, so nothing says the newer
    is better; the Difference rows say what the changes did."""
    return change_rows(s, {l.launch_id: l for l in old}, sorted(new, key=lambda l: (l.date, l.launch_id)),
                       {}, frozenset(), [], gains=False)


def difference(s: Scenario, old: Sequence[Launch], new: Sequence[Launch]) -> list[Row]:
    """Each milestone's achieved satellites, then the objective's levels, old against new."""
    a, b = measure(s, old), measure(s, new)
    pairs: list[tuple[str, float, float]] = [
        (f"milestone {x.milestone.name}: satellites achieved", x.achieved, y.achieved)
        for x, y in zip(a.milestones, b.milestones)]
    pairs += [("milestone shortfall (weighted)", a.milestone_shortfall, b.milestone_shortfall),
              ("satellite-days in orbit", a.satellite_days, b.satellite_days),
              ("launch cost (MCNY)", a.cost_mcny, b.cost_mcny),
              ("expected satellites lost", a.expected_lost, b.expected_lost),
              ("launches", len(old), len(new))]
    return [{"measure": m, "old": round(x, 2), "new": round(y, 2), "change": round(y - x, 2)} for m, x, y in pairs]
