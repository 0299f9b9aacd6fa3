"""Checks across rows that no single cell shows: date order, horizon, consistency of fixed launches."""

from __future__ import annotations

from datetime import date

from planner.domain.entities import LEVER_KINDS, UNCERTAIN_FIELDS, UNCERTAINTY_USES, Entity
from planner.domain.errors import InputError
from planner.domain.scenario import Scenario


def _err(entity: Entity, column: str | None, value: object, expected: str) -> InputError:
    src = getattr(entity, "source", None)
    shown = value.isoformat() if isinstance(value, date) else value
    if isinstance(shown, float) and shown.is_integer():
        shown = int(shown)
    return InputError(src.sheet if src else type(entity).__name__, src.row if src else None, column, shown, expected)


def validate_scenario(s: Scenario) -> list[InputError]:
    """Every semantic problem of a scenario whose cells and references are already valid."""
    errors: list[InputError] = []
    start, end = s.settings.horizon_start, s.settings.horizon_end

    def in_horizon(entity: Entity, column: str, d: date | None) -> None:
        if d is not None and not start <= d <= end:
            errors.append(_err(entity, column, d, f"a date in the horizon {start} .. {end}"))

    for site in s.sites:
        if site.min_inclination_deg > site.max_inclination_deg:
            errors.append(
                _err(site, "max_inclination_deg", site.max_inclination_deg,
                     f"at least min_inclination_deg ({site.min_inclination_deg:g})")
            )
    for sh in s.shells:
        if not any(s.reachable(site.id, sh.id) for site in s.sites):
            errors.append(_err(sh, "inclination_deg", sh.inclination_deg, "an inclination some site can reach"))
    for row, shell, constellation in [(m, m.shell, m.constellation) for m in s.milestones] \
            + [(d, d.shell, d.constellation) for d in s.satellite_supply] \
            + [(a, a.shell, a.constellation) for a in s.actuals]:
        if shell and s.shell[shell].constellation != constellation:
            errors.append(_err(row, "shell", shell, f"a shell of constellation {constellation}"))
    for m in s.milestones:
        in_horizon(m, "due_date", m.due_date)
    for a in s.actuals:
        in_horizon(a, "date", a.date)
    for c in s.capacities:
        if c.min_satellites > c.max_satellites:
            errors.append(_err(c, "min_satellites", c.min_satellites, f"at most max_satellites ({c.max_satellites})"))
    for w in (*s.pad_windows, *s.closures):
        if w.end < w.start:
            errors.append(_err(w, "end", w.end, f"a date on or after start ({w.start})"))
    for closure in s.closures:
        if (closure.site is None) == (closure.pad is None):
            errors.append(_err(closure, "site", closure.site, "either a site or a pad (one of them)"))
    for f in s.factories:
        if f.start_date and f.end_date and f.end_date < f.start_date:
            errors.append(_err(f, "end_date", f.end_date, f"a date on or after start_date ({f.start_date})"))
    for e in s.engines:
        if e.start_date and e.end_date and e.end_date < e.start_date:
            errors.append(_err(e, "end_date", e.end_date, f"a date on or after start_date ({e.start_date})"))
    for ev in s.events:
        if ev.from_ and ev.to and ev.to < ev.from_:
            errors.append(_err(ev, "to", ev.to, f"a date on or after from ({ev.from_})"))
    for pr in s.pad_rockets:
        at = s.pad[pr.pad].site
        if not any(s.capacity(pr.rocket, sh.id, at) for sh in s.shells):
            errors.append(_err(pr, "rocket", pr.rocket, f"a rocket with a RocketCapacity row usable at site {at}"))
    for launch in s.fixed_launches:
        errors += _fixed_launch_problems(s, launch)
        in_horizon(launch, "date", launch.date)
    errors += _uncertainty_problems(s)
    errors += _lever_problems(s)
    for lever in s.levers:
        in_horizon(lever, "from", lever.from_)
    return errors


