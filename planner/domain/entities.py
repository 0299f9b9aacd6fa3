"""The planning domain: validated, immutable entities, independent of Excel and of OR-Tools."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict


class Entity(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(Entity):
    """Where an entity was read from: a sheet and the row number as Excel shows it."""

    sheet: str
    row: int

    def __str__(self) -> str:
        return f"{self.sheet} row {self.row}"


class Weights(Entity):
    """Objective weights; the defaults make the levels effectively lexicographic."""

    milestone: int = 100_000_000  # per satellite short, times the milestone's weight
    speed: int = 100  # per satellite-day in orbit, a gain
    cost: int = 10  # per million CNY
    risk: int = 1_000  # per expected satellite lost
    stability: int = 10_000_000  # per change against a re-plan's baseline: a tenth of a satellite


class Settings(Entity):
    horizon_start: dt.date
    horizon_end: dt.date
    time_limit_s: float = 60.0
    workers: int = 2
    seed: int = 0
    deterministic: bool = True
    gap_limit_pct: float = 0.0
    freeze_days: int = 0
    as_of: dt.date | None = None
    max_changes: int | None = None  # re-planning: at most this many changes
    replan_every_days: int | None = None  # planner risk: re-plan on this cadence, not at every event
    weights: Weights = Weights()


class Constellation(Entity):
    id: str
    name: str = ""
    operator: str = ""
    filed_satellites: int | None = None
    source: Source | None = None


class Shell(Entity):
    id: str
    constellation: str
    altitude_km: float
    inclination_deg: float
    satellites: int
    satellite_mass_kg: float | None = None
    planes: int | None = None
    source: Source | None = None


class Milestone(Entity):
    constellation: str
    due_date: dt.date
    satellites_in_orbit: int
    shell: str | None = None
    weight: int = 1
    hard: bool = False
    label: str = ""
    source: Source | None = None

    @property
    def name(self) -> str:
        where = self.shell or self.constellation
        return self.label or f"{where} {self.satellites_in_orbit} by {self.due_date}"


class Actual(Entity):
    """What happened (an Actuals row): satellites of a constellation, or of one shell, in orbit
    on a date, counted as milestones count them. Read by `planner risk` beside its futures, for a
    backtest; no plan reads it."""

    constellation: str
    date: dt.date
    satellites_in_orbit: int
    shell: str | None = None
    note: str = ""
    source: Source | None = None


class SatelliteDelivery(Entity):
    constellation: str
    date: dt.date
    satellites: int
    shell: str | None = None
    lead_days: int = 0
    source: Source | None = None


class Rocket(Entity):
    id: str
    name: str = ""
    provider: str = ""
    available_from: dt.date | None = None
    cost_mcny: float = 0.0
    reliability: float = 1.0
    flights_per_vehicle: int = 1
    lead_days: int = 0
    return_to_flight_days: int = 0
    initial_stock: int | None = None
    min_days_between_launches: int | None = None  # launch campaign: one model's launches this far apart
    source: Source | None = None


class Capacity(Entity):
    rocket: str
    shell: str
    max_satellites: int
    min_satellites: int = 1
    site: str | None = None
    source: Source | None = None


class Factory(Entity):
    id: str
    rocket: str
    monthly_output: int
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    location: str = ""
    overrides: tuple[tuple[dt.date, int], ...] = ()  # (first day of month, vehicles)
    source: Source | None = None


class Engine(Entity):
    id: str
    monthly_output: int
    initial_stock: int = 0
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    lead_days: int = 0
    overrides: tuple[tuple[dt.date, int], ...] = ()  # (first day of month, engines): a lever's earlier months
    source: Source | None = None


class RocketEngine(Entity):
    rocket: str
    engine: str
    per_vehicle: int
    source: Source | None = None


class Site(Entity):
    id: str
    min_inclination_deg: float
    max_inclination_deg: float
    name: str = ""
    latitude_deg: float | None = None
    min_days_between_launches: int = 1
    source: Source | None = None


class Pad(Entity):
    id: str
    site: str
    turnaround_days: int
    source: Source | None = None


class PadRocket(Entity):
    pad: str
    rocket: str
    turnaround_days: int | None = None
    source: Source | None = None


class Window(Entity):
    """A closed interval of days [start, end] on one pad (availability) or a pad/site (closure)."""

    start: dt.date
    end: dt.date
    pad: str | None = None
    site: str | None = None
    reason: str = ""
    source: Source | None = None


class Grounding(Entity):
    """No launch of `rocket` on days [start, end]."""

    rocket: str
    start: dt.date
    end: dt.date
    reason: str = ""


FACT_STATUSES = ("history", "failed")  # launches that happened: facts, not decisions


class Launch(Entity):
    launch_id: str
    date: dt.date
    site: str
    pad: str
    rocket: str
    constellation: str
    shell: str
    satellites: int
    status: str = "planned"
    capacity_used_pct: float | None = None
    cost_mcny: float | None = None
    note: str = ""
    source: Source | None = None

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    @property
    def is_fact(self) -> bool:
        return self.status in FACT_STATUSES


class Event(Entity):
    event: str
    launch_id: str | None = None
    rocket: str | None = None
    pad: str | None = None
    site: str | None = None
    factory: str | None = None
    constellation: str | None = None
    shell: str | None = None
    date: dt.date | None = None
    from_: dt.date | None = None
    to: dt.date | None = None
    days: int | None = None
    satellites: int | None = None
    note: str = ""
    source: Source | None = None


_DAYS = ("min_days", "mode_days", "max_days")
# Uncertainty kind -> (the tables its subject may name, the fields it requires, the field it may use)
UNCERTAINTY_USES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "launch_failure": (("rocket",), ("probability",), ("flights",)),
    "return_to_flight": (("rocket",), _DAYS, ()),
    "launch_slip": (("rocket", "site", "pad"), ("probability", *_DAYS), ()),
    "factory_yield": (("factory",), ("probability",), ()),
    "factory_delay": (("factory",), ("probability", *_DAYS), ()),
    "engine_yield": (("engine",), ("probability",), ()),
    "satellite_slip": (("constellation", "shell"), ("probability", *_DAYS), ()),
    "weather": (("site", "pad"), ("probability", "from_", "to"), ()),
}
UNCERTAIN_FIELDS = ("probability", *_DAYS, "from_", "to", "flights")


class Uncertainty(Entity):
    """One source of what may go wrong, for `planner risk` (an Uncertainty row). `subject` names
    the rocket, factory, engine, constellation, shell, site or pad the row is about (None: all
    of its kind). Durations are triangular in whole days (`min_days`, `mode_days`, `max_days`);
    `from_` and `to` of a weather row are read as month and day, every year."""

    kind: str
    subject: str | None = None
    probability: float | None = None
    min_days: int | None = None
    mode_days: int | None = None
    max_days: int | None = None
    from_: dt.date | None = None
    to: dt.date | None = None
    flights: int | None = None
    note: str = ""
    source: Source | None = None

    @property
    def label(self) -> str:
        """The source in a planner's words: its kind, subject and row."""
        row = f" (Uncertainty row {self.source.row})" if self.source else ""
        return f"{self.kind} {self.subject or 'all'}{row}"


# Lever kind -> (the tables its subject may name, its default amount (None: it takes none),
# whether it takes a `from` date)
LEVER_KINDS: dict[str, tuple[tuple[str, ...], int | None, bool]] = {
    "pad": (("pad",), None, True),
    "factory": (("factory",), 1, True),
    "engine": (("engine",), 10, True),
    "satellites": (("constellation", "shell"), 20, True),
    "separation": (("site",), 1, False),
    "maturity": (("rocket",), None, False),
}


class Lever(Entity):
    """One investment that changes the scenario (a Levers row): a twin pad, more output of a
    factory or engine line, more satellites, a shorter site separation, a matured model.
    `amount` blank takes the kind's default; `from_` blank: the plan's first day."""

    lever: str
    kind: str
    subject: str
    amount: int | None = None
    from_: dt.date | None = None
    cost_mcny: float | None = None
    note: str = ""
    source: Source | None = None

