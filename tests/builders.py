"""Small scenarios and launches built in code, for the tests of every layer.

`tiny_scenario()` is the smallest scenario that exercises each rule; `tiny_manifest()` is a plan
valid in it. Change a scenario with `tiny_scenario(field=...)` (replace a whole table),
`extend(s, table=[...])` (add rows) and `amend(s, table, id, field=...)` (change one row).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from planner.domain.entities import (
    Capacity,
    Constellation,
    Engine,
    Factory,
    Grounding,
    Launch,
    Milestone,
    Pad,
    PadRocket,
    Rocket,
    RocketEngine,
    SatelliteDelivery,
    Settings,
    Shell,
    Site,
    Window,
)
from planner.domain.scenario import Scenario

START = date(2027, 1, 1)
END = date(2027, 3, 31)  # 90 days


def day(n: int) -> date:
    """The date n days after horizon_start of the tiny scenario (day 0 = 2027-01-01)."""
    return START + timedelta(days=n)


def tiny_scenario(**fields: object) -> Scenario:
    """One constellation, two shells, one site with two pads, two rockets, 90 days.

    - GW: shells GW-A (50 deg, holds 60) and GW-B (86 deg, holds 40); milestones GW-A 20 by
      2027-03-01 (weight 2) and GW 40 by 2027-03-31.
    - Site WC reaches 19..90 deg, launches at least 2 days apart.
    - Pad WC-1 (turnaround 7) flies CZ-8A (turnaround 10 after it) and CZ-12; pad WC-2
      (turnaround 5) flies CZ-12 only.
    - CZ-8A: 350 MCNY, reliability 0.95, GW-A <= 10, GW-B <= 8.
      CZ-12: 420 MCNY, reliability 0.90, GW-A <= 12, GW-B 4..10.
    - No supply limits, windows, closures, groundings or fixed launches.
    """
    base: dict[str, object] = {
        "settings": Settings(horizon_start=START, horizon_end=END, time_limit_s=10, workers=1),
        "constellations": (Constellation(id="GW", name="Guowang"),),
        "shells": (
            Shell(id="GW-A", constellation="GW", altitude_km=550, inclination_deg=50, satellites=60),
            Shell(id="GW-B", constellation="GW", altitude_km=1100, inclination_deg=86, satellites=40),
        ),
        "milestones": (
            Milestone(constellation="GW", shell="GW-A", due_date=day(59), satellites_in_orbit=20, weight=2),
            Milestone(constellation="GW", due_date=END, satellites_in_orbit=40),
        ),
        "rockets": (
            Rocket(id="CZ-8A", name="Long March 8A", cost_mcny=350, reliability=0.95),
            Rocket(id="CZ-12", name="Long March 12", cost_mcny=420, reliability=0.90),
        ),
        "capacities": (
            Capacity(rocket="CZ-8A", shell="GW-A", max_satellites=10),
            Capacity(rocket="CZ-8A", shell="GW-B", max_satellites=8),
            Capacity(rocket="CZ-12", shell="GW-A", max_satellites=12),
            Capacity(rocket="CZ-12", shell="GW-B", max_satellites=10, min_satellites=4),
        ),
        "sites": (Site(id="WC", name="Wenchang", min_inclination_deg=19, max_inclination_deg=90,
                    min_days_between_launches=2),),
        "pads": (Pad(id="WC-1", site="WC", turnaround_days=7), Pad(id="WC-2", site="WC", turnaround_days=5)),
        "pad_rockets": (
            PadRocket(pad="WC-1", rocket="CZ-8A", turnaround_days=10),
            PadRocket(pad="WC-1", rocket="CZ-12"),
            PadRocket(pad="WC-2", rocket="CZ-12"),
        ),
    }
    base.update(fields)
    return Scenario(**base)


_TINY = tiny_scenario()


def launch(
    launch_id: str,
    when: date,
    pad: str = "WC-1",
    rocket: str = "CZ-8A",
    shell: str = "GW-A",
    satellites: int = 8,
    status: str = "planned",
    *,
    site: str | None = None,
    constellation: str | None = None,
) -> Launch:
    """A launch; site and constellation follow from the tiny scenario's pad and shell unless given."""
    return Launch(
        launch_id=launch_id,
        date=when,
        site=site or _TINY.pad[pad].site,
        pad=pad,
        rocket=rocket,
        constellation=constellation or _TINY.shell[shell].constellation,
        shell=shell,
        satellites=satellites,
        status=status,
    )


