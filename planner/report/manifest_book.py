"""Write a plan as the manifest workbook planners read: every sheet of the output schema."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl.worksheet.worksheet import Worksheet

from planner.domain.scenario import Scenario
from planner.explain.bottlenecks import bottleneck_rows
from planner.manifest.plan import Plan
from planner.replan.tradeoff import milestone_column
from planner.report.chart import add_deployment_chart, add_tradeoff_chart
from planner.report.monthly import deployment_rows, pad_rows, supply_rows
from planner.report.summary import style_summary, summary_items
from planner.report.tables import manifest_rows, milestone_rows
from planner.report.timeline import add_timeline
from planner.workbook.schema import OUTPUT, OUTPUT_SHEETS, Column, Kind, Sheet
from planner.workbook.writer import add_table, new_book, page_title, print_ready, save_atomic

if TYPE_CHECKING:
    from planner.check.checker import CheckResult

MONTH_FORMAT = "yyyy-mm"
NUMBER_FORMAT = "#,##0.0"  # numbers with decimals: percentages, costs


def write_manifest(
    path: Path,
    scenario: Scenario,
    plan: Plan,
    *,
    input_path: Path | None,
    check: CheckResult | None = None,
    changes: list[dict] | None = None,
    tradeoff: list[dict] | None = None,
) -> None:
    """Write the manifest workbook for `plan`, replacing `path` only once it is complete.

    The Changes and Trade-off sheets are written only when they are given (re-planning).
    """
    launches = plan.sorted_launches()
    items = summary_items(scenario, plan, input_path, check, changes)
    tables: dict[str, list] = {
        "Summary": [item.row() for item in items],
        "Manifest": manifest_rows(scenario, launches),
        "Milestones": milestone_rows(scenario, launches),
        "Deployment": deployment_rows(scenario, launches),
        "Pads": pad_rows(scenario, launches),
        "Supply": supply_rows(scenario, launches),
        "Bottlenecks": bottleneck_rows(scenario, launches),
    }
    if changes is not None:
        tables["Changes"] = changes
    if tradeoff is not None:
        tables["Trade-off"] = tradeoff
    book = new_book()
    for sheet in OUTPUT_SHEETS:
        if sheet.name == "Timeline":
            add_timeline(book, sheet, scenario, launches)
        elif sheet.name == "Trade-off" and tradeoff is not None:
            shown = tradeoff_sheet(sheet, scenario)
            add_tradeoff_chart(add_table(book, shown, tradeoff), shown, len(tradeoff))
        elif sheet.name in tables:
            _format_numbers(add_table(book, sheet, tables[sheet.name]), sheet)
    style_summary(book["Summary"], OUTPUT["Summary"], items)
    add_deployment_chart(book["Deployment"], OUTPUT["Deployment"], tables["Deployment"])
    print_ready(book, page_title(input_path, "Launch manifest"))
    save_atomic(book, path)


def tradeoff_sheet(sheet: Sheet, s: Scenario) -> Sheet:
    """The Trade-off sheet with a column per milestone: its satellites short at each point."""
    extra = tuple(Column(milestone_column(i, s), Kind.INT, note=f"satellites short of {m.name}")
                  for i, m in enumerate(s.milestones))
    return replace(sheet, columns=sheet.columns + extra)


def _format_numbers(ws: Worksheet, sheet: Sheet) -> None:
    """Months as yyyy-mm; decimal numbers (percentages, costs) with one decimal."""
    for j, column in enumerate(sheet.columns, start=1):
        if column.name == "month":
            fmt = MONTH_FORMAT
        elif column.kind is Kind.FLOAT:
            fmt = NUMBER_FORMAT
        else:
            continue
        for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
            cell.number_format = fmt
