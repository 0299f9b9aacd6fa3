"""The scenario of a future as the planner knows it on a day: supply as then believed (real once
revealed) and the groundings so far. The realised scenario is the last day's; the full re-plan
plans on the day's."""

from __future__ import annotations

from datetime import timedelta

from planner.domain.entities import Grounding
from planner.domain.scenario import Scenario
from planner.domain.supply import month_ends
from planner.risk.deliveries import Supply


def known_scenario(s: Scenario, supply: Supply | None, groundings: list[tuple[str, int, int]], label: str,
                   day: int) -> Scenario:
    """The input as the planner knows the future on `day`: each factory's monthly output and
    each satellite delivery's date as then believed (real once revealed), and the groundings
    so far. Engine lines keep their paper output: the Engines sheet has no monthly figures."""
    lines = {ln.name: ln for ls in (supply.lines.values() if supply else ()) for ln in ls}
    months = [m.replace(day=1) for m in month_ends(s.settings.horizon_start, s.settings.horizon_end)]
    factories = []
    for f in s.factories:
        line = lines.get(f"factory {f.id}")
        if line is None:
            factories.append(f)
            continue
        output = dict.fromkeys(months, 0)
        for it in line.items:
            made, quantity = line.as_known(it, day)
            if 0 <= made < s.horizon_days:
                output[s.date_of(made).replace(day=1)] += quantity
        factories.append(f.model_copy(
            update={"start_date": None, "end_date": None, "overrides": tuple(sorted(output.items()))}))
    rows = []
    for i, row in enumerate(s.satellite_supply):
        line = lines.get(f"satellite supply row {i}")
        if line is not None and (late := line.as_known(line.items[0], day)[0] - line.items[0].made):
            row = row.model_copy(update={"date": row.date + timedelta(days=late)})
        rows.append(row)
    grounded = list(s.groundings) + [
        Grounding(rocket=r, start=s.date_of(a), end=s.date_of(min(b, s.horizon_days - 1)),
                  reason=f"return to flight after a failure in {label}")
        for r, a, b in groundings]
    return s.model_copy(update={"factories": tuple(factories), "satellite_supply": tuple(rows),
                                "groundings": tuple(grounded),
                                "fixed_launches": tuple(l for l in s.fixed_launches if l.is_fact)})
