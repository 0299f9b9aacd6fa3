"""Candidate launch slots: each pad's horizon cut into buckets as long as its shortest turnaround.

No two launches fit in one bucket, so a bucket is one slot that may or may not be used, and
its date is confined to the bucket. That keeps every date-dependent constraint local (only the
slots straddling a checkpoint need to know on which side of it they fall) and the relaxation
tight (the earliest day of each bucket is nearly always reachable). The rules that only narrow
the choices (1, 3, 5, 6 and 7, and clearing fixed launches) are applied here, so the model never
sees an impossible choice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from planner.domain.scenario import Scenario


@dataclass(frozen=True)
class Pair:
    """Rule 6: a listed (rocket, shell) pair a launch may choose, with its capacity."""

    rocket: str
    shell: str
    min_satellites: int
    max_satellites: int


def pairs_for(s: Scenario, site: str, rockets: Iterable[str], shells: list[str]) -> list[Pair]:
    """The (rocket, shell) choices a launch from `site` has (rule 6), with their capacity."""
    out = []
    for r in sorted(rockets):
        for sh in shells:
            cap = s.capacity(r, sh, site)
            if cap is not None:
                out.append(Pair(r, sh, cap.min_satellites, cap.max_satellites))
    return out


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
        shells = s.reachable_shells(site)  # rule 5
        opened = set(s.pad_open_days(pad))  # rule 3
        turnaround = {r: s.pad_turnaround[pad][r] for r in sorted(s.pad_turnaround[pad])}  # rule 1
        allowed = {r: opened - s.rocket_blocked_days(r) - s.clear_of_fixed(pad, r) for r in turnaround}  # 7, 9
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
