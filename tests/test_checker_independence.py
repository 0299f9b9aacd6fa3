"""The checker owes the planner nothing: it reads the scenario's rows and computes every rule
and measure itself, sharing only the parsing (entities, the workbook schema) with the rest."""

from __future__ import annotations

import ast
from pathlib import Path

from planner.domain.scenario import Scenario

CHECK = Path(__file__).resolve().parent.parent / "planner" / "check"
SHARED = ("planner.domain.entities", "planner.domain.scenario", "planner.domain.errors", "planner.workbook.",
          "planner.check.")  # parsing, and the checker itself


def _sources() -> dict[str, ast.Module]:
    return {p.name: ast.parse(p.read_text()) for p in sorted(CHECK.glob("*.py"))}


def test_the_checker_imports_only_the_parsed_rows_and_itself() -> None:
    found = {}
    for name, tree in _sources().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("planner"):
                if not node.module.startswith(SHARED) or node.module == "planner.workbook.loader":
                    found.setdefault(name, []).append(node.module)
            elif isinstance(node, ast.Import):
                found.setdefault(name, []).extend(a.name for a in node.names if a.name.startswith("planner"))
    assert not {k: v for k, v in found.items() if v}


def test_the_checker_reads_only_the_scenarios_rows_never_a_rule_method_of_the_domain() -> None:
    rows = set(Scenario.model_fields)
    derived = {name for name in dir(Scenario) if not name.startswith("_") and name not in rows}
    assert {"pad_turnaround", "reachable", "capacity", "turnaround", "separation", "pad_open_days"} <= derived
    asked = {}
    for name, tree in _sources().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and node.value.id in ("s", "scenario") and node.attr not in rows:
                asked.setdefault(name, set()).add(node.attr)
    assert not asked, f"the checker asks the domain for {asked}; it must read the rows (Scenario's fields) only"
