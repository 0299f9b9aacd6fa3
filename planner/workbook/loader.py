"""Turn a workbook's rows into a validated Scenario, reporting every problem at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planner.domain import entities as E
from planner.domain.errors import InputError, InputErrors
from planner.domain.scenario import Scenario
from planner.domain.validate import validate_scenario
from planner.workbook.cells import CellError, expected, parse, shown
from planner.workbook.reader import Row, read_tables
from planner.workbook.schema import INPUT, INPUT_SHEETS, SETTING_KEYS, Sheet

MAX_HORIZON_DAYS = 20 * 366  # about 20 years

# sheet -> (entity class, {column: field}) where a column's field name differs from it
_ENTITY = {
    "Constellations": (E.Constellation, {"constellation": "id"}),
    "Shells": (E.Shell, {"shell": "id"}),
    "Milestones": (E.Milestone, {}),
    "SatelliteSupply": (E.SatelliteDelivery, {}),
    "Rockets": (E.Rocket, {"rocket": "id"}),
    "RocketCapacity": (E.Capacity, {}),
    "Factories": (E.Factory, {"factory": "id"}),
    "Engines": (E.Engine, {"engine": "id"}),
    "RocketEngines": (E.RocketEngine, {}),
    "Sites": (E.Site, {"site": "id"}),
    "Pads": (E.Pad, {"pad": "id"}),
    "PadRockets": (E.PadRocket, {}),
    "PadWindows": (E.Window, {}),
    "Closures": (E.Window, {}),
    "FixedLaunches": (E.Launch, {}),
    "Events": (E.Event, {"from": "from_"}),
    "Uncertainty": (E.Uncertainty, {"from": "from_"}),
    "Actuals": (E.Actual, {}),
    "Levers": (E.Lever, {"from": "from_"}),
}


def load_scenario(path: Path) -> Scenario:
    """Read, type-check and cross-check an input workbook; raises InputErrors listing all problems."""
    tables = read_tables(path, INPUT_SHEETS)
    return scenario_from_tables(tables)


def scenario_from_tables(tables: dict[str, list[Row]]) -> Scenario:
    errors: list[InputError] = []
    errors += _check_keys(tables)
    errors += _check_refs(tables)
    settings = _settings(tables.get("Settings", []), errors)
    built: dict[str, list] = {}
    for name, (cls, rename) in _ENTITY.items():
        rows = tables.get(name, [])
        built[name] = [e for e in (_entity(cls, row, rename, errors) for row in rows) if e is not None]
    overrides = _factory_overrides(tables.get("FactoryOutput", []), errors)
    factories = [f.model_copy(update={"overrides": overrides.get(f.id, ())}) for f in built["Factories"]]
    if errors or settings is None:
        raise InputErrors(errors)
    scenario = Scenario(
        settings=settings,
        constellations=tuple(built["Constellations"]),
        shells=tuple(built["Shells"]),
        milestones=tuple(built["Milestones"]),
        satellite_supply=tuple(built["SatelliteSupply"]),
        rockets=tuple(built["Rockets"]),
        capacities=tuple(built["RocketCapacity"]),
        factories=tuple(factories),
        engines=tuple(built["Engines"]),
        rocket_engines=tuple(built["RocketEngines"]),
        sites=tuple(built["Sites"]),
        pads=tuple(built["Pads"]),
        pad_rockets=tuple(built["PadRockets"]),
        pad_windows=tuple(built["PadWindows"]),
        closures=tuple(built["Closures"]),
        fixed_launches=tuple(built["FixedLaunches"]),
        events=tuple(built["Events"]),
        uncertainty=tuple(built["Uncertainty"]),
        actuals=tuple(built["Actuals"]),
        levers=tuple(built["Levers"]),
    )
    problems = validate_scenario(scenario)
    if problems:
        raise InputErrors(problems)
    return scenario


def _entity(cls, row: Row, rename: dict[str, str], errors: list[InputError]):
    data = {rename.get(k, k): v for k, v in row.values.items()}
    data["source"] = E.Source(sheet=row.sheet, row=row.number)
    try:
        return cls(**data)
    except ValidationError as exc:
        back = {v: k for k, v in rename.items()}
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else ""
            column = back.get(field, field)
            errors.append(InputError(row.sheet, row.number, column or None, shown(row.values.get(column)),
                                     err["msg"]))
        return None


def _settings(rows: list[Row], errors: list[InputError]) -> E.Settings | None:
    values: dict[str, Any] = {}
    where: dict[str, int] = {}
    for row in rows:
        key = row.values.get("key")
        if key is None:
            continue
        column = SETTING_KEYS[key]
        raw = row.values.get("value")
        if raw is None:
            errors.append(InputError("Settings", row.number, "value", None, f"{key}: {column.expected()}"))
            continue
        try:
            values[key] = parse(raw, column)
            where[key] = row.number
        except CellError as exc:
            errors.append(InputError("Settings", row.number, "value", shown(raw), f"{key}: {expected(column, exc)}"))
    for key, column in SETTING_KEYS.items():
        said = any(e.sheet == "Settings" and key in e.expected for e in errors)
        if column.required and key not in values and not said:
            errors.append(InputError("Settings", None, "key", None, f"a row with key {key!r}"))
    if "horizon_start" not in values or "horizon_end" not in values:
        return None
    start, end = values["horizon_start"], values["horizon_end"]
    if not 0 < (end - start).days <= MAX_HORIZON_DAYS:
        errors.append(InputError("Settings", where["horizon_end"], "value", shown(end),
                                 f"horizon_end after horizon_start ({start}) and at most "
                                 f"{MAX_HORIZON_DAYS:,} days after it"))
        return None
    as_of = values.get("as_of")
    if as_of is not None and not start <= as_of <= end:
        errors.append(InputError("Settings", where["as_of"], "value", shown(as_of),
                                 f"as_of: a date in the horizon {start} .. {end}"))
    weights = {k.removeprefix("weight_"): v for k, v in values.items() if k.startswith("weight_")}
    plain = {k: v for k, v in values.items() if not k.startswith("weight_")}
    return E.Settings(**plain, weights=E.Weights(**weights))


def _factory_overrides(rows: list[Row], errors: list[InputError]) -> dict[str, tuple]:
    """factory -> (first day of a month, vehicles) for each month a FactoryOutput row gives. A
    second row for the same factory and month is an error: which one holds is the planner's call."""
    out: dict[str, dict] = {}
    first: dict[tuple, int] = {}
    for row in rows:
        month = row.values.get("month")
        if "factory" in row.values and month is not None and "vehicles" in row.values:
            key = (row.values["factory"], month.replace(day=1))
            if key in first:
                errors.append(InputError("FactoryOutput", row.number, "month", shown(month),
                                         f"a month not already given for {key[0]} in row {first[key]}"))
                continue
            first[key] = row.number
            out.setdefault(key[0], {})[key[1]] = row.values["vehicles"]
    return {f: tuple(sorted(m.items())) for f, m in out.items()}


