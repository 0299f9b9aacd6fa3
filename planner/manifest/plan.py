"""A plan: the launches decided, and how the solve that produced them went."""

from __future__ import annotations

from dataclasses import dataclass, field

from planner.domain.entities import Launch


@dataclass(frozen=True)
class Objective:
    """The objective's levels as the solver valued them (see planning-model.md, Objective)."""

    milestone_shortfall: int  # weighted satellites short of milestones
    satellite_days: int
    cost_mcny: float
    expected_lost: float
    stability: int = 0  # re-planning only: days moved plus 30 per re-assignment or drop


@dataclass(frozen=True)
class SolveReport:
    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN, MODEL_INVALID
    objective: float | None  # the weighted total that was minimised
    best_bound: float | None
    gap_pct: float | None
    time_to_first_s: float | None
    total_s: float
    levels: Objective | None
    settings: dict[str, object] = field(default_factory=dict)
    stopped_by: str = ""  # "optimal", "time limit", "interrupted", ...


@dataclass(frozen=True)
class Plan:
    launches: tuple[Launch, ...]
    report: SolveReport

    def sorted_launches(self) -> list[Launch]:
        return sorted(self.launches, key=lambda l: (l.date, l.pad, l.launch_id))
