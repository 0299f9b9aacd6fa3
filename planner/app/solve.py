"""`planner solve`: read a workbook, plan, check the plan independently, write the manifest."""

from __future__ import annotations

from pathlib import Path

from planner.app.outcome import EXIT_NO_PLAN, EXIT_NO_PLAN_IN_TIME, EXIT_OK, Outcome
from planner.app.promise import promised
from planner.check.checker import check_plan
from planner.domain.scenario import Scenario
from planner.explain.infeasibility import explain_infeasibility, fixed_conflicts
from planner.manifest.plan import Plan
from planner.report.manifest_book import write_manifest
from planner.solve.search import search
from planner.solve.solver import SolveOptions
from planner.workbook.loader import load_scenario
from planner.workbook.writer import claim_output


def default_output(input_path: Path) -> Path:
    return Path("outputs") / f"{input_path.stem}-manifest.xlsx"


def plan_scenario(s: Scenario, options: SolveOptions) -> Outcome:
    """Solve a loaded scenario and check the plan independently; writes nothing."""
    conflicts = fixed_conflicts_of(s)
    if conflicts:
        return Outcome(EXIT_NO_PLAN, reasons=conflicts)
    return outcome_of(s, search(s, options), options)


def fixed_conflicts_of(s: Scenario) -> list[str]:
    """The rules the fixed launches break between themselves, in a planner's words: no plan can
    keep them."""
    conflicts = [v for v in check_plan(s, s.fixed_launches).violations if v.rule != "hard_milestones"]
    return fixed_conflicts(s, conflicts) if conflicts else []


def outcome_of(s: Scenario, plan: Plan, options: SolveOptions) -> Outcome:
    """A search's plan as a command's outcome: why there is none, or the plan and its check."""
    if plan.report.levels is None:
        if plan.report.status == "INFEASIBLE":
            return Outcome(EXIT_NO_PLAN, plan, reasons=explain_infeasibility(s, options.time_limit_s, options.seed,
                                                                           options.workers))
        return Outcome(EXIT_NO_PLAN_IN_TIME, plan,
                       reasons=[f"no plan found within the time limit ({options.time_limit_s:g} s)"])
    check = check_plan(s, plan.launches)
    if not check.ok:
        return Outcome(EXIT_NO_PLAN, plan, check,
                       reasons=["the independent check rejected the solver's plan", *map(str, check.violations)])
    return Outcome(EXIT_OK, plan, check)


def solve_workbook(input_path: Path, output: Path | None = None, *, time_limit_s: float | None = None,
                   workers: int | None = None, seed: int | None = None, deterministic: bool | None = None,
                   gap_limit_pct: float | None = None) -> Outcome:
    """Read a workbook, solve, check and write the manifest. Raises InputErrors on bad input."""
    s = load_scenario(input_path)
    output = output or default_output(input_path)
    claim_output(output)
    options = promised(SolveOptions.of(s, time_limit_s, workers, seed, deterministic, gap_limit_pct), s)
    outcome = plan_scenario(s, options)
    if outcome.exit_code == EXIT_OK:
        outcome.output = output
        write_manifest(outcome.output, s, outcome.solved, input_path=input_path, check=outcome.check)
    return outcome
