"""Rule 2, pad turnaround: launches on one pad at least the turnaround of the earlier model apart."""

from __future__ import annotations

from ortools.sat.python import cp_model

from planner.domain.supply import month_ends
from planner.model.variables import Variables


def build(v: Variables) -> None:
    """Each used slot occupies its pad for the turnaround of the model it flies; no overlap."""
    for ks in v.slots_by(lambda slot: slot.pad).values():
        v.model.add_no_overlap([_occupation(v, k) for k in ks])
        v.at_most_one_per_window(ks, min(v.slots[ks[0]].turnaround.values()))


def relax(v: Variables) -> None:
    """In the undated relaxation: between buckets, and as pad time."""
    _between_buckets(v)
    _pad_time(v)


def _between_buckets(v: Variables) -> None:
    """Rule 2 between buckets: a launch of a model on slot i rules out every later slot of the
    pad whose days all end before slot i's first day plus that model's turnaround."""
    for ks in v.slots_by(lambda slot: slot.pad).values():
        for pos, i in enumerate(ks):
            slot = v.slots[i]
            for r in v.rockets(i):
                reach = slot.days[0] + slot.turnaround[r]
                for j in ks[pos + 1:]:
                    if v.slots[j].days[-1] >= reach:
                        break
                    v.model.add(v.rocket(i, r) + v.active[j] <= 1)


def _pad_time(v: Variables) -> None:
    """Rule 2 as a capacity, for the undated relaxation: the launches a pad flies by day t keep
    it busy for their turnarounds, and all of those but the last fit between its first possible
    day and t. Without it a relaxed pad flies its largest model as often as its quickest one.
    Held on each milestone's due day and each quarter's end. The full model has no use for it:
    its no-overlap holds the rule, and these rows slowed its search."""
    s = v.scenario
    checkpoints = sorted({s.day(m.due_date) for m in s.milestones if 0 <= s.day(m.due_date) < s.horizon_days}
                         | {s.day(d) for d in month_ends(s.settings.horizon_start, s.settings.horizon_end)
                            if d.month % 3 == 0})
    for ks in v.slots_by(lambda slot: slot.pad).values():
        first = v.slots[ks[0]].days[0]
        longest = max(v.slots[k].turnaround[r] for k in ks for r in v.rockets(k))
        for t in checkpoints:
            inside = [k for k in ks if v.slots[k].days[-1] <= t]
            if len(inside) < 2:
                continue
            span = v.slots[inside[-1]].days[-1] - first + longest
            if sum(max(v.slots[k].turnaround[r] for r in v.rockets(k)) for k in inside) <= span:
                continue  # cannot bind
            v.model.add(sum(v.slots[k].turnaround[r] * v.rocket(k, r) for k in inside for r in v.rockets(k)) <= span)


def _occupation(v: Variables, k: int) -> cp_model.IntervalVar:
    """The days slot k keeps its pad busy: from its launch, for the turnaround of its model."""
    m, length = v.model, _turnaround(v, k)
    if isinstance(length, int):
        return m.new_optional_fixed_size_interval_var(v.day[k], length, v.active[k], f"pad{k}")
    slot = v.slots[k]
    end = m.new_int_var(slot.days[0], slot.days[-1] + max(slot.turnaround.values()), f"padend{k}")
    m.add(end == v.day[k] + length)
    return m.new_optional_interval_var(v.day[k], length, end, v.active[k], f"pad{k}")


def _turnaround(v: Variables, k: int) -> cp_model.IntVar | int:
    """The pad time slot k takes: a constant when every model it may fly turns around alike."""
    slot = v.slots[k]
    lengths = {r: slot.turnaround[r] for r in v.rockets(k)}
    if len(set(lengths.values())) == 1:
        return next(iter(lengths.values()))
    var = v.model.new_int_var_from_domain(cp_model.Domain.from_values(sorted(set(lengths.values()))), f"ta{k}")
    for r, length in lengths.items():
        v.model.add(var == length).only_enforce_if(v.rocket(k, r))
    return var
