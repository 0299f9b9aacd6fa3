"""`planner check`: a manifest (also a hand-edited one) against its workbook, by the independent
checker; the report on standard output, as text or JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from planner.app.outcome import EXIT_BAD_INPUT, EXIT_NO_PLAN, EXIT_OK, bad_input
from planner.check import checker
from planner.check.checker import CheckResult, check_plan
from planner.domain.errors import InputErrors
from planner.domain.scenario import Scenario
from planner.workbook.loader import load_launches, load_scenario


def run_check(input_path: Path, manifest_path: Path, as_json: bool, out: TextIO | None = None,
              scenario_of: Callable[[Path], Scenario] = load_scenario, replan: bool = False) -> int:
    """0 no violations, 1 violations, 2 an unreadable workbook; the report goes to `out`
    (standard output). `scenario_of` reads INPUT (a re-plan's, with `replan`, reads the
    baseline and the events beside it, and the freeze is checked too)."""
    out = out or sys.stdout
    try:
        scenario = scenario_of(input_path)
    except InputErrors as exc:
        return _input_errors(input_path, exc, as_json, out)
    try:
        launches = load_launches(manifest_path, scenario)
    except InputErrors as exc:
        return _input_errors(manifest_path, exc, as_json, out)
    result = check_plan(scenario, launches, replan)
    if as_json:
        json.dump(_as_json(result), out, indent=2)
        out.write("\n")
    else:
        out.write("".join(f"{line}\n" for line in _lines(result)))
    return EXIT_OK if result.ok else EXIT_NO_PLAN


def _input_errors(path: Path, exc: InputErrors, as_json: bool, out: TextIO) -> int:
    """The errors as JSON on `out` (the shape every command gives), else on standard error; exit 2."""
    if as_json:
        json.dump(bad_input(path, exc), out, indent=2)
        out.write("\n")
    else:
        for e in exc.errors:  # an error that names its workbook already has ": " in its sheet (Excel forbids ":")
            sys.stderr.write(f"{e if e.sheet == path.name or ': ' in e.sheet else f'{path.name}: {e}'}\n")
    return EXIT_BAD_INPUT


def _lines(result: CheckResult) -> list[str]:
    v, m = result.violations, result.measures
    lines = [f"{len(v)} violation{'s' if len(v) != 1 else ''}:" if v else "no violations"]
    lines += [f"  {violation}" for violation in v]
    lines.append("measures:")
    for r in m.milestones:
        state = "met" if r.met else f"short {r.shortfall}"
        lines.append(f"  milestone {r.milestone.name}: {r.achieved} of {r.milestone.satellites_in_orbit} ({state})")
    return [
        *lines,
        f"  milestone shortfall (weighted): {m.milestone_shortfall}",
        f"  satellite-days in orbit: {m.satellite_days}",
        f"  launch cost: {m.cost_mcny:.1f} MCNY",
        f"  expected satellites lost: {m.expected_lost:.2f}",
    ]


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
