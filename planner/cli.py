"""The `planner` command: a thin shell over planner.app. Exit codes follow the workbook contract."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import NoReturn

import click

from planner import __version__
from planner.app.check import run_check
from planner.app.diff import diff_workbooks
from planner.app.explain import explain_workbook
from planner.app.outcome import EXIT_BAD_INPUT, EXIT_NO_PLAN, EXIT_OK, Outcome, bad_input
from planner.app.replan import log_line, read_replan, replan_workbook
from planner.app.solve import solve_workbook
from planner.bench.run import bench
from planner.domain.errors import InputErrors
from planner.explain import explanation
from planner.workbook.loader import load_scenario
from planner.workbook.template import write_template

DEMO = Path(__file__).with_name("demo.xlsx")  # inputs/demo.xlsx, carried in the package
PROGRESS = "planner progress"  # the name of the handler that prints progress lines

# options that several commands share, declared once
TIME_LIMIT = click.option("--time-limit", type=click.FloatRange(min=0, min_open=True),
                          help="seconds (default: Settings, else 60)")
SEED = click.option("--seed", type=click.IntRange(min=0), help="random seed (default: Settings, else 0)")
GAP_LIMIT = click.option("--gap-limit", type=click.FloatRange(min=0, max=100),
                         help="stop once the plan is proven within this % of the best possible "
                              "(default: Settings, else 0: never)")
DETERMINISTIC = click.option("--deterministic/--parallel", default=None,
                             help="reproducible search (default: Settings, else deterministic) "
                                  "or all workers in parallel")
EVENTS = click.option("--events", type=click.Path(dir_okay=False),
                      help="a workbook whose Events sheet replaces INPUT's")
AS_OF = click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]),
                     help="re-plan as of this day (default: Settings as_of, else today)")
JSON = click.option("--json", "as_json", is_flag=True, help="print a machine-readable summary on standard output")


def _input_errors(path: Path, exc: InputErrors, as_json: bool) -> NoReturn:
    """Report every input problem and leave with exit status 2."""
    if as_json:
        click.echo(json.dumps(bad_input(path, exc), indent=2))
    click.echo(f"{path}: {len(exc.errors)} input error(s); nothing was written", err=True)
    for e in exc.errors:
        click.echo(f"  {e}", err=True)
    sys.exit(EXIT_BAD_INPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planner")
@click.option("-q", "--quiet", is_flag=True, help="no progress lines on standard error, only the result")
@click.option("-v", "--verbose", is_flag=True, help="progress of every inner search too (windows, what-ifs)")
def main(quiet: bool, verbose: bool) -> None:
    """Launch manifest planner: Excel workbook in, CP-SAT launch manifest out."""
    _log_progress(logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO)


def _log_progress(level: int) -> None:
    """The planner's progress lines (its `planner` loggers) on standard error, from `level` up."""
    log = logging.getLogger("planner")
    for old in [h for h in log.handlers if h.get_name() == PROGRESS]:
        log.removeHandler(old)  # a host running several commands (tests) keeps one handler, on today's stderr
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(PROGRESS)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(level)


@main.command()
@click.argument("input_path", required=False, type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="manifest workbook to write")
@TIME_LIMIT
@click.option("--workers", type=click.IntRange(min=1),
              help="solver threads (default: Settings, else 2); a reproducible search has them take turns")
@SEED
@DETERMINISTIC
@GAP_LIMIT
@JSON
def solve(input_path, output, time_limit, workers, seed, deterministic, gap_limit, as_json) -> None:
    """Solve INPUT_PATH (default: the bundled demo) and write its manifest."""
    path = Path(input_path) if input_path else DEMO
    try:
        outcome = solve_workbook(path, Path(output) if output else None, time_limit_s=time_limit,
                                 workers=workers, seed=seed, deterministic=deterministic,
                                 gap_limit_pct=gap_limit)
    except InputErrors as exc:
        _input_errors(path, exc, as_json)
    _finish(outcome, as_json)


def _finish(outcome: Outcome, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(outcome.summary(), indent=2, default=str))
    if outcome.plan is not None and (r := outcome.plan.report).levels is not None:
        gap = "no bound proven" if r.gap_pct is None else f"gap {r.gap_pct:.2f} %"
        click.echo(f"{r.status} ({r.stop_message}): {len(outcome.plan.launches)} launches, "
                   f"milestone shortfall {r.levels.milestone_shortfall}, satellite-days {r.levels.satellite_days:,}, "
                   f"{gap}, first plan after {r.time_to_first_s:.1f} s, total {r.total_s:.1f} s", err=True)
    for reason in outcome.reasons:
        click.echo(reason, err=True)
    if outcome.output:
        click.echo(f"wrote {outcome.output}", err=True)
    sys.exit(outcome.exit_code)


