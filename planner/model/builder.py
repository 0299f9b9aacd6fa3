"""Assemble the CP-SAT model: slots, variables, every rule family, and the objective."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ortools.sat.python import cp_model

from planner.domain.entities import Milestone
from planner.domain.scenario import Scenario
from planner.model import objective, stability
from planner.model.rules import RULES
from planner.model.slots import make_slots
from planner.model.stability import Baseline
from planner.model.variables import LinearExpr, Variables


@dataclass
class LaunchModel:
    model: cp_model.CpModel
    variables: Variables
    objective: LinearExpr
    shortfall: LinearExpr  # level 1: weighted satellites short of the soft milestones
    milestones: list[tuple[Milestone, LinearExpr]]  # soft milestones and what each achieves
    proxy_days: LinearExpr  # satellite-days counted from each slot's first day, as searched on
    satellite_days: LinearExpr  # the exact measure, once the days are settled
    changes: LinearExpr = 0  # a re-plan's: the changes against its baseline (stability.py)


Minimise = Literal["plan", "shortfall"] | None


def build_model(s: Scenario, baseline: Baseline | None = None, minimise: Minimise = "plan") -> LaunchModel:
    """The whole model. Rules 1, 3, 5, 6 (pairs), 7 and 9 shape the slots; each module of RULES adds its own.
    A `baseline` (re-planning) adds the freeze and the stability level. `minimise` is the weighted
    objective ("plan"), the first level alone ("shortfall", to prove it quickly) or nothing (None,
    when only feasibility under assumptions is asked)."""
    model = cp_model.CpModel()
    v = Variables(model, s, make_slots(s))
    for rule in RULES:
        rule.build(v)
    total, shortfall, milestones, days = objective.build(v)
    changes: LinearExpr = 0
    if baseline is not None:
        changes = stability.build(v, baseline)
        total += s.settings.weights.stability * changes
    if minimise == "plan":
        model.minimize(total)
    elif minimise == "shortfall":
        model.minimize(shortfall)
    elif minimise is not None:
        raise ValueError(f"nothing to minimise called {minimise!r}")
    return LaunchModel(model, v, total, shortfall, milestones, days, days, changes)
