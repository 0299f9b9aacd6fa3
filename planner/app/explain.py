"""`planner explain`: the plan of a workbook (a given manifest, else a fresh solve), its binding
links and what one more unit of each buys; when no plan exists, why."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from planner.app.outcome import EXIT_OK, Outcome
from planner.app.solve import plan_scenario
from planner.check.checker import check_plan
from planner.explain import explanation
from planner.solve.solver import SolveOptions
from planner.workbook.loader import load_launches, load_scenario
from planner.workbook.writer import claim_output

WHAT_IF = explanation.WhatIfOptions()  # price the binding links, with the defaults


def explain_workbook(input_path: Path, manifest: Path | None = None, output: Path | None = None, *,
                     what_if: explanation.WhatIfOptions | None = WHAT_IF,
                     time_limit_s: float | None = None, workers: int | None = None, seed: int | None = None,
                     deterministic: bool | None = None, gap_limit_pct: float | None = None) -> Outcome:
    """Explain the plan of a workbook; the reasons name a given manifest's broken rules.
    Raises InputErrors on a bad workbook."""
    s = load_scenario(input_path)
    if what_if is not None:
        explanation.check_names(s, what_if.links)
    if output is not None:
        claim_output(output)
    options = SolveOptions.of(s, time_limit_s, workers, seed, deterministic, gap_limit_pct)
    reasons: list[str] = []
    if manifest is not None:
        launches = list(load_launches(manifest, s))
        reasons = [f"{manifest.name} breaks a rule: {v}" for v in check_plan(s, launches).violations]
    else:
        solved = plan_scenario(s, options)
        if solved.exit_code != EXIT_OK:
            return Outcome(solved.exit_code, reasons=solved.reasons)
        launches = list(solved.solved.launches)
    if what_if is not None:
        what_if = replace(what_if, seed=options.seed)
    e = explanation.explain_plan(s, launches, what_if)
    if output is not None:
        explanation.write_explanation(output, e, input_path)
    return Outcome(EXIT_OK, output=output, reasons=reasons, explanation=e)
