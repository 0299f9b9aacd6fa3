"""A lower bound on the weighted objective from the linear relaxation of the undated model
(planner/model/relaxation.py), solved with GLOP.

On a large scenario CP-SAT's own relaxation of the full model is not solved within the time
limit, and its bound stays at nothing. This one is: the first level is bounded on its own, the
others together, and their sum bounds the weighted total (the least of a sum is at least the sum
of the leasts). It runs in a process of its own, beside the search, and is dropped if it is not
done when the search is.
"""

from __future__ import annotations

import math
import pickle
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from planner.domain.scenario import Scenario
from planner.model.relaxation import build_relaxation
from planner.model.variables import LinearExpr

UNBOUNDED = 1e15  # CP-SAT's open ends, beyond which a side of a constraint is free
POLL_S = 0.2  # while the bound is waited for, how often Ctrl-C is looked for
BOUND_S_PER_SLOT_SQUARED = 7.3e-6  # the bound's time against the full model's slots, measured: 35 s at ten years


def bound_seconds(slots: int) -> float:
    """About how long the bound takes on the machine the work limits are calibrated on."""
    return BOUND_S_PER_SLOT_SQUARED * slots ** 2


class Bound(NamedTuple):
    """What no plan can do better than: the weighted objective, and its first level on its own
    (weighted satellites short, as a whole number)."""

    total: float
    shortfall: int


def relaxation_bound(s: Scenario) -> Bound | None:
    """The bound; None if an LP could not be solved."""
    r = build_relaxation(s)
    w = s.settings.weights
    lp, columns = _linear_program(r.model)
    least_short = _minimise(lp, columns, r.model, r.shortfall)
    least_rest = _minimise(lp, columns, r.model, r.total - w.milestone * r.shortfall)
    if least_short is None or least_rest is None:
        return None
    whole = math.ceil(least_short - 1e-6 * max(1.0, abs(least_short)))  # whole satellites and weights; GLOP's tolerance
    return Bound(w.milestone * least_short + least_rest, whole)


def _linear_program(model: cp_model.CpModel) -> tuple[pywraplp.Solver, list[pywraplp.Variable]]:
    """The model's linear constraints over continuous variables (the relaxation has no others)."""
    lp = pywraplp.Solver.CreateSolver("GLOP")
    proto = model.proto
    columns = [lp.NumVar(float(v.domain[0]), float(v.domain[len(v.domain) - 1]), "") for v in proto.variables]
    for c in proto.constraints:
        domain = c.linear.domain
        low, high = domain[0], domain[len(domain) - 1]
        row = lp.Constraint(-lp.infinity() if low < -UNBOUNDED else float(low),
                            lp.infinity() if high > UNBOUNDED else float(high))
        for i, coefficient in zip(c.linear.vars, c.linear.coeffs):
            row.SetCoefficient(columns[i], float(coefficient))
    return lp, columns


def _minimise(lp: pywraplp.Solver, columns: list[pywraplp.Variable], model: cp_model.CpModel,
              expr: LinearExpr) -> float | None:
    model.minimize(expr)
    objective = lp.Objective()
    objective.Clear()
    for i, coefficient in zip(model.proto.objective.vars, model.proto.objective.coeffs):
        objective.SetCoefficient(columns[i], float(coefficient))
    objective.SetOffset(float(model.proto.objective.offset))
    objective.SetMinimization()
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    return objective.Value()


class BoundBeside:
    """`relaxation_bound` in a process of its own (`python -m planner.solve.bound FILE`, the
    scenario pickled in FILE), started at once; `result` waits for it. A plain process, so that
    nothing of the caller's main module runs again in it."""

    def __init__(self, s: Scenario):
        with tempfile.NamedTemporaryFile("wb", suffix=".pickle", delete=False) as f:
            pickle.dump(s, f)
        self._input = Path(f.name)
        self._process = subprocess.Popen([sys.executable, "-m", "planner.solve.bound", f.name],
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                         start_new_session=True)  # Ctrl-C is the caller's to handle
        self._bound: Bound | None = None
        self._answered = False
        self.late = False

    def result(self, timeout_s: float, cancelled: Callable[[], bool] = lambda: False) -> Bound | None:
        """The bound if it comes within `timeout_s` and before `cancelled()` (asked every
        POLL_S); the process is stopped either way, and later calls give the same answer at
        once. `late` tells that the time ran out first."""
        if self._answered:
            return self._bound
        deadline = time.monotonic() + timeout_s
        try:
            while True:
                try:
                    out, _ = self._process.communicate(timeout=max(0.01, min(POLL_S, deadline - time.monotonic())))
                    self._bound = pickle.loads(out) if self._process.returncode == 0 else None
                    break
                except subprocess.TimeoutExpired:  # asking again loses nothing of its output
                    self.late = time.monotonic() >= deadline
                    if self.late or cancelled():
                        break
        finally:
            self._process.kill()
            self._process.wait()
            self._input.unlink(missing_ok=True)
            self._answered = True
        return self._bound


if __name__ == "__main__":  # through the package's module, so that its Bound unpickles in the caller
    from planner.solve import bound

    sys.stdout.buffer.write(pickle.dumps(bound.relaxation_bound(pickle.loads(Path(sys.argv[1]).read_bytes()))))
