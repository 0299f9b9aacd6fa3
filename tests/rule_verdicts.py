"""Three verdicts on launches of a small scenario, one per home of the rules: the model's (its
slots, and each rule module alone with the launches forced onto the slots), the board's (its
refusals) and the checker's (its violations)."""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType

from ortools.sat.python import cp_model

from planner.board.board import Board, Placed
from planner.check.checker import check_plan
from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.model.rules import RULES
from planner.model.slots import make_slots
from planner.model.variables import Variables

MODULE_RULES = {module.__name__.rsplit(".", 1)[1]: module for module in RULES}  # checker's rule name -> module
SLOT_RULES = ("pad_compatibility", "pad_windows", "orbit_reachability", "vehicle_capacity", "vehicle_availability")


def placed(s: Scenario, launches: Sequence[Launch]) -> list[tuple[int, int, int] | None]:
    """Each launch as (slot, pair, day) of the scenario's slots, or None where no slot holds it
    (its day, pad, rocket, shell or satellites refused where the slots are made)."""
    slots = make_slots(s)
    out: list[tuple[int, int, int] | None] = []
    for l in launches:
        day = s.day(l.date)
        found = None
        for slot in slots:
            if slot.pad != l.pad or day not in slot.rocket_days.get(l.rocket, ()):
                continue
            for j, pair in enumerate(slot.pairs):
                if (pair.rocket, pair.shell) == (l.rocket, l.shell) and \
                        pair.min_satellites <= l.satellites <= pair.max_satellites:
                    found = (slot.index, j, day)
        out.append(found)
    return out


def model_allows(s: Scenario, launches: Sequence[Launch], modules: Sequence[ModuleType]) -> bool:
    """Whether the model of `s` with only `modules` admits exactly `launches` (every other slot
    unused); False when a launch fits no slot or two share one."""
    where = placed(s, launches)
    if any(w is None for w in where) or len({w[0] for w in where if w}) < len(where):
        return False
    model = cp_model.CpModel()
    v = Variables(model, s, make_slots(s))
    for module in modules:
        module.build(v)
    used = {w[0]: (w, l) for w, l in zip(where, launches) if w is not None}
    for slot in v.slots:
        k = slot.index
        if k not in used:
            model.add(v.active[k] == 0)
            continue
        (_, j, day), l = used[k]
        model.add(v.active[k] == 1)
        model.add(v.day[k] == day)
        model.add(v.pick[k][j] == 1)
        model.add(v.sats[k][j] == l.satellites)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    return solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def board_refuses(s: Scenario, committed: Sequence[Launch], l: Launch) -> set[str]:
    """The rules the board names against one more launch `l` beside `committed`."""
    board = Board.of(s, committed)
    return {r.rule for r in board.refusals(s.day(l.date), l.pad, l.rocket, l.shell, l.satellites)}


def checker_finds(s: Scenario, launches: Sequence[Launch]) -> set[str]:
    """The rules the checker finds broken by the launches."""
    return {v.rule for v in check_plan(s, launches).violations if v.rule != "hard_milestones"}


def on_board(s: Scenario, l: Launch) -> Placed:
    return Placed.of(s.day(l.date), l)