@main.command()
@click.argument("input_path", type=click.Path(dir_okay=False))
@click.option("--baseline", required=True, type=click.Path(dir_okay=False), help="the manifest to re-plan from")
@EVENTS
@AS_OF
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="manifest workbook to write (default: outputs/<input name>-replan-<as_of>.xlsx)")
@TIME_LIMIT
@click.option("--workers", type=click.IntRange(min=1), help="solver threads (default: Settings, else 2)")
@SEED
@DETERMINISTIC
@GAP_LIMIT
@click.option("--max-changes", type=click.IntRange(min=0),
              help="at most this many changes against the baseline (default: Settings max_changes, else no cap)")
@JSON
def replan(input_path, baseline, events, as_of, output, time_limit, workers, seed, deterministic, gap_limit,
           max_changes, as_json) -> None:
    """Re-plan INPUT_PATH after delays against the BASELINE manifest; write it with its Changes sheet.
    Ends with one log line on standard error."""
    path, base = Path(input_path), Path(baseline)
    day = as_of.date() if as_of else None
    outcome: Outcome | None = None
    code: int | str | None = "error"
    try:
        try:
            outcome = replan_workbook(path, base, Path(events) if events else None, day,
                                      Path(output) if output else None, time_limit_s=time_limit,
                                      workers=workers, seed=seed, deterministic=deterministic,
                                      gap_limit_pct=gap_limit, max_changes=max_changes)
        except InputErrors as exc:
            _input_errors(path, exc, as_json)
        _finish(outcome, as_json)
    except SystemExit as done:
        code = done.code
        raise
    finally:
        click.echo(log_line(path, base, outcome.as_of if outcome else day, outcome, code if code is not None else 0),
                   err=True)


@main.command()
@click.argument("input_path", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True)
def validate(input_path, as_json) -> None:
    """Read and check INPUT_PATH only; report every input error."""
    path = Path(input_path)
    try:
        s = load_scenario(path)
    except InputErrors as exc:
        _input_errors(path, exc, as_json)
    if as_json:
        click.echo(json.dumps({"exit_code": 0, "input": str(path), "errors": []}))
    click.echo(f"{path}: valid ({len(s.pads)} pads, {len(s.rockets)} rockets, {len(s.shells)} shells, "
               f"{len(s.milestones)} milestones, {len(s.fixed_launches)} fixed launches)", err=True)


@main.command()
@click.argument("input_path", type=click.Path(dir_okay=False))
@click.argument("manifest", type=click.Path(dir_okay=False))
@click.option("--baseline", type=click.Path(dir_okay=False),
              help="MANIFEST is a re-plan of this baseline: check it against INPUT after the events, as replan did")
@EVENTS
@AS_OF
@click.option("--json", "as_json", is_flag=True)
def check(input_path, manifest, baseline, events, as_of, as_json) -> None:
    """Verify MANIFEST (also a hand-edited one) against INPUT_PATH: every hard rule, and the measures."""
    if baseline is None and (events or as_of):
        raise click.UsageError("--events and --as-of describe a re-plan: give its --baseline too")
    if baseline is None:
        sys.exit(run_check(Path(input_path), Path(manifest), as_json))
    replanned = (Path(baseline), Path(events) if events else None, as_of.date() if as_of else None)
    sys.exit(run_check(Path(input_path), Path(manifest), as_json,
                           scenario_of=lambda path: read_replan(path, *replanned).scenario, replan=True))


@main.command()
@click.argument("input_path", type=click.Path(dir_okay=False))
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="workbook to write (Changes, Difference)")
@JSON
def diff(input_path, old, new, output, as_json) -> None:
    """What changed from manifest OLD to manifest NEW, both plans of INPUT_PATH."""
    path = Path(input_path)
    try:
        found = diff_workbooks(path, Path(old), Path(new), Path(output) if output else None)
    except InputErrors as exc:
        _input_errors(path, exc, as_json)
    if as_json:
        click.echo(json.dumps(found.summary(), indent=2, default=str))
    for row in found.changes:
        click.echo(f"{row['launch_id']}: {row['change']} ({row['old_value'] or '-'} -> {row['new_value'] or '-'})",
                   err=True)
    for row in found.difference:
        if row["change"]:
            click.echo(f"{row['measure']}: {row['old']:,} -> {row['new']:,} ({row['change']:+,})", err=True)
    click.echo(f"{len(found.changes)} change(s)" + (f"; wrote {found.output}" if found.output else ""), err=True)
    sys.exit(EXIT_OK)


