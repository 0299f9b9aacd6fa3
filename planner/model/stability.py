"""Objective level 4, stability (re-planning only): change against the baseline manifest.

A movable baseline launch is kept when a slot of its pad flies its rocket to its shell; it then
costs the days it moved. A launch not kept (re-assigned to another pad, rocket or shell, or
dropped) costs REASSIGNMENT_DAYS, and so does a move of that many days or more: a slot may only
keep a baseline launch within that distance, which keeps the matching small. Nothing new is
planned before the freeze ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ortools.sat.python import cp_model

from planner.domain.entities import Launch
from planner.model.variables import LinearExpr, Variables

REASSIGNMENT_DAYS = 30  # a re-assignment or a drop weighs as much as a move of this many days


@dataclass(frozen=True)
class Anchor:
    """A movable baseline launch. Its `launch.date` is where keeping it costs nothing (the
    baseline date, or a slip's date); it may not be kept before `not_before`."""

    launch: Launch
    not_before: date | None = None


@dataclass(frozen=True)
class Baseline:
    """What re-planning adds to the model: the movable baseline launches and the first day on
    which the solver may place a launch (the day after the freeze)."""

    anchors: tuple[Anchor, ...]
    plan_from: date


def build(v: Variables, baseline: Baseline) -> LinearExpr:
    """Hold the freeze and return the stability term, in days (moves plus REASSIGNMENT_DAYS
    per baseline launch not kept)."""
    _no_launch_before(v, v.scenario.day(baseline.plan_from))
    total: LinearExpr = 0
    keeps: dict[int, list[cp_model.IntVar]] = {}
    for i, anchor in enumerate(baseline.anchors):
        choices = _keep_choices(v, i, anchor, baseline.plan_from)
        for k, keep in choices:
            keeps.setdefault(k, []).append(keep)
        v.model.add_at_most_one(keep for _, keep in choices)
        total += _moved_days(v, i, anchor, choices) + REASSIGNMENT_DAYS * (1 - sum(keep for _, keep in choices))
    for literals in keeps.values():
        if len(literals) > 1:
            v.model.add_at_most_one(literals)
    return total


def _no_launch_before(v: Variables, first: int) -> None:
    """Slots before `first` stay unused; a slot straddling it launches on or after it."""
    for slot in v.slots:
        k = slot.index
        if slot.days[-1] < first:
            v.model.add(v.active[k] == 0)
        elif slot.days[0] < first:
            v.model.add(v.day[k] >= first).only_enforce_if(v.active[k])


def _keep_choices(v: Variables, i: int, anchor: Anchor, plan_from: date) -> list[tuple[int, cp_model.IntVar]]:
    """(slot, literal) for each slot that may keep the anchor: its pad, its (rocket, shell), a day
    within REASSIGNMENT_DAYS of its date and not before it may fly."""
    s, launch = v.scenario, anchor.launch
    ref = s.day(launch.date)
    first = max(ref - REASSIGNMENT_DAYS + 1, s.day(max(plan_from, anchor.not_before or plan_from)))
    last = ref + REASSIGNMENT_DAYS - 1
    choices = []
    for slot in v.slots:
        if slot.pad != launch.pad or slot.days[-1] < first or slot.days[0] > last:
            continue
        j = next((j for j, p in enumerate(slot.pairs) if (p.rocket, p.shell) == (launch.rocket, launch.shell)), None)
        if j is None:
            continue
        keep = v.model.new_bool_var(f"keep{i}_{slot.index}")
        v.model.add_implication(keep, v.pick[slot.index][j])
        v.model.add_linear_constraint(v.day[slot.index], first, last).only_enforce_if(keep)
        choices.append((slot.index, keep))
    return choices


def _moved_days(v: Variables, i: int, anchor: Anchor, choices: list[tuple[int, cp_model.IntVar]]) -> LinearExpr:
    """Days between the anchor's date and the slot that keeps it (0 when none does)."""
    if not choices:
        return 0
    ref = v.scenario.day(anchor.launch.date)
    moved = v.model.new_int_var(0, REASSIGNMENT_DAYS - 1, f"moved{i}")
    for k, keep in choices:
        v.model.add(moved >= v.day[k] - ref).only_enforce_if(keep)
        v.model.add(moved >= ref - v.day[k]).only_enforce_if(keep)
    return moved
