"""The planner's Python API: what the command line calls, and what a notebook or scheduler can call."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from planner.check import checker
from planner.check.checker import CheckResult, check_plan
from planner.domain.errors import InputErrors
from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.explain import explanation
from planner.explain.infeasibility import explain_infeasibility, fixed_conflicts
from planner.manifest.plan import Plan
from planner.model.stability import Baseline
from planner.report.manifest_book import write_manifest
from planner.solve.search import search
from planner.solve.solver import SolveOptions
from planner.workbook.loader import load_launches, load_scenario
from planner.workbook.writer import claim_output

EXIT_OK, EXIT_NO_PLAN, EXIT_BAD_INPUT, EXIT_NO_PLAN_IN_TIME = 0, 1, 2, 3

# A command with a time limit L ends, reading, solving, checking and writing, within L x 1.1 + 5 s.
PROMISE_FACTOR, PROMISE_EXTRA_S = 1.1, 5.0
FINISH_S, FINISH_S_PER_PAD_DAY = 2.0, 1.5e-4  # checking, writing and exiting: 6 s at ten years (9 pads) is enough
HOST_AFTER_S = 10.0  # a process older than this when a command is called is a host (tests, a notebook)


def promised(options: SolveOptions, s: Scenario) -> SolveOptions:
    """`options` with the wall-clock deadline by which the search ends, so that the whole
    command keeps the promise: counted from the process's start (from the call, in a host)
    and leaving the time checking and writing the manifest take."""
    finish_s = FINISH_S + FINISH_S_PER_PAD_DAY * len(s.pads) * s.horizon_days
    budget = options.time_limit_s * PROMISE_FACTOR + PROMISE_EXTRA_S - finish_s
    return replace(options, deadline=command_started() + max(budget, options.time_limit_s * 0.5))


def command_started() -> float:
    """The `time.monotonic()` reading at which this command began: its process's start on
    Linux, or now when the process is older than HOST_AFTER_S (or its start is unknown)."""
    now = time.monotonic()
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        age = time.clock_gettime(time.CLOCK_BOOTTIME) - int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return now
    return now - age if 0 <= age <= HOST_AFTER_S else now


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
    claim_output(output)
    options = promised(SolveOptions.of(s, time_limit_s, workers, seed, deterministic, gap_limit_pct), s)
    outcome = plan_scenario(s, options, progress)
    if outcome.exit_code == EXIT_OK:
        outcome.output = output
        write_manifest(outcome.output, s, outcome.plan, input_path=input_path, check=outcome.check)
    return outcome


# --- planner explain -----------------------------------------------------------------------


@dataclass
class ExplainOutcome:
    """What `planner explain` produced: an explanation, or why there is none."""

    exit_code: int
    explanation: explanation.Explanation | None = None
    reasons: list[str] = field(default_factory=list)  # why there is no plan; problems of a given manifest
    output: Path | None = None


def explain_workbook(input_path: Path, manifest: Path | None = None, output: Path | None = None, *,
                     what_if: explanation.WhatIfOptions | None = explanation.WhatIfOptions(), time_limit_s: float | None = None,
                     workers: int | None = None, seed: int | None = None, deterministic: bool | None = None,
                     gap_limit_pct: float | None = None, progress: TextIO | None = sys.stderr) -> ExplainOutcome:
    """Explain the plan of a workbook: the given manifest, else a fresh solve (which, when no plan
    exists, says why). Raises InputErrors on a bad workbook."""
    s = load_scenario(input_path)
    if what_if is not None:
        explanation.check_names(s, what_if.links)
    if output is not None:
        claim_output(output)
    options = SolveOptions.of(s, time_limit_s, workers, seed, deterministic, gap_limit_pct)
    reasons: list[str] = []
    if manifest is not None:
        launches = load_launches(manifest, s)
        reasons = [f"{manifest.name} breaks a rule: {v}" for v in check_plan(s, launches).violations]
    else:
        solved = plan_scenario(s, options, progress)
        if solved.exit_code != EXIT_OK:
            return ExplainOutcome(solved.exit_code, reasons=solved.reasons)
        launches = list(solved.plan.launches)
    if what_if is not None:
        what_if = replace(what_if, seed=options.seed)
    e = explanation.explain_plan(s, launches, what_if, progress)
    if output is not None:
        explanation.write_explanation(output, e, input_path)
    return ExplainOutcome(EXIT_OK, e, reasons, output)


# --- planner check -------------------------------------------------------------------------


def run_check(input_path: Path, manifest_path: Path, as_json: bool, out: TextIO | None = None,
              scenario_of: Callable[[Path], Scenario] = load_scenario) -> int:
    """`planner check INPUT MANIFEST`: 0 no violations, 1 violations, 2 an unreadable workbook;
    the report goes to `out` (standard output). `scenario_of` reads INPUT (a re-plan's reads the
    baseline and the events beside it)."""
    out = out or sys.stdout
    try:
        scenario = scenario_of(input_path)
    except InputErrors as exc:
        return _check_input_errors(input_path, exc, as_json, out)
    try:
        launches = load_launches(manifest_path, scenario)
    except InputErrors as exc:
        return _check_input_errors(manifest_path, exc, as_json, out)
    result = check_plan(scenario, launches)
    if as_json:
        json.dump(_as_json(result), out, indent=2)
        out.write("\n")
    else:
        _print(result, out)
    return EXIT_OK if result.ok else EXIT_NO_PLAN


def _check_input_errors(path: Path, exc: InputErrors, as_json: bool, out: TextIO) -> int:
    """The errors as JSON on `out` (the shape every command gives), else on standard error; exit 2."""
    if as_json:
        json.dump({"exit_code": EXIT_BAD_INPUT, "input": str(path), "errors": [str(e) for e in exc.errors]}, out, indent=2)
        out.write("\n")
    else:
        for e in exc.errors:  # an error that names its workbook already has ": " in its sheet (Excel forbids ":")
            print(e if e.sheet == path.name or ": " in e.sheet else f"{path.name}: {e}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _print(result: CheckResult, out: TextIO) -> None:
    v = result.violations
    print(f"{len(v)} violation{'s' if len(v) != 1 else ''}:" if v else "no violations", file=out)
    for violation in v:
        print(f"  {violation}", file=out)
    m = result.measures
    print("measures:", file=out)
    for r in m.milestones:
        state = "met" if r.met else f"short {r.shortfall}"
        print(f"  milestone {r.milestone.name}: {r.achieved} of {r.milestone.satellites_in_orbit} ({state})", file=out)
    print(f"  milestone shortfall (weighted): {m.milestone_shortfall}", file=out)
    print(f"  satellite-days in orbit: {m.satellite_days}", file=out)
    print(f"  launch cost: {m.cost_mcny:.1f} MCNY", file=out)
    print(f"  expected satellites lost: {m.expected_lost:.2f}", file=out)


def _as_json(result: CheckResult) -> dict[str, object]:
    m = result.measures
    return {
        "ok": result.ok,
        "violations": [
            {"rule": v.rule, "title": checker.TITLES[v.rule], "message": v.message, "launch_ids": list(v.launch_ids)}
            for v in result.violations
        ],
        "measures": {
            "milestones": [
                {
                    "milestone": r.milestone.name,
                    "constellation": r.milestone.constellation,
                    "shell": r.milestone.shell,
                    "due_date": r.milestone.due_date.isoformat(),
                    "hard": r.milestone.hard,
                    "required": r.milestone.satellites_in_orbit,
                    "achieved": r.achieved,
                    "shortfall": r.shortfall,
                    "weighted": r.weighted,
                    "met": r.met,
                }
                for r in m.milestones
            ],
            "milestone_shortfall": m.milestone_shortfall,
            "satellite_days": m.satellite_days,
            "cost_mcny": m.cost_mcny,
            "expected_lost": m.expected_lost,
        },
    }
