"""The milestones on a board: what its launches put in orbit by each due date, and the weighted
satellites short, as the objective's first level counts them."""

from __future__ import annotations

from dataclasses import dataclass

from planner.board.board import Board
from planner.domain.scenario import Scenario


@dataclass(frozen=True)
class Goal:
    """A milestone on the board: due day, satellites required, the shells that count, its weight."""

    due: int
    required: int
    shells: frozenset[str]
    weight: int = 1


def goals(s: Scenario) -> list[Goal]:
    return [Goal(s.day(m.due_date), m.satellites_in_orbit, s.milestone_shells(m), m.weight) for m in s.milestones]


def achieved(board: Board, g: Goal) -> int:
    """Satellites in orbit by the goal's due date on the board (none for a date before the horizon)."""
    if g.due < 0:
        return 0
    return sum(int(board.orbit[sh][min(g.due, board.lay.days - 1)]) for sh in g.shells)


def standing(board: Board, targets: list[Goal]) -> list[int]:
    """What the board puts in orbit by each goal's due date."""
    return [achieved(board, g) for g in targets]


def short_of(targets: list[Goal], got: list[int]) -> int:
    """The weighted satellites short, given what is in orbit by each goal's due date."""
    return sum(g.weight * max(0, g.required - n) for g, n in zip(targets, got))
