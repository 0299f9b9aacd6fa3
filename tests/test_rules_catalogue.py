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
