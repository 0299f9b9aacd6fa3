"""`planner risk`: a workbook and a manifest in, the risk workbook out.

The same input, manifests, futures and seed give the same figures, whatever the cluster, the
number of workers or the order in which futures finish: each future's seed is spawned from
the run's seed and its index, and figures are taken over futures in index order.
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import pandas as pd

from planner.app.outcome import EXIT_NO_PLAN, EXIT_OK, Outcome
from planner.app.solve import plan_scenario
from planner.check.checker import check_plan
from planner.domain.entities import Launch
from planner.domain.errors import InputError, InputErrors
from planner.domain.measures import measure
from planner.domain.scenario import Scenario
from planner.report.manifest_book import write_manifest
from planner.report.risk_book import write_risk
from planner.risk import summary
from planner.risk.assessment import Assessment
from planner.risk.engine import Job, Progress, Results, batches, cluster, run
from planner.risk.future import Future, World
from planner.risk.levers import Pulled, Weighed, candidates, lever_job, ranked, weigh
from planner.risk.realised import realised_launches, realised_scenario
from planner.risk.sources import Driver, Source, Uncertain, drivers, future_seed, sources
from planner.solve.dispatch import plan_of
from planner.solve.solver import SolveOptions
from planner.workbook.export import write_scenario
from planner.workbook.loader import load_launches, load_scenario
from planner.workbook.writer import claim_output, file_sha256


@dataclass(frozen=True)
class RiskOptions:
    """How many futures, from which seed, on which cluster; how many futures per driver."""

    futures: int = 1000
    seed: int | None = None
    scheduler: str | None = None
    jobs: int | None = None
    driver_futures: int = 100
    drivers: str = "kind"  # switch off each kind of source at once, or each "row"
    time_limit_s: float | None = None  # for the solve when no manifest is given
    full_s: float | None = None  # --policy full: each re-plan's time limit; None: the quick policy
    levers: bool = False  # weigh the Levers sheet's levers, else the derived ones
    lever_futures: int = 200  # futures per lever, the plan's first ones
    lever_time_s: float = 10.0  # each lever's solve
    target: int | None = None  # the Milestones sheet row the levers are ranked by; None: all, weighted

    def workers(self) -> int:
        return self.jobs or os.cpu_count() or 1

    def full(self, s: Scenario) -> SolveOptions | None:
        """The full re-plan's search options: reproducible, one worker (a future is one task)."""
        return None if self.full_s is None else SolveOptions.of(s, self.full_s, workers=1, deterministic=True,
                                                              gap_limit_pct=0.0)


def default_output(input_path: Path) -> Path:
    return Path("outputs") / f"{input_path.stem}-risk.xlsx"


def read_plan(s: Scenario, manifest: Path | None, options: RiskOptions) -> tuple[list[Launch] | None, list[str], int]:
    """The plan to assess: the manifest's launches if they keep every rule, else a fresh solve."""
    if manifest is None:
        solved = plan_scenario(s, SolveOptions.of(s, options.time_limit_s))
        if solved.exit_code != EXIT_OK:
            return None, solved.reasons, solved.exit_code
        return list(solved.solved.launches), [], EXIT_OK
    launches = list(load_launches(manifest, s))
    broken = [v for v in check_plan(s, launches).violations if v.rule != "hard_milestones"]
    if broken:
        return None, [f"{manifest.name} breaks a rule, so it cannot be assessed: {v}" for v in broken], EXIT_NO_PLAN
    return launches, [], EXIT_OK


def assess_workbook(input_path: Path, manifest: Path | None = None, compare: Path | None = None,
                    output: Path | None = None, options: RiskOptions = RiskOptions(),
                    bar: TextIO | None = sys.stderr) -> Outcome:
    """Run the futures and write the risk workbook, with a progress `bar` (None: none).
    Raises InputErrors on bad input."""
    s = load_scenario(input_path)
    _target(s, options.target)  # a bad row is refused before any solve
    output = output or default_output(input_path)
    claim_output(output)
    plans: list[list[Launch]] = []
    for path in (manifest, compare) if compare else (manifest,):
        plan, reasons, code = read_plan(s, path, options)
        if plan is None:
            return Outcome(code, reasons=reasons)
        plans.append(plan)
    seed = options.seed if options.seed is not None else s.settings.seed
    files = {"input": input_path, **({"manifest": manifest} if manifest else {}),
             **({"compare": compare} if compare else {})}
    digests = {k: f"{p.name} {file_sha256(p)}" for k, p in files.items()}
    if manifest is None:  # no file to hash: the plan itself, so that the run can be traced
        launches = "\n".join(l.model_dump_json() for l in plans[0]).encode()
        digests["manifest"] = f"solved from the input in this run, its launches {hashlib.sha256(launches).hexdigest()}"
    token = hashlib.sha256("|".join([*digests.values(), str(seed), str(options.futures)]).encode()).hexdigest()[:16]
    a = assess(s, plans, options, token, bar)
    if a is None:
        return Outcome(EXIT_NO_PLAN, reasons=["stopped before any future finished; nothing was written"])
    a.files = digests
    write_risk(output, a, input_path)
    reasons = [f"stopped: {a.run} of {options.futures} futures finished"] if a.stopped else []
    return Outcome(EXIT_OK, output=output, reasons=reasons, assessment=a)


