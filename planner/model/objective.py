"""The objective's levels (planning-model.md, Objective): milestones, speed, cost and risk.

Every level is an exact expression of the plan, so the values the solver reports are the
measures the independent checker recomputes.
"""

from __future__ import annotations

from planner.model.rules.supply_chains import satellites_by
from planner.model.variables import LinearExpr, Variables


def milestones(v: Variables) -> LinearExpr:
    """Hard milestones as rules; soft ones as weighted shortfalls."""
    s, m = v.scenario, v.model
    total: LinearExpr = 0
    for i, ms in enumerate(s.milestones):
        shells = frozenset(
            sh.id for sh in s.shells if (sh.id == ms.shell if ms.shell else sh.constellation == ms.constellation)
        )
        achieved = satellites_by(v, shells, s.day(ms.due_date), failed_too=False)
        if ms.hard:
            m.add(achieved >= ms.satellites_in_orbit)
            continue
        short = m.new_int_var(0, ms.satellites_in_orbit, f"short{i}")
        m.add_max_equality(short, [0, ms.satellites_in_orbit - achieved])
        total += ms.weight * short
    return total


def satellite_days(v: Variables) -> LinearExpr:
    """Satellites times days in orbit to the horizon's end, fixed launches included."""
    s, m = v.scenario, v.model
    last = s.horizon_days
    fixed = sum(f.satellites * (last - s.day(f.date)) for f in s.fixed_launches if not f.failed)
    total: LinearExpr = fixed
    for slot in v.slots:
        k = slot.index
        load = v.load(k)
        offset = m.new_int_var(0, slot.days[-1] - slot.days[0], f"off{k}")
        m.add(offset == v.day[k] - slot.days[0])
        late = m.new_int_var(0, max(p.max_satellites for p in slot.pairs) * (slot.days[-1] - slot.days[0]), f"late{k}")
        m.add_multiplication_equality(late, [load, offset])
        total += load * (last - slot.days[0]) - late
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


def build(v: Variables) -> tuple[LinearExpr, LinearExpr, LinearExpr]:
    """Minimise the weighted sum; returns (objective, shortfall, satellite-days)."""
    w = v.scenario.settings.weights
    shortfall = milestones(v)
    days = satellite_days(v)
    cost, risk = cost_and_risk(v)
    objective = w.milestone * shortfall - w.speed * days + cost + risk
    return objective, shortfall, days

