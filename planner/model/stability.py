"""Objective level 4, stability (re-planning only): the changes against the baseline manifest.

A change is a movable baseline launch moved, re-assigned (pad, rocket, shell or satellites) or
dropped, and every new launch (planning-model.md, Re-planning). In the model, a baseline launch
is kept exactly when the slot holding its day flies it as it was, and costs nothing; it is
continued when a slot of its pad flies its rocket within CONTINUE_DAYS of its date (moved or
re-assigned: one change); otherwise it is dropped (one change); and a used slot that continues
no baseline launch is new (one change). A launch re-assigned to another pad or rocket counts as
dropped and new here, two changes where the Changes sheet counts one, so the model's count is
never below the reported one. Nothing new is planned before the freeze ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ortools.sat.python import cp_model

from planner.domain.entities import Launch
from planner.model.variables import LinearExpr, Variables

CONTINUE_DAYS = 29  # a slot this many days from a baseline launch's date, or fewer, may continue it


@dataclass(frozen=True)
class Anchor:
    """A movable baseline launch, as the baseline has it, and the first day it may fly (a
    slip's date): a launch slipped past its date cannot be kept as it was."""

    launch: Launch
    not_before: date | None = None

    @property
    def earliest(self) -> date:
        return max(self.launch.date, self.not_before or self.launch.date)

    @property
    def at_earliest(self) -> Launch:
        """The launch on the first day it may fly."""
        if self.earliest == self.launch.date:
            return self.launch
        return self.launch.model_copy(update={"date": self.earliest})


@dataclass(frozen=True)
class Baseline:
    """What re-planning adds to the model: the movable baseline launches and the first day on
    which the solver may place a launch (the day after the freeze)."""

    anchors: tuple[Anchor, ...]
    plan_from: date


def build(v: Variables, baseline: Baseline) -> LinearExpr:
    """Hold the freeze and return the number of changes."""
    s = v.scenario
    first_day = s.day(baseline.plan_from)
    _no_launch_before(v, first_day)
    continued: dict[int, list[cp_model.IntVar]] = {}  # slot -> the literals of the anchors it may continue
    exact: list[cp_model.IntVar] = []
    for i, anchor in enumerate(baseline.anchors):
        choices = _continuations(v, i, anchor, first_day)
        for k, lit in choices:
            continued.setdefault(k, []).append(lit)
        if choices:
            v.model.add_at_most_one(lit for _, lit in choices)
        if (kept := _kept_as_it_was(v, i, anchor, dict(choices))) is not None:
            exact.append(kept)
    for literals in continued.values():
        if len(literals) > 1:
            v.model.add_at_most_one(literals)
    every_continued = sum(lit for literals in continued.values() for lit in literals)
    return len(baseline.anchors) - sum(exact) + sum(v.active) - every_continued


def _no_launch_before(v: Variables, first: int) -> None:
    """Slots before `first` stay unused; a slot straddling it launches on or after it."""
    for slot in v.slots:
        k = slot.index
        if slot.days[-1] < first:
            v.model.add(v.active[k] == 0)
        elif slot.days[0] < first:
            v.model.add(v.day[k] >= first).only_enforce_if(v.active[k])


def _continuations(v: Variables, i: int, anchor: Anchor, first_day: int) -> list[tuple[int, cp_model.IntVar]]:
    """(slot, literal) for each slot that may continue the anchor: its pad, its rocket, a day
    within CONTINUE_DAYS of its date and not before it may fly."""
    s, launch = v.scenario, anchor.launch
    ref = s.day(launch.date)
    first = max(ref - CONTINUE_DAYS, first_day, s.day(anchor.earliest))
    last = ref + CONTINUE_DAYS
    choices = []
    for slot in v.slots:
        if slot.pad != launch.pad or slot.days[-1] < first or slot.days[0] > last \
                or launch.rocket not in slot.rocket_days:
            continue
        lit = v.model.new_bool_var(f"continue{i}_{slot.index}")
        v.model.add_implication(lit, v.rocket(slot.index, launch.rocket))
        v.model.add_linear_constraint(v.day[slot.index], first, last).only_enforce_if(lit)
        choices.append((slot.index, lit))
    return choices


def _kept_as_it_was(v: Variables, i: int, anchor: Anchor,
                    choices: dict[int, cp_model.IntVar]) -> cp_model.IntVar | None:
    """A literal true only when the slot holding the anchor's day flies it as it was (same day,
    rocket, shell and satellites), or None when no slot can."""
    s, launch = v.scenario, anchor.launch
    day = s.day(launch.date)
    if anchor.earliest != launch.date:
        return None
    k = next((k for k in choices if day in v.slots[k].days), None)
    if k is None:
        return None
    j = next((j for j, p in enumerate(v.slots[k].pairs) if (p.rocket, p.shell) == (launch.rocket, launch.shell)), None)
    if j is None or not v.slots[k].pairs[j].min_satellites <= launch.satellites <= v.slots[k].pairs[j].max_satellites:
        return None
    lit = v.model.new_bool_var(f"exact{i}")
    v.model.add_implication(lit, choices[k])
    v.model.add_implication(lit, v.pick[k][j])
    v.model.add(v.day[k] == day).only_enforce_if(lit)
    v.model.add(v.sats[k][j] == launch.satellites).only_enforce_if(lit)
    return lit
