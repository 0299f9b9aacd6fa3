"""`planner bench` / `python -m planner.bench`: the dispatch baseline and the planner's whole
search (guided dispatch, then CP-SAT) on scenarios of growing size, one table.

Each size runs in a fresh process, so its peak memory is its own: the process's maximum
resident set plus that of the relaxation's bound, which runs beside the search. The search
starts from the dispatch plan, as `planner solve` does; its time to first plan counts the
dispatch.
"""

from __future__ import annotations

import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from typing import TextIO

import click

from planner.api import plan_scenario
from planner.bench.scenarios import scenario_of
from planner.check.checker import check_plan
from planner.solve.dispatch import dispatch_plan
from planner.solve.solver import SolveOptions

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
    satellite_days: int | None
    bound: float | None
    gap_pct: float | None
    peak_mib: float
    dispatch_s: float
    dispatch_shortfall: int
    dispatch_satellite_days: int
    valid: bool


def run_size(size: str, options: SolveOptions) -> Row:
    """Dispatch, then the planner's search from it; both plans checked. Meant for a fresh process."""
    s = scenario_of(size, options.seed)
    baseline = dispatch_plan(s)
    outcome = plan_scenario(s, options, progress=None)
    plan, base = outcome.plan, baseline.report
    r = plan.report if plan else None
    levels = r.levels if r else None
    valid = check_plan(s, baseline.launches).ok and outcome.check is not None and outcome.check.ok
    return Row(
        size=size,
        launches=len(plan.launches) if levels else 0,
        dispatch_launches=len(baseline.launches),
        first_s=base.total_s + r.time_to_first_s if r and r.time_to_first_s is not None else None,
        status=r.status if r else "NO PLAN",
        shortfall=levels.milestone_shortfall if levels else None,
        satellite_days=levels.satellite_days if levels else None,
        bound=r.best_bound if r else None,
        gap_pct=r.gap_pct if r else None,
        peak_mib=_peak_mib(),
        dispatch_s=base.total_s,
        dispatch_shortfall=base.levels.milestone_shortfall,
        dispatch_satellite_days=base.levels.satellite_days,
        valid=valid,
    )


def _peak_mib() -> float:
    """Peak resident memory of this process and its largest finished child, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def in_child(size: str, options: SolveOptions) -> Row:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(run_size, size, options).result()


HEADER = ("| scenario | launches planner / dispatch | first plan s | status | shortfall | satellite-days "
          "| best bound | gap % | peak MiB | dispatch s | dispatch shortfall | dispatch satellite-days "
          "| shortfall planner / dispatch | satellite-days planner / dispatch | valid |")


def table_row(row: Row) -> str:
    cells = [
        row.size,
        f"{row.launches} / {row.dispatch_launches}",
        _num(row.first_s, ".1f"),
        row.status,
        _num(row.shortfall, ","),
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
@click.option("--jobs", default="1,2", show_default=True, help="with --risk: local worker processes to time, comma-separated")
def bench(sizes: str, time_limit: float, workers: int, seed: int, futures: int | None, jobs: str) -> None:
    """Dispatch and the planner side by side for each scenario size; prints one markdown table.
    With --risk, futures per second of `planner risk` instead."""
    chosen = tuple(s.strip() for s in sizes.split(",") if s.strip())
    if futures:
        from planner.bench.risk import run_risk

        counts = tuple(int(j) for j in jobs.split(",") if j.strip())
        run_risk(chosen, futures, counts, SolveOptions(time_limit, workers, seed))
        return
    run(chosen, SolveOptions(time_limit, workers, seed))
