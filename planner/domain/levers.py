"""What a lever changes in a scenario: one function per kind of the Levers sheet.

A lever only relieves: the plan it is weighed against stays valid on the changed scenario.
Rows it adds (a twin pad's windows, a new line, more deliveries) go after the rows already
there, and a matured model's Uncertainty rows are retired by position, not removed, so every
other source draws the same numbers in the same future (common random numbers).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, timedelta

from planner.domain.entities import LEVER_KINDS, Factory, Lever, SatelliteDelivery, Uncertainty, Window
from planner.domain.scenario import Scenario
from planner.domain.supply import month_ends, satellite_key, satellite_stream_of


@dataclass(frozen=True)
class Levered:
    """A scenario with a lever pulled: the changed scenario, the Uncertainty rows it retires (by
    position) and the change in a planner's words."""

    scenario: Scenario
    retired: tuple[int, ...]
    change: str


def first_day(s: Scenario) -> date:
    """The plan's first day: as_of when given, else the horizon's start."""
    return max(s.settings.as_of or s.settings.horizon_start, s.settings.horizon_start)


def amount(lever: Lever) -> int:
    """The lever's amount, or its kind's default (0 for kinds that take none)."""
    return lever.amount if lever.amount is not None else LEVER_KINDS[lever.kind][1] or 0


def apply(s: Scenario, lever: Lever) -> Levered:
    """The scenario with `lever` pulled."""
    return _KINDS[lever.kind](s, lever, max(lever.from_ or first_day(s), s.settings.horizon_start))


def _fresh(name: str, taken: Collection[str]) -> str:
    while name in taken:
        name += "+"
    return name


def _copied_risks(s: Scenario, subject: str, twin: str) -> tuple[Uncertainty, ...]:
    """The Uncertainty rows about `subject`, now about `twin` too (after the rows already there)."""
    return tuple(u.model_copy(update={"subject": twin, "source": None}) for u in s.uncertainty if u.subject == subject)


def _pad(s: Scenario, lever: Lever, since: date) -> Levered:
    pad = s.pad[lever.subject]
    twin = _fresh(f"{pad.id}+", s.pad)
    closures = [w.model_copy(update={"pad": twin, "source": None}) for w in s.closures if w.pad == pad.id]
    if since > s.settings.horizon_start:
        closures.append(Window(pad=twin, start=s.settings.horizon_start, end=since - timedelta(days=1),
                               reason=f"{lever.lever}: open from {since}"))
    return Levered(s.model_copy(update={
        "pads": (*s.pads, pad.model_copy(update={"id": twin, "source": None})),
        "pad_rockets": (*s.pad_rockets, *(pr.model_copy(update={"pad": twin, "source": None})
                                          for pr in s.pad_rockets if pr.pad == pad.id)),
        "pad_windows": (*s.pad_windows, *(w.model_copy(update={"pad": twin, "source": None})
                                          for w in s.pad_windows if w.pad == pad.id)),
        "closures": (*s.closures, *closures),
        "uncertainty": (*s.uncertainty, *_copied_risks(s, pad.id, twin)),
    }), (), f"a twin of pad {pad.id} ({twin}) from {since}")


def _factory(s: Scenario, lever: Lever, since: date) -> Levered:
    f = next(f for f in s.factories if f.id == lever.subject)
    line = _fresh(f"{f.id}+", {x.id for x in s.factories})
    n = amount(lever)
    extra = Factory(id=line, rocket=f.rocket, monthly_output=n, start_date=max(since, f.start_date or since),
                    end_date=f.end_date, location=f.location)
    return Levered(s.model_copy(update={
        "factories": (*s.factories, extra),
        "uncertainty": (*s.uncertainty, *_copied_risks(s, f.id, line)),
    }), (), f"{n} more {f.rocket} a month at {f.id} from {extra.start_date}")


def _engine(s: Scenario, lever: Lever, since: date) -> Levered:
    e = next(e for e in s.engines if e.id == lever.subject)
    n = amount(lever)
    before = {end.replace(day=1): e.monthly_output
              for end in month_ends(s.settings.horizon_start, since - timedelta(days=1))} | dict(e.overrides)
    raised = e.model_copy(update={"monthly_output": e.monthly_output + n, "overrides": tuple(sorted(before.items()))})
    return Levered(s.model_copy(update={"engines": tuple(raised if x.id == e.id else x for x in s.engines)}), (),
                   f"{n} more {e.id} engines a month from {since}")


def _satellites(s: Scenario, lever: Lever, since: date) -> Levered:
    """More deliveries into the stream the subject draws from (a shell without rows of its own
    draws from its constellation's), each month from `since`, with the stream's lead time; none
    when the subject's satellites are not limited."""
    key = satellite_stream_of(s, lever.subject) if lever.subject in s.shell else lever.subject
    rows = [d for d in s.satellite_supply if satellite_key(d) == key]
    if key is None or not rows:  # satellites not limited: nothing to add
        return Levered(s, (), f"nothing: {lever.subject}'s satellites are not limited")
    shell = key.removeprefix("shell ") if key.startswith("shell ") else None
    constellation = s.shell[shell].constellation if shell else key
    n, lead = amount(lever), max((d.lead_days for d in rows), default=0)
    extra = [SatelliteDelivery(constellation=constellation, shell=shell, date=end, satellites=n, lead_days=lead)
             for end in month_ends(since, s.settings.horizon_end)]
    return Levered(s.model_copy(update={"satellite_supply": (*s.satellite_supply, *extra)}), (),
                   f"{n} more {shell or constellation} satellites a month from {since}")


def _separation(s: Scenario, lever: Lever, since: date) -> Levered:
    site = s.site[lever.subject]
    gap = max(1, site.min_days_between_launches - amount(lever))
    if gap == site.min_days_between_launches:
        return Levered(s, (), f"nothing: launches at {site.id} are already 1 day apart")
    sites = tuple(x.model_copy(update={"min_days_between_launches": gap}) if x.id == site.id else x for x in s.sites)
    return Levered(s.model_copy(update={"sites": sites}), (),
                   f"launches at {site.id} {gap} day(s) apart instead of {site.min_days_between_launches}")


def _maturity(s: Scenario, lever: Lever, since: date) -> Levered:
    """The model's own early-flight failure rows and its return-to-flight row retired."""
    retired = tuple(i for i, u in enumerate(s.uncertainty) if u.subject == lever.subject and (
        (u.kind == "launch_failure" and u.flights is not None) or u.kind == "return_to_flight"))
    if not retired:
        return Levered(s, (), f"nothing: {lever.subject} has no early-flight or return-to-flight rows of its own")
    return Levered(s, retired, f"{lever.subject} matured: at its Rockets reliability from its first flight")


_KINDS: dict[str, Callable[[Scenario, Lever, date], Levered]] = {
    "pad": _pad, "factory": _factory, "engine": _engine, "satellites": _satellites, "separation": _separation,
    "maturity": _maturity,
}
