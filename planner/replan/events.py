"""Re-planning events (planning-model.md, Re-planning): read, check and apply each kind.

Applying the events changes the scenario (groundings, closures, factory output, satellite
supply) and the baseline (launches done or failed become facts), and records which launches
and which supply streams each event touched, so the changes can name their reason.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from planner.domain.entities import FACT_STATUSES, Event, Factory, Grounding, Launch, SatelliteDelivery, Source, Window
from planner.domain.errors import InputError, InputErrors
from planner.domain.scenario import Scenario
from planner.domain.supply import month_ends, satellite_key, stream_name
from planner.workbook.loader import _check_refs_against, _entity
from planner.workbook.reader import read_tables
from planner.workbook.schema import INPUT

T = TypeVar("T")

# event kind -> the columns it needs (Event field names)
REQUIRED = {
    "launch_done": ("launch_id",),
    "launch_failed": ("launch_id",),
    "launch_slip": ("launch_id", "date"),
    "rocket_grounded": ("rocket", "from_"),
    "pad_unavailable": ("from_",),
    "factory_slip": ("factory", "from_", "days"),
    "satellite_slip": ("from_", "days"),
}
# event kind -> the columns of which it needs exactly one
ONE_OF = {"pad_unavailable": ("pad", "site"), "satellite_slip": ("constellation", "shell")}


def read_events(path: Path, s: Scenario) -> tuple[Event, ...]:
    """The Events sheet of an events workbook, its references checked against the scenario.
    Each event's source names the workbook too, so that later errors and reasons tell it from
    the input's own Events sheet."""
    sheet = replace(INPUT["Events"], required=True)
    rows = read_tables(path, (sheet,))[sheet.name]
    errors = _check_refs_against(sheet, rows, s)
    events = [_entity(Event, row, {"from": "from_"}, errors) for row in rows]
    if errors:
        raise InputErrors(errors)
    return tuple(e.model_copy(update={"source": Source(sheet=f"{path.name}: {e.source.sheet}", row=e.source.row)})
                 for e in events)


def describe(e: Event) -> str:
    """The event in a planner's words, with the row it comes from."""
    subject = e.launch_id or e.rocket or e.pad or e.site or e.factory or e.shell or e.constellation
    if e.event in ("launch_done", "launch_failed"):
        what = f"{e.event} {subject}" + (f" on {e.date}" if e.date else "")
    elif e.event == "launch_slip":
        what = f"launch_slip {subject} to {e.date}"
    elif e.event in ("rocket_grounded", "pad_unavailable"):
        what = f"{e.event} {subject} from {e.from_}" + (f" to {e.to}" if e.to else "")
    else:
        what = f"{e.event} {subject} {e.days} days from {e.from_}"
    note = f" ({e.note})" if e.note else ""
    source = f", {e.source}" if e.source else ""
    return f"{what}{note}{source}"


def check_events(events: tuple[Event, ...], s: Scenario, launches: dict[str, Launch]) -> list[InputError]:
    """Every event that misses a column its kind needs, names an unknown launch, or is inconsistent."""
    errors: list[InputError] = []

    def err(e: Event, column: str, value: object, expected: str) -> None:
        src = e.source
        errors.append(InputError(src.sheet if src else "Events", src.row if src else None, column, value, expected))

    for e in events:
        for name in REQUIRED[e.event]:
            if getattr(e, name) is None:
                err(e, name.rstrip("_"), None, f"a value: {e.event} needs it")
        either = ONE_OF.get(e.event)
        if either and sum(getattr(e, name) is not None for name in either) != 1:
            err(e, either[0], getattr(e, either[0]), f"either {either[0]} or {either[1]} (one of them) for {e.event}")
        if e.launch_id is not None:
            launch = launches.get(e.launch_id)
            if launch is None:
                err(e, "launch_id", e.launch_id, "the launch_id of a baseline launch")
            elif e.event == "launch_slip" and launch.status in FACT_STATUSES:
                err(e, "launch_id", e.launch_id, f"a launch not yet flown (it is {launch.status})")
        if e.from_ and e.to and e.to < e.from_:
            err(e, "to", e.to, f"a date on or after from ({e.from_})")
        if e.days is not None and e.days < 1:
            err(e, "days", e.days, "a whole number of days, at least 1")
        if e.satellites is not None and e.satellites < 1:
            err(e, "satellites", e.satellites, "at least 1 satellite")
        if e.event == "satellite_slip" and e.shell and not any(d.shell == e.shell for d in s.satellite_supply):
            err(e, "shell", e.shell, "a shell with its own SatelliteSupply rows")
    return errors


@dataclass(frozen=True)
class Applied:
    """The scenario and the baseline after the events."""

    scenario: Scenario  # groundings, closures, factory output and satellite supply updated
    launches: tuple[Launch, ...]  # the baseline; launches done or failed are facts
    not_before: dict[str, date]  # launch_id -> the day a slip holds it to
    causes: dict[str, list[str]]  # launch_id -> the events that changed it
    streams: dict[str, list[str]]  # supply stream name (as the checker names it) -> events that shifted it


