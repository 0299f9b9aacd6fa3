"""`planner bench --risk`: futures per second of `planner risk` on scenarios of growing size,
on local Dask clusters of one and more worker processes.

Each size's plan is the planner's own (its search within the time limit, from dispatch); the
futures are those of `planner risk` (the scenario's Uncertainty sheet and Rockets reliability,
re-planned after every event), the Drivers' switched-off runs aside.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import TextIO

from planner.app.solve import plan_scenario
from planner.bench.scenarios import scenario_of
from planner.risk.engine import Job, batches, cluster, run
from planner.risk.sources import sources
from planner.solve.dispatch import dispatch_plan
from planner.solve.solver import SolveOptions

HEADER = ("| scenario | launches | sources | futures | workers | wall s | futures / s | re-plans / future "
          "| P(meet) of each milestone | largest 95 % error |")


@dataclass(frozen=True, kw_only=True)
class RiskRow:
    size: str
    launches: int
    sources: int
    futures: int
    workers: int
    wall_s: float
    replans: float
    p_meet: tuple[float, ...]  # per milestone

    @property
    def error(self) -> float:
        """The widest 95 % Monte Carlo half-width of the milestones' P(meet), normal approximation."""
        return max((1.96 * (p * (1 - p) / self.futures) ** 0.5 for p in self.p_meet), default=0.0)

    def line(self) -> str:
        cells = [self.size, f"{self.launches:,}", str(self.sources), f"{self.futures:,}", str(self.workers),
                 f"{self.wall_s:.1f}", f"{self.futures / self.wall_s:.2f}", f"{self.replans:.0f}",
                 " / ".join(f"{p:.0%}" for p in self.p_meet), f"±{self.error:.1%}"]
        return "| " + " | ".join(cells) + " |"


def run_risk(sizes: tuple[str, ...], futures: int, jobs: tuple[int, ...], options: SolveOptions,
             out: TextIO = sys.stdout) -> list[RiskRow]:
    """One row per size and number of workers, wall time counting the cluster's start."""
    print(HEADER, file=out)
    print("|" + "---|" * HEADER.count(" | ") + "---|", file=out, flush=True)
    rows = []
    for size in sizes:
        s = scenario_of(size, options.seed)
        solved = plan_scenario(s, options)
        plan = solved.solved.launches if solved.check is not None and solved.check.ok else dispatch_plan(s).launches
        job = Job(f"bench-{size}", s, (tuple(plan),), options.seed)
        for workers in jobs:
            start = time.perf_counter()
            with cluster(None, workers) as client:
                records = run(client, job, batches(0, frozenset(), futures)).of(0)
            wall = time.perf_counter() - start
            p_meet = tuple(sum(r.achieved[i] >= m.satellites_in_orbit for r in records) / len(records)
                           for i, m in enumerate(s.milestones))
            rows.append(RiskRow(size=size, launches=len(plan), sources=len(sources(s)), futures=len(records),
                                workers=workers, wall_s=wall, replans=sum(r.replans for r in records) / len(records),
                                p_meet=p_meet))
            print(rows[-1].line(), file=out, flush=True)
    return rows
