"""Futures on Dask: independent tasks, each a chunk of futures of one plan with some sources off.

A task is pure: its records depend only on the job (scenario, plans, seed), the plan, the
sources switched off and the future indices, so a task lost with its worker is run again
elsewhere and gives the same records, and results are gathered by index, never by the order
in which tasks finish. Without a scheduler address, a local cluster of worker processes is
started, one thread each, and closed at the end.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO

from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.risk.future import Future, Record, World, record
from planner.risk.sources import Uncertain, future_seed
from planner.solve.solver import SolveOptions

CHUNK = 10  # futures per task: few enough to spread, enough to amortise a task's overhead


@dataclass(frozen=True)
class Job:
    """Everything a task needs, shipped once to every worker."""

    token: str  # identifies the job in a worker's cache
    scenario: Scenario
    plans: tuple[tuple[Launch, ...], ...]
    seed: int
    move_days: int = 29
    full: SolveOptions | None = None  # the full re-plan's search options; None: the quick policy


@dataclass(frozen=True)
class Batch:
    """Some futures of one plan with some sources switched off; of a lever's job when `lever`
    is set (its index), else of the run's own job."""

    plan: int
    off: frozenset[str]
    indices: tuple[int, ...]
    lever: int | None = None

    @property
    def key(self) -> Key:
        return self.plan, self.off, self.lever


Key = tuple[int, frozenset[str], int | None]
_worlds: dict[str, World] = {}
_worlds_lock = threading.Lock()  # a worker of several threads runs several tasks at once
WORLDS = 4  # worlds a worker keeps: the run's own and the levers' being simulated


def simulate(job: Job, batch: Batch) -> list[Record]:
    """The records of a batch's futures (a task)."""
    with _worlds_lock:
        w = _worlds.get(job.token)
        if w is None or w.s is not job.scenario:
            _worlds.pop(job.token, None)
            while len(_worlds) >= WORLDS:
                del _worlds[next(iter(_worlds))]
            w = _worlds[job.token] = World.of(job.scenario, job.move_days, job.full)
    unc = Uncertain(job.scenario, batch.off)
    plan = list(job.plans[batch.plan])
    return [record(w, Future(w, plan, unc, i, future_seed(job.seed, i)).run()) for i in batch.indices]


def batches(plan: int, off: frozenset[str], futures: int, lever: int | None = None) -> list[Batch]:
    return [Batch(plan, off, tuple(range(i, min(futures, i + CHUNK))), lever) for i in range(0, futures, CHUNK)]


@dataclass
class Results:
    """Records by (plan, sources off, lever), each list in future order; the levers' jobs
    solved; whether the run was stopped."""

    records: dict[Key, list[Record]] = field(default_factory=dict)
    jobs: dict[int, Job] = field(default_factory=dict)
    stopped: bool = False
    seconds: float = 0.0

    def of(self, plan: int, off: frozenset[str] = frozenset(), lever: int | None = None) -> list[Record]:
        return self.records.get((plan, off, lever), [])


@contextmanager
def cluster(scheduler: str | None, jobs: int) -> Iterator[object]:
    """A Dask client: to the scheduler at `scheduler`, else to a local cluster of `jobs` processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler, timeout=30) as client:
            yield client
        return
    # a task's error reaches the client; the workers' own logs (a heartbeat lost as the cluster
    # closes after a long run) are not a planner's business
    with LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.CRITICAL) as local, Client(local) as client:
        yield client


def run(client, job: Job, work: list[Batch], progress: Callable[[int, Results], None] | None = None,
        levers: Sequence[tuple[Callable[..., Job], tuple]] = ()) -> Results:
    """Every batch of `work` on the cluster; Ctrl-C stops and keeps what finished. Lever k's
    job is the task `levers[k]` (a function and its arguments after the run's job), and its
    batches take that task's result: the lever solves and their futures are one graph."""
    from distributed import as_completed

    started = time.perf_counter()
    shipped = client.scatter(job, broadcast=True)
    solving = [client.submit(f, shipped, *args, key=f"lever-{job.token}-{k}", pure=False, retries=2)
               for k, (f, args) in enumerate(levers)]
    tasks = {client.submit(simulate, shipped if b.lever is None else solving[b.lever], b,
                           key=f"risk-{job.token}-{n}", pure=False, retries=2): b for n, b in enumerate(work)}
    done: dict[Key, dict[int, Record]] = {}
    results = Results()
    try:
        for task in as_completed(tasks):
            b = tasks[task]
            for r in task.result():
                done.setdefault(b.key, {})[r.index] = r
            results.records = _in_order(done)
            if progress:
                progress(sum(len(v) for v in done.values()), results)
        results.jobs = dict(enumerate(client.gather(solving)))
    except KeyboardInterrupt:
        results.stopped = True
        results.jobs = {k: f.result() for k, f in enumerate(solving) if f.status == "finished"}  # before cancel forgets
        client.cancel(list(tasks) + solving)
    results.records = _in_order(done)
    results.seconds = time.perf_counter() - started
    return results


def _in_order(done: dict[Key, dict[int, Record]]) -> dict[Key, list[Record]]:
    return {k: [v[i] for i in sorted(v)] for k, v in done.items()}


def run_here(job: Job, work: list[Batch], levers: Sequence[tuple[Callable[..., Job], tuple]] = ()) -> Results:
    """Every lever solve and batch in this process, in order: for tests and for one future's details."""
    results = Results()
    started = time.perf_counter()
    results.jobs = {k: f(job, *args) for k, (f, args) in enumerate(levers)}
    for b in work:
        results.records.setdefault(b.key, []).extend(simulate(job if b.lever is None else results.jobs[b.lever], b))
    results.seconds = time.perf_counter() - started
    return results


class Progress:
    """Futures done, rate, time left and the running P(meet), on standard error."""

    def __init__(self, total: int, labels: list[str], required: list[int], out: TextIO = sys.stderr):
        self.total, self.labels, self.required, self.out = total, labels, required, out
        self.started = time.perf_counter()
        self.last = 0.0

    def __call__(self, done: int, results: Results) -> None:
        now = time.perf_counter()
        if now - self.last < 1.0 and done < self.total:
            return
        self.last = now
        rate = done / max(now - self.started, 1e-9)
        left = (self.total - done) / rate if rate else 0
        base = results.of(0)
        meets = ""
        if base:
            p = [sum(r.achieved[i] >= req for r in base) / len(base) for i, req in enumerate(self.required)]
            meets = "  P(meet) " + " ".join(f"{x:.2f}" for x in p)
        end = "\n" if done >= self.total or not self.out.isatty() else "\r"
        print(f"[risk] {done}/{self.total} futures, {rate:.1f}/s, {left:.0f} s left{meets}", end=end,
              file=self.out, flush=True)
