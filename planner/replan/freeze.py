"""as_of and freeze_days: which baseline launches are history, which stay frozen, which may move.

Launches dated before as_of are history (flown as planned, unless an event said otherwise).
Launches dated in the freeze, [as_of, as_of + freeze_days), are frozen, and contracted launches
(the input's FixedLaunches) stay fixed wherever they are. A frozen or contracted launch that the
event-updated scenario makes impossible (the checker finds it breaking a rule) becomes movable
and is flagged. Everything else may move, from the end of the freeze on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from planner.check.checker import check_plan
from planner.domain.entities import Launch
from planner.model.stability import Anchor
from planner.replan.events import Applied


@dataclass(frozen=True)
class Split:
    fixed: tuple[Launch, ...]  # facts, frozen and contracted launches: kept as given
    anchors: tuple[Anchor, ...]  # movable baseline launches as the baseline has them, with any slip
    plan_from: date  # the first day the solver may place a launch
    notes: dict[str, str]  # launch_id -> why its status changed, or why it was unfrozen
    unfrozen: frozenset[str]


def split(applied: Applied, contracted: set[str], as_of: date) -> Split:
    """Sort the event-updated baseline into fixed launches and movable anchors."""
    plan_from = as_of + timedelta(days=applied.scenario.settings.freeze_days)
    fixed: list[Launch] = []
    pinned: dict[str, Launch] = {}
    anchors: list[Anchor] = []
    notes: dict[str, str] = {}
    for launch in sorted(applied.launches, key=lambda l: (l.date, l.launch_id)):
        slip = applied.not_before.get(launch.launch_id)
        at = max(launch.date, slip or launch.date)
        if launch.is_fact:
            fixed.append(launch)
        elif at < as_of:
            fixed.append(launch.model_copy(update={"date": at, "status": "history"}))
            notes[launch.launch_id] = f"dated before as_of {as_of}: taken as flown"
        elif at < plan_from or launch.launch_id in contracted:
            status = launch.status if launch.launch_id in contracted else "frozen"
            pinned[launch.launch_id] = launch.model_copy(update={"date": at, "status": status})
            if at < plan_from:
                notes[launch.launch_id] = f"in the freeze, {as_of} .. {plan_from - timedelta(days=1)}"
        else:
            anchors.append(Anchor(launch.model_copy(update={"status": "planned"}), slip))
    unfrozen = _unfreeze(applied, fixed, pinned)
    for launch_id, why in unfrozen.items():
        launch = pinned.pop(launch_id)
        anchors.append(Anchor(launch.model_copy(update={"status": "planned"}), applied.not_before.get(launch_id)))
        notes[launch_id] = f"{'contracted' if launch_id in contracted else 'frozen'}, but made impossible: {why}"
    return Split(
        tuple(fixed + list(pinned.values())),
        tuple(sorted(anchors, key=lambda a: (a.earliest, a.launch.launch_id))),
        plan_from,
        notes,
        frozenset(unfrozen),
    )


def _unfreeze(applied: Applied, facts: list[Launch], pinned: dict[str, Launch]) -> dict[str, str]:
    """Pinned launches the checker finds breaking a rule beside the facts and the other pinned
    launches, with the first violation of each. A violation naming several pinned launches
    unpins those an event touched, else all of them; repeated until none is left."""
    out: dict[str, str] = {}
    while True:
        kept = facts + [l for i, l in pinned.items() if i not in out]
        s = applied.scenario.model_copy(update={"fixed_launches": tuple(kept)})
        found: dict[str, str] = {}
        for v in check_plan(s, kept).violations:
            if v.rule == "hard_milestones":
                continue
            named = [i for i in v.launch_ids if i in pinned and i not in out]
            touched = [i for i in named if i in applied.causes]
            for i in touched or named:
                found.setdefault(i, str(v))
        if not found:
            return out
        out |= found
