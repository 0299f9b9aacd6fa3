"""The full re-plan a future may make after each event (`planner risk --policy full`): the
planner's own re-planning search on the future as the planner then knows it.

As of `as_of`, the launches flown are history and those of the freeze are frozen; the rest
are the baseline, and the search of `planner replan` (planner/replan/recovery.py) recovers
what the events cost against the plan's level before them, with the fewest changes, for a
short time limit. The scenario is the input with the supply and groundings known on that day
(known.known_scenario). The search's launches go back on the board day by day, as the quick
policy puts its launches back, so every rule holds on what the board knows, engine yields
included, which the scenario cannot express.
"""

from __future__ import annotations

import logging

from planner.board.board import Board, Placed
from planner.domain.scenario import Scenario
from planner.manifest.extract import NewIds
from planner.model.stability import Anchor, Baseline
from planner.replan.recovery import replan
from planner.risk.policy import Policy, keep
from planner.solve.solver import SolveOptions


def replan_full(board: Board, known: Scenario, as_of: int, policy: Policy, done: set[str], new_id: NewIds,
                options: SolveOptions, reference: int) -> bool:
    """Re-plan the board's launches not `done` with the search on the `known` scenario, winning
    back satellites up to `reference` (the weighted satellites short the plan gave before the
    events); False (the board unchanged) if the search found no plan in time."""
    s = known
    freeze_end = as_of + policy.freeze_days
    ahead = sorted((p for p in board.launches.values() if p.launch_id not in done), key=lambda p: (p.day, p.pad))
    flown = [p.launch(s, "failed" if p.failed else "history") for p in board.launches.values() if p.launch_id in done]
    frozen = [p.launch(s, "frozen") for p in ahead if p.day < freeze_end]
    movable = [p.launch(s, "planned") for p in ahead if p.day >= freeze_end]
    settings = s.settings.model_copy(update={"as_of": s.date_of(as_of)})
    now = s.model_copy(update={"settings": settings, "fixed_launches": tuple(flown + frozen)})
    baseline = Baseline(tuple(Anchor(l) for l in movable), s.date_of(min(freeze_end, s.horizon_days - 1)))
    plan = replan(now, options, baseline, reference, taken_ids=frozenset(new_id.taken), level=logging.DEBUG,
                  bound_beside=False).plan
    if plan.report.levels is None:
        return False
    fixed = {l.launch_id for l in flown + frozen}
    for p in ahead:
        if p.day >= freeze_end:
            board.remove(p)
    chosen = [Placed(s.day(l.date), l.pad, l.rocket, l.shell, l.satellites, l.launch_id)
              for l in plan.launches if l.launch_id not in fixed]
    new_id.taken.update(p.launch_id for p in chosen)
    keep(board, chosen, {}, freeze_end, policy.move_days, done)
    return True

