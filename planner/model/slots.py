"""Candidate launch slots: each pad's horizon cut into buckets as long as its shortest turnaround.

No two launches fit in one bucket, so a bucket is one slot that may or may not be used, and
its date is confined to the bucket. That keeps every date-dependent constraint local (only the
slots straddling a checkpoint need to know on which side of it they fall) and the relaxation
tight (the earliest day of each bucket is nearly always reachable). The rules that only narrow
the choices (1, 3, 5, 6 and 7, and clearing fixed launches) are applied here, so the model never
sees an impossible choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from planner.domain.scenario import Scenario
from planner.model.rules.fixed_launches import clear_of_fixed
from planner.model.rules.orbit_reachability import shells_for
from planner.model.rules.pad_compatibility import rockets_for
from planner.model.rules.pad_windows import open_days
from planner.model.rules.vehicle_availability import blocked_days
from planner.model.rules.vehicle_capacity import Pair, pairs_for


@dataclass(frozen=True)
class Slot:
    index: int
    pad: str
    site: str
    days: tuple[int, ...]  # every day some pair may use, ascending
    pairs: tuple[Pair, ...]
    rocket_days: dict[str, tuple[int, ...]]  # rocket -> days it may use in this slot
    turnaround: dict[str, int]  # rocket -> pad turnaround after it


def make_slots(s: Scenario) -> list[Slot]:
    slots: list[Slot] = []
    for pad in sorted(s.pad):
        site = s.pad[pad].site
        shells = shells_for(s, site)
        opened = open_days(s, pad)
        turnaround = {r: s.pad_turnaround[pad][r] for r in rockets_for(s, pad)}
        allowed = {r: opened - blocked_days(s, r) - clear_of_fixed(s, pad, r) for r in turnaround}
        width = max(1, min(turnaround.values(), default=1))
        for first in range(0, s.horizon_days, width):
            last = min(first + width, s.horizon_days) - 1
            rocket_days = {r: tuple(d for d in range(first, last + 1) if d in days) for r, days in allowed.items()}
            pairs = tuple(pairs_for(s, site, [r for r, d in rocket_days.items() if d], shells))
            if not pairs:
                continue
            flown = sorted({p.rocket for p in pairs})
            days = tuple(sorted({d for r in flown for d in rocket_days[r]}))
            slots.append(Slot(len(slots), pad, site, days, pairs, {r: rocket_days[r] for r in flown}, turnaround))
    return slots
