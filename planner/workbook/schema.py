"""The workbook contract, declared once.

Every sheet and column of the input and output workbooks is declared here; the reader, the
writer, the template and the README's sheet table are all derived from these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from planner.domain.entities import LEVER_KINDS, UNCERTAINTY_USES


class Kind(StrEnum):
    """The type of a cell, as the reader parses it and the template describes it."""

    TEXT = "text"
    ID = "identifier"
    INT = "whole number"
    FLOAT = "number"
    DATE = "date"
    BOOL = "yes/no"


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = False
    note: str = ""
    minimum: float | None = None
    maximum: float | None = None
    positive: bool = False
    choices: tuple[str, ...] = ()
    ref: str | None = None  # "Sheet.column" this identifier must exist in

    def expected(self) -> str:
        """What a valid value looks like, in a planner's words."""
        text = {
            Kind.TEXT: "text",
            Kind.ID: "an identifier",
            Kind.INT: "a whole number",
            Kind.FLOAT: "a number",
            Kind.DATE: "a date (Excel date or YYYY-MM-DD)",
            Kind.BOOL: "yes or no",
        }[self.kind]
        if self.choices:
            text = "one of " + ", ".join(self.choices)
        if self.positive:
            text += " greater than 0"
        elif self.minimum is not None and self.maximum is not None:
            text += f" from {self.minimum:g} to {self.maximum:g}"
        elif self.minimum is not None:
            text += f" of at least {self.minimum:g}"
        if self.ref:
            text += f" listed in {self.ref.replace('.', ' column ')}"
        return text


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    required: bool = False
    note: str = ""
    output: bool = False
    key: tuple[str, ...] = field(default=())  # columns whose values must be unique together

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _c(name: str, kind: Kind, required: bool = False, **kw) -> Column:
    return Column(name, kind, required, **kw)


T, I, N, F, D, B = Kind.TEXT, Kind.ID, Kind.INT, Kind.FLOAT, Kind.DATE, Kind.BOOL

EVENT_KINDS = (
    "launch_done",
    "launch_failed",
    "launch_slip",
    "rocket_grounded",
    "pad_unavailable",
    "factory_slip",
    "satellite_slip",
)
LAUNCH_STATUSES = ("history", "frozen", "planned", "failed")

SETTING_KEYS: dict[str, Column] = {
    c.name: c
    for c in (
        _c("horizon_start", D, True, note="first day of the plan"),
        _c("horizon_end", D, True, note="last day of the plan"),
        _c("time_limit_s", F, positive=True, note="solver time limit, seconds (default 60)"),
        _c("workers", N, positive=True, note="solver threads (default 2)"),
        _c("seed", N, minimum=0, note="random seed (default 0)"),
        _c("deterministic", B, note="yes (default): same inputs and seed give the same plan; no: parallel search"),
        _c("gap_limit_pct", F, minimum=0, maximum=100,
           note="stop once the plan is proven within this % of the best possible (default 0: the whole time limit)"),
        _c("freeze_days", N, minimum=0, note="re-planning: days after as_of that stay frozen"),
        _c("as_of", D, note="re-planning: launches before this day are history"),
        _c("max_changes", N, minimum=0,
           note="re-planning: at most this many changes against the baseline (default: no cap)"),
        _c("replan_every_days", N, positive=True,
           note="planner risk: a future re-plans every this many days instead of after every event"),
        _c("weight_milestone", N, minimum=0, note="per satellite short of a milestone"),
        _c("weight_speed", N, minimum=0, note="per satellite-day in orbit (a gain)"),
        _c("weight_cost", N, minimum=0, note="per million CNY of launch cost"),
        _c("weight_risk", N, minimum=0, note="per expected satellite lost"),
        _c("weight_stability", N, minimum=0,
           note="re-planning: per change (moved, re-assigned, dropped or new), in the objective's total"),
    )
}

MANIFEST_COLUMNS = (
    _c("launch_id", I, True),
    _c("date", D, True),
    _c("site", I, True, ref="Sites.site"),
    _c("pad", I, True, ref="Pads.pad"),
    _c("rocket", I, True, ref="Rockets.rocket"),
    _c("constellation", I, True, ref="Constellations.constellation"),
    _c("shell", I, True, ref="Shells.shell"),
    _c("satellites", N, True, minimum=1),
    _c("status", T, True, choices=LAUNCH_STATUSES),
    _c("capacity_used_pct", F, minimum=0),
    _c("cost_mcny", F, minimum=0),
    _c("note", T),
)