def _check_keys(tables: dict[str, list[Row]]) -> list[InputError]:
    """Duplicate rows on each sheet's declared key."""
    return [e for name, rows in tables.items() for e in _check_keys_of(INPUT[name], rows)]


def _check_keys_of(sheet: Sheet, rows: list[Row]) -> list[InputError]:
    errors: list[InputError] = []
    if not sheet.key:
        return errors
    seen: dict[tuple, int] = {}
    for row in rows:
        key = tuple(row.values.get(k) for k in sheet.key)
        if key[0] is None:
            continue
        if key in seen:
            errors.append(_duplicate(sheet, row.number, key, seen[key]))
        else:
            seen[key] = row.number
    return errors


def _duplicate(sheet: Sheet, number: int, key: tuple, first: int) -> InputError:
    if len(key) == 1:
        return InputError(sheet.name, number, sheet.key[0], shown(key[0]), f"a value not already used in row {first}")
    value = ", ".join("(blank)" if k is None else str(shown(k)) for k in key)
    return InputError(sheet.name, number, sheet.key[0], value,
                      f"a combination of {', '.join(sheet.key)} not already used in row {first}")


_IDS = {
    "Sites.site": lambda s: {x.id for x in s.sites},
    "Pads.pad": lambda s: {x.id for x in s.pads},
    "Rockets.rocket": lambda s: {x.id for x in s.rockets},
    "Constellations.constellation": lambda s: {x.id for x in s.constellations},
    "Shells.shell": lambda s: {x.id for x in s.shells},
    "Factories.factory": lambda s: {x.id for x in s.factories},
}


def _check_refs_against(sheet: Sheet, rows: list[Row], scenario: Scenario) -> list[InputError]:
    """References of a sheet read beside an already loaded scenario (a manifest, an events file)."""
    errors = []
    for col in sheet.columns:
        if col.ref is None:
            continue
        known = _IDS[col.ref](scenario)
        for row in rows:
            value = row.values.get(col.name)
            if value is not None and value not in known:
                errors.append(InputError(sheet.name, row.number, col.name, shown(value), col.expected()))
    return errors


def _check_refs(tables: dict[str, list[Row]]) -> list[InputError]:
    """Identifiers that name a row of another sheet must exist there."""
    known: dict[str, set] = {}
    for name in tables:
        for col in INPUT[name].columns:
            if col.ref is None:
                continue
            target_sheet, target_col = col.ref.split(".")
            if col.ref not in known:
                known[col.ref] = {r.values.get(target_col) for r in tables.get(target_sheet, [])}
    errors = []
    for name, rows in tables.items():
        for col in INPUT[name].columns:
            if col.ref is None:
                continue
            for row in rows:
                value = row.values.get(col.name)
                if value is not None and value not in known[col.ref]:
                    errors.append(InputError(name, row.number, col.name, shown(value), col.expected()))
    return errors


def load_launches(path: Path, scenario: Scenario, sheet_name: str = "Manifest") -> tuple[E.Launch, ...]:
    """The launches of a manifest workbook's Manifest sheet (or another sheet of that shape)."""
    sheet = Sheet(sheet_name, INPUT["FixedLaunches"].columns, required=True, key=("launch_id",))
    rows = read_tables(path, (sheet,))[sheet_name]
    errors = _check_keys_of(sheet, rows) + _check_refs_against(sheet, rows, scenario)
    launches = [_entity(E.Launch, row, {}, errors) for row in rows]
    if errors:
        raise InputErrors(errors)
    return tuple(launches)
