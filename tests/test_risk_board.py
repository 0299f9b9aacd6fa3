"""The board's memo (kept during a fill) answers as the board does without it."""

from __future__ import annotations

import random

from planner.risk.board import Placed
from planner.risk.future import Future, World
from planner.risk.sources import Uncertain
from builders import tiny_manifest
from test_risk_closed_form import extend_tiny


def _answers(board, days: list[int]) -> list:
    lay = board.lay
    return [(d, r, board.rocket_ready(d, r)) for d in days for r in lay.fpv] + \
           [(d, sh, board.satellites_free(d, sh)) for d in days for sh in lay.stream_of]


def test_the_memo_gives_the_boards_answers_as_launches_are_added_and_removed():
    s = extend_tiny(())
    board = Future(World.of(s), tiny_manifest(), Uncertain(s), 0, 0).board
    lay, rng = board.lay, random.Random(0)
    days = list(range(lay.days))
    added = 0
    with board.memoised():
        for step in range(60):
            assert _answers(board, days) == _plain(board, days), step
            pad = rng.choice(lay.pads)
            shell = rng.choice(sorted(lay.options[pad]))
            option = lay.options[pad][shell][0]
            day = rng.randrange(lay.days)
            n = board.load(day, pad, option, shell, option.max_satellites)
            if n is not None:
                board.add(Placed(day, pad, option.rocket, shell, n, f"X{step}"))
                added += 1
            elif board.launches and step % 3 == 0:
                board.remove(board.launches[rng.choice(sorted(board.launches))])
    assert added >= 5  # the memo was refreshed after real changes


def _plain(board, days: list[int]) -> list:
    memo, board._memo = board._memo, None
    try:
        return _answers(board, days)
    finally:
        board._memo = memo
