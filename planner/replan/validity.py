"""Which baseline launches are still possible after the events, on their own: rules 1, 3, 5, 6
and 7 as the board states them (planner/board), on a board with no launch on it."""

from __future__ import annotations

from datetime import date

from planner.board.board import Board
from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.model.stability import Anchor

SINGLE_LAUNCH_RULES = ("pad_compatibility", "pad_windows", "orbit_reachability", "vehicle_capacity",
                       "vehicle_availability")


def problems(empty: Board, launch: Launch) -> list[str]:
    """What rules 1, 3, 5, 6 and 7 find wrong with the launch on its own, asked of a board of the
    scenario with nothing on it: "TL-3 grounded 2026-08-27 .. 2026-12-25 (launch_failed ...)"."""
    day = empty.lay.s.day(launch.date)
    return [str(refusal) for refusal in empty.refusals(day, launch.pad, launch.rocket, launch.shell, launch.satellites)
            if refusal.rule in SINGLE_LAUNCH_RULES]


def valid_hint(s: Scenario, anchors: tuple[Anchor, ...], plan_from: date) -> list[Launch]:
    """The movable baseline launches the solver may start from: not before the freeze ends or a
    slip's date, and still possible on their own."""
    empty = Board.of(s)
    return [
        a.at_earliest for a in anchors
        if a.earliest >= plan_from and not problems(empty, a.at_earliest)
    ]
