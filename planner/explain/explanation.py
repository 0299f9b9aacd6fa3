"""`planner explain`: the binding links of a plan per quarter and what one more unit of each buys."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl.worksheet.worksheet import Worksheet

from planner.domain.entities import Launch
from planner.domain.errors import InputError, InputErrors
from planner.domain.measures import measure
from planner.domain.scenario import Scenario
from planner.explain.bottlenecks import Bottlenecks, LinkUse, bottlenecks
from planner.explain.held import Hold
from planner.explain.links import KINDS, Link, scenario_links
from planner.explain.whatif import Gain, Value, changes, price
from planner.workbook.schema import EXPLANATION_SHEETS, WHAT_IF, Kind
from planner.workbook.writer import add_table, new_book, page_title, print_ready, save_atomic

log = logging.getLogger(__name__)
Row = dict[str, object]


@dataclass(frozen=True)
class WhatIfOptions:
    """Which links to price and how long each re-solve may take."""

    time_limit_s: float = 10.0
    jobs: int = 2  # re-solves run at once, one solver thread each
    links: tuple[str, ...] = ()  # kinds ("vehicles") or links ("pad HN-1") to price; empty: all chosen
    all_links: bool = False  # price links that never bind too
    seed: int = 0


@dataclass(frozen=True, kw_only=True)
class Explanation:
    scenario: Scenario
    launches: tuple[Launch, ...]
    bottlenecks: Bottlenecks
    gains: tuple[Gain, ...] | None = None  # None: what-if pricing not asked for
    reference: Value | None = None  # the unchanged scenario, valued as each change is
    what_if: WhatIfOptions | None = None


def explain_plan(s: Scenario, launches: Sequence[Launch], what_if: WhatIfOptions | None = None) -> Explanation:
    """Bottlenecks of a plan and, when `what_if` is given, the links priced by re-solving."""
    found = bottlenecks(s, launches)
    if what_if is None:
        return Explanation(scenario=s, launches=tuple(launches), bottlenecks=found)
    among = _every_link(found) if what_if.all_links or what_if.links else found.links()
    chosen = [link for link in among if _wanted(link, what_if.links)]
    priced = changes(s, found, chosen)
    log.info("pricing %d link(s) and the unchanged scenario, %g s each, %d at a time",
             len(priced), what_if.time_limit_s, what_if.jobs)
    gains, reference = price(s, launches, priced, what_if.time_limit_s, what_if.jobs, what_if.seed)
    return Explanation(scenario=s, launches=tuple(launches), bottlenecks=found, gains=tuple(gains), reference=reference,
                       what_if=what_if)


def _every_link(found: Bottlenecks) -> list[Link]:
    return sorted({u.link for u in found.uses}, key=lambda link: (KINDS.index(link.kind), link.key))


def check_names(s: Scenario, names: Sequence[str]) -> None:
    """Every name given to --links is a kind of link or a link of the scenario."""
    known = {*KINDS, *scenario_links(s)} if names else set()
    unknown = [n for n in names if n not in known]
    if unknown:
        raise InputErrors([InputError("command line", None, "--links", n, f"a kind of link ({', '.join(KINDS)}) "
                                      "or a link of the scenario, such as 'pad HN-1'") for n in unknown])


def _wanted(link: Link, names: Sequence[str]) -> bool:
    return not names or link.kind in names or str(link) in names


# --- text and JSON ------------------------------------------------------------------------------


def lines(e: Explanation) -> list[str]:
    """The explanation as a planner reads it."""
    m = measure(e.scenario, e.launches)
    planned = len(e.bottlenecks.holds)
    out = [f"plan: {len(e.launches)} launches ({planned} planned), {m.milestone_shortfall:,} weighted milestone "
           f"satellites short, {m.satellite_days:,} satellite-days",
           "binding links per quarter (launches held: they could not move one day earlier because of the link):"]
    for q in e.bottlenecks.quarters:
        binding = e.bottlenecks.binding(q)
        held = e.bottlenecks.in_quarter(q)
        free = _free(held)
        shown = "; ".join(_use(u) for u in binding[:3]) or "none"
        more = f" (+{len(binding) - 3} more)" if len(binding) > 3 else ""
        slack = f" | {free} of {len(held)} launches could move earlier" if free else ""
        out.append(f"  {q.label}  {shown}{more}{slack}")
    if e.gains is not None:
        out.append(_what_if_header(e))
        for i, g in enumerate(e.gains, 1):
            out.append(f"  {i}. {g.change.link}: {g.change.description}: {_gained(g)}")
        if not e.gains:
            out.append("  no binding link to price")
    return out


def _free(held: Sequence[Hold]) -> int:
    """The launches nothing holds: they could move a day earlier."""
    return sum(1 for h in held if h.free)


def _use(u: LinkUse) -> str:
    pct = f", {u.utilisation_pct:.0f} % used" if u.utilisation_pct is not None else ""
    held = f"held {u.held}" if u.held else "ran out"
    return f"{u.link} {held}{pct}" + (f" ({u.note})" if u.note else "")


def _what_if_header(e: Explanation) -> str:
    r, w = e.reference, e.what_if
    assert r is not None and w is not None  # priced links come with the unchanged scenario's value
    reached = (f"{r.weighted:,} weighted milestone satellites short, {r.satellite_days:,} satellite-days"
               if r.found else r.status)
    return (f"what one more unit buys (each scenario valued as the best of this plan, this plan with launches added "
            f"in its gaps, the dispatch plan and a {w.time_limit_s:g} s re-solve; unchanged: {reached}):")


def _gained(g: Gain) -> str:
    if not g.gains:
        return f"no gain ({g.status})" if g.status.startswith("no plan") else "no gain"
    text = (f"{g.milestone_satellites:+,} milestone satellites (weighted {g.weighted:+,}), "
            f"{g.satellite_days:+,} satellite-days")
    return text + (f"; most: {g.best_milestone}" if g.best_milestone else "")


def as_json(e: Explanation) -> dict[str, object]:
    out: dict[str, object] = {
        "binding": {q.label: [str(u.link) for u in e.bottlenecks.binding(q)] for q in e.bottlenecks.quarters},
        "could_move_earlier": {q.label: _free(e.bottlenecks.in_quarter(q)) for q in e.bottlenecks.quarters},
        "bottlenecks": e.bottlenecks.rows(),
    }
    if e.gains is not None and e.reference is not None:
        out["what_if"] = what_if_rows(e)
        out["unchanged"] = {"status": e.reference.status, "milestone_weighted_short": e.reference.weighted,
                            "satellite_days": e.reference.satellite_days}
    return out


# --- the explanation workbook ---------------------------------------------------------------------


def what_if_rows(e: Explanation) -> list[Row]:
    """The WhatIf sheet: the links priced, best first."""
    return [
        {"rank": i, "link": str(g.change.link), "change": g.change.description,
         "milestone_satellites": g.milestone_satellites, "milestone_weighted": g.weighted,
         "satellite_days": g.satellite_days, "most_helped_milestone": g.best_milestone or None, "status": g.status}
        for i, g in enumerate(e.gains or (), 1)
    ]


def write_explanation(path: Path, e: Explanation, input_path: Path | None = None) -> None:
    """The Bottlenecks sheet, and the WhatIf sheet when links were priced."""
    tables = {"Bottlenecks": e.bottlenecks.rows()}
    if e.gains is not None:
        tables[WHAT_IF.name] = what_if_rows(e)
    book = new_book()
    for sheet in EXPLANATION_SHEETS:
        if sheet.name in tables:
            _one_decimal(add_table(book, sheet, tables[sheet.name]), [c.kind for c in sheet.columns])
    print_ready(book, page_title(input_path, "Explanation"))
    save_atomic(book, path)


def _one_decimal(ws: Worksheet, kinds: list[Kind]) -> None:
    for j, kind in enumerate(kinds, start=1):
        if kind is Kind.FLOAT:
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.number_format = "#,##0.0"


# --- from a workbook ------------------------------------------------------------------------------
