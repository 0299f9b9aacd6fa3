"""Rule 2, pad turnaround: launches on one pad at least the turnaround of the earlier model apart."""

from __future__ import annotations

from ortools.sat.python import cp_model

from planner.model.variables import Variables


def build(v: Variables) -> None:
    """Each used slot occupies its pad for the turnaround of the model it flies; no overlap."""
    for ks in v.slots_by(lambda slot: slot.pad).values():
        v.model.add_no_overlap([_occupation(v, k) for k in ks])
        v.at_most_one_per_window(ks, min(v.slots[ks[0]].turnaround.values()))


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