INPUT_SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "Settings",
        (_c("key", T, True, choices=tuple(SETTING_KEYS)), _c("value", T)),
        required=True,
        note="one row per setting; horizon_start and horizon_end are required",
        key=("key",),
    ),
    Sheet(
        "Constellations",
        (
            _c("constellation", I, True),
            _c("name", T),
            _c("operator", T),
            _c("filed_satellites", N, minimum=0),
        ),
        required=True,
        key=("constellation",),
    ),
    Sheet(
        "Shells",
        (
            _c("shell", I, True),
            _c("constellation", I, True, ref="Constellations.constellation"),
            _c("altitude_km", F, True, positive=True),
            _c("inclination_deg", F, True, minimum=0, maximum=180),
            _c("satellites", N, True, positive=True, note="satellites the shell holds"),
            _c("satellite_mass_kg", F, positive=True),
            _c("planes", N, positive=True),
        ),
        required=True,
        key=("shell",),
    ),
    Sheet(
        "Milestones",
        (
            _c("constellation", I, True, ref="Constellations.constellation"),
            _c("due_date", D, True),
            _c("satellites_in_orbit", N, True, minimum=0),
            _c("shell", I, ref="Shells.shell"),
            _c("weight", N, minimum=0, note="default 1"),
            _c("hard", B, note="yes: a rule, not a penalty"),
            _c("label", T),
        ),
        required=True,
    ),
    Sheet(
        "SatelliteSupply",
        (
            _c("constellation", I, True, ref="Constellations.constellation"),
            _c("date", D, True),
            _c("satellites", N, True, minimum=0),
            _c("shell", I, ref="Shells.shell"),
            _c("lead_days", N, minimum=0),
        ),
        note="satellites delivered on a date; initial stock: a row dated horizon_start",
    ),
    Sheet(
        "Rockets",
        (
            _c("rocket", I, True),
            _c("name", T),
            _c("provider", T),
            _c("available_from", D),
            _c("cost_mcny", F, minimum=0),
            _c("reliability", F, minimum=0, maximum=1),
            _c("flights_per_vehicle", N, positive=True, note="default 1"),
            _c("lead_days", N, minimum=0, note="factory to pad, default 0"),
            _c("return_to_flight_days", N, minimum=0),
            _c("initial_stock", N, minimum=0),
            _c("min_days_between_launches", N, positive=True,
               note="launch campaign: two launches of this model, whichever pads and sites, at least this many "
                    "days apart; blank: no limit"),
        ),
        required=True,
        key=("rocket",),
    ),
    Sheet(
        "RocketCapacity",
        (
            _c("rocket", I, True, ref="Rockets.rocket"),
            _c("shell", I, True, ref="Shells.shell"),
            _c("max_satellites", N, True, positive=True),
            _c("min_satellites", N, positive=True, note="default 1"),
            _c("site", I, ref="Sites.site", note="blank: every site"),
        ),
        required=True,
        key=("rocket", "shell", "site"),
    ),
    Sheet(
        "Factories",
        (
            _c("factory", I, True),
            _c("rocket", I, True, ref="Rockets.rocket"),
            _c("monthly_output", N, True, minimum=0),
            _c("start_date", D),
            _c("end_date", D),
            _c("location", T),
        ),
        key=("factory",),
    ),
    Sheet(
        "FactoryOutput",
        (
            _c("factory", I, True, ref="Factories.factory"),
            _c("month", D, True, note="any date in the month"),
            _c("vehicles", N, True, minimum=0),
        ),
        note="overrides monthly_output for one month",
    ),
    Sheet(
        "Engines",
        (
            _c("engine", I, True),
            _c("monthly_output", N, True, minimum=0),
            _c("initial_stock", N, minimum=0),
            _c("start_date", D),
            _c("end_date", D),
            _c("lead_days", N, minimum=0),
        ),
        key=("engine",),
    ),
    Sheet(
        "RocketEngines",
        (
            _c("rocket", I, True, ref="Rockets.rocket"),
            _c("engine", I, True, ref="Engines.engine"),
            _c("per_vehicle", N, True, positive=True),
        ),
        key=("rocket", "engine"),
    ),
    Sheet(
        "Sites",
        (
            _c("site", I, True),
            _c("name", T),
            _c("latitude_deg", F, minimum=-90, maximum=90),
            _c("min_inclination_deg", F, True, minimum=0, maximum=180),
            _c("max_inclination_deg", F, True, minimum=0, maximum=180),
            _c("min_days_between_launches", N, positive=True, note="default 1"),
        ),
        required=True,
        key=("site",),
    ),
    Sheet(
        "Pads",
        (
            _c("pad", I, True),
            _c("site", I, True, ref="Sites.site"),
            _c("turnaround_days", N, True, positive=True),
        ),
        required=True,
        key=("pad",),
    ),
    Sheet(
        "PadRockets",
        (
            _c("pad", I, True, ref="Pads.pad"),
            _c("rocket", I, True, ref="Rockets.rocket"),
            _c("turnaround_days", N, positive=True, note="blank: the pad's default"),
        ),
        required=True,
        key=("pad", "rocket"),
    ),
    Sheet(
        "PadWindows",
        (
            _c("pad", I, True, ref="Pads.pad"),
            _c("start", D, True),
            _c("end", D, True),
        ),
        note="availability windows; a pad with no rows is always available",
    ),
    Sheet(
        "Closures",
        (
            _c("site", I, ref="Sites.site"),
            _c("pad", I, ref="Pads.pad"),
            _c("start", D, True),
            _c("end", D, True),
            _c("reason", T),
        ),
        note="name a site or a pad (one of them)",
    ),
    Sheet(
        "FixedLaunches",
        MANIFEST_COLUMNS,
        note="launches kept exactly as given (history, contracted, frozen)",
        key=("launch_id",),
    ),
    Sheet(
        "Events",
        (
            _c("event", T, True, choices=EVENT_KINDS),
            _c("launch_id", I),
            _c("rocket", I, ref="Rockets.rocket"),
            _c("pad", I, ref="Pads.pad"),
            _c("site", I, ref="Sites.site"),
            _c("factory", I, ref="Factories.factory"),
            _c("constellation", I, ref="Constellations.constellation"),
            _c("shell", I, ref="Shells.shell"),
            _c("date", D),
            _c("from", D),
            _c("to", D),
            _c("days", N),
            _c("satellites", N, minimum=0),
            _c("note", T),
        ),
        note="re-planning events",
    ),
    Sheet(
        "Uncertainty",
        (
            _c("kind", T, True, choices=tuple(UNCERTAINTY_USES)),
            _c("subject", I, note="the rocket, factory, engine, constellation, shell, site or pad the row is about; "
                                  "blank: all of its kind"),
            _c("probability", F, minimum=0, maximum=1, note="every kind but return_to_flight"),
            _c("min_days", N, minimum=0, note="triangular days: return_to_flight, launch_slip, factory_delay, "
                                              "satellite_slip"),
            _c("mode_days", N, minimum=0),
            _c("max_days", N, minimum=0),
            _c("from", D, note="weather: first day of the season (month and day, every year)"),
            _c("to", D, note="weather: last day of the season; before from: the season wraps the year end"),
            _c("flights", N, positive=True, note="launch_failure: only the model's first flights, history included"),
            _c("note", T),
        ),
        note="what may go wrong, for planner risk; one row per source",
    ),
    Sheet(
        "Actuals",
        (
            _c("constellation", I, True, ref="Constellations.constellation"),
            _c("date", D, True),
            _c("satellites_in_orbit", N, True, minimum=0, note="counted as the Milestones sheet counts them"),
            _c("shell", I, ref="Shells.shell", note="blank: the whole constellation"),
            _c("note", T, note="the source of the figure"),
        ),
        note="what happened, for a backtest: planner risk sets it beside its futures; no plan reads it",
        key=("constellation", "shell", "date"),
    ),
    Sheet(
        "Levers",
        (
            _c("lever", T, True, note="a name for the investment"),
            _c("kind", T, True, choices=tuple(LEVER_KINDS)),
            _c("subject", I, True, note="pad: a pad; factory: a factory; engine: an engine line; satellites: a "
                                        "constellation or shell; separation: a site; maturity: a rocket"),
            _c("amount", N, positive=True, note="factory: vehicles a month (default 1); engine: engines a month (10); "
                                                "satellites: satellites a month (20); separation: days (1); "
                                                "blank for pad and maturity"),
            _c("from", D, note="pad, factory, engine, satellites: from this day (blank: the plan's first day)"),
            _c("cost_mcny", F, positive=True, note="what it costs, million yuan; blank: not priced"),
            _c("note", T, note="the source of the cost: fact or assumption"),
        ),
        note="candidate investments, for planner risk --levers; no plan reads it",
        key=("lever",),
    ),
)

