"""`planner replan`: baseline, events and as_of in; the new manifest and its Changes out.

Nothing here draws on chance or the clock (but for a missing as_of, which is today): the same
inputs and the same solver plan give the same manifest and Changes. No input is ever
overwritten; the manifest is replaced atomically.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar

from planner.app.outcome import EXIT_BAD_INPUT, EXIT_NO_PLAN, EXIT_OK, Outcome
from planner.app.promise import promised
from planner.app.solve import fixed_conflicts_of
from planner.app.solve import outcome_of as _outcome_of
from planner.check.checker import check_plan
from planner.domain.entities import Launch, Weights
from planner.domain.errors import InputError, InputErrors
from planner.domain.measures import measure
from planner.domain.scenario import Scenario
from planner.manifest.plan import Plan
from planner.model.stability import Baseline
from planner.replan.changes import change_rows, counted, forced_reasons, short_milestones
from planner.replan.events import Applied, apply_events, read_events
from planner.replan.freeze import Split, split
from planner.replan.identify import identify
from planner.replan.recovery import replan
from planner.replan.tradeoff import tradeoff_rows
from planner.report.manifest_book import write_manifest
from planner.solve.solver import SolveOptions, gap_pct
from planner.workbook.loader import load_launches, load_scenario
from planner.workbook.writer import claim_output

T = TypeVar("T")


def default_output(input_path: Path, as_of: date) -> Path:
    return Path("outputs") / f"{input_path.stem}-replan-{as_of}.xlsx"


def replan_workbook(input_path: Path, baseline_path: Path, events_path: Path | None = None,
                    as_of: date | None = None, output: Path | None = None, *, time_limit_s: float | None = None,
                    workers: int | None = None, seed: int | None = None, deterministic: bool | None = None,
                    gap_limit_pct: float | None = None, max_changes: int | None = None) -> Outcome:
    """Re-plan what `read_replan` reads, with at most `max_changes` changes (else Settings
    max_changes); check the plan and write it with its Changes and Trade-off sheets. Raises
    InputErrors on bad input or an output path that would overwrite an input."""
    r = read_replan(input_path, baseline_path, events_path, as_of)
    scenario, parts, before, as_of = r.scenario, r.parts, r.before, r.as_of
    output = output or default_output(input_path, as_of)
    _refuse_overwrite(output, {"input": input_path, "baseline": baseline_path, "events": events_path})
    claim_output(output)
    options = promised(SolveOptions.of(scenario, time_limit_s, workers, seed, deterministic, gap_limit_pct), scenario)
    conflicts = fixed_conflicts_of(scenario)
    if conflicts:
        return Outcome(EXIT_NO_PLAN, reasons=conflicts, as_of=as_of)
    cap = max_changes if max_changes is not None else scenario.settings.max_changes
    found = replan(scenario, options, Baseline(parts.anchors, parts.plan_from), r.reference, cap,
                   taken_ids=frozenset(before))
    result = _outcome_of(scenario, found.plan, options)
    result.as_of = as_of
    if result.exit_code != EXIT_OK:
        return result
    planned = [l for l in result.solved.launches if l.launch_id not in {f.launch_id for f in parts.fixed}]
    kept = identify(planned, parts.anchors, before)
    plan = _with_stability(Plan((*parts.fixed, *kept.launches), result.solved.report), kept.changes,
                           scenario.settings.weights)
    result.plan, result.check = plan, check_plan(scenario, plan.launches, replan=True)
    if not result.check.ok:
        result.exit_code = EXIT_NO_PLAN
        result.reasons = ["the independent check rejected the re-plan", *map(str, result.check.violations)]
        return result
    result.changes = change_rows(scenario, before, plan.sorted_launches(), forced_reasons(scenario, r.applied, parts),
                                 parts.unfrozen, short_milestones(scenario, parts))
    result.tradeoff = tradeoff_rows(scenario, found)
    result.output = output
    write_manifest(output, scenario, plan, input_path=input_path, check=result.check, changes=result.changes,
                   tradeoff=result.tradeoff)
    return result


@dataclass(frozen=True)
class Replanning:
    """What a re-plan starts from: the scenario after the events, whose fixed launches are those
    it keeps as given (history, the freeze, contracted); the baseline's launches by id; the events
    applied; the freeze's split; as_of; and the baseline's own weighted satellites short, the
    level a re-plan wins back to."""

    scenario: Scenario
    before: dict[str, Launch]
    applied: Applied
    parts: Split
    as_of: date

    @property
    def reference(self) -> int:
        return measure(self.scenario, list(self.before.values())).milestone_shortfall


def read_replan(input_path: Path, baseline_path: Path, events_path: Path | None = None,
                as_of: date | None = None) -> Replanning:
    """Read INPUT, the baseline and the events (the EVENTS workbook's, else INPUT's), and apply
    them as of `as_of` (else Settings as_of, else today). Raises InputErrors on bad input."""
    s = load_scenario(input_path)
    _check_as_of(s, as_of, "command line", "--as-of")
    _check_as_of(s, s.settings.as_of, "Settings", "as_of")
    if as_of is None and s.settings.as_of is None:
        _check_as_of(s, date.today(), "command line", "--as-of (none given, so today)")
    as_of = as_of or s.settings.as_of or date.today()
    baseline = _naming(baseline_path, lambda: load_launches(baseline_path, s))
    events = _naming(events_path, lambda: read_events(events_path, s)) if events_path else s.events
    before = {l.launch_id: l for l in baseline} | {l.launch_id: l for l in s.fixed_launches}
    applied = apply_events(s, tuple(before.values()), events)
    parts = split(applied, {l.launch_id for l in s.fixed_launches}, as_of)
    scenario = applied.scenario.model_copy(update={
        "fixed_launches": parts.fixed,
        "settings": applied.scenario.settings.model_copy(update={"as_of": as_of}),
    })
    return Replanning(scenario, before, applied, parts, as_of)


def _with_stability(plan: Plan, stability: int, weights: Weights) -> Plan:
    """The plan with its stability level, measured on the launches it keeps, in its objective
    and gap too."""
    r = plan.report
    assert r.levels is not None  # a plan was found
    levels = replace(r.levels, stability=stability)
    objective = levels.total(weights)
    gap = None if r.best_bound is None else gap_pct(objective, r.best_bound)
    return replace(plan, report=replace(r, levels=levels, objective=objective, gap_pct=gap))


def _naming(path: Path, read: Callable[[], T]) -> T:
    """`read()`, its input errors prefixed with the file they are in."""
    try:
        return read()
    except InputErrors as exc:
        named = [e if e.sheet == path.name else replace(e, sheet=f"{path.name}: {e.sheet}") for e in exc.errors]
        raise InputErrors(named) from None


def _same_file(a: Path, b: Path) -> bool:
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.resolve() == b.resolve()


def _refuse_overwrite(output: Path, inputs: dict[str, Path | None]) -> None:
    for name, path in inputs.items():
        if path is not None and _same_file(output, path):
            raise InputErrors([InputError("command line", None, "--output", str(output),
                                          f"a path other than the {name} workbook (a re-plan never overwrites it)")])


def _check_as_of(s: Scenario, as_of: date | None, where: str, column: str) -> None:
    start, end = s.settings.horizon_start, s.settings.horizon_end
    if as_of is not None and not start <= as_of <= end:
        raise InputErrors([InputError(where, None, column, as_of, f"a date in the horizon {start} .. {end}")])


def log_line(input_path: Path, baseline_path: Path, as_of: date | None, outcome: Outcome | None,
             exit_code: int | str) -> str:
    """One line per run for schedulers' logs: when, what, as of when, how it ended, what it wrote.
    `exit_code` is the run's exit status, or "error" when it stopped on an unexpected error."""
    if outcome and outcome.plan:
        status = outcome.plan.report.status
    else:
        status = {EXIT_BAD_INPUT: "INVALID_INPUT", "error": "ERROR"}.get(exit_code, "NO_PLAN")
    changes = counted(outcome.changes) if outcome and outcome.exit_code == EXIT_OK else "-"
    output = outcome.output if outcome and outcome.output else "-"
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    return (f"{stamp} replan input={input_path} baseline={baseline_path} as_of={as_of or '-'} "
            f"status={status} exit={exit_code} changes={changes} output={output}")
