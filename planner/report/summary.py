"""The Summary sheet: how the solve went, what it decided, from which input and settings."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

import planner
from planner.domain.entities import Launch, Settings
from planner.domain.scenario import Scenario
from planner.manifest.plan import Plan, SolveReport
from planner.replan.changes import counted
from planner.workbook.schema import SETTING_KEYS, Sheet
from planner.workbook.writer import file_sha256

if TYPE_CHECKING:
    from planner.check.checker import CheckResult

ONE_DECIMAL, TWO_DECIMALS = "#,##0.0", "#,##0.00"


@dataclass(frozen=True)
class Item:
    """One Summary row; `number_format` says how Excel shows a numeric value."""

    item: str
    value: object
    number_format: str | None = None

    def row(self) -> dict[str, object]:
        return {"item": self.item, "value": self.value}


def summary_items(
    s: Scenario,
    plan: Plan,
    input_path: Path | None,
    check: CheckResult | None,
    changes: list[dict] | None,
) -> list[Item]:
    """Every Summary row, in the order a planner reads them."""
    items = _solve_items(plan.report, replan=changes is not None) + _count_items(s, plan.launches)
    if check is not None:
        items.append(Item("independent check", "passed" if check.ok else _violations(len(check.violations))))
    if changes is not None:
        items.append(Item("changes against the baseline (moved, re-assigned, dropped, new)", counted(changes)))
    if input_path is not None:
        items += [Item("input file", input_path.name), Item("input SHA-256", file_sha256(input_path))]
    items.append(Item("planner version", planner.__version__))
    return items + _setting_items(s.settings, plan.report)


def _violations(n: int) -> str:
    return "1 violation" if n == 1 else f"{n} violations"


def _solve_items(r: SolveReport, replan: bool) -> list[Item]:
    items = [
        Item("status", r.status),
        Item("stopped by", r.stop_message or None),
        Item("objective (weighted total)", r.objective),
    ]
    if r.levels is not None:
        items += [
            Item("milestone shortfall (weighted satellites)", r.levels.milestone_shortfall),
            Item("milestone shortfall bound (no plan is under)", r.shortfall_bound),
            Item("milestone gap (weighted satellites)",
                 None if r.shortfall_bound is None else r.levels.milestone_shortfall - r.shortfall_bound),
            Item("satellite-days in orbit", r.levels.satellite_days),
            Item("launch cost (MCNY)", r.levels.cost_mcny, ONE_DECIMAL),
            Item("expected satellites lost", r.levels.expected_lost, TWO_DECIMALS),
        ]
        if replan:
            items.append(Item("stability (changes)", r.levels.stability))
    return [
        *items,
        Item("best bound", r.best_bound),
        Item("gap (%)", r.gap_pct, ONE_DECIMAL),
        Item("time to first plan (s)", r.time_to_first_s, ONE_DECIMAL),
        Item("total time (s)", r.total_s, ONE_DECIMAL),
    ]


def _count_items(s: Scenario, launches: tuple[Launch, ...]) -> list[Item]:
    by_constellation = Counter(l.constellation for l in launches)
    by_rocket = Counter(l.rocket for l in launches)
    return (
        [Item("launches", len(launches))]
        + [Item(f"launches of {c.id}", by_constellation[c.id]) for c in s.constellations]
        + [Item(f"launches on {r.id}", by_rocket[r.id]) for r in s.rockets]
    )


def _setting_items(settings: Settings, report: SolveReport) -> list[Item]:
    """The settings used, named as on the input's Settings sheet; the solve's own values win."""
    used: dict[str, object] = {key: _setting(settings, key) for key in SETTING_KEYS}
    used.update(report.settings)
    return [Item(f"setting {key}", _shown(value)) for key, value in used.items() if value is not None]


def _setting(settings: Settings, key: str) -> object:
    if key.startswith("weight_"):
        return getattr(settings.weights, key.removeprefix("weight_"))
    return getattr(settings, key)


def _shown(value: object) -> object:
    """A value Excel can hold: numbers, dates and text as they are, yes/no for flags."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float, str, date)):
        return value
    return str(value)


def style_summary(ws: Worksheet, sheet: Sheet, items: list[Item]) -> None:
    """Bold item names and show each number in its own format."""
    names = [c.name for c in sheet.columns]
    key, value = names.index("item") + 1, names.index("value") + 1
    for i, item in enumerate(items, start=2):
        ws.cell(row=i, column=key).font = Font(bold=True)
        if item.number_format:
            ws.cell(row=i, column=value).number_format = item.number_format
