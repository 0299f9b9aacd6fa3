"""A future as a plan and a scenario of its own: what flew, and the world it flew in.

The realised manifest lists every launch the future attempted (a failure with status failed,
every other one as a plan the checker judges in full) and the input's own facts. The realised
scenario is the input with what the future drew: each factory's real monthly output, each
satellite delivery on its real date, and each failure's grounding. `planner check` on the two
passes when the simulation kept every rule.
"""

from __future__ import annotations

from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.risk.future import Realised
from planner.risk.known import known_scenario


def realised_launches(s: Scenario, out: Realised, plan: list[Launch]) -> list[Launch]:
    """The future's launches as a manifest: the plan's facts as they were, the rest as flown."""
    facts = {l.launch_id: l for l in plan if l.is_fact}
    rows = []
    for p in out.launches:
        if p.launch_id in facts:
            rows.append(facts[p.launch_id])
            continue
        rows.append(p.launch(s, "failed" if p.failed else "planned",
                             "failed in this future" if p.failed else "flown in this future"))
    return sorted(rows, key=lambda l: (l.date, l.pad, l.launch_id))


def realised_scenario(s: Scenario, out: Realised) -> Scenario:
    """The input as this future turned out: real factory output, satellite dates, groundings."""
    return known_scenario(s, out.supply, out.groundings, f"future {out.index}", s.horizon_days)
