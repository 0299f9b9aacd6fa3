"""The objective's levels (planning-model.md, Objective): milestones, speed, cost and risk.

Every level is an exact expression of the plan, so the values the solver reports are the
measures the independent checker recomputes.
"""

from __future__ import annotations

from planner.domain.entities import Milestone
from planner.model.rules.supply_chains import satellites_by
from planner.model.variables import LinearExpr, Variables


def milestones(v: Variables) -> tuple[LinearExpr, list[tuple[Milestone, LinearExpr]]]:
    """Soft milestones as weighted shortfalls (hard ones are rules: rules/hard_milestones.py).
    Also returns what each soft milestone achieves, from which the exact shortfall is read back."""
    s, m = v.scenario, v.model
    total: LinearExpr = 0
    soft: list[tuple[Milestone, LinearExpr]] = []
    for i, ms in enumerate(s.milestones):
        if ms.hard:
            continue
        achieved = satellites_by(v, s.milestone_shells(ms), s.day(ms.due_date), consumed=False)
        short = m.new_int_var(0, ms.satellites_in_orbit, f"short{i}")
        m.add(short >= ms.satellites_in_orbit - achieved)
        total += ms.weight * short
        soft.append((ms, achieved))
    return total, soft


def satellite_days(v: Variables, loads: dict[int, int] | None = None) -> LinearExpr:
    """Satellite-days in orbit to the horizon's end, fixed launches included.

    Without `loads`, each slot counts from the first day of its bucket: an optimistic measure
    (a launch is never earlier than its bucket), so the bound it proves holds for the real one,
    and it keeps the model free of products. With `loads` (satellites per used slot, once the
    launches are chosen) the measure is exact: the days alone are then settled.
    """
    s = v.scenario
    last = s.horizon_days
    total: LinearExpr = sum(f.satellites * (last - s.day(f.date)) for f in s.fixed_launches if not f.failed)
    for slot in v.slots:
        k = slot.index
        if loads is None:
            total += v.load(k) * (last - slot.days[0])
        elif k in loads:
            total += sum(loads[k] * (last - d) * e for d, e in v.on[k].items())
    return total


def cost_and_risk(v: Variables) -> tuple[LinearExpr, LinearExpr]:
    """Launch cost (million CNY) and expected satellites lost, already weighted and rounded."""
    s = v.scenario
    w = s.settings.weights
    cost: LinearExpr = 0
    risk: LinearExpr = 0
    for slot in v.slots:
        k = slot.index
        for r in v.rockets(k):
            cost += round(w.cost * s.rocket[r].cost_mcny) * v.rocket(k, r)
        for n, pair in zip(v.sats[k], slot.pairs):
            risk += round(w.risk * (1 - s.rocket[pair.rocket].reliability)) * n
    return cost, risk


def build(v: Variables) -> tuple[LinearExpr, LinearExpr, list[tuple[Milestone, LinearExpr]], LinearExpr]:
    """Minimise the weighted sum; returns (objective, weighted satellites short, soft milestones
    with what they achieve, satellite-days)."""
    w = v.scenario.settings.weights
    shortfall, soft = milestones(v)
    days = satellite_days(v)
    cost, risk = cost_and_risk(v)
    objective = w.milestone * shortfall - w.speed * days + cost + risk
    return objective, shortfall, soft, days

