"""A plan: the launches decided, and how the solve that produced them went."""

from __future__ import annotations

from dataclasses import dataclass, field

from planner.domain.entities import Launch, Weights


@dataclass(frozen=True)
class Objective:
    """The objective's levels, measured on a plan's launches (see planning-model.md, Objective)."""

    milestone_shortfall: int  # weighted satellites short of milestones
    satellite_days: int
    cost_mcny: float
    expected_lost: float
    stability: int = 0  # re-planning only: days moved plus 30 per re-assignment or drop

    def total(self, w: Weights) -> float:
        """The weighted sum the planner minimises."""
        return (w.milestone * self.milestone_shortfall - w.speed * self.satellite_days + w.cost * self.cost_mcny
                + w.risk * self.expected_lost + w.stability * self.stability)


@dataclass(frozen=True)
class SolveReport:
    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN, MODEL_INVALID, or DISPATCH for the baseline
    objective: float | None  # the weighted total that was minimised
    best_bound: float | None
    gap_pct: float | None
    time_to_first_s: float | None
    total_s: float
    levels: Objective | None
    settings: dict[str, object] = field(default_factory=dict)
    stopped_by: str = ""  # "proven optimal", "time limit", "gap limit", "interrupted", the wall-clock cap,
    # or, for a large re-plan, which plan it kept ("...: too large to re-solve in time")
    shortfall_bound: int | None = None  # the fewest weighted satellites short any plan can have, as proven


@dataclass(frozen=True)
class Plan:
    launches: tuple[Launch, ...]
    report: SolveReport

    def sorted_launches(self) -> list[Launch]:
        return sorted(self.launches, key=lambda l: (l.date, l.pad, l.launch_id))