def tiny_manifest() -> list[Launch]:
    """Six launches valid in tiny_scenario(); 41 satellites to GW-A, 18 to GW-B."""
    return [
        launch("L01", day(4), "WC-1", "CZ-8A", "GW-A", 10),
        launch("L02", day(6), "WC-2", "CZ-12", "GW-B", 10),
        launch("L03", day(14), "WC-1", "CZ-8A", "GW-A", 10),
        launch("L04", day(20), "WC-2", "CZ-12", "GW-A", 12),
        launch("L05", day(30), "WC-1", "CZ-12", "GW-B", 8),
        launch("L06", day(45), "WC-1", "CZ-8A", "GW-A", 9),
    ]


def shell_named_like_its_constellation() -> Scenario:
    """tiny_scenario() with shell GW-B renamed GW, the id of its constellation; no supply rows."""
    s = tiny_scenario()
    return s.model_copy(update={
        "shells": tuple(sh.model_copy(update={"id": "GW"}) if sh.id == "GW-B" else sh for sh in s.shells),
        "capacities": tuple(c.model_copy(update={"shell": "GW"}) if c.shell == "GW-B" else c for c in s.capacities),
    })


def extend(s: Scenario, **rows: Iterable[object]) -> Scenario:
    """A copy of `s` with rows added to the named tables: extend(s, closures=[closure(...)])."""
    return s.model_copy(update={table: (*getattr(s, table), *new) for table, new in rows.items()})


def amend(s: Scenario, table: str, row_id: str, **fields: object) -> Scenario:
    """A copy of `s` with one row (by id) of a table changed: amend(s, "rockets", "CZ-8A", initial_stock=2)."""
    rows = getattr(s, table)
    if not any(r.id == row_id for r in rows):
        raise KeyError(f"{table} has no row {row_id!r}")
    changed = tuple(r.model_copy(update=fields) if r.id == row_id else r for r in rows)
    return s.model_copy(update={table: changed})


def with_settings(s: Scenario, **fields: object) -> Scenario:
    return s.model_copy(update={"settings": s.settings.model_copy(update=fields)})


# --- rows for the optional tables ------------------------------------------------------------


def factory(
    rocket: str,
    monthly_output: int,
    factory_id: str | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
    overrides: Iterable[tuple[date, int]] = (),
) -> Factory:
    """A factory line; overrides are (any day of the month, vehicles)."""
    return Factory(
        id=factory_id or f"{rocket} factory",
        rocket=rocket,
        monthly_output=monthly_output,
        start_date=start,
        end_date=end,
        overrides=tuple((m.replace(day=1), q) for m, q in overrides),
    )


def engine(
    engine_id: str,
    monthly_output: int,
    initial_stock: int = 0,
    *,
    lead_days: int = 0,
    start: date | None = None,
    end: date | None = None,
) -> Engine:
    return Engine(id=engine_id, monthly_output=monthly_output, initial_stock=initial_stock,
                  lead_days=lead_days, start_date=start, end_date=end)


def engines_on(rocket: str, engine_id: str, per_vehicle: int) -> RocketEngine:
    return RocketEngine(rocket=rocket, engine=engine_id, per_vehicle=per_vehicle)


def supply(when: date, satellites: int, constellation: str = "GW", *, shell: str | None = None,
           lead_days: int = 0) -> SatelliteDelivery:
    return SatelliteDelivery(constellation=constellation, date=when, satellites=satellites, shell=shell,
                             lead_days=lead_days)


def window(pad: str, start: date, end: date) -> Window:
    """An availability window of a pad."""
    return Window(pad=pad, start=start, end=end)


def closure(start: date, end: date, *, pad: str | None = None, site: str | None = None, reason: str = "") -> Window:
    """A closure of a pad or a site (name one of them)."""
    return Window(pad=pad, site=site, start=start, end=end, reason=reason)


def grounding(rocket: str, start: date, end: date, reason: str = "") -> Grounding:
    return Grounding(rocket=rocket, start=start, end=end, reason=reason)


def near_empty_baseline() -> list[Launch]:
    """A baseline for `tiny_scenario`: both pads kept busy all the horizon by launches of one
    satellite each. Nothing fits beside them, so a re-plan that keeps them misses both
    milestones, and one rebuilt by dispatch meets them."""
    return ([launch(f"A{d}", day(d), "WC-1", "CZ-8A", "GW-A", 1) for d in range(2, 89, 10)]
            + [launch(f"B{d}", day(d), "WC-2", "CZ-12", "GW-A", 1) for d in range(0, 89, 5)])
