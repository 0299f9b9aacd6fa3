"""docs/rules.md, the page that says where each rule lives, names every rule the checker knows and
only files that exist."""

from __future__ import annotations

import re
from pathlib import Path

from planner.check import checker
from planner.domain.scenario import Scenario

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "docs" / "rules.md").read_text()


def test_every_rule_of_the_checker_has_a_row() -> None:
    rows = [line for line in PAGE.splitlines() if re.match(r"\| \d+ \|", line)]
    assert [row.rsplit("|", 2)[-2].strip(" `") for row in rows] == [r for r in checker.TITLES if r != "consistency"]


def test_every_file_and_domain_fact_named_exists() -> None:
    files = set(re.findall(r"`(planner/[\w/]+\.py)`", PAGE))
    assert files and all((ROOT / f).is_file() for f in files), sorted(f for f in files if not (ROOT / f).is_file())
    facts = set(re.findall(r"`Scenario\.(\w+)`", PAGE))
    assert facts and all(hasattr(Scenario, f) for f in facts), sorted(f for f in facts if not hasattr(Scenario, f))


def test_every_board_method_named_exists_and_every_rule_module_has_a_row() -> None:
    from planner.board.board import Board
    from planner.board.layout import Layout
    from planner.model.rules import RULES

    named = set(re.findall(r"`(Board|Layout)\.(\w+)`", PAGE))
    assert named and all(hasattr({"Board": Board, "Layout": Layout}[c], m) or m in _layout_fields() for c, m in named)
    listed = set(re.findall(r"`planner/model/rules/(\w+)\.py`", PAGE)) - {"__init__"}
    assert listed == {module.__name__.rsplit(".", 1)[1] for module in RULES}


def _layout_fields() -> set[str]:
    """The attributes a Layout sets on itself."""
    source = (ROOT / "planner" / "board" / "layout.py").read_text()
    return set(re.findall(r"self\.(\w+)\s*[:=]", source))
