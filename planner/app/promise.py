"""The time limit is a promise: a command with limit L ends, reading, solving, checking and
writing, within L x PROMISE_FACTOR + PROMISE_EXTRA_S seconds of its process's start."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

from planner.domain.scenario import Scenario
from planner.solve.solver import SolveOptions

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
