"""Launch campaign, in the model: two launches of one rocket model, whichever pads and sites, at
least the model's `min_days_between_launches` apart (Rockets); the fixed launches' are kept
clear where the slots are made."""

from __future__ import annotations

from planner.model.variables import Variables


def build(v: Variables) -> None:
    """The slots that may fly a model occupy its campaign for its days when they do; no overlap."""
    for r in v.scenario.rockets:
        ks = [slot.index for slot in v.slots if r.id in slot.rocket_days]
        if r.min_days_between_launches and len(ks) > 1:
            v.model.add_no_overlap([v.model.new_optional_fixed_size_interval_var(
                v.day[k], r.min_days_between_launches, v.rocket(k, r.id), f"campaign{k}_{r.id}") for k in ks])


def relax(v: Variables) -> None:
    """Dropped from the undated relaxation: without days, no two launches are known to be close."""
