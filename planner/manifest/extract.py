"""Read the solver's answer back as launches, and the objective levels as the solver valued them."""

from __future__ import annotations

from ortools.sat.python import cp_model

from planner.domain.entities import Launch
from planner.domain.measures import measure
from planner.manifest.plan import Objective
from planner.model.builder import LaunchModel


def launches_from(solver: cp_model.CpSolver, built: LaunchModel, taken_ids: frozenset[str]) -> list[Launch]:
    """Fixed launches as given, then every used slot as a planned launch with a fresh id."""
    v = built.variables
    s = v.scenario
    decided = []
    for slot in v.slots:
        k = slot.index
        if not solver.boolean_value(v.active[k]):
            continue
        j = next(j for j, w in enumerate(v.pick[k]) if solver.boolean_value(w))
        pair = slot.pairs[j]
        decided.append((solver.value(v.day[k]), slot.pad, pair, solver.value(v.sats[k][j])))
    decided.sort(key=lambda x: (x[0], x[1]))
    new_id = NewIds(set(taken_ids) | {f.launch_id for f in s.fixed_launches})
    launches = list(s.fixed_launches)
    for day, pad, pair, sats in decided:
        constellation = s.shell[pair.shell].constellation
        launches.append(
            Launch(
                launch_id=new_id(constellation),
                date=s.date_of(day),
                site=s.pad[pad].site,
                pad=pad,
                rocket=pair.rocket,
                constellation=constellation,
                shell=pair.shell,
                satellites=sats,
                status="planned",
            )
        )
    return launches


class NewIds:
    """Fresh launch ids of the form <constellation>-<number>: each call the lowest number not in
    `taken`, which records it. `taken` only grows, so each constellation's search goes on from
    where it stopped, and numbering a whole plan takes one pass instead of one per launch."""

    def __init__(self, taken: set[str]):
        self.taken = taken
        self._next: dict[str, int] = {}

    def __call__(self, constellation: str) -> str:
        n = self._next.get(constellation, 1)
        while f"{constellation}-{n:04d}" in self.taken:
            n += 1
        self._next[constellation] = n + 1
        launch_id = f"{constellation}-{n:04d}"
        self.taken.add(launch_id)
        return launch_id


def objective_levels(solver: cp_model.CpSolver, built: LaunchModel, launches: list[Launch]) -> Objective:
    """Satellite-days from the model's exact expression; the milestone shortfall, cost and risk
    measured on the launches (the model's milestone helpers may understate what a plan achieves
    beyond its target, so achievement is counted from the launches themselves)."""
    m = measure(built.variables.scenario, launches)
    return Objective(m.milestone_shortfall, int(solver.value(built.satellite_days)), m.cost_mcny, m.expected_lost)