BOTTLENECKS = Sheet(
    "Bottlenecks",
    (
        _c("quarter", T),
        _c("link", T, note="pad, site, availability (vehicle finalisation), vehicles, engines or satellites"),
        _c("kind", T),
        _c("unit", T),
        _c("used", N),
        _c("available", N, note="pads: open days; sites: launches the separation allows; streams: stock + deliveries"),
        _c("utilisation_pct", F),
        _c("binds", B, note="held a launch (it could not move a day earlier) or its stock ran out"),
        _c("launches_held", N),
        _c("note", T),
    ),
    output=True,
)

WHAT_IF = Sheet(
    "WhatIf",
    (
        _c("rank", N),
        _c("link", T),
        _c("change", T, note="one more unit of the link"),
        _c("milestone_satellites", N, note="fewer satellites short of milestones than without the change"),
        _c("milestone_weighted", N, note="the same, times each milestone's weight"),
        _c("satellite_days", N),
        _c("most_helped_milestone", T),
        _c("status", T, note="how the changed scenario's re-solve ended"),
    ),
    output=True,
)

DIFFERENCE = Sheet(
    "Difference",
    (
        _c("measure", T, note="a milestone's satellites achieved by its due date, or a level of the objective"),
        _c("old", F),
        _c("new", F),
        _c("change", F, note="new - old"),
    ),
    output=True,
)