_STACKING = ("launch_slip", "weather")  # kinds whose rows may share a subject: they add up


def _ids(s: Scenario) -> dict[str, set[str]]:
    """The identifiers a subject may name, by the table that defines them."""
    return {"rocket": set(s.rocket), "site": set(s.site), "pad": set(s.pad), "factory": {f.id for f in s.factories},
            "engine": {e.id for e in s.engines}, "constellation": {c.id for c in s.constellations},
            "shell": set(s.shell)}


def _lever_problems(s: Scenario) -> list[InputError]:
    """Each Levers row names a subject of the table its kind names, and an amount and a from
    date only where its kind takes them."""
    ids = _ids(s)
    errors: list[InputError] = []
    for lever in s.levers:
        subjects, default, dated = LEVER_KINDS[lever.kind]
        if not any(lever.subject in ids[k] for k in subjects):
            errors.append(_err(lever, "subject", lever.subject, f"for {lever.kind}: a {' or '.join(subjects)} "
                                                                "of the scenario"))
        supplied = [d.shell for d in s.satellite_supply if d.constellation == lever.subject]
        if lever.kind == "satellites" and lever.subject not in ids["shell"] and supplied and None not in supplied:
            # a constellation whose satellites all come by shell
            errors.append(_err(lever, "subject", lever.subject, f"one of {lever.subject}'s shells: its satellites "
                                                                "come by shell (SatelliteSupply)"))
        if default is None and lever.amount is not None:
            errors.append(_err(lever, "amount", lever.amount, f"blank: a {lever.kind} lever takes no amount"))
        if not dated and lever.from_ is not None:
            errors.append(_err(lever, "from", lever.from_, f"blank: a {lever.kind} lever holds over the whole "
                                                           "horizon"))
    return errors


def _uncertainty_problems(s: Scenario) -> list[InputError]:
    """Each Uncertainty row names a subject of its kind and fills exactly the columns its kind uses."""
    ids = _ids(s)
    errors: list[InputError] = []
    seen: dict[tuple[str, str | None], int | None] = {}
    for u in s.uncertainty:
        subjects, required, optional = UNCERTAINTY_USES[u.kind]
        if u.subject is not None and not any(u.subject in ids[k] for k in subjects):
            errors.append(_err(u, "subject", u.subject, f"for {u.kind}: a {' or '.join(subjects)} of the scenario, "
                                                        "or blank for all"))
        for name in UNCERTAIN_FIELDS:
            value, column = getattr(u, name), name.rstrip("_")
            if name in required and value is None:
                errors.append(_err(u, column, None, f"a value: {u.kind} needs it"))
            elif name not in required + optional and value is not None:
                errors.append(_err(u, column, value, f"blank: {u.kind} does not use {column}"))
        low, mode, high = u.min_days, u.mode_days, u.max_days
        if low is not None and mode is not None and high is not None and not low <= mode <= high:
            errors.append(_err(u, "mode_days", u.mode_days,
                               f"min_days <= mode_days <= max_days ({u.min_days}, {u.mode_days}, {u.max_days})"))
        key = (u.kind, u.subject)
        if u.kind not in _STACKING:
            if key in seen:
                where = f" in row {seen[key]}" if seen[key] else ""
                errors.append(_err(u, "subject", u.subject or "(blank)",
                                   f"a {u.kind} subject not already given{where}"))
            else:
                seen[key] = u.source.row if u.source else None
    return errors


def _fixed_launch_problems(s: Scenario, launch) -> list[InputError]:
    """A fixed launch must describe itself consistently (its rules are checked by the plan)."""
    errors = []
    if s.pad[launch.pad].site != launch.site:
        errors.append(_err(launch, "site", launch.site, f"the site of pad {launch.pad} ({s.pad[launch.pad].site})"))
    if s.shell[launch.shell].constellation != launch.constellation:
        errors.append(
            _err(launch, "constellation", launch.constellation,
                 f"the constellation of shell {launch.shell} ({s.shell[launch.shell].constellation})")
        )
    return errors
