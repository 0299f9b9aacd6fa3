"""The planner's Python API: what the command line calls, and what a notebook or scheduler can call."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from planner.check.checker import CheckResult, check_plan
from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.explain.infeasibility import explain_infeasibility, fixed_conflicts
from planner.manifest.plan import Plan
from planner.model.stability import Baseline
from planner.report.manifest_book import write_manifest
from planner.solve.search import search
from planner.solve.solver import SolveOptions
from planner.workbook.loader import load_scenario
from planner.workbook.writer import check_writable

EXIT_OK, EXIT_NO_PLAN, EXIT_BAD_INPUT, EXIT_NO_PLAN_IN_TIME = 0, 1, 2, 3


@dataclass
class Outcome:
    """What a solve produced: the plan (if any), its independent check, and why it stopped."""

    exit_code: int
    plan: Plan | None = None
    check: CheckResult | None = None
    output: Path | None = None
    reasons: list[str] = field(default_factory=list)  # why there is no plan

    def summary(self) -> dict[str, object]:
        """A machine-readable summary, for `--json`."""
        out: dict[str, object] = {"exit_code": self.exit_code, "reasons": self.reasons}
        if self.output:
            out["output"] = str(self.output)
        if self.plan:
            r = self.plan.report
            out |= {
                "status": r.status, "stopped_by": r.stopped_by, "objective": r.objective,
                "best_bound": r.best_bound, "gap_pct": r.gap_pct, "time_to_first_s": r.time_to_first_s,
                "total_s": r.total_s, "launches": len(self.plan.launches),
                "levels": vars(r.levels) if r.levels else None,
            }
        if self.check:
            out["check"] = {"ok": self.check.ok, "violations": [str(v) for v in self.check.violations]}
        return out


def default_output(input_path: Path) -> Path:
    return Path("outputs") / f"{input_path.stem}-manifest.xlsx"


def plan_scenario(s: Scenario, options: SolveOptions, progress: TextIO | None = sys.stderr,
                  taken_ids: frozenset[str] = frozenset(), hint: list[Launch] | None = None,
                  baseline: Baseline | None = None) -> Outcome:
    """Solve a loaded scenario and check the plan independently; writes nothing.
    `hint` and `baseline` go to the search (a plan to start from; re-planning's stability)."""
    fixed = check_plan(s, s.fixed_launches)
    conflicts = [v for v in fixed.violations if v.rule != "hard_milestones"]
    if conflicts:
        return Outcome(EXIT_NO_PLAN, reasons=fixed_conflicts(s, conflicts))
    plan = search(s, options, progress, taken_ids, hint, baseline)
    if plan.report.levels is None:
        if plan.report.status == "INFEASIBLE":
            return Outcome(EXIT_NO_PLAN, plan, reasons=explain_infeasibility(s, options.time_limit_s, options.seed,
                                                                           options.workers))
        return Outcome(EXIT_NO_PLAN_IN_TIME, plan,
                       reasons=[f"no plan found within the time limit ({options.time_limit_s:g} s)"])
    check = check_plan(s, plan.launches)
    if not check.ok:
        return Outcome(EXIT_NO_PLAN, plan, check,
                       reasons=["the independent check rejected the solver's plan"] + [str(v) for v in check.violations])
    return Outcome(EXIT_OK, plan, check)


def solve_workbook(input_path: Path, output: Path | None = None, *, time_limit_s: float | None = None,
                   workers: int | None = None, seed: int | None = None, deterministic: bool | None = None,
                   gap_limit_pct: float | None = None, progress: TextIO | None = sys.stderr) -> Outcome:
    """Read a workbook, solve, check and write the manifest. Raises InputErrors on bad input."""
    s = load_scenario(input_path)
    output = output or default_output(input_path)
    check_writable(output)
    options = SolveOptions.of(s, time_limit_s, workers, seed, deterministic, gap_limit_pct)
    outcome = plan_scenario(s, options, progress)
    if outcome.exit_code == EXIT_OK:
        outcome.output = output
        write_manifest(outcome.output, s, outcome.plan, input_path=input_path, check=outcome.check)
    return outcome

