"""Rule 4, site separation, in the model: launches from one site at least `Scenario.separation` apart."""

from __future__ import annotations

from planner.model.variables import Variables


def build(v: Variables) -> None:
    s = v.scenario
    for site, ks in v.slots_by(lambda slot: slot.site).items():
        gap = s.separation(site)
        pads = {v.slots[k].pad for k in ks}
        shortest_turnaround = min(min(v.slots[k].turnaround.values()) for k in ks)
        if len(pads) == 1 and gap <= shortest_turnaround:
            continue  # the pad's own turnaround already keeps its launches this far apart
        v.model.add_no_overlap(
            [v.model.new_optional_fixed_size_interval_var(v.day[k], gap, v.active[k], f"site{k}") for k in ks]
        )
        v.at_most_one_per_window(ks, gap)


def relax(v: Variables) -> None:
    """Dropped from the undated relaxation: without days, no two launches are known to be close."""