def assess(s: Scenario, plans: list[list[Launch]], options: RiskOptions, token: str,
           bar: TextIO | None = None) -> Assessment | None:
    """The futures of the plans (the first assessed, a second compared), the drivers' and the
    levers', on the cluster; None when stopped before any future of the plan finished."""
    seed = options.seed if options.seed is not None else s.settings.seed
    job = Job(token, s, tuple(tuple(p) for p in plans), seed, full=options.full(s))
    found = sources(s)
    groups = drivers(found, options.drivers)
    n_drivers = min(options.driver_futures, options.futures)
    work = batches(0, frozenset(), options.futures)
    if len(plans) > 1:
        work += batches(1, frozenset(), options.futures)
    for g in groups if n_drivers else ():
        work += batches(0, g.off, n_drivers)
    target = _target(s, options.target)
    pulled = [Pulled.of(s, lever) for lever in candidates(s, plans[0])] if options.levers else []
    for k, p in enumerate(pulled):
        work += batches(0, p.off, min(options.lever_futures, options.futures), lever=k)
    total = sum(len(b.indices) for b in work)
    ticker = Progress(total, [m.name for m in s.milestones], [m.satellites_in_orbit for m in s.milestones],
                      bar) if bar else None
    engine = options.scheduler or f"local cluster of {options.workers()} worker processes"
    with cluster(options.scheduler, options.workers()) as client:
        results = run(client, job, work, ticker, [(lever_job, (p, options.lever_time_s)) for p in pulled])
    if not results.of(0):
        return None
    a = _assessment(s, plans, results, found, groups, options, seed, engine)
    a.full_s = options.full_s
    if options.levers:
        a.levers, a.target = _levers(s, plans[0], pulled, results, a.futures, target), target
    return a


def _assessment(s: Scenario, plans: list[list[Launch]], results: Results, found: list[Source],
                groups: list[Driver], options: RiskOptions, seed: int, engine: str) -> Assessment:
    w = World.of(s)
    base = results.of(0)
    table = summary.futures_table(s, base)
    off = {g.label: summary.futures_table(s, results.of(0, g.off)) for g in groups}
    compare = summary.paired(s, table, summary.futures_table(s, results.of(1))) if len(plans) > 1 else None
    return Assessment(
        scenario=s, plan=plans[0], asked=options.futures, seed=seed, sources=found, engine=engine,
        seconds=results.seconds, stopped=results.stopped, futures=table,
        milestones=summary.milestone_risk(s, plans[0], table),
        deployment=summary.deployment(s, plans[0], base, w.months),
        capacity=summary.capacity(s, plans[0], base),
        drivers=summary.drivers(s, table, {k: v for k, v in off.items() if len(v)}), compare=compare,
        simulated=sum(len(r) for r in results.records.values()), drivers_by=options.drivers)


def _target(s: Scenario, row: int | None) -> int | None:
    """The index of the milestone on Milestones sheet row `row`; InputErrors when none is."""
    if row is None:
        return None
    found = next((i for i, m in enumerate(s.milestones) if m.source and m.source.row == row), None)
    if found is None:
        rows = ", ".join(str(m.source.row) for m in s.milestones if m.source)
        raise InputErrors([InputError("Milestones", row, "--target", row, f"a row of the Milestones sheet ({rows})")])
    return found


def _levers(s: Scenario, plan: list[Launch], pulled: list[Pulled], results: Results, base: pd.DataFrame,
            target: int | None) -> list[Weighed]:
    """Each lever whose solve and futures finished, against the plan's own futures, best first."""
    found = []
    paper = measure(s, plan).milestone_shortfall
    for k, p in enumerate(pulled):
        job, records = results.jobs.get(k), results.of(0, p.off, k)
        if job is not None and records:
            found.append(weigh(job.scenario, base, paper, p.lever, p.levered.change, list(job.plans[0]),
                               summary.futures_table(s, records)))
    return ranked(found, target)


def one_future(input_path: Path, manifest: Path | None, index: int, output: Path,
               options: RiskOptions = RiskOptions()) -> Outcome:
    """Write future `index`'s realised manifest at `output`, and its realised scenario beside it
    (`<output>-scenario.xlsx`), for `planner check`."""
    s = load_scenario(input_path)
    scenario_path = output.with_name(f"{output.stem}-scenario.xlsx")
    claim_output(output)
    claim_output(scenario_path)
    plan, reasons, code = read_plan(s, manifest, options)
    if plan is None:
        return Outcome(code, reasons=reasons)
    seed = options.seed if options.seed is not None else s.settings.seed
    w = World.of(s, full=options.full(s))
    out = Future(w, plan, Uncertain(s), index, future_seed(seed, index)).run()
    real = realised_scenario(s, out)
    launches = realised_launches(s, out, plan)
    write_scenario(real, scenario_path)
    write_manifest(output, real, plan_of(real, launches, "FUTURE"), input_path=scenario_path,
                   check=check_plan(real, launches))
    return Outcome(EXIT_OK, output=output, reasons=[f"wrote {scenario_path} (the scenario future {index} met)"])

