"""A plan: the launches decided, and how the solve that produced them went."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from planner.domain.entities import Launch, Weights


@dataclass(frozen=True)
class Objective:
    """The objective's levels, measured on a plan's launches (see planning-model.md, Objective)."""

    milestone_shortfall: int  # weighted satellites short of milestones
    satellite_days: int
    cost_mcny: float
    expected_lost: float
    stability: int = 0  # re-planning only: the changes (moved, re-assigned, dropped, new)

    def total(self, w: Weights) -> float:
        """The weighted sum the planner minimises."""
        return (w.milestone * self.milestone_shortfall - w.speed * self.satellite_days + w.cost * self.cost_mcny
                + w.risk * self.expected_lost + w.stability * self.stability)


class Stop(StrEnum):
    """Why a search stopped, as the Summary and --json say it."""

    PROVEN_OPTIMAL = "proven optimal"
    SEARCH_PROVEN = ("search proven optimal, on satellite-days from each slot's first day (the settled days "
                     "count fewer)")
    TIME_LIMIT = "time limit"
    BOUND_LATE = "time limit (the bound came too late for the gap limit: this run may not repeat exactly)"
    GAP_LIMIT = "gap limit"
    INTERRUPTED = "interrupted"
    WALL_CLOCK = "wall clock, to keep the time limit's promise (this run may not repeat exactly)"
    WALL_CLOCK_CAP = "wall-clock cap (this run may not repeat exactly)"
    PROVEN_INFEASIBLE = "proven infeasible"
    TOO_LARGE = "too large to re-solve in time"  # a large re-plan: the plan it kept says which (SolveReport.kept)

    @property
    def repeats(self) -> bool:
        """Whether the same run gives the same plan again (the wall clock did not end it)."""
        return self not in (Stop.BOUND_LATE, Stop.WALL_CLOCK, Stop.WALL_CLOCK_CAP)


@dataclass(frozen=True, kw_only=True)
class SolveReport:
    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN, MODEL_INVALID, or DISPATCH for the baseline
    objective: float | None  # the weighted total that was minimised
    best_bound: float | None
    gap_pct: float | None
    time_to_first_s: float | None
    total_s: float
    levels: Objective | None
    settings: dict[str, object] = field(default_factory=dict)
    stopped_by: Stop | None = None  # None: no search made the plan (dispatch, a future, a plan given)
    kept: str = ""  # a large re-plan's: which plan it kept, being too large to re-solve in time
    shortfall_bound: int | None = None  # the fewest weighted satellites short any plan can have, as proven

    @property
    def stop_message(self) -> str:
        """Why the search stopped, in words: "time limit", "dispatch from the freeze on: too large..."."""
        said = self.stopped_by.value if self.stopped_by is not None else ""
        return f"{self.kept}: {said}" if self.kept else said


@dataclass(frozen=True)
class Plan:
    launches: tuple[Launch, ...]
    report: SolveReport

    def sorted_launches(self) -> list[Launch]:
        return sorted(self.launches, key=lambda l: (l.date, l.pad, l.launch_id))
