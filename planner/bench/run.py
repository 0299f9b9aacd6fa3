"""`planner bench` / `python -m planner.bench`: the dispatch baseline and the planner's whole
search (guided dispatch, then CP-SAT) on scenarios of growing size, one table.

Each size is written to a workbook and solved by the `planner solve` command itself, in a
process of its own: its wall time, from start to exit (reading, solving, checking, writing),
is held against the time limit's promise, and its peak memory is its own (the largest of that
process and the relaxation's bound, which runs beside the search). The search starts from the
dispatch plan, as `planner solve` does; its time to first plan counts the dispatch.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TextIO

import click

from planner.app.promise import PROMISE_EXTRA_S, PROMISE_FACTOR
from planner.bench.scenarios import scenario_of
from planner.check.checker import check_plan
from planner.manifest.plan import Stop
from planner.solve.dispatch import dispatch_plan
from planner.solve.improve import levels_of
from planner.solve.solver import SolveOptions
from planner.workbook.export import write_scenario

SIZES = ("demo", "1y-10%", "3y-30%", "5y-50%", "10y-100%")


@dataclass(frozen=True)
class Row:
    """One size's figures: the planner's plan and the dispatch plan."""

    size: str
    launches: int
    dispatch_launches: int
    first_s: float | None
    status: str
    shortfall: int | None
    shortfall_bound: int | None  # the fewest weighted satellites short any plan can have, as proven
    satellite_days: int | None
    bound: float | None
    gap_pct: float | None
    peak_mib: float
    dispatch_s: float
    dispatch_shortfall: int
    dispatch_satellite_days: int
    valid: bool
    command_s: float  # wall time of the whole `planner solve` command
    promise_s: float  # the time limit x 1.1 + 5 s it promises
    wall_clock_ended: bool  # the promise's deadline, not the work count, ended the search


def run_size(size: str, options: SolveOptions) -> Row:
    """Dispatch here, and `planner solve` on the size's workbook in a process of its own; both
    plans checked (the command checks its own)."""
    s = scenario_of(size, options.seed)
    baseline = dispatch_plan(s)
    base = baseline.report
    with tempfile.TemporaryDirectory(prefix="planner-bench-") as folder:
        workbook = write_scenario(s, Path(folder) / f"{size}.xlsx")
        command = [sys.executable, "-m", "planner", "solve", str(workbook), "-o", str(Path(folder) / "manifest.xlsx"),
                   "--time-limit", f"{options.time_limit_s:g}", "--workers", str(options.workers),
                   "--seed", str(options.seed), "--json"]
        started = time.monotonic()
        done = subprocess.run(command, capture_output=True, text=True)
        wall_s = time.monotonic() - started
    found: dict[str, Any] = json.loads(done.stdout) if done.stdout.strip() else {"exit_code": done.returncode}
    levels = found.get("levels")
    first = found.get("time_to_first_s")
    return Row(
        size=size,
        launches=found.get("launches", 0) if levels else 0,
        dispatch_launches=len(baseline.launches),
        first_s=base.total_s + first if first is not None else None,
        status=found.get("status", "NO PLAN"),
        shortfall=levels["milestone_shortfall"] if levels else None,
        shortfall_bound=found.get("shortfall_bound"),
        satellite_days=levels["satellite_days"] if levels else None,
        bound=found.get("best_bound"),
        gap_pct=found.get("gap_pct"),
        peak_mib=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        dispatch_s=base.total_s,
        dispatch_shortfall=levels_of(s, baseline.launches).milestone_shortfall,
        dispatch_satellite_days=levels_of(s, baseline.launches).satellite_days,
        valid=check_plan(s, baseline.launches).ok and found.get("check", {}).get("ok", False),
        command_s=wall_s,
        promise_s=options.time_limit_s * PROMISE_FACTOR + PROMISE_EXTRA_S,
        wall_clock_ended=found.get("stopped_by") == Stop.WALL_CLOCK,
    )


def in_child(size: str, options: SolveOptions) -> Row:
    """One size in a fresh process, so that its command's peak memory is the only child's."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(run_size, size, options).result()


HEADER = ("| scenario | launches planner / dispatch | first plan s | status | shortfall | shortfall bound "
          "| satellite-days | best bound | gap % | peak MiB | dispatch s | dispatch shortfall "
          "| dispatch satellite-days "
          "| shortfall planner / dispatch | satellite-days planner / dispatch | valid "
          "| command s / promise s | wall clock ended it |")


