"""The Trade-off sheet of a re-plan: what each satellite recovered costs in changes.

One row per point of the trade-off (planner/replan/recovery.py): from the kept baseline, which
changes only what the events force, each re-plan met on the way with fewer satellites short
than every one with fewer changes; the changes by kind, counted as the Changes sheet counts
them, the satellites short (weighted, and per milestone), satellite-days; the chosen point
marked.
"""

from __future__ import annotations

from planner.domain.scenario import Scenario
from planner.replan.identify import identify
from planner.replan.recovery import Replanned

Row = dict[str, object]


def milestone_column(i: int, s: Scenario) -> str:
    """The column of a milestone's shortfall: `short_row_<R>`, R its row in the Milestones sheet."""
    m = s.milestones[i]
    return f"short_row_{m.source.row}" if m.source else f"short_{i + 1}"


def tradeoff_rows(s: Scenario, found: Replanned) -> list[Row]:
    """One row per point, fewest changes first."""
    fixed = {f.launch_id for f in s.fixed_launches}
    rows = []
    for k, p in enumerate(found.tradeoff, start=1):
        ids = identify([l for l in p.launches if l.launch_id not in fixed], found.baseline.anchors, ())
        row: Row = {"point": k, "chosen": p.launches == found.chosen.launches, "changes": ids.changes,
                    "moved": ids.moved, "re_assigned": ids.reassigned, "dropped": ids.dropped, "new": ids.new,
                    "satellites_short": p.shortfall, "satellite_days": p.satellite_days, "how": p.how}
        row |= {milestone_column(i, s): short for i, short in enumerate(p.milestones)}
        rows.append(row)
    return rows
