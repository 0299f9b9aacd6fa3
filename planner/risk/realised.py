"""A future as a plan and a scenario of its own: what flew, and the world it flew in.

The realised manifest lists every launch the future attempted (a failure with status failed,
every other one as a plan the checker judges in full) and the input's own facts. The realised
scenario is the input with what the future drew: each factory's real monthly output, each
satellite delivery on its real date, and each failure's grounding. `planner check` on the two
passes when the simulation kept every rule.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from planner.domain.entities import Grounding, Launch
from planner.domain.scenario import Scenario
from planner.domain.supply import month_ends

if TYPE_CHECKING:
    from planner.risk.future import Outcome


def realised_launches(s: Scenario, out: Outcome, plan: list[Launch]) -> list[Launch]:
    """The future's launches as a manifest: the plan's facts as they were, the rest as flown."""
    facts = {l.launch_id: l for l in plan if l.is_fact}
    rows = []
    for p in out.launches:
        if p.launch_id in facts:
            rows.append(facts[p.launch_id])
            continue
        sh = s.shell[p.shell]
        rows.append(Launch(launch_id=p.launch_id, date=s.date_of(p.day), site=s.pad[p.pad].site, pad=p.pad,
                           rocket=p.rocket, constellation=sh.constellation, shell=p.shell, satellites=p.satellites,
                           status="failed" if p.failed else "planned",
                           note="failed in this future" if p.failed else "flown in this future"))
    return sorted(rows, key=lambda l: (l.date, l.pad, l.launch_id))


def realised_scenario(s: Scenario, out: Outcome) -> Scenario:
    """The input as this future turned out: real factory output, satellite dates, groundings."""
    return known_scenario(s, out, s.horizon_days)


def known_scenario(s: Scenario, out: Outcome, day: int) -> Scenario:
    """The input as the planner knows the future on `day`: each factory's monthly output and
    each satellite delivery's date as then believed (real once revealed), and the groundings
    so far. Engine lines keep their paper output: the Engines sheet has no monthly figures."""
    lines = {ln.name: ln for ls in (out.supply.lines.values() if out.supply else ()) for ln in ls}
    months = [m.replace(day=1) for m in month_ends(s.settings.horizon_start, s.settings.horizon_end)]
    factories = []
    for f in s.factories:
        line = lines.get(f"factory {f.id}")
        output = dict.fromkeys(months, 0)
        for it in line.items if line else ():
            made, quantity = line.as_known(it, day)
            if 0 <= made < s.horizon_days:
                output[s.date_of(made).replace(day=1)] += quantity
        factories.append(f if line is None else f.model_copy(
            update={"start_date": None, "end_date": None, "overrides": tuple(sorted(output.items()))}))
    supply = []
    for i, row in enumerate(s.satellite_supply):
        line = lines.get(f"satellite supply row {i}")
        if line is not None and (late := line.as_known(line.items[0], day)[0] - line.items[0].made):
            row = row.model_copy(update={"date": row.date + timedelta(days=late)})
        supply.append(row)
    groundings = list(s.groundings) + [
        Grounding(rocket=r, start=s.date_of(a), end=s.date_of(min(b, s.horizon_days - 1)),
                  reason=f"return to flight after a failure in future {out.index}")
        for r, a, b in out.groundings]
    return s.model_copy(update={"factories": tuple(factories), "satellite_supply": tuple(supply),
                                "groundings": tuple(groundings),
                                "fixed_launches": tuple(l for l in s.fixed_launches if l.is_fact)})