def table_row(row: Row) -> str:
    cells = [
        row.size,
        f"{row.launches} / {row.dispatch_launches}",
        _num(row.first_s, ".1f"),
        row.status,
        _num(row.shortfall, ","),
        _num(row.shortfall_bound, ","),
        _num(row.satellite_days, ","),
        _num(row.bound, ".4g"),
        _num(row.gap_pct, ".2f"),
        f"{row.peak_mib:,.0f}",
        f"{row.dispatch_s:.2f}",
        f"{row.dispatch_shortfall:,}",
        f"{row.dispatch_satellite_days:,}",
        _ratio(row.shortfall, row.dispatch_shortfall),
        _ratio(row.satellite_days, row.dispatch_satellite_days),
        "yes" if row.valid else "NO",
        f"{row.command_s:.1f} / {row.promise_s:.0f}" + ("" if row.command_s <= row.promise_s else " OVER"),
        "yes" if row.wall_clock_ended else "no",
    ]
    return "| " + " | ".join(cells) + " |"


def _num(value: float | None, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def _ratio(value: int | None, baseline: int) -> str:
    if value is None:
        return "–"
    if baseline == 0:
        return "1.000" if value == 0 else "∞"
    return f"{value / baseline:.3f}"


def run(sizes: tuple[str, ...], options: SolveOptions, out: TextIO = sys.stdout) -> list[Row]:
    """Each size in its own process, one table row as each finishes."""
    for size in sizes:
        scenario_of(size, options.seed)  # a bad size fails before any long run
    print(HEADER, file=out)
    print("|" + "---|" * HEADER.count(" | ") + "---|", file=out, flush=True)
    rows = []
    for size in sizes:
        start = time.monotonic()
        rows.append(in_child(size, options))
        print(table_row(rows[-1]), file=out, flush=True)
        print(f"{size}: {time.monotonic() - start:.0f} s", file=sys.stderr, flush=True)
    return rows


@click.command()
@click.option("--sizes", default=",".join(SIZES), show_default=True,
              help="comma-separated: demo, or <years>y-<percent>% of the filings")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              help="search seconds per size")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="scenario generator and solver seed")
@click.option("--risk", "futures", type=click.IntRange(min=1),
              help="instead: run this many futures of `planner risk` on each size's plan")
@click.option("--jobs", default="1,2", show_default=True,
              help="with --risk or --levers: local worker processes to time, comma-separated (with --policies: "
                   "the last)")
@click.option("--policies", type=click.IntRange(min=2),
              help="instead: this many futures of each size's plan re-planned by the quick and the full policy")
@click.option("--replan-time", type=click.FloatRange(min=0, min_open=True), default=2.0, show_default=True,
              help="with --policies: seconds of search for each full re-plan")
@click.option("--levers", "lever_futures", type=click.IntRange(min=1),
              help="instead: weigh each size's levers over this many futures each (planner risk --levers)")
@click.option("--lever-count", type=click.IntRange(min=1), default=8, show_default=True,
              help="with --levers: the first this many levers of each size")
@click.option("--lever-time", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True,
              help="with --levers: seconds of search for each lever's plan")
def bench(sizes: str, time_limit: float, workers: int, seed: int, futures: int | None, jobs: str,
          policies: int | None, replan_time: float, lever_futures: int | None, lever_count: int,
          lever_time: float) -> None:
    """Dispatch and the planner side by side for each scenario size; prints one markdown table.
    With --risk, futures per second of `planner risk` instead; with --levers, levers weighed per
    minute; with --policies, the quick re-plan held to the full one."""
    chosen = tuple(s.strip() for s in sizes.split(",") if s.strip())
    if lever_futures:
        from planner.bench.risk import run_levers

        counts = tuple(int(j) for j in jobs.split(",") if j.strip())
        run_levers(chosen, lever_futures, counts, lever_count, lever_time, SolveOptions(time_limit, workers, seed))
        return
    if policies:
        from planner.bench.risk import run_policies

        workers_each = int(jobs.split(",")[-1])
        run_policies(chosen, policies, workers_each, replan_time, SolveOptions(time_limit, workers, seed))
        return
    if futures:
        from planner.bench.risk import run_risk

        counts = tuple(int(j) for j in jobs.split(",") if j.strip())
        run_risk(chosen, futures, counts, SolveOptions(time_limit, workers, seed))
        return
    run(chosen, SolveOptions(time_limit, workers, seed))
