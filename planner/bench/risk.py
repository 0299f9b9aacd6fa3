"""`planner bench --risk`: futures per second of `planner risk` on scenarios of growing size,
on local Dask clusters of one and more worker processes; `planner bench --levers`: levers
weighed per minute; `planner bench --policies`: the quick re-plan held to the full one on the
same futures.

Each size's plan is the planner's own (its search within the time limit, from dispatch); the
futures are those of `planner risk` (the scenario's Uncertainty sheet and Rockets reliability,
re-planned after every event), the Drivers' switched-off runs aside.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import TextIO

import numpy as np

from planner.app.risk import RiskOptions, assess
from planner.app.solve import plan_scenario
from planner.bench.scenarios import scenario_of
from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.risk.engine import Job, batches, cluster, run
from planner.risk.future import Record
from planner.risk.levers import candidates
from planner.risk.sources import sources
from planner.risk.summary import mean_interval
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
        s, plan = _planned(size, options)
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


LEVERS_HEADER = ("| scenario | launches | levers | futures each | workers | wall s | levers / minute | futures / s "
                 "| best three (weighted satellites recovered) |")


def run_levers(sizes: tuple[str, ...], futures: int, jobs: tuple[int, ...], count: int, lever_s: float,
               options: SolveOptions, out: TextIO = sys.stdout) -> None:
    """`planner risk --levers` on each size's plan: its first `count` levers (the scenario's
    Levers sheet, else the derived ones), `futures` futures each and the plan's own, no drivers;
    wall time counting the cluster's start and the levers' solves."""
    print(LEVERS_HEADER, file=out)
    print("|" + "---|" * LEVERS_HEADER.count(" | ") + "---|", file=out, flush=True)
    for size in sizes:
        s, plan = _planned(size, options)
        s = s.model_copy(update={"levers": tuple(candidates(s, list(plan))[:count])})
        for workers in jobs:
            start = time.perf_counter()
            a = assess(s, [list(plan)], RiskOptions(futures=futures, seed=options.seed, jobs=workers, driver_futures=0,
                                                    levers=True, lever_futures=futures, lever_time_s=lever_s),
                       f"bench-levers-{size}")
            wall = time.perf_counter() - start
            levers = a.levers if a is not None and a.levers is not None else []
            best = "; ".join(f"{w.lever.lever} {w.recovered:+,.0f}" for w in levers[:3])
            cells = [size, f"{len(plan):,}", str(len(levers)), f"{futures:,}", str(workers), f"{wall:.0f}",
                     f"{len(levers) / wall * 60:.2f}", f"{a.per_second if a else 0:.2f}", best]
            print("| " + " | ".join(cells) + " |", file=out, flush=True)


def _planned(size: str, options: SolveOptions) -> tuple[Scenario, tuple[Launch, ...]]:
    """A size's scenario and the planner's plan for it (dispatch's, if the search's fails the checker)."""
    s = scenario_of(size, options.seed)
    solved = plan_scenario(s, options)
    plan = solved.solved.launches if solved.check is not None and solved.check.ok else dispatch_plan(s).launches
    return s, tuple(plan)


POLICIES_HEADER = ("| scenario | milestone | required | mean achieved: quick | full | full - quick (95 %) "
                   "| P(meet): quick | full | full - quick (95 %) |")


def run_policies(sizes: tuple[str, ...], futures: int, workers: int, replan_s: float, options: SolveOptions,
                 out: TextIO = sys.stdout) -> None:
    """For each size, the same futures of its plan (same seeds) re-planned by the quick policy
    and by the full one (`replan_s` seconds a re-plan); per milestone the mean achieved and
    P(meet) of each and their paired difference, with a 95 % interval (normal approximation)."""
    print(POLICIES_HEADER, file=out)
    print("|" + "---|" * POLICIES_HEADER.count(" | ") + "---|", file=out, flush=True)
    seconds = []
    for size in sizes:
        s, plan = _planned(size, options)
        full = RiskOptions(full_s=replan_s).full(s)
        runs = []
        with cluster(None, workers) as client:
            for name, job in (("quick", Job(f"bench-{size}-quick", s, (plan,), options.seed)),
                              ("full", Job(f"bench-{size}-full", s, (plan,), options.seed, full=full))):
                start = time.perf_counter()
                runs.append(run(client, job, batches(0, frozenset(), futures)).of(0))
                seconds.append(f"{size} {name}: {futures} futures in {time.perf_counter() - start:.0f} s "
                               f"on {workers} workers, {_mean([r.replans for r in runs[-1]]):.0f} re-plans a future")
        for line in policy_lines(size, s, *runs):
            print(line, file=out, flush=True)
    print("", *seconds, sep="\n", file=out)


def policy_lines(size: str, s: Scenario, quick: list[Record], full: list[Record]) -> list[str]:
    """The table's rows: one per milestone, futures paired by index."""
    lines = []
    for i, m in enumerate(s.milestones):
        need = m.satellites_in_orbit
        q = [r.achieved[i] for r in quick]
        f = [r.achieved[i] for r in full]
        qm = [float(a >= need) for a in q]
        fm = [float(a >= need) for a in f]
        cells = [size, m.name, f"{need:,}", f"{_mean(q):,.0f}", f"{_mean(f):,.0f}", paired(f, q, "{:+,.0f}"),
                 f"{_mean(qm):.0%}", f"{_mean(fm):.0%}", paired(fm, qm, "{:+.0%}")]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def paired(a: list[float] | list[int], b: list[float] | list[int], fmt: str) -> str:
    """The mean of a - b, future by future, and its 95 % interval (normal approximation)."""
    mean, half = mean_interval(np.subtract(a, b, dtype=float))
    return f"{fmt.format(mean)} [{fmt.format(mean - half)}, {fmt.format(mean + half)}]"


def _mean(xs: list[float] | list[int]) -> float:
    return sum(xs) / len(xs) if xs else 0.0
