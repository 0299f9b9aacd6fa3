"""The time limit is a promise: the whole command ends within the limit x 1.1 + 5 s of wall time,
and a search the wall clock ended says so."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from planner.app.promise import PROMISE_EXTRA_S, PROMISE_FACTOR, command_started, promised
from planner.check.checker import check_plan
from planner.manifest.plan import Stop
from planner.solve.search import search
from planner.solve.solver import SolveOptions
from planner.workbook.loader import load_scenario

DEMO = Path(__file__).resolve().parent.parent / "inputs" / "demo.xlsx"


@pytest.fixture(scope="module")
def demo():
    return load_scenario(DEMO)


def test_the_deadline_is_the_promise_less_checking_and_writing(demo) -> None:
    options = promised(SolveOptions.of(demo, time_limit_s=100), demo)
    assert abs(command_started() - time.monotonic()) < 0.1  # in a long-lived process: from the call
    left = options.remaining_s()
    assert 100 * PROMISE_FACTOR + PROMISE_EXTRA_S - 4 < left < 100 * PROMISE_FACTOR + PROMISE_EXTRA_S - 1
    assert options.settings() == SolveOptions.of(demo, time_limit_s=100).settings()  # not a setting


def test_a_search_ended_by_its_deadline_keeps_its_best_plan_and_says_so(demo) -> None:
    options = replace(SolveOptions.of(demo, time_limit_s=120), deadline=time.monotonic() + 4)
    started = time.monotonic()
    plan = search(demo, options)
    took = time.monotonic() - started
    assert took < 4 + 3  # a guided round or a window started before the deadline still ends
    assert plan.report.stopped_by == Stop.WALL_CLOCK
    assert plan.launches and check_plan(demo, plan.launches).ok


def test_planner_solve_ends_within_its_promise(tmp_path: Path) -> None:
    """A whole command in a process of its own, from its start to its exit."""
    limit = 4
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "planner", "solve", str(DEMO), "-o", str(tmp_path / "m.xlsx"),
                           "--time-limit", str(limit), "--json"], capture_output=True, text=True)
    took = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert took <= limit * PROMISE_FACTOR + PROMISE_EXTRA_S, json.loads(done.stdout)["stopped_by"]
    assert (tmp_path / "m.xlsx").exists()
