"""Write a Scenario back to an input workbook: the inverse of the loader.

Every input sheet of the schema is written, its columns in declared order; `load_scenario` of
the result equals the scenario apart from where each row was read (`source`). Groundings are
not written: the loader derives none, they come from events at re-planning.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from openpyxl import Workbook

from planner.domain import entities as E
from planner.domain.scenario import Scenario
from planner.workbook.loader import _ENTITY
from planner.workbook.schema import INPUT_SHEETS, SETTING_KEYS, Sheet
from planner.workbook.writer import add_table, new_book, save_atomic

Rows = list[dict[str, object]]

# sheet -> the Scenario field holding its entities (sheets read through the loader's _ENTITY)
_FIELD = {
    "Constellations": "constellations",
    "Shells": "shells",
    "Milestones": "milestones",
    "SatelliteSupply": "satellite_supply",
    "Rockets": "rockets",
    "RocketCapacity": "capacities",
    "Factories": "factories",
    "Engines": "engines",
    "RocketEngines": "rocket_engines",
    "Sites": "sites",
    "Pads": "pads",
    "PadRockets": "pad_rockets",
    "PadWindows": "pad_windows",
    "Closures": "closures",
    "FixedLaunches": "fixed_launches",
    "Events": "events",
    "Uncertainty": "uncertainty",
    "Actuals": "actuals",
    "Levers": "levers",
}


def write_scenario(scenario: Scenario, path: Path) -> Path:
    """Write the scenario as an input workbook at `path` (replaced atomically); returns `path`."""
    save_atomic(scenario_to_book(scenario), path)
    return path


def scenario_to_book(scenario: Scenario) -> Workbook:
    """An input workbook holding the scenario, one sheet per input sheet of the schema."""
    book = new_book()
    for sheet in INPUT_SHEETS:
        add_table(book, sheet, _rows(sheet, scenario))
    return book


def _rows(sheet: Sheet, scenario: Scenario) -> Rows:
    special: dict[str, Callable[[Scenario], Rows]] = {
        "Settings": _settings_rows,
        "FactoryOutput": _factory_output_rows,
    }
    if sheet.name in special:
        return special[sheet.name](scenario)
    _, rename = _ENTITY[sheet.name]
    return [_entity_row(sheet, entity, rename) for entity in getattr(scenario, _FIELD[sheet.name])]


def _entity_row(sheet: Sheet, entity: E.Entity, rename: Mapping[str, str]) -> dict[str, object]:
    """The entity's values by column name; unset values (None, empty text) are left blank."""
    row = {c.name: getattr(entity, rename.get(c.name, c.name)) for c in sheet.columns}
    return {name: value for name, value in row.items() if value is not None and value != ""}


def _settings_rows(scenario: Scenario) -> Rows:
    """Required settings, and every other setting whose value differs from its default."""
    values = _setting_values(scenario.settings)
    defaults = _setting_defaults()
    return [
        {"key": key, "value": values[key]}
        for key, column in SETTING_KEYS.items()
        if values[key] is not None and (column.required or values[key] != defaults[key])
    ]


def _setting_values(settings: E.Settings) -> dict[str, object]:
    return {key: _setting(settings, key) for key in SETTING_KEYS}


def _setting_defaults() -> dict[str, object]:
    weights = {f"weight_{name}": info.default for name, info in E.Weights.model_fields.items()}
    plain = {name: info.default for name, info in E.Settings.model_fields.items()}
    return {key: weights.get(key, plain.get(key)) for key in SETTING_KEYS}


def _setting(settings: E.Settings, key: str) -> object:
    if key.startswith("weight_"):
        return getattr(settings.weights, key.removeprefix("weight_"))
    return getattr(settings, key)


def _factory_output_rows(scenario: Scenario) -> Rows:
    """One row per month a factory's output differs from its monthly_output."""
    return [
        {"factory": f.id, "month": month, "vehicles": vehicles}
        for f in scenario.factories
        for month, vehicles in f.overrides
    ]

