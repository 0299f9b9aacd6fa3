"""The futures' board: its memo (kept during a fill) answers as the board does without it, and a
launch put back never breaks a rule against a launch already flown."""

from __future__ import annotations

import contextlib
import random
from datetime import date

import pytest
from builders import day, engine, engines_on, factory, launch, supply, tiny_manifest, tiny_scenario, with_settings
from test_risk_closed_form import extend_tiny

from planner.board.board import Board, Placed
from planner.check.checker import check_plan
from planner.domain.entities import Uncertainty
from planner.risk.engine import Job, batches, run_here
from planner.risk.future import Future, World
from planner.risk.policy import keep
from planner.risk.realised import realised_launches, realised_scenario
from planner.risk.sources import Uncertain


def _answers(board, days: list[int]) -> list:
    lay = board.lay
    return [(d, r, board.rocket_ready(d, r)) for d in days for r in lay.fpv] + \
           [(d, sh, board.satellites_free(d, sh)) for d in days for sh in lay.stream_of]


def _plain(board, days: list[int]) -> list:
    memo, board._memo = board._memo, None
    try:
        return _answers(board, days)
    finally:
        board._memo = memo


def _sharing_engines():
    """Both rockets on one engine line, one on a second too; a stream per shell; a vehicle of
    CZ-12 flies twice."""
    s = tiny_scenario(satellite_supply=(supply(day(0), 30, shell="GW-A"), supply(day(20), 30, shell="GW-A"),
                                        supply(day(0), 20, shell="GW-B"), supply(day(40), 20, shell="GW-B")),
                      factories=(factory("CZ-8A", 2, "F8"),), engines=(engine("YF", 3, 2), engine("YG", 2, 1)),
                      rocket_engines=(engines_on("CZ-12", "YF", 1), engines_on("CZ-8A", "YF", 1),
                                      engines_on("CZ-12", "YG", 1)))
    s = s.model_copy(update={"rockets": tuple(r.model_copy(update={
        "return_to_flight_days": 5, "initial_stock": 3, "flights_per_vehicle": 2 if r.id == "CZ-12" else 1})
        for r in s.rockets)})
    return with_settings(s, freeze_days=3)


@pytest.mark.parametrize("seed", range(3))
def test_the_memo_gives_the_boards_answers_as_launches_are_added_failed_removed_and_rockets_grounded(seed):
    s = _sharing_engines()
    board = Future(World.of(s), tiny_manifest(), Uncertain(s), 0, 0).board
    lay, rng = board.lay, random.Random(seed)
    days = list(range(lay.days))
    flown: set[str] = set()
    with board.memoised():
        for step in range(120):
            assert _answers(board, days) == _plain(board, days), step
            pad = rng.choice(lay.pads)
            shell = rng.choice(sorted(lay.options[pad]))
            option = rng.choice(lay.options[pad][shell])
            d = rng.randrange(lay.days)
            n = board.load(d, pad, option, shell, option.max_satellites)
            if n is not None:
                board.add(Placed(d, pad, option.rocket, shell, n, f"X{step}", failed=rng.random() < 0.2))
                flown.add(option.rocket)
            elif board.launches and rng.random() < 0.4:
                p = board.launches[rng.choice(sorted(board.launches))]
                (board.fail if rng.random() < 0.3 and not p.failed else board.remove)(p)
            if rng.random() < 0.05:
                first = rng.randrange(lay.days)
                board.known.ground(rng.choice(sorted(lay.fpv)), first, first + 5)
    assert flown == set(lay.fpv)  # both rockets, and so the shared engine line, were exercised


def test_the_memo_ends_with_its_block_even_on_an_error():
    s = extend_tiny(())
    board = Future(World.of(s), tiny_manifest(), Uncertain(s), 0, 0).board
    with pytest.raises(RuntimeError), board.memoised():
        raise RuntimeError
    assert board._memo is None


def test_futures_are_the_same_with_and_without_the_memo(monkeypatch):
    s = extend_tiny([Uncertainty(kind="launch_slip", probability=0.3, min_days=1, mode_days=4, max_days=15),
                     Uncertainty(kind="weather", probability=0.3, from_=date(2027, 1, 1), to=date(2027, 3, 1))])
    s = s.model_copy(update={"rockets": tuple(r.model_copy(update={"reliability": 0.7}) for r in s.rockets)})
    plan = (tuple(tiny_manifest()),)
    memoised = run_here(Job("memo", s, plan, 3), batches(0, frozenset(), 30)).of(0)
    monkeypatch.setattr(Board, "memoised", lambda self: contextlib.nullcontext())
    plain = run_here(Job("plain", s, plan, 3), batches(0, frozenset(), 30)).of(0)
    assert memoised == plain
    assert sum(r.failures for r in plain) > 0 and sum(r.replans for r in plain) > 30  # the fill ran


def _flown_after_a_movable_launch(rows=()):
    """A launch flown (history) on day 20 on the pad a planned launch leaves on day 10."""
    s = tiny_scenario(uncertainty=tuple(rows))
    flown = launch("H", day(20), "WC-1", "CZ-12", "GW-A", 10, status="history")
    planned = launch("P", day(10), "WC-1", "CZ-8A", "GW-A", 10)
    return s.model_copy(update={"fixed_launches": (flown,)}), [flown, planned]


def test_a_launch_put_back_waits_for_the_turnaround_of_a_launch_flown_after_it():
    s, plan = _flown_after_a_movable_launch()
    f = Future(World.of(s), plan, Uncertain(s), 0, 0)
    p = f.board.launches["P"]
    f.board.remove(p)
    keep(f.board, [p], {"P": 11}, 11, 29, f.executed)  # a slip of one day
    moved = f.board.launches["P"]
    assert moved.day >= 20 + f.board.lay.turnaround["WC-1"]["CZ-12"]  # after H, not on day 11 before it
    assert check_plan(s, [moved.launch(s, "planned"), plan[0]]).ok


def test_futures_that_slip_a_launch_before_a_flown_one_stay_valid():
    rows = (Uncertainty(kind="launch_slip", probability=0.5, min_days=1, mode_days=2, max_days=4),)
    s, plan = _flown_after_a_movable_launch(rows)
    w = World.of(s)
    for i in range(20):
        out = Future(w, plan, Uncertain(s), i, i).run()
        result = check_plan(realised_scenario(s, out), realised_launches(s, out, plan))
        assert result.ok, (i, [str(v) for v in result.violations])
