"""Write the risk workbook: every sheet of planner/workbook/risk_schema.py, with a fan chart of
the deployment bands and a tornado of the drivers."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pandas as pd
from openpyxl.chart import AreaChart, BarChart, LineChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planner import __version__
from planner.report.summary import Item, style_summary
from planner.risk.assessment import Assessment, chart_target, finite, policy_text, ranked_by, top_driver
from planner.workbook.risk_schema import RISK, RISK_SHEETS
from planner.workbook.schema import Column, Kind, Sheet
from planner.workbook.writer import add_table, new_book, page_title, print_ready, save_atomic

PCT = "0.0%"
_SHARES = ("p_meet", "ci_", "dP ", "gain", "target_gain")  # columns of probabilities


def write_risk(path: Path, a: Assessment, input_path: Path | None = None) -> None:
    """The risk workbook of an assessment, replacing `path` only once it is complete."""
    names = [m.name for m in a.scenario.milestones]
    items = _summary(a)
    sheets = {
        "Summary": (RISK["Summary"], [i.row() for i in items]),
        "Milestones": (RISK["Milestones"], [asdict(m) | {"top_driver": top_driver(a, i)}
                                              for i, m in enumerate(a.milestones)]),
        "Deployment": (RISK["Deployment"], _records(a.deployment)),
        "Drivers": _drivers(a, names),
        "Capacity": (RISK["Capacity"], _records(a.capacity)),
        "Futures": _futures(a, names),
    }
    if a.compare is not None:
        sheets["Compare"] = (RISK["Compare"], _records(a.compare))
    if a.levers is not None:
        sheets["Levers"] = _levers(a, names)
    book = new_book()
    for sheet in RISK_SHEETS:
        if sheet.name in sheets:
            declared, rows = sheets[sheet.name]
            _formats(add_table(book, declared, rows), declared)
    style_summary(book["Summary"], RISK["Summary"], items)
    _fan_chart(book["Deployment"], a.deployment)
    _tornado(book["Drivers"], len(sheets["Drivers"][1]))
    if a.levers:
        _lever_bars(book["Levers"], len(a.levers), names[chart_target(a)])
    print_ready(book, page_title(input_path, "Risk"))
    save_atomic(book, path)


def _records(df: pd.DataFrame) -> list[dict]:
    return [{k: (None if _missing(v) else v) for k, v in row.items()} for row in df.to_dict(orient="records")]


def _missing(v: object) -> bool:
    return v is None or (isinstance(v, float) and v != v)


def _summary(a: Assessment) -> list[Item]:
    items = [Item("futures run", a.run), Item("futures asked", a.asked), Item("seed", a.seed),
             Item("stopped early", "yes" if a.stopped else "no"),
             Item("uncertainty sources", len(a.sources))]
    items += [Item(f"source {i}", src.label) for i, src in enumerate(a.sources, start=1)]
    items += [Item("drivers", "each kind of source switched off in turn" if a.drivers_by == "kind"
                   else "each source switched off in turn"),
              Item("re-plan policy", policy_text(a.scenario, a.full_s)), Item("engine", a.engine),
              Item("futures simulated", a.simulated), Item("time (s)", round(a.seconds, 1), "0.0"),
              Item("futures per second", round(a.per_second, 2) if a.seconds else None, "0.00")]
    if a.levers is not None:
        where = "the Levers sheet" if a.scenario.levers else "derived from the plan's binding links and maturing models"
        items.append(Item("levers", f"{len(a.levers)} weighed, {where}; ranked by {ranked_by(a)}"))
    items += [Item(f"{what} file and SHA-256", value) for what, value in a.files.items()]
    return [*items, Item("planner version", __version__)]


def _drivers(a: Assessment, names: list[str]) -> tuple[Sheet, list[dict]]:
    extra = tuple(Column(f"dP {n}", Kind.FLOAT) for n in names) + \
        tuple(Column(f"dshortfall {n}", Kind.FLOAT) for n in names)
    sheet = Sheet("Drivers", RISK["Drivers"].columns + extra, output=True)
    rows = []
    for rank, row in enumerate(_records(a.drivers), start=1):
        out = {"rank": rank, "source": row["source"], "futures": row["futures"],
               "satellites_recovered": row["satellites_recovered"]}
        for i, n in enumerate(names):
            out[f"dP {n}"], out[f"dshortfall {n}"] = row[f"dp_{i}"], row[f"dshort_{i}"]
        rows.append(out)
    return sheet, rows


def _levers(a: Assessment, names: list[str]) -> tuple[Sheet, list[dict]]:
    """The plan as assessed, then each lever best first; one column per milestone of P(meet)
    with the lever, the gain with its interval, and the satellites short recovered."""
    extra = tuple(Column(f"{what} {n}", Kind.FLOAT) for n in names for what in ("p_meet", "gain", "gain_low",
                                                                                   "gain_high", "recovered"))
    sheet = Sheet("Levers", RISK["Levers"].columns + extra, output=True)
    levers = a.levers or []
    target = chart_target(a)
    base: dict[str, object] = {"lever": "(the plan as assessed)"}
    if levers:
        first = levers[0]
        base |= {"futures": first.futures, "paper_short": first.paper_short + first.paper_recovered}
        base |= {f"p_meet {n}": float(first.milestones["p_meet"].iloc[i]) for i, n in enumerate(names)}
    rows = [base]
    for rank, w in enumerate(levers, start=1):
        ms = _records(w.milestones)
        row = {"rank": rank, **w.row(), "target": names[target], "target_gain": ms[target]["gain"],
               "target_gain_low": ms[target]["gain_low"], "target_gain_high": ms[target]["gain_high"]}
        for n, m in zip(names, ms):
            row |= {f"p_meet {n}": m["p_meet_with"], f"gain {n}": m["gain"], f"gain_low {n}": m["gain_low"],
                    f"gain_high {n}": m["gain_high"], f"recovered {n}": m["shortfall_recovered"]}
        rows.append(finite(row))
    return sheet, rows


def _futures(a: Assessment, names: list[str]) -> tuple[Sheet, list[dict]]:
    sheet = Sheet("Futures", RISK["Futures"].columns + tuple(Column(f"achieved {n}", Kind.INT) for n in names),
                  output=True)
    rows = []
    for row in _records(a.futures):
        rows.append({c.name: row.get(c.name) for c in RISK["Futures"].columns}
                    | {f"achieved {n}": row[f"achieved_{i}"] for i, n in enumerate(names)})
    return sheet, rows


def _formats(ws: Worksheet, sheet: Sheet) -> None:
    for j, c in enumerate(sheet.columns, start=1):
        fmt = PCT if c.name.startswith(_SHARES) else "#,##0.0" if c.kind is Kind.FLOAT else None
        if fmt:
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.number_format = fmt


def _fan_chart(ws: Worksheet, df: pd.DataFrame) -> None:
    """Per constellation and per shell: the P10-P90 and P25-P75 bands as stacked areas (on
    helper columns beside the table: an invisible base at P10, then the widths), the median and
    the plan as lines, the milestone steps (and what happened, from the Actuals sheet) as markers."""
    col = {c.name: j for j, c in enumerate(RISK["Deployment"].columns, start=1)}
    helper = len(RISK["Deployment"].columns) + 2
    layers = (("chart: P10", None, "p10"), ("chart: P10-P25", "p10", "p25"), ("chart: P25-P75", "p25", "p75"),
              ("chart: P75-P90", "p75", "p90"))
    for i, (name, _, _) in enumerate(layers):
        ws.cell(row=1, column=helper + i, value=name)
    for r in range(2, len(df) + 2):
        for i, (_, low, high) in enumerate(layers):
            bottom = ws.cell(row=r, column=col[low]).value or 0 if low else 0
            ws.cell(row=r, column=helper + i, value=(ws.cell(row=r, column=col[high]).value or 0) - bottom)
    anchor = 2
    for (constellation, shell), block in df.groupby(["constellation", "shell"], sort=False, dropna=False):
        lo, hi = int(block.index.min()) + 2, int(block.index.max()) + 2
        bands = AreaChart(grouping="stacked")
        series = shell if isinstance(shell, str) else constellation  # a blank shell: the whole constellation
        bands.title = f"{series}: satellites in orbit over the futures, against the plan"
        bands.y_axis.title, bands.x_axis.title = "satellites", "month"
        bands.x_axis.number_format = "yyyy-mm"
        bands.x_axis.delete = bands.y_axis.delete = False
        for i, (name, _, _) in enumerate(layers):
            bands.add_data(Reference(ws, min_col=helper + i, min_row=lo, max_row=hi))
            s = bands.series[-1]
            s.tx = SeriesLabel(v=name.removeprefix("chart: "))
            s.graphicalProperties.line.noFill = True
            if i == 0:
                s.graphicalProperties.noFill = True
            else:
                s.graphicalProperties.solidFill = "6BAED6" if i == 2 else "C6DBEF"
        lines = LineChart()
        marks = [("milestone", "milestone", "D62728", "dash")]
        if block["actual"].notna().any():
            marks.append(("actual", "actual", "000000", "circle"))
        for name, title, colour, *symbol in (("p50", "P50", "08519C"), ("plan", "plan", "000000"), *marks):
            lines.add_data(Reference(ws, min_col=col[name], min_row=lo, max_row=hi))
            s = lines.series[-1]
            s.tx = SeriesLabel(v=title)
            s.graphicalProperties.line.solidFill = colour
            s.smooth = False
            if symbol:
                s.graphicalProperties.line.noFill = True
                s.marker.symbol = symbol[0]
        bands.set_categories(Reference(ws, min_col=col["month"], min_row=lo, max_row=hi))
        bands += lines
        bands.legend.position = "b"
        bands.width, bands.height = 24, 12
        ws.add_chart(bands, f"{get_column_letter(helper + len(layers) + 1)}{anchor}")
        anchor += 26


def _lever_bars(ws: Worksheet, n: int, target: str) -> None:
    """Two bar charts of the levers, best first: weighted satellites recovered, and P(meet)
    gained on the `target` milestone."""
    head = [c.value for c in ws[1]]
    for k, (column, title, axis) in enumerate((
            ("recovered", "Levers: weighted satellites recovered over the same futures", "satellites"),
            ("target_gain", f"Levers: P(meet) gained on {target}", "P(meet) gained"))):
        chart = BarChart()
        chart.type = "bar"
        chart.title = title
        chart.x_axis.title, chart.y_axis.title = "lever", axis
        chart.x_axis.delete = chart.y_axis.delete = False
        chart.x_axis.scaling.orientation = "maxMin"
        chart.add_data(Reference(ws, min_col=head.index(column) + 1, min_row=1 + 2, max_row=n + 2),
                       titles_from_data=False)
        chart.set_categories(Reference(ws, min_col=head.index("lever") + 1, min_row=3, max_row=n + 2))
        chart.legend = None
        if column == "target_gain":
            chart.y_axis.numFmt = "0%"
        chart.width, chart.height = 24, max(8, 1 + n * 0.8)
        ws.add_chart(chart, f"{get_column_letter(len(head) + 2)}{2 + k * int(chart.height * 2 + 2)}")


def _tornado(ws: Worksheet, n: int) -> None:
    """The drivers ranked: satellites recovered when each source is switched off."""
    if n == 0:
        return
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Drivers: expected shortfall removed by switching each source off"
    chart.x_axis.title, chart.y_axis.title = "source", "satellites"
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.x_axis.scaling.orientation = "maxMin"
    chart.add_data(Reference(ws, min_col=4, min_row=1, max_row=n + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, min_row=2, max_row=n + 1))
    chart.legend = None
    chart.width, chart.height = 24, max(8, 1 + n * 0.8)
    ws.add_chart(chart, f"{get_column_letter(len(ws[1]) + 2)}2")