def apply_events(s: Scenario, launches: tuple[Launch, ...], events: tuple[Event, ...]) -> Applied:
    """Apply every event in sheet order; raises InputErrors when an event cannot be applied."""
    by_id = {l.launch_id: l for l in launches}
    errors = check_events(events, s, by_id)
    if errors:
        raise InputErrors(errors)
    end = s.settings.horizon_end
    groundings, closures = list(s.groundings), list(s.closures)
    factories, supply = {f.id: f for f in s.factories}, list(s.satellite_supply)
    not_before: dict[str, date] = {}
    causes: dict[str, list[str]] = {}
    streams: dict[str, list[str]] = {}
    for e in events:
        why = describe(e)
        if e.event in ("launch_done", "launch_failed"):
            launch_id = _given(e.launch_id)
            flown = by_id[launch_id]
            status = "history" if e.event == "launch_done" else "failed"
            told = e.date is not None or e.satellites is not None  # then the event row is where its facts come from
            by_id[launch_id] = flown.model_copy(update={
                "status": status, "date": e.date or flown.date, "satellites": e.satellites or flown.satellites,
                "source": e.source if told and e.source else flown.source,
            })
            causes.setdefault(launch_id, []).append(why)
            if e.event == "launch_failed":
                groundings += _return_to_flight(s, by_id[launch_id], events, why)
        elif e.event == "launch_slip":
            launch_id, day = _given(e.launch_id), _given(e.date)
            not_before[launch_id] = max(day, not_before.get(launch_id, day))
            causes.setdefault(launch_id, []).append(why)
        elif e.event == "rocket_grounded":
            groundings.append(Grounding(rocket=_given(e.rocket), start=_given(e.from_), end=e.to or end, reason=why))
        elif e.event == "pad_unavailable":
            closures.append(Window(pad=e.pad, site=None if e.pad else e.site, start=_given(e.from_),
                                   end=e.to or end, reason=why))
        elif e.event == "factory_slip":
            factory = _given(e.factory)
            factories[factory] = slip_factory(s, factories[factory], _given(e.from_), _given(e.days))
            streams.setdefault(stream_name("vehicles", factories[factory].rocket), []).append(why)
        else:
            supply, shifted = _slip_supply(supply, e)
            for name in shifted:
                streams.setdefault(name, []).append(why)
    scenario = s.model_copy(update={
        "groundings": tuple(groundings),
        "closures": tuple(closures),
        "factories": tuple(factories.values()),
        "satellite_supply": tuple(supply),
        "events": events,
    })
    return Applied(scenario, tuple(by_id.values()), not_before, causes, streams)


def _return_to_flight(s: Scenario, failed: Launch, events: tuple[Event, ...], why: str) -> list[Grounding]:
    """The grounding a failure brings: [date, date + return_to_flight_days] of its model, unless a
    rocket_grounded row of that model starting in that period says otherwise."""
    days = s.rocket[failed.rocket].return_to_flight_days
    end = failed.date + timedelta(days=days)
    if days <= 0 or any(
        e.event == "rocket_grounded" and e.rocket == failed.rocket and failed.date <= _given(e.from_) <= end
        for e in events
    ):
        return []
    return [Grounding(rocket=failed.rocket, start=failed.date, end=end, reason=why)]


def _given(value: T | None) -> T:
    """A column the event's kind requires: check_events has made sure it is there."""
    assert value is not None
    return value


def _month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def slip_factory(s: Scenario, f: Factory, start: date, days: int) -> Factory:
    """The factory with each month's output delivered on or after `start` moved `days` later, to
    the last day of the month it then falls in (the monthly rule of rule 8). Every month of the
    horizon gets its output stated, so the start and end dates are no longer needed."""
    horizon = month_ends(s.settings.horizon_start, s.settings.horizon_end)
    first = max(f.start_date or s.settings.horizon_start, s.settings.horizon_start)
    last = min(f.end_date or s.settings.horizon_end, s.settings.horizon_end)
    overrides = dict(f.overrides)
    output = {e.replace(day=1): 0 for e in horizon}
    for e in month_ends(first, last):
        delivered = e if e < start else _month_end(e + timedelta(days=days))
        if delivered.replace(day=1) in output:
            output[delivered.replace(day=1)] += overrides.get(e.replace(day=1), f.monthly_output)
    return f.model_copy(update={"start_date": None, "end_date": None, "overrides": tuple(sorted(output.items()))})


def _slip_supply(supply: list[SatelliteDelivery], e: Event) -> tuple[list[SatelliteDelivery], set[str]]:
    """SatelliteSupply rows of the event's shell (or of its constellation) dated on or after
    `from` moved `days` later; returns the rows and the names of the streams shifted."""
    out: list[SatelliteDelivery] = []
    shifted: set[str] = set()
    for row in supply:
        mine = row.shell == e.shell if e.shell else row.constellation == e.constellation
        if mine and row.date >= _given(e.from_):
            row = row.model_copy(update={"date": row.date + timedelta(days=_given(e.days))})
            shifted.add(stream_name("satellites", satellite_key(row)))
        out.append(row)
    return out, shifted
