"""The plan checker: every hard rule of docs/spec/planning-model.md, recomputed from the rows, never from the solver.

One function per rule, named after it. A rule function takes the scenario and the launches and
returns the violations it finds, each in a planner's words. Launches with status history or
failed are facts: the single-launch rules (1, 3, 5, 6, 7) do not judge them, and a pairwise rule
(2, 4) judges a pair only when at least one of its launches is not a fact.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from planner.check.measures import FACT_STATUSES, Measures, deliveries, grouped, in_orbit, is_fact, measure, uses
from planner.domain.entities import Capacity, Launch, PadRocket
from planner.domain.scenario import Scenario
from planner.workbook.schema import LAUNCH_STATUSES

TITLES = {
    "consistency": "manifest consistency",
    "pad_compatibility": "rule 1, pad compatibility",
    "pad_turnaround": "rule 2, pad turnaround",
    "pad_windows": "rule 3, pad windows",
    "site_separation": "rule 4, site separation",
    "orbit_reachability": "rule 5, orbit reachability",
    "vehicle_capacity": "rule 6, vehicle capacity",
    "vehicle_availability": "rule 7, vehicle availability",
    "supply_chains": "rule 8, supply chains",
    "fixed_launches": "rule 9, fixed launches",
    "shell_size": "rule 10, shell size",
    "hard_milestones": "hard milestones",
    "launch_campaign": "launch campaign",
    "replan_freeze": "re-plan freeze",
}


@dataclass(frozen=True)
class Violation:
    rule: str  # a key of TITLES, the name of the function that found it
    message: str
    launch_ids: tuple[str, ...] = ()  # the launches that break it (for a supply stream, those on the day it runs short)
    stream: str | None = None  # the supply stream run short (rule 8)

    def __str__(self) -> str:
        return f"{TITLES[self.rule]}: {self.message}"


@dataclass(frozen=True)
class CheckResult:
    violations: tuple[Violation, ...]
    measures: Measures

    @property
    def ok(self) -> bool:
        return not self.violations


def _ids(*launches: Launch) -> tuple[str, ...]:
    return tuple(l.launch_id for l in launches)


def _decided(launches: Sequence[Launch]) -> list[Launch]:
    """The launches the plan decides (not facts): those the single-launch rules judge."""
    return [l for l in launches if not is_fact(l)]


def _at(l: Launch) -> str:
    return f"{l.launch_id} on {l.date}"


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _row(entity: object) -> str:
    source = getattr(entity, "source", None)
    return f" ({source})" if source else ""


class _Rows:
    """The scenario's rows by id, as the checker looks them up: it reads nothing the planner
    derives from them (planner/board, planner/domain's rule facts), only the rows themselves."""

    def __init__(self, s: Scenario):
        self.pad = {p.id: p for p in s.pads}
        self.site = {x.id: x for x in s.sites}
        self.rocket = {r.id: r for r in s.rockets}
        self.shell = {sh.id: sh for sh in s.shells}
        self.listed: dict[str, dict[str, PadRocket]] = {p.id: {} for p in s.pads}  # pad -> its PadRockets rows
        for pr in s.pad_rockets:
            self.listed[pr.pad][pr.rocket] = pr
        self.capacities = s.capacities

    def capacity(self, rocket: str, shell: str, site: str) -> Capacity | None:
        """The RocketCapacity row of a launch: the site's own row, else the row for every site."""
        rows = [c for c in self.capacities if c.rocket == rocket and c.shell == shell and c.site in (site, None)]
        return next((c for c in rows if c.site == site), next(iter(rows), None))


def _pairs_closer_than(launches: Sequence[Launch], gap: Callable[[Launch], int] | int) -> list[tuple[Launch, Launch]]:
    """Pairs (a, b), a not after b and not both facts, with b.date - a.date < gap(a) (or < gap)."""
    ordered = sorted(launches, key=lambda l: (l.date, l.launch_id))
    pairs = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            apart = (b.date - a.date).days
            if apart >= (gap if isinstance(gap, int) else gap(a)):
                break
            if not (is_fact(a) and is_fact(b)):
                pairs.append((a, b))
    return pairs


def _apart(a: Launch, b: Launch) -> str:
    if a.date == b.date:
        return f"{b.launch_id} and {a.launch_id} are both on {a.date}"
    return f"{_at(b)} is {_days((b.date - a.date).days)} after {a.launch_id}"


# --- consistency of the manifest itself ------------------------------------------------------


def consistency(s: Scenario, launches: Sequence[Launch]) -> Iterator[Violation]:
    """Unique launch ids, known identifiers, the pad's site, the shell's constellation, a known status."""
    for launch_id, n in Counter(l.launch_id for l in launches).items():
        if n > 1:
            yield Violation("consistency", f"launch_id {launch_id} is used by {n} launches", (launch_id,))
    rows = _Rows(s)
    for l in launches:
        named = (("pad", l.pad, rows.pad), ("site", l.site, rows.site), ("rocket", l.rocket, rows.rocket),
                 ("shell", l.shell, rows.shell))
        unknown = [f"{what} {value!r}" for what, value, known in named if value not in known]
        if unknown:
            yield Violation("consistency", f"{l.launch_id}: unknown {', '.join(unknown)}", _ids(l))
            continue
        if rows.pad[l.pad].site != l.site:
            yield Violation("consistency", f"{l.launch_id}: pad {l.pad} is at site {rows.pad[l.pad].site}, "
                            f"not {l.site}", _ids(l))
        if rows.shell[l.shell].constellation != l.constellation:
            yield Violation("consistency", f"{l.launch_id}: shell {l.shell} belongs to constellation "
                            f"{rows.shell[l.shell].constellation}, not {l.constellation}", _ids(l))
        if l.status not in LAUNCH_STATUSES:
            yield Violation("consistency", f"{l.launch_id}: status {l.status!r} is not one of "
                            f"{', '.join(LAUNCH_STATUSES)}", _ids(l))


def _known(rows: _Rows, l: Launch) -> bool:
    return l.pad in rows.pad and l.site in rows.site and l.rocket in rows.rocket and l.shell in rows.shell


# --- the hard rules --------------------------------------------------------------------------


def pad_compatibility(s: Scenario, launches: Sequence[Launch]) -> Iterator[Violation]:
    """Rule 1: a pad launches only the rocket models listed for it (PadRockets)."""
    rows = _Rows(s)
    for l in _decided(launches):
        supported = rows.listed[l.pad]
        if l.rocket not in supported:
            listed = ", ".join(sorted(supported)) or "no rocket"
            yield Violation("pad_compatibility", f"{l.pad}: {_at(l)} flies {l.rocket}; "
                            f"the pad launches only {listed}", _ids(l))


def pad_turnaround(s: Scenario, launches: Sequence[Launch]) -> Iterator[Violation]:
    """Rule 2: launches on one pad are at least the turnaround of the model launched first apart."""

    rows = _Rows(s)

    def turnaround(a: Launch) -> int:
        """The PadRockets row's turnaround of the model flown first, else the pad's."""
        listed = rows.listed[a.pad].get(a.rocket)
        return listed.turnaround_days if listed and listed.turnaround_days else rows.pad[a.pad].turnaround_days

    for pad, group in grouped(launches, lambda l: l.pad).items():
        for a, b in _pairs_closer_than(group, turnaround):
            yield Violation("pad_turnaround", f"{pad}: {_apart(a, b)} ({a.rocket}); "
                            f"turnaround is {turnaround(a)}", _ids(a, b))


def pad_windows(s: Scenario, launches: Sequence[Launch]) -> Iterator[Violation]:
    """Rule 3: inside the horizon, inside a window of the pad (if it has any), outside every closure."""
    start, end = s.settings.horizon_start, s.settings.horizon_end
    rows = _Rows(s)
    for l in _decided(launches):
        if not start <= l.date <= end:
            yield Violation("pad_windows", f"{_at(l)} is outside the horizon {start} .. {end}", _ids(l))
        windows = [w for w in s.pad_windows if w.pad == l.pad]
        if windows and not any(w.start <= l.date <= w.end for w in windows):
            shown = ", ".join(f"{w.start} .. {w.end}" for w in windows)
            yield Violation("pad_windows", f"{l.pad}: {_at(l)} is outside the pad's windows ({shown})", _ids(l))
        site = rows.pad[l.pad].site
        for c in s.closures:
            if (c.pad == l.pad or (c.pad is None and c.site == site)) and c.start <= l.date <= c.end:
                what = f"pad {c.pad}" if c.pad else f"site {c.site}"
                reason = f", {c.reason}" if c.reason else ""
                yield Violation("pad_windows", f"{l.pad}: {_at(l)} falls in a closure of {what}, "
                                f"{c.start} .. {c.end}{reason}{_row(c)}", _ids(l))


def site_separation(s: Scenario, launches: Sequence[Launch]) -> Iterator[Violation]:
    """Rule 4: launches from one site are at least the site's min_days_between_launches apart."""
    rows = _Rows(s)
    for site, group in grouped(launches, lambda l: rows.pad[l.pad].site).items():
        need = rows.site[site].min_days_between_launches
        for a, b in _pairs_closer_than(group, need):
            yield Violation("site_separation", f"{site}: {_apart(a, b)} (pads {a.pad}, {b.pad}); "
                            f"site separation is {_days(need)}", _ids(a, b))


def orbit_reachability(s: Scenario, launches: Sequence[Launch]) -> Iterator[Violation]:
    """Rule 5: the launch site reaches the shell's inclination."""
    rows = _Rows(s)
    for l in _decided(launches):
        site, inclination = rows.site[rows.pad[l.pad].site], rows.shell[l.shell].inclination_deg
        if not site.min_inclination_deg <= inclination <= site.max_inclination_deg:
            yield Violation("orbit_reachability", f"{_at(l)} goes to {l.shell} at "
                            f"{inclination:g} deg; {site.id} reaches "
                            f"{site.min_inclination_deg:g} .. {site.max_inclination_deg:g} deg", _ids(l))


def vehicle_capacity(s: Scenario, launches: Sequence[Launch]) -> Iterator[Violation]:
    """Rule 6: a RocketCapacity row for (rocket, shell, site), and min..max satellites on board."""
    rows = _Rows(s)
    for l in _decided(launches):
        site = rows.pad[l.pad].site
        cap = rows.capacity(l.rocket, l.shell, site)
        carries = f"{_at(l)} carries {l.satellites} satellites to {l.shell}"
        if cap is None:
            yield Violation("vehicle_capacity", f"{_at(l)}: {l.rocket} has no RocketCapacity row for shell "
                            f"{l.shell} at {site}", _ids(l))
        elif l.satellites > cap.max_satellites:
            yield Violation("vehicle_capacity", f"{carries}; {l.rocket} carries at most {cap.max_satellites}",
                            _ids(l))
        elif l.satellites < max(1, cap.min_satellites):
            yield Violation("vehicle_capacity", f"{carries}; {l.rocket} needs at least "
                            f"{max(1, cap.min_satellites)}", _ids(l))


def vehicle_availability(s: Scenario, launches: Sequence[Launch]) -> Iterator[Violation]:
    """Rule 7: no launch of a model before its available_from, nor inside one of its groundings."""
    rows = _Rows(s)
    for l in _decided(launches):
        first = rows.rocket[l.rocket].available_from
        if first is not None and l.date < first:
            yield Violation("vehicle_availability", f"{_at(l)}: {l.rocket} is available from {first}", _ids(l))
        for g in s.groundings:
            if g.rocket == l.rocket and g.start <= l.date <= g.end:
                reason = f" ({g.reason})" if g.reason else ""
                yield Violation("vehicle_availability", f"{_at(l)}: {l.rocket} is grounded "
                                f"{g.start} .. {g.end}{reason}", _ids(l))


def supply_chains(s: Scenario, launches: Sequence[Launch]) -> Iterator[Violation]:
    """Rule 8: on every day, every stream's use so far is at most what it made usable. Use only
    grows on launch dates, so those are the days to look at; history launches count too (what
    flew used real vehicles, so supply data that cannot have built them is wrong).

    One violation per shortage: the launch date it starts on, and the last date it lasts through.
    """
    checkpoints = sorted({l.date for l in launches})
    supplied = deliveries(s)
    for name, used in uses(s, launches).items():
        need_by, have_by = _so_far([(u.day, u.quantity) for u in used]), _so_far(supplied[name])
        runs: list[list[tuple[date, int, int]]] = []
        was_short = False
        for t in checkpoints:
            need, have = need_by(t), have_by(t)
            if need > have and not was_short:
                runs.append([])
            if need > have:
                runs[-1].append((t, need, have))
            was_short = need > have
        for run in runs:
            first, need, have = run[0]
            cause = [u for u in used if u.day <= first][-1]
            lasts = f"; short through {run[-1][0]}" if len(run) > 1 else ""
            yield Violation("supply_chains", f"{name}: {need} needed by {first} ({', '.join(cause.launch_ids)}), "
                            f"{have} available{lasts}", cause.launch_ids, name)


def _so_far(dated: list[tuple[date, int]]) -> Callable[[date], int]:
    """For quantities sorted by date: the sum of those dated on or before a day."""
    days, totals = [d for d, _ in dated], [0, *accumulate(q for _, q in dated)]
    return lambda t: totals[bisect_right(days, t)]


def _kept_status(fixed: str, found: str) -> bool:
    """A fixed launch keeps its status, or has since flown (history) or failed."""
    return found == fixed or (fixed not in FACT_STATUSES and found in FACT_STATUSES)


def fixed_launches(s: Scenario, launches: Sequence[Launch]) -> Iterator[Violation]:
    """Rule 9: every FixedLaunches row is in the manifest as given (a fixed launch may since
    have become history or failed, as a re-plan records it)."""
    fields = ("date", "pad", "rocket", "shell", "satellites", "status")
    for f in s.fixed_launches:
        same_id = [l for l in launches if l.launch_id == f.launch_id]
        if not same_id:
            yield Violation("fixed_launches", f"{f.launch_id}{_row(f)} is missing from the manifest", _ids(f))
        elif not any(all(getattr(l, k) == getattr(f, k) for k in fields[:-1]) and _kept_status(f.status, l.status)
                     for l in same_id):
            differ = [k for k in fields if getattr(same_id[0], k) != getattr(f, k)]
            found = ", ".join(f"{k} {getattr(same_id[0], k)}" for k in differ)
            fixed = ", ".join(f"{k} {getattr(f, k)}" for k in differ)
            yield Violation("fixed_launches", f"{f.launch_id} has {found}; fixed as {fixed}{_row(f)}", _ids(f))


def shell_size(s: Scenario, launches: Sequence[Launch]) -> Iterator[Violation]:
    """Rule 10: satellites put into a shell (failed launches aside) fit the shell's size."""
    rows = _Rows(s)
    for shell, group in grouped([l for l in launches if not l.failed], lambda l: l.shell).items():
        size = rows.shell[shell].satellites
        ordered = sorted(group, key=lambda l: (l.date, l.launch_id))
        running = list(accumulate(l.satellites for l in ordered))
        if running[-1] > size:
            i = next(i for i, total in enumerate(running) if total > size)
            yield Violation("shell_size", f"shell {shell} holds {size} satellites; launches put {running[-1]} "
                            f"there, passing it with {_at(ordered[i])}", _ids(*ordered[i:]))


def hard_milestones(s: Scenario, launches: Sequence[Launch]) -> Iterator[Violation]:
    """A milestone marked hard is a rule: its satellites are in orbit by its due date."""
    for m in s.milestones:
        achieved = in_orbit(s, launches, m.due_date, m.constellation, m.shell)
        if m.hard and achieved < m.satellites_in_orbit:
            yield Violation("hard_milestones", f"{m.name}{_row(m)}: {achieved} in orbit by {m.due_date}, "
                            f"{m.satellites_in_orbit} required")


def launch_campaign(s: Scenario, launches: Sequence[Launch]) -> Iterator[Violation]:
    """Launch campaign: two launches of one rocket model, whichever pads and sites, at least the
    model's min_days_between_launches (Rockets) apart."""
    rows = _Rows(s)
    for rocket, group in grouped(launches, lambda l: l.rocket).items():
        need = rows.rocket[rocket].min_days_between_launches
        if need:
            for a, b in _pairs_closer_than(group, need):
                yield Violation("launch_campaign", f"{rocket}: {_apart(a, b)} (pads {a.pad}, {b.pad}); its launch "
                                f"campaign is {_days(need)}{_row(rows.rocket[rocket])}", _ids(a, b))


RULES: tuple[Callable[[Scenario, Sequence[Launch]], Iterator[Violation]], ...] = (
    pad_compatibility,
    pad_turnaround,
    pad_windows,
    site_separation,
    orbit_reachability,
    vehicle_capacity,
    vehicle_availability,
    supply_chains,
    fixed_launches,
    shell_size,
    hard_milestones,
    launch_campaign,
)


def replan_freeze(s: Scenario, launches: Sequence[Launch]) -> Iterator[Violation]:
    """In a re-plan: nothing is planned before the freeze ends, `freeze_days` after as_of (the
    launches before as_of are history, those of the freeze frozen, and, like the contracted
    ones, kept as given: rule 9 judges the fixed launches)."""
    if s.settings.as_of is None:
        yield Violation("replan_freeze", "a re-plan needs as_of, and the scenario has none")
        return
    end = s.settings.as_of + timedelta(days=s.settings.freeze_days)
    fixed = {f.launch_id for f in s.fixed_launches}
    for l in launches:
        if l.date < end and l.launch_id not in fixed:
            yield Violation("replan_freeze", f"{l.launch_id} is new on {l.date}, before the freeze ends on {end} "
                            f"(as_of {s.settings.as_of} + {s.settings.freeze_days} days)", (l.launch_id,))


def check_plan(scenario: Scenario, launches: Sequence[Launch], replan: bool = False) -> CheckResult:
    """Every violation of the plan, and its measures; with `replan`, of a re-plan as of the
    scenario's as_of (its freeze too).

    Launches naming an unknown pad, site, rocket or shell are reported and left out of the rules
    and the measures, which cannot judge them.
    """
    violations = list(consistency(scenario, launches))
    rows = _Rows(scenario)
    known = [l for l in launches if _known(rows, l)]
    for rule in RULES + ((replan_freeze,) if replan else ()):
        violations += rule(scenario, known)
    return CheckResult(tuple(violations), measure(scenario, known))
