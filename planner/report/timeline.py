"""The Timeline sheet: each pad's launches and closed days at a glance, a row per pad, a column
per week (per day for short horizons). Plain cell fills and fonts only, so Excel and
LibreOffice show the same picture."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.report.chart import COLOURS
from planner.workbook.schema import Sheet
from planner.workbook.writer import add_table, header_cell, set_value

DAILY_UP_TO = 92  # horizons of at most this many days get a column per day, longer ones per week
CLOSED_ALL, CLOSED_PART = "A6A6A6", "E3E3E3"  # the pad may not launch on every / some day of the column
HISTORY_SHARE = 0.45  # history launches: the constellation's colour mixed with this share of it
_EDGE = Side(style="medium", color="000000")
_FRAME = Border(left=_EDGE, right=_EDGE, top=_EDGE, bottom=_EDGE)  # frozen launches
_SITE_END = Border(bottom=Side(style="thin", color="808080"))
# Narrow columns of text turned upright, so that a year of weeks fits a landscape page.
_CELL_WIDTH, _ROW_HEIGHT, _HEADER_HEIGHT, _FONT_SIZE = 2.7, 72, 54, 8
_PAGE_POINTS = (842 - 2 * 29, 595 - 2 * 43 - 15)  # A4 landscape inside the margins print_ready sets
_UPRIGHT = Alignment(text_rotation=90, vertical="center", horizontal="center", wrap_text=True)


def add_timeline(book: Workbook, sheet: Sheet, s: Scenario, launches: Sequence[Launch]) -> Worksheet:
    """The Timeline sheet: the declared columns (site, pad), then one column per period; printed
    a year of weeks to a page."""
    step = 1 if s.horizon_days <= DAILY_UP_TO else 7
    periods = range(0, s.horizon_days, step)  # the first day of each column
    pads = sorted(s.pads, key=lambda p: ([x.id for x in s.sites].index(p.site), p.id))
    ws = add_table(book, sheet, [{"site": p.site, "pad": p.id} for p in pads])
    first = len(sheet.columns) + 1
    for k, start in enumerate(periods):
        cell = ws.cell(row=1, column=first + k)
        header_cell(cell, s.date_of(start))
        cell.number_format, cell.alignment = "yyyy-mm-dd", _UPRIGHT
        cell.font = Font(bold=True, size=_FONT_SIZE)
        ws.column_dimensions[get_column_letter(first + k)].width = _CELL_WIDTH
        if k and step > 1 and s.date_of(start).year != s.date_of(start - step).year:
            ws.col_breaks.append(Break(id=first + k - 1))  # a page break before each year's first week
    ws.row_dimensions[1].height = _HEADER_HEIGHT
    colour = {c.id: COLOURS[k % len(COLOURS)] for k, c in enumerate(s.constellations)}
    on_pad: dict[tuple[str, int], list[Launch]] = defaultdict(list)
    for launch in launches:
        day = s.day(launch.date)
        if 0 <= day < s.horizon_days:
            on_pad[launch.pad, day // step].append(launch)
    for i, pad in enumerate(pads, start=2):
        ws.row_dimensions[i].height = _ROW_HEIGHT
        if i == len(pads) + 1 or pads[i - 1].site != pad.site:  # the last pad of its site
            for j in range(1, first + len(periods)):
                ws.cell(row=i, column=j).border = _SITE_END
        closed = _closed_days(s, pad.id, step, len(periods))
        for k, start in enumerate(periods):
            cell = ws.cell(row=i, column=first + k)
            there = on_pad.get((pad.id, k))
            if there:
                _launch_cell(cell, there, colour)
            elif closed[k]:
                cell.fill = _solid(CLOSED_ALL if closed[k] == min(step, s.horizon_days - start) else CLOSED_PART)
    ws.freeze_panes = ws.cell(row=2, column=first)
    ws.print_title_cols = f"A:{get_column_letter(first - 1)}"
    legend_rows = _legend(ws, len(pads) + 3, first, s, colour)
    weeks = 53 if step > 1 else len(periods)
    ws.page_setup.scale = _scale(ws, first, weeks, len(pads) + 2 + legend_rows)
    return ws


def _scale(ws: Worksheet, first: int, columns: int, rows: int) -> int:
    """The print scale (%) at which the labels, a year of weeks and every row fit one page."""
    def points(width: float) -> float:  # Excel's column width in characters, as printed
        return (width * 7 + 5) * 0.75

    labels = sum(points(ws.column_dimensions[get_column_letter(j)].width or 8.43) for j in range(1, first))
    wide = labels + columns * points(_CELL_WIDTH)
    tall = _HEADER_HEIGHT + sum((ws.row_dimensions[i].height or 15) for i in range(2, rows + 1))
    fit = min(_PAGE_POINTS[0] / wide, _PAGE_POINTS[1] / tall)
    return max(10, min(100, int(90 * fit)))  # 10 % spare: spreadsheets measure text a little apart


def _closed_days(s: Scenario, pad: str, step: int, n: int) -> list[int]:
    """Per column, the days on which the pad may not launch (closures, outside its windows)."""
    open_ = s.pad_open_days(pad)
    closed = [min(step, s.horizon_days - k * step) for k in range(n)]
    for d in open_:
        closed[d // step] -= 1
    return closed


def _launch_cell(cell: Cell, launches: list[Launch], colour: dict[str, str]) -> None:
    """Rocket and launch id of each launch in the period; coloured by the first's constellation,
    a lighter tint once flown (history), a frame when frozen, struck through when failed."""
    set_value(cell, "\n".join(f"{x.rocket} {x.launch_id}" for x in launches))
    head = launches[0]
    flown = head.status in ("history", "failed")
    fill = _tint(colour.get(head.constellation, COLOURS[-1]), HISTORY_SHARE if flown else 1.0)
    cell.fill = _solid(fill)
    cell.font = Font(size=_FONT_SIZE, color="000000" if flown else "FFFFFF", bold=head.status == "frozen",
                     italic=flown, strike=head.failed)
    cell.alignment = _UPRIGHT
    if any(x.status == "frozen" for x in launches):
        cell.border = _FRAME


def _legend(ws: Worksheet, row: int, column: int, s: Scenario, colour: dict[str, str]) -> int:
    """What the fills and marks mean, below the pads: a sample cell, then its meaning beside it.
    Returns the rows it takes."""
    set_value(ws.cell(row=row, column=column), "legend")
    ws.cell(row=row, column=column).font = Font(bold=True)
    samples = [(colour[c.id], Font(color="FFFFFF"), None, f"{c.id} launch, planned") for c in s.constellations]
    shade = next(iter(colour.values()), COLOURS[0])
    samples += [
        (shade, Font(color="FFFFFF", bold=True), _FRAME, "frozen: framed, bold"),
        (_tint(shade, HISTORY_SHARE), Font(italic=True), None, "history: lighter, italic"),
        (_tint(shade, HISTORY_SHARE), Font(italic=True, strike=True), None, "failed: struck through"),
        (CLOSED_ALL, Font(), None, "the pad may not launch on any day of the column"),
        (CLOSED_PART, Font(), None, "the pad may not launch on some days of the column"),
    ]
    for k, (fill, font, border, meaning) in enumerate(samples, start=1):
        sample = ws.cell(row=row + k, column=column)
        set_value(sample, "x")
        sample.fill, sample.font = _solid(fill), font
        if border:
            sample.border = border
        set_value(ws.cell(row=row + k, column=column + 1), meaning)
    return len(samples) + 2


def _solid(rgb: str) -> PatternFill:
    return PatternFill("solid", fgColor=rgb)


def _tint(rgb: str, share: float) -> str:
    """`rgb` mixed with white, keeping `share` of the colour."""
    parts = (int(rgb[i:i + 2], 16) for i in (0, 2, 4))
    return "".join(f"{round(255 - share * (255 - v)):02X}" for v in parts)

