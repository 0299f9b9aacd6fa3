"""Rule 8, supply chains: what launches consume by any day never exceeds what was usable by then.

Every stream is a step function of usable stock; consumption only grows, so it is enough to
hold the rule on the eve of each step and on the horizon's last day.
"""

from __future__ import annotations

from planner.domain import supply
from planner.domain.scenario import Scenario
from planner.model.variables import LinearExpr, Variables


def checkpoints(s: Scenario, stream: supply.Stream) -> list[tuple[int, int]]:
    """(day t, quantity usable on day t) for the days the rule must be held on."""
    days = sorted({s.day(d) - 1 for d, _ in stream.deliveries if 0 < s.day(d) <= s.horizon_days - 1})
    days.append(s.horizon_days - 1)
    return [(t, stream.available(s.date_of(t))) for t in days]


def build(v: Variables) -> None:
    s = v.scenario
    for rocket in sorted(s.rocket):
        stream = supply.vehicle_stream(s, rocket)
        if stream is not None:
            fpv = s.rocket[rocket].flights_per_vehicle
            for t, usable in checkpoints(s, stream):
                v.model.add(launches_by(v, rocket, t) <= fpv * usable)
    for engine in s.engines:
        per_vehicle = supply.engines_per_vehicle(s, engine.id)
        for t, usable in checkpoints(s, supply.engine_stream(s, engine.id)):
            used = sum(n * vehicles_by(v, rocket, t) for rocket, n in sorted(per_vehicle.items()))
            v.model.add(used <= usable)
    for key, stream in sorted(supply.satellite_streams(s).items()):
        shells = frozenset(sh.id for sh in s.shells if supply.satellite_stream_of(s, sh.id) == key)
        for t, usable in checkpoints(s, stream):
            v.model.add(satellites_by(v, shells, t, consumed=True) <= usable)


def launches_by(v: Variables, rocket: str, t: int) -> LinearExpr:
    """Launches of `rocket` on days <= t, fixed ones within the horizon included."""
    fixed = v.scenario.fixed_by(("launches", rocket), t)
    planned = v.by_day(
        t,
        whole=lambda k: v.rocket(k, rocket) if rocket in v.slots[k].rocket_days else 0,
        part=lambda k, day: v.flies_by(k, rocket, day) if rocket in v.slots[k].rocket_days else 0,
        name=("launches", rocket),
    )
    return fixed + planned


def vehicles_by(v: Variables, rocket: str, t: int) -> LinearExpr:
    """Vehicles of `rocket` first flown by day t: ceil(launches / flights_per_vehicle)."""
    fpv = v.scenario.rocket[rocket].flights_per_vehicle
    launches = launches_by(v, rocket, t)
    if fpv == 1:
        return launches
    vehicles = v.model.new_int_var(0, len(v.slots) + len(v.scenario.fixed_launches), f"veh_{rocket}_{t}")
    v.model.add(fpv * vehicles >= launches)
    return vehicles


def satellites_by(v: Variables, shells: frozenset[str], t: int, consumed: bool) -> LinearExpr:
    """Satellites launched to `shells` on days <= t: as consumed from supply (failed launches
    included, launches before the horizon not: they drew on earlier supply; the expression may
    only overstate) or as put in orbit (failed launches excluded; it may only understate)."""
    fixed = sum(v.scenario.fixed_by(("consumed" if consumed else "in orbit", shell), t) for shell in shells)
    planned = v.by_day(
        t,
        whole=lambda k: v.sats_to(k, shells),
        part=lambda k, day: v.sats_by(k, shells, day, at_least=consumed) if v.carries(k, shells) else 0,
        name=("satellites", shells, consumed),
    )
    return fixed + planned


def relax(v: Variables) -> None:
    """As in the model: the undated relaxation counts a slot's satellites and vehicles on its
    bucket's last day."""
    build(v)
