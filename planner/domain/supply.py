"""Supply streams (rule 8): what each stream makes usable, and when.

A stream is a step function: `deliveries` lists (first usable date, quantity), lead time
already applied; initial stock is usable from horizon_start. Launches consume from streams:
vehicles of a model (ceil(launches / flights_per_vehicle)), engines of a type (per vehicle, at
the vehicle's first launch) and satellites of a constellation or shell.
"""

from __future__ import annotations

import calendar
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from planner.domain.entities import SatelliteDelivery
from planner.domain.scenario import Scenario


@dataclass(frozen=True)
class Stream:
    kind: str  # "vehicles", "engines" or "satellites"
    key: str  # rocket, engine, constellation or shell
    deliveries: tuple[tuple[date, int], ...]

    @property
    def name(self) -> str:
        return stream_name(self.kind, self.key)

    def available(self, d: date) -> int:
        """Total quantity usable on day d."""
        i = bisect_right(self.deliveries, (d, float("inf")))
        return self.totals[i - 1] if i else 0

    @property
    def totals(self) -> list[int]:
        return list(accumulate(q for _, q in self.deliveries))


def stream_name(kind: str, key: str) -> str:
    """The one name of a stream, in every sheet and message: "vehicles CZ-8", "engines YF-100",
    "satellites GW" or, for a shell with supply rows of its own, "satellites shell GW-A"."""
    return f"{kind} {key}"


def month_ends(first: date, last: date) -> list[date]:
    """Last days of the months whose last day lies in [first, last]."""
    ends: list[date] = []
    y, m = first.year, first.month
    while True:
        end = date(y, m, calendar.monthrange(y, m)[1])
        if end > last:
            return ends
        if end >= first:
            ends.append(end)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def monthly_deliveries(
    s: Scenario, start: date | None, end: date | None, output: int, overrides: dict[date, int]
) -> list[tuple[date, int]]:
    """(month end, quantity) of a monthly line in the horizon: `output` a month, or the month's
    override (keyed by its first day), for months whose last day lies in [start, end]."""
    lo = max(start or s.settings.horizon_start, s.settings.horizon_start)
    hi = min(end or s.settings.horizon_end, s.settings.horizon_end)
    out = []
    for e in month_ends(lo, hi):
        q = overrides.get(e.replace(day=1), output)
        if q:
            out.append((e, q))
    return out


def _stream(kind: str, key: str, items: list[tuple[date, int]]) -> Stream:
    merged: dict[date, int] = {}
    for d, q in items:
        merged[d] = merged.get(d, 0) + q
    return Stream(kind, key, tuple(sorted((d, q) for d, q in merged.items() if q > 0)))


def vehicle_stream(s: Scenario, rocket: str) -> Stream | None:
    """Vehicles of a model; None when the model is not limited."""
    r = s.rocket[rocket]
    factories = [f for f in s.factories if f.rocket == rocket]
    if not factories and r.initial_stock is None:
        return None
    lead = timedelta(days=r.lead_days)
    items = [(s.settings.horizon_start, r.initial_stock or 0)]
    for f in factories:
        made = monthly_deliveries(s, f.start_date, f.end_date, f.monthly_output, dict(f.overrides))
        items += [(d + lead, q) for d, q in made]
    return _stream("vehicles", rocket, items)


def engine_stream(s: Scenario, engine: str) -> Stream:
    e = next(e for e in s.engines if e.id == engine)
    lead = timedelta(days=e.lead_days)
    made = monthly_deliveries(s, e.start_date, e.end_date, e.monthly_output, dict(e.overrides))
    return _stream(
        "engines", engine, [(s.settings.horizon_start, e.initial_stock)] + [(d + lead, q) for d, q in made]
    )


def satellite_key(row: SatelliteDelivery) -> str:
    """The key of the satellite stream a supply row delivers to: `shell X` for a shell's own
    rows, the constellation's id for the others (so a shell named like a constellation keeps a
    stream of its own)."""
    return f"shell {row.shell}" if row.shell else row.constellation


def satellite_streams(s: Scenario) -> dict[str, Stream]:
    """Satellite streams by key (a shell with its own rows, or a constellation)."""
    items: dict[str, list[tuple[date, int]]] = {}
    for row in s.satellite_supply:
        items.setdefault(satellite_key(row), []).append((row.date + timedelta(days=row.lead_days), row.satellites))
    return {k: _stream("satellites", k, v) for k, v in items.items()}


def satellite_stream_of(s: Scenario, shell: str) -> str | None:
    """The satellite stream a shell draws from: its own rows, else its constellation's, else none."""
    streams = {satellite_key(d) for d in s.satellite_supply}
    constellation = s.shell[shell].constellation
    return next((k for k in (f"shell {shell}", constellation) if k in streams), None)


def satellite_stream_name(s: Scenario, shell: str) -> str | None:
    """The name of the satellite stream a shell draws from; None when it is not limited."""
    key = satellite_stream_of(s, shell)
    return None if key is None else stream_name("satellites", key)


def streams(s: Scenario) -> dict[str, Stream]:
    """Every limited stream by name: vehicles by model, engines by type, then satellites, in
    sheet order."""
    out = [vehicle_stream(s, r.id) for r in s.rockets] + [engine_stream(s, e.id) for e in s.engines]
    return {st.name: st for st in [*out, *satellite_streams(s).values()] if st is not None}


def engines_per_vehicle(s: Scenario, engine: str) -> dict[str, int]:
    """rocket -> engines of this type used by each new vehicle."""
    return {re.rocket: re.per_vehicle for re in s.rocket_engines if re.engine == engine}