@main.command()
@click.argument("output", type=click.Path(dir_okay=False))
def template(output) -> None:
    """Write an empty input workbook with every sheet, header, note and drop-down."""
    try:
        write_template(Path(output))
    except InputErrors as exc:
        _input_errors(Path(output), exc, False)
    click.echo(f"wrote {output}", err=True)


@main.command()
@click.argument("input_path", type=click.Path(dir_okay=False))
@click.option("--manifest", type=click.Path(dir_okay=False), help="explain this manifest instead of solving INPUT")
@click.option("--what-if/--no-what-if", default=True, help="price one more unit of each binding link (default: on)")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True),
              help="seconds for the solve (default: Settings, else 60)")
@click.option("--what-if-time", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True,
              help="seconds for each what-if re-solve")
@click.option("--links", help="kinds or links to price, comma-separated: vehicles,engines,pad HN-1 "
                              "(default: every binding link)")
@click.option("--all-links", is_flag=True, help="price links that never bind too")
@click.option("--jobs", type=click.IntRange(min=1), default=2, show_default=True, help="what-if re-solves run at once")
@click.option("--workers", type=click.IntRange(min=1), help="solver threads (default: Settings, else 2)")
@SEED
@DETERMINISTIC
@GAP_LIMIT
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="explanation workbook to write (Bottlenecks, WhatIf)")
@click.option("--json", "as_json", is_flag=True, help="print the explanation as JSON on standard output")
def explain(input_path, manifest, what_if, time_limit, what_if_time, links, all_links, jobs, workers, seed,
            deterministic, gap_limit, output, as_json) -> None:
    """Explain INPUT_PATH's plan: which link binds in each quarter, and what one more unit of it buys.
    When no valid plan exists, name the conflicting rows."""
    path = Path(input_path)
    chosen = tuple(x.strip() for x in links.split(",")) if links else ()
    pricing = explanation.WhatIfOptions(what_if_time, jobs, chosen, all_links) if what_if else None
    try:
        outcome = explain_workbook(
            path, Path(manifest) if manifest else None, Path(output) if output else None,
            what_if=pricing, time_limit_s=time_limit, workers=workers, seed=seed,
            deterministic=deterministic, gap_limit_pct=gap_limit,
        )
    except InputErrors as exc:
        _input_errors(path, exc, as_json)
    for reason in outcome.reasons:
        click.echo(reason, err=True)
    if outcome.explanation is not None:
        click.echo("\n".join(explanation.lines(outcome.explanation)), err=as_json)
    if as_json:
        click.echo(json.dumps(outcome.summary(), indent=2, default=str))
    if outcome.output:
        click.echo(f"wrote {outcome.output}", err=True)
    sys.exit(outcome.exit_code)


@main.command()
@click.argument("input_path", type=click.Path(dir_okay=False))
@click.option("--manifest", type=click.Path(dir_okay=False), help="the plan to assess (default: solve INPUT first)")
@click.option("--compare", type=click.Path(dir_okay=False), help="a second plan, run through the same futures")
@click.option("--futures", type=click.IntRange(min=1), default=1000, show_default=True, help="futures to run")
@SEED
@click.option("--scheduler", help="run on the Dask cluster at tcp://HOST:PORT (default: a local cluster)")
@click.option("--jobs", type=click.IntRange(min=1), help="local worker processes (default: the machine's cores)")
@click.option("--driver-futures", type=click.IntRange(min=0), default=100, show_default=True,
              help="futures per driver switched off, for the Drivers sheet (0: none)")
@click.option("--drivers", "drivers_by", type=click.Choice(["kind", "row"]), default="kind", show_default=True,
              help="switch off each kind of uncertainty at once, or each Uncertainty row")
@click.option("--future", "future_index", type=click.IntRange(min=0),
              help="write this future's realised manifest and scenario instead of the risk workbook")
@click.option("--policy", type=click.Choice(["quick", "full"]), default="quick", show_default=True,
              help="re-plan each future with the quick policy, or with the planner replan search (small runs)")
@click.option("--replan-time", type=click.FloatRange(min=0, min_open=True), default=2.0, show_default=True,
              help="with --policy full: seconds of search for each re-plan")
