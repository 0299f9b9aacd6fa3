"""What every command gives back: one Outcome, one table of exit codes, one JSON shape for bad input."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from planner.domain.errors import InputErrors
from planner.manifest.plan import Plan
from planner.replan.changes import counted

if TYPE_CHECKING:
    from planner.check.checker import CheckResult
    from planner.explain.explanation import Explanation
    from planner.risk.assessment import Assessment

EXIT_OK, EXIT_NO_PLAN, EXIT_BAD_INPUT, EXIT_NO_PLAN_IN_TIME = 0, 1, 2, 3

Row = dict[str, object]


@dataclass
class Outcome:
    """What a command produced: its exit code, what it wrote, why it has nothing (reasons), and
    the parts its command makes: a plan and its independent check (solve, replan), the re-plan's
    date and changes (replan), the changes and the difference of two plans (diff), an
    explanation (explain), an assessment (risk)."""

    exit_code: int
    plan: Plan | None = None
    check: CheckResult | None = None
    output: Path | None = None
    reasons: list[str] = field(default_factory=list)
    as_of: date | None = None
    changes: list[Row] = field(default_factory=list)
    tradeoff: list[Row] = field(default_factory=list)
    difference: list[Row] = field(default_factory=list)
    explanation: Explanation | None = None
    assessment: Assessment | None = None

    @property
    def solved(self) -> Plan:
        """The plan of a run that made one (its exit status 0)."""
        assert self.plan is not None, self.reasons
        return self.plan

    def summary(self) -> dict[str, object]:
        """The machine-readable summary every command prints with `--json`."""
        out: dict[str, object] = {"exit_code": self.exit_code, "reasons": self.reasons}
        if self.output:
            out["output"] = str(self.output)
        if self.plan:
            r = self.plan.report
            out |= {
                "status": r.status, "stopped_by": r.stop_message, "objective": r.objective,
                "best_bound": r.best_bound, "gap_pct": r.gap_pct, "shortfall_bound": r.shortfall_bound,
                "time_to_first_s": r.time_to_first_s,
                "total_s": r.total_s, "launches": len(self.plan.launches),
                "levels": vars(r.levels) if r.levels else None,
            }
        if self.check:
            out["check"] = {"ok": self.check.ok, "violations": [str(v) for v in self.check.violations]}
        if self.as_of is not None:
            out |= {"as_of": self.as_of, "changes": counted(self.changes), "tradeoff": self.tradeoff}
        elif self.difference:
            out |= {"changes": self.changes, "difference": self.difference}
        if self.explanation is not None:
            from planner.explain import explanation
            out |= explanation.as_json(self.explanation)
        if self.assessment is not None:
            from planner.risk import assessment
            out |= assessment.as_json(self.assessment)
        return out


def bad_input(path: Path, exc: InputErrors) -> dict[str, object]:
    """The JSON every command prints for input it cannot read: exit code 2 and every error."""
    return {"exit_code": EXIT_BAD_INPUT, "input": str(path), "errors": [str(e) for e in exc.errors]}
