"""The Deployment chart: satellites in orbit per constellation by month, with milestone targets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from openpyxl.chart import LineChart, Reference, ScatterChart, Series
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planner.workbook.schema import Sheet

COLOURS = ("1F77B4", "D62728", "2CA02C", "9467BD", "FF7F0E", "8C564B", "17BECF", "7F7F7F")


def add_deployment_chart(ws: Worksheet, sheet: Sheet, rows: Sequence[Mapping[str, object]]) -> None:
    """A line per constellation of cumulative satellites in orbit, and its milestones as markers.

    `rows` are the sheet's rows as written from row 2, each constellation's months together.
    """
    blocks = _blocks(rows)
    if not blocks:
        return
    col = {c.name: j for j, c in enumerate(sheet.columns, start=1)}
    chart = _empty_chart()
    for k, (constellation, (lo, hi)) in enumerate(blocks.items()):
        colour = COLOURS[k % len(COLOURS)]
        in_orbit = Series(Reference(ws, min_col=col["cumulative_in_orbit"], min_row=lo, max_row=hi),
                          title=f"{constellation} in orbit")
        _line(in_orbit, colour)
        target = Series(Reference(ws, min_col=col["milestone_required"], min_row=lo, max_row=hi),
                        title=f"{constellation} milestone")
        _markers(target, colour)
        chart.series += [in_orbit, target]
    lo, hi = next(iter(blocks.values()))
    chart.set_categories(Reference(ws, min_col=col["month"], min_row=lo, max_row=hi))
    ws.add_chart(chart, f"{get_column_letter(len(sheet.columns) + 2)}2")


def _blocks(rows: Sequence[Mapping[str, object]]) -> dict[str, tuple[int, int]]:
    """Constellation -> (first, last) worksheet row of its months."""
    blocks: dict[str, tuple[int, int]] = {}
    for i, row in enumerate(rows, start=2):
        name = str(row["constellation"])
        blocks[name] = (blocks.get(name, (i, i))[0], i)
    return blocks


def _empty_chart() -> LineChart:
    chart = LineChart()
    chart.title = "Satellites in orbit"
    chart.y_axis.title = "satellites"
    chart.x_axis.title = "month"
    chart.x_axis.number_format = "yyyy-mm"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.display_blanks = "gap"
    chart.legend.position = "b"
    chart.width, chart.height = 24, 12
    return chart


def _line(series: Series, colour: str) -> None:
    series.smooth = False
    series.marker.symbol = "none"
    series.graphicalProperties.line.solidFill = colour
    series.graphicalProperties.line.width = 28575  # 2.25 pt


def _markers(series: Series, colour: str) -> None:
    series.smooth = False
    series.graphicalProperties.line.noFill = True
    series.marker.symbol = "diamond"
    series.marker.size = 9
    series.marker.graphicalProperties.solidFill = colour
    series.marker.graphicalProperties.line.solidFill = colour


def add_tradeoff_chart(ws: Worksheet, sheet: Sheet, points: int) -> None:
    """Satellites short against changes, one marker per point of the trade-off, joined."""
    if points < 1:
        return
    col = {c.name: j for j, c in enumerate(sheet.columns, start=1)}
    chart = ScatterChart()
    chart.title = "What each satellite recovered costs in changes"
    chart.style = 13
    chart.x_axis.title = "changes"
    chart.y_axis.title = "satellites short (weighted)"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = None
    xs = Reference(ws, min_col=col["changes"], min_row=2, max_row=points + 1)
    ys = Reference(ws, min_col=col["satellites_short"], min_row=2, max_row=points + 1)
    series = Series(ys, xs, title="re-plans")
    _line(series, COLOURS[0])
    series.marker.symbol = "circle"
    series.marker.size = 7
    chart.series.append(series)
    chart.width, chart.height = 18, 10
    ws.add_chart(chart, f"{get_column_letter(len(sheet.columns) + 2)}2")
