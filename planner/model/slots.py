"""Candidate launch slots: each pad's horizon cut into buckets as long as its shortest turnaround.

No two launches fit in one bucket, so a bucket is one slot that may or may not be used, and
its date is confined to the bucket. That keeps every date-dependent constraint local (only the
slots straddling a checkpoint need to know on which side of it they fall) and the relaxation
tight (the earliest day of each bucket is nearly always reachable). The rules that only narrow
the choices are asked of the board (planner/board) here, so the model never sees an impossible
choice: the routes of each pad (rules 1, 5 and 6) and, for each model, the days it may fly
there (rules 3 and 7, and rules 2 and 4 against the fixed launches).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.board.board import Board
from planner.domain.scenario import Scenario


@dataclass(frozen=True)
class Pair:
    """Rule 6: a listed (rocket, shell) pair a launch may choose, with its capacity."""

    rocket: str
    shell: str
    min_satellites: int
    max_satellites: int


@dataclass(frozen=True)
class Slot:
    index: int
    pad: str
    site: str
    days: tuple[int, ...]  # every day some pair may use, ascending
    pairs: tuple[Pair, ...]
    rocket_days: dict[str, tuple[int, ...]]  # rocket -> days it may use in this slot
    turnaround: dict[str, int]  # rocket -> pad turnaround after it


def make_slots(s: Scenario) -> list[Slot]:
    board = Board.of(s, s.fixed_launches)
    lay = board.lay
    slots: list[Slot] = []
    for pad in lay.pads:
        pairs = sorted((Pair(o.rocket, shell, o.min_satellites, o.max_satellites)
                        for shell, options in lay.options[pad].items() for o in options),
                       key=lambda p: (p.rocket, p.shell))
        turnaround = {r: lay.turnaround[pad][r] for r in sorted(lay.turnaround[pad])}
        allowed = {r: board.allowed_days(pad, r) for r in sorted({p.rocket for p in pairs})}
        width = max(1, min(turnaround.values(), default=1))
        for first in range(0, s.horizon_days, width):
            last = min(first + width, s.horizon_days) - 1
            rocket_days = {r: tuple(int(d) for d in first + np.flatnonzero(days[first:last + 1]))
                           for r, days in allowed.items()}
            flown = sorted(r for r, days in rocket_days.items() if days)
            if not flown:
                continue
            days = tuple(sorted({d for r in flown for d in rocket_days[r]}))
            slots.append(Slot(len(slots), pad, lay.site_of[pad], days, tuple(p for p in pairs if p.rocket in flown),
                              {r: rocket_days[r] for r in flown}, turnaround))
    return slots
