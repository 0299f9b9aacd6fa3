"""The full re-plan a future may make after each event (`planner risk --policy full`): the
planner's own re-planning search on the future as the planner then knows it.

As of `as_of`, the launches flown are history and those of the freeze are frozen; the rest
are the baseline, and the search of `planner replan` (planner/replan/recovery.py) recovers
what the events cost against the plan's level before them, with the fewest changes, for a
short time limit, starting from the quick policy's fill when that ranks better than the kept
baseline (so the full policy never does worse than the quick one, on what the scenario
measures). The scenario is the input with the supply and groundings known on that day
(known.known_scenario). The search's launches go back on the board day by day, as the quick
policy puts its launches back, so every rule holds on what the board knows, engine yields
included, which the scenario cannot express.
"""

from __future__ import annotations

import logging

from planner.board.board import Board, Placed
from planner.board.goals import Goal, short_of, standing
from planner.domain.scenario import Scenario
from planner.manifest.extract import NewIds
from planner.model.stability import Anchor, Baseline
from planner.replan.recovery import replan
from planner.risk.policy import Policy, keep, put_as_was


def replan_full(board: Board, known: Scenario, as_of: int, policy: Policy, done: set[str], new_id: NewIds,
                targets: list[Goal], reference: int, filled: set[str]) -> None:
    """Re-plan the board's launches not `done` with the search on the `known` scenario, winning
    back satellites of the `targets` up to `reference` (the weighted satellites short the plan
    gave before the events). The board holds the quick fill, its launches `filled`: the
    baseline is the board without them. The board is left as it is when the search keeps the
    fill, finds no plan in time, or its plan, put back on the board, falls shorter than the fill."""
    s = known
    freeze_end = as_of + policy.freeze_days
    ahead = sorted((p for p in board.launches.values() if p.launch_id not in done), key=lambda p: (p.day, p.pad))
    flown = [p.launch(s, "failed" if p.failed else "history") for p in board.launches.values() if p.launch_id in done]
    frozen = [p.launch(s, "frozen") for p in ahead if p.day < freeze_end]
    movable = [p.launch(s, "planned") for p in ahead if p.day >= freeze_end]
    settings = s.settings.model_copy(update={"as_of": s.date_of(as_of)})
    now = s.model_copy(update={"settings": settings, "fixed_launches": tuple(flown + frozen)})
    baseline = Baseline(tuple(Anchor(l) for l in movable if l.launch_id not in filled),
                        s.date_of(min(freeze_end, s.horizon_days - 1)))
    quick = tuple(flown + frozen + movable)
    assert policy.full is not None
    result = replan(now, policy.full, baseline, reference, taken_ids=frozenset(new_id.taken), level=logging.DEBUG,
                    bound_beside=False, also=[(quick, "the quick fill")])
    plan = result.plan
    if plan.report.levels is None or plan.launches == quick:
        return
    fixed = {l.launch_id for l in flown + frozen}
    quick_short = short_of(targets, standing(board, targets))
    replaced = [p for p in ahead if p.day >= freeze_end]
    for p in replaced:
        board.remove(p)
    chosen = [Placed(s.day(l.date), l.pad, l.rocket, l.shell, l.satellites, l.launch_id)
              for l in plan.launches if l.launch_id not in fixed]
    keep(board, chosen, {}, freeze_end, policy.move_days, done)
    if short_of(targets, standing(board, targets)) <= quick_short:
        new_id.taken.update(p.launch_id for p in chosen)
    else:
        put_as_was(board, replaced, done, freeze_end, board.lay.days - 1)
