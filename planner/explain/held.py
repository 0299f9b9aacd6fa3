"""Why a planned launch is not one day earlier: the links whose rule the earlier day would break.

The board answers (planner/board), with every launch of the plan on it but the one judged: a
launch moved one day earlier can break its pad's turnaround after the previous launch, its
pad's windows or closures, its site's separation from another launch, its model's
availability (available_from, groundings), or a supply stream (one more vehicle, its engines or
its satellites needed a day before they are usable). Fixed launches cannot move and are not
judged; a launch on the horizon's first day has no earlier day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from planner.board.board import DATED, Board
from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.explain.links import Link


@dataclass(frozen=True)
class Hold:
    """A planned launch and the links that keep it from its previous day, each with why."""

    launch: Launch
    links: dict[Link, str] = field(default_factory=dict)
    at_start: bool = False  # dated on the horizon's first day: nothing earlier to try

    @property
    def free(self) -> bool:
        """It could move a day earlier without breaking a rule."""
        return not self.links and not self.at_start


def holds(s: Scenario, launches: Sequence[Launch]) -> list[Hold]:
    """A Hold for every launch the plan decides (planned, not fixed), in the given order."""
    fixed = {f.launch_id for f in s.fixed_launches}
    board = Board.of(s, launches)
    return [_hold(s, board, l) for l in launches if l.status == "planned" and l.launch_id not in fixed]


def _hold(s: Scenario, board: Board, l: Launch) -> Hold:
    """What the board says of `l` a day earlier, with `l` itself off it."""
    day = s.day(l.date) - 1
    if day < 0:
        return Hold(l, at_start=True)
    placed = board.launches[l.launch_id]
    board.remove(placed)
    links: dict[Link, str] = {}
    for refusal in board.refusals(day, l.pad, l.rocket, l.shell, l.satellites):
        if refusal.rule in DATED:
            links.setdefault(Link(*refusal.link), refusal.reason)
    board.add(placed)
    return Hold(l, links)
