"""Row-per-item tables: the manifest itself and the milestones it reaches."""

from __future__ import annotations

from collections.abc import Iterable

from planner.domain.entities import Launch
from planner.domain.measures import milestone_results
from planner.domain.scenario import Scenario
from planner.workbook.schema import OUTPUT

Row = dict[str, object]


def manifest_rows(s: Scenario, launches: Iterable[Launch]) -> list[Row]:
    """One row per launch, in the given order, with capacity used and cost filled in."""
    return [_manifest_row(s, launch) for launch in launches]


def _manifest_row(s: Scenario, launch: Launch) -> Row:
    row: Row = {c.name: getattr(launch, c.name) for c in OUTPUT["Manifest"].columns}
    capacity = s.capacity(launch.rocket, launch.shell, launch.site)
    row["capacity_used_pct"] = 100 * launch.satellites / capacity.max_satellites if capacity else None
    row["cost_mcny"] = s.rocket[launch.rocket].cost_mcny
    row["note"] = launch.note or None
    return row


def milestone_rows(s: Scenario, launches: Iterable[Launch]) -> list[Row]:
    """Each milestone with what it requires and what the launches achieve by its due date."""
    return [
        {
            "label": r.milestone.name,
            "constellation": r.milestone.constellation,
            "shell": r.milestone.shell,
            "due_date": r.milestone.due_date,
            "hard": r.milestone.hard,
            "weight": r.milestone.weight,
            "required": r.milestone.satellites_in_orbit,
            "achieved": r.achieved,
            "shortfall": r.shortfall,
            "met": r.met,
        }
        for r in milestone_results(s, list(launches))
    ]