@click.option("--levers", is_flag=True,
              help="weigh each lever (the Levers sheet, else one unit of each binding link and each maturing model)")
@click.option("--lever-futures", type=click.IntRange(min=1), default=200, show_default=True,
              help="futures per lever: the plan's first ones, so the same futures")
@click.option("--lever-time", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True,
              help="seconds of search for each lever's plan")
@click.option("--target", type=int, help="rank the levers by P(meet) gained on the milestone of this Milestones row")
@TIME_LIMIT
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="risk workbook (default: outputs/<input>-risk.xlsx); with --future, the realised manifest")
@JSON
def risk(input_path, manifest, compare, futures, seed, scheduler, jobs, driver_futures, drivers_by, future_index,
         policy, replan_time, levers, lever_futures, lever_time, target, time_limit, output, as_json) -> None:
    """How likely each milestone of a plan is, over futures where rockets fail, slip and arrive late."""
    from planner.app.risk import RiskOptions, assess_workbook, one_future

    if scheduler and not scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
        raise click.BadParameter(f"{scheduler!r}: expected an address such as tcp://HOST:PORT",
                                 param_hint="--scheduler")
    path = Path(input_path)
    options = RiskOptions(futures=futures, seed=seed, scheduler=scheduler, jobs=jobs, driver_futures=driver_futures,
                          drivers=drivers_by, time_limit_s=time_limit,
                          full_s=replan_time if policy == "full" else None, levers=levers,
                          lever_futures=lever_futures, lever_time_s=lever_time, target=target)
    try:
        if future_index is not None:
            target = Path(output) if output else Path("outputs") / f"{path.stem}-future-{future_index}.xlsx"
            outcome = one_future(path, Path(manifest) if manifest else None, future_index, target, options)
        else:
            outcome = assess_workbook(path, Path(manifest) if manifest else None, Path(compare) if compare else None,
                                      Path(output) if output else None, options,
                                      bar=sys.stderr if logging.getLogger("planner").isEnabledFor(logging.INFO)
                                      else None)
    except InputErrors as exc:
        _input_errors(path, exc, as_json)
    except KeyboardInterrupt:
        click.echo("interrupted before any future finished; nothing was written", err=True)
        sys.exit(EXIT_NO_PLAN)
    if as_json:
        click.echo(json.dumps(outcome.summary(), indent=2, default=str))
    if outcome.assessment is not None:
        click.echo("\n".join(risk_lines(outcome.assessment)), err=as_json)
    for reason in outcome.reasons:
        click.echo(reason, err=True)
    if outcome.output:
        click.echo(f"wrote {outcome.output}", err=True)
    sys.exit(outcome.exit_code)


def risk_lines(a) -> list[str]:
    """The milestones' P(meet) and their top driver, as a planner reads them."""
    from planner.risk.assessment import ranked_by, top_driver

    lines = [f"{a.run} futures (seed {a.seed}), {a.simulated} in all with the drivers' and levers', "
             f"{a.seconds:.1f} s, {a.per_second:.1f} futures/s"]
    for i, m in enumerate(a.milestones):
        driver = top_driver(a, i)
        lines.append(f"  {m.label}: P(meet) {m.p_meet:.1%} [{m.ci_low:.1%}, {m.ci_high:.1%}], "
                     f"expected shortfall {m.expected_shortfall:,.1f} of {m.required:,}, P50 achieved "
                     f"{m.p50_achieved:,.0f}" + (f"; driven most by {driver}" if driver else ""))
        if m.actual is not None:
            lines.append(f"    what happened: {m.actual:,}, {m.actual_band} (percentile {m.actual_percentile:.0%}) of "
                         f"P10/P50/P90 {m.p10_achieved:,.0f} / {m.p50_achieved:,.0f} / {m.p90_achieved:,.0f}")
    if a.levers is not None:
        lines.append(f"levers, best first by {ranked_by(a)}:")
        for w in a.levers:
            best = w.milestones.sort_values("gain", ascending=False, kind="stable").iloc[0] \
                if not w.milestones.empty else None
            per = f", {w.per_1000_mcny:,.1f} per 1,000 MCNY" if w.per_1000_mcny is not None else ""
            lines.append(f"  {w.lever.lever}: {w.recovered:+,.1f} [{w.recovered_low:+,.1f}, {w.recovered_high:+,.1f}] "
                         f"satellites{per}" + (f"; most on {best['milestone']}: P(meet) {best['p_meet']:.0%} -> "
                                               f"{best['p_meet_with']:.0%}" if best is not None else ""))
    return lines


main.add_command(bench)