OUTPUT_SHEETS: tuple[Sheet, ...] = (
    Sheet("Summary", (_c("item", T), _c("value", T)), output=True),
    Sheet("Manifest", MANIFEST_COLUMNS, output=True),
    Sheet(
        "Timeline",
        (_c("site", I), _c("pad", I)),
        note="then one column per week from the horizon start (per day for horizons of 92 days or less): "
             "each launch its rocket and launch id, coloured by constellation; closed days shaded",
        output=True,
    ),
    Sheet(
        "Milestones",
        (
            _c("label", T),
            _c("constellation", I),
            _c("shell", I),
            _c("due_date", D),
            _c("hard", B),
            _c("weight", N),
            _c("required", N),
            _c("achieved", N),
            _c("shortfall", N),
            _c("met", B),
        ),
        output=True,
    ),
    Sheet(
        "Deployment",
        (
            _c("month", D),
            _c("constellation", I),
            _c("satellites_launched", N),
            _c("satellites_lost", N),
            _c("cumulative_in_orbit", N),
            _c("milestone_required", N, note="satellites in orbit due by a milestone that month"),
        ),
        output=True,
    ),
    Sheet(
        "Pads",
        (
            _c("pad", I),
            _c("site", I),
            _c("month", D),
            _c("launches", N),
            _c("days_occupied", N),
            _c("days_available", N),
            _c("utilisation_pct", F),
        ),
        output=True,
    ),
    Sheet(
        "Supply",
        (
            _c("stream", T),
            _c("month", D),
            _c("delivered", N),
            _c("consumed", N),
            _c("stock", N),
        ),
        output=True,
    ),
    BOTTLENECKS,
    Sheet(
        "Changes",
        (
            _c("launch_id", I),
            _c("change", T),
            _c("counts", B, note="a change as the trade-off counts them: moved, re-assigned, dropped or new on or "
                                  "after as_of (not a status alone)"),
            _c("old_value", T),
            _c("new_value", T),
            _c("reason", T),
        ),
        output=True,
    ),
    Sheet(
        "Trade-off",
        (
            _c("point", N),
            _c("chosen", B, note="the re-plan written: the best within the cap on changes"),
            _c("changes", N, note="moved + re_assigned + dropped + new, as the Changes sheet counts them"),
            _c("moved", N),
            _c("re_assigned", N),
            _c("dropped", N),
            _c("new", N),
            _c("satellites_short", N, note="weighted, over the milestones"),
            _c("satellite_days", N),
            _c("how", T),
        ),
        output=True,
        note="re-planning only: from the kept baseline (what the events force) to the best re-plan, each "
             "point where fewer satellites short cost more changes; then one column per milestone, its "
             "satellites short (short_row_R, R its row in the Milestones sheet)",
    ),
)

INPUT = {s.name: s for s in INPUT_SHEETS}
OUTPUT = {s.name: s for s in OUTPUT_SHEETS}
EXPLANATION_SHEETS: tuple[Sheet, ...] = (BOTTLENECKS, WHAT_IF)  # `planner explain -o`
DIFF_SHEETS: tuple[Sheet, ...] = (OUTPUT["Changes"], DIFFERENCE)  # `planner diff -o`
