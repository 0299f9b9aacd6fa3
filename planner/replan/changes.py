"""The Changes sheet: every launch that differs from the baseline, old and new values, and why.

A change is forced when an event touched the launch, the freeze or as_of changed its status, or
the event-updated scenario no longer allows it where it was (a rule it would break, a supply
stream an event made short). Any other change is an objective gain, described by what it gains.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from planner.board.board import Board
from planner.domain.entities import Launch, Milestone
from planner.domain.measures import deliveries, milestone_results, uses
from planner.domain.scenario import Scenario
from planner.domain.supply import satellite_stream_name, stream_name
from planner.replan import validity
from planner.replan.events import Applied
from planner.replan.freeze import Split

FIELDS = ("date", "pad", "rocket", "shell", "satellites", "status")
PLACE = ("pad", "rocket", "shell")

Row = dict[str, object]


def forced_reasons(s: Scenario, applied: Applied, split: Split) -> dict[str, list[str]]:
    """launch_id -> why the events, as_of or the freeze force it to change."""
    reasons: dict[str, list[str]] = {i: list(why) for i, why in applied.causes.items()}
    for launch_id, note in split.notes.items():
        reasons.setdefault(launch_id, []).append(note)
    empty = Board.of(s)
    for a in split.anchors:
        if a.launch.launch_id in split.unfrozen:
            continue  # its note already says what makes it impossible
        for problem in validity.problems(empty, a.at_earliest):
            reasons.setdefault(a.launch.launch_id, []).append(f"no longer possible: {problem}")
    movable = [a.at_earliest for a in split.anchors]
    for launch_id, why in _short_supply(s, split.fixed, movable, applied.streams).items():
        reasons.setdefault(launch_id, []).extend(why)
    return reasons


def short_milestones(s: Scenario, split: Split) -> list[Milestone]:
    """The milestones the baseline misses after the events, kept where it still can be."""
    empty = Board.of(s)
    kept = [*split.fixed, *(a.at_earliest for a in split.anchors if not validity.problems(empty, a.at_earliest))]
    return [r.milestone for r in milestone_results(s, kept) if r.shortfall]


def _short_supply(s: Scenario, fixed: Sequence[Launch], movable: Sequence[Launch],
                  streams: dict[str, list[str]]) -> dict[str, list[str]]:
    """The movable launches drawing on a stream an event shifted, when the launches kept where
    they were would run it short: any of them may have to give way."""
    supplied, used = deliveries(s), uses(s, [*fixed, *movable])
    out: dict[str, list[str]] = {}
    for name, events in sorted(streams.items()):
        first = _first_short(supplied.get(name, []), [(u.day, u.quantity) for u in used.get(name, [])])
        if first is None:
            continue
        for l in movable:
            if name in (stream_name("vehicles", l.rocket), satellite_stream_name(s, l.shell)):
                out.setdefault(l.launch_id, []).append(f"{'; '.join(events)}: {name} short from {first}")
    return out


def _first_short(supplied: list[tuple[date, int]], used: list[tuple[date, int]]) -> date | None:
    """The first day the use so far exceeds what was delivered by then."""
    need = 0
    for day, quantity in sorted(used):
        need += quantity
        if need > sum(q for d, q in supplied if d <= day):
            return day
    return None


def change_rows(s: Scenario, before: dict[str, Launch], after: Sequence[Launch], reasons: dict[str, list[str]],
                unfrozen: frozenset[str], short: list[Milestone], gains: bool = True) -> list[Row]:
    """One row per launch that changed, was dropped or is new, by date. A change no event forced
    is described by what it gains, naming the `short` milestones it helps; without `gains`, only
    the given reasons are written. A row `counts` when it is a change as the trade-off counts
    them: a launch dated on or after the scenario's as_of (any, without one) moved, re-assigned
    or dropped, and every new launch; a change of status alone (now history, no longer frozen)
    does not."""
    as_of = s.settings.as_of
    now = {l.launch_id: l for l in after}
    board = Board.of(s, after)
    rows: list[tuple[date, str, Row]] = []
    for launch_id, old in before.items():
        new = now.get(launch_id)
        differ = [f for f in FIELDS if new is not None and getattr(old, f) != getattr(new, f)]
        if new is not None and not differ:
            continue
        why = reasons.get(launch_id) or ([_gain(s, old, new, board, short)] if gains else [])
        change = "dropped" if new is None else _kinds(differ, new.status)
        if launch_id in unfrozen:
            change = f"unfrozen, {change}"
        values = (_whole(old), "") if new is None else (_values(old, differ), _values(new, differ))
        counts = (new is None or bool(set(differ) - {"status"})) and (as_of is None or old.date >= as_of)
        rows.append(((new or old).date, launch_id, _row(launch_id, change, *values, why, counts)))
    for new in after:
        if new.launch_id not in before:
            why = [_gain(s, None, new, board, short)] if gains else []
            rows.append((new.date, new.launch_id, _row(new.launch_id, "new", "", _whole(new), why, True)))
    return [row for *_, row in sorted(rows, key=lambda r: (r[0], r[1]))]


def _row(launch_id: str, change: str, old: str, new: str, why: list[str], counts: bool) -> Row:
    return {"launch_id": launch_id, "change": change, "counts": counts, "old_value": old or None,
            "new_value": new or None, "reason": "; ".join(why) or None}


def counted(rows: Sequence[Row]) -> int:
    """The changes the rows count."""
    return sum(1 for row in rows if row.get("counts", True))


def _kinds(differ: list[str], status: str) -> str:
    kinds = []
    if "date" in differ:
        kinds.append("moved")
    placed = [f for f in PLACE if f in differ]
    if placed:
        kinds.append(f"re-assigned ({', '.join(placed)})")
    if "satellites" in differ:
        kinds.append("satellites")
    if "status" in differ:
        kinds.append(status)
    return ", ".join(kinds)


def _values(l: Launch, fields: list[str]) -> str:
    return "; ".join(f"{f} {getattr(l, f)}" for f in fields)


def _whole(l: Launch) -> str:
    return f"{l.date} {l.pad} {l.rocket} {l.shell} {l.satellites} satellites"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _satellites(n: int, how: str) -> str:
    """"1 more satellite", "3 fewer satellites"."""
    return f"{n} {how} satellite{'' if n == 1 else 's'}"


def _towards(short: list[Milestone], old: Launch | None, new: Launch | None) -> list[str]:
    """`towards ...` when the change puts more satellites in orbit by a short milestone's due date."""
    def counted(m: Milestone, l: Launch | None) -> int:
        if l is None or not (l.shell == m.shell if m.shell else l.constellation == m.constellation):
            return 0
        return l.satellites if l.date <= m.due_date else 0

    names = [m.name for m in short if counted(m, new) > counted(m, old)]
    return [f"towards {', '.join(names)}"] if names else []


def _gain(s: Scenario, old: Launch | None, new: Launch | None, board: Board, short: list[Milestone]) -> str:
    """What a change no event forced gains, in the objective's terms."""
    towards = _towards(short, old, new)
    if old is None:
        assert new is not None  # a launch is new, dropped or changed
        return ", ".join([f"objective gain: {_satellites(new.satellites, 'more')} in orbit from {new.date}", *towards])
    if new is None:
        return ("objective gain: the plan does better without it; its pad day, vehicle and satellites serve other "
                "launches")
    parts = [f"{f} {getattr(old, f)} -> {getattr(new, f)}" for f in PLACE if getattr(old, f) != getattr(new, f)]
    if old.rocket != new.rocket:
        saved = s.rocket[old.rocket].cost_mcny - s.rocket[new.rocket].cost_mcny
        parts.append(f"{abs(saved):g} MCNY {'cheaper' if saved >= 0 else 'dearer'}")
    days = (new.date - old.date).days
    if days < 0:
        parts.append(f"{_days(-days)} earlier in orbit (+{-days * new.satellites:,} satellite-days)")
    elif days > 0:
        taker = _in_the_way(board, old, new)
        parts.append(f"{_days(days)} later, " + (
            f"as {taker.launch_id} now flies from {taker.pad if taker.pad == old.pad else taker.site} on {taker.date}"
            if taker else "for a better plan overall"))
    more = new.satellites - old.satellites
    if more > 0:
        days_left = (s.settings.horizon_end - new.date).days + 1
        parts.append(f"{_satellites(more, 'more')} on board (+{more * days_left:,} satellite-days)")
    elif more < 0:
        parts.append(f"{_satellites(-more, 'fewer')} on board, left to launches that gain more")
    status = [f"{old.status} before, movable now that it lies after the freeze"] if old.status != new.status else []
    if not parts:
        return "; ".join(status + towards)
    return "; ".join(["objective gain: " + ", ".join(parts + towards), *status])


def _in_the_way(board: Board, old: Launch, new: Launch) -> Launch | None:
    """A launch of the new plan (on `board`) that the old launch, where it was, would now break
    turnaround (same pad) or site separation with: the first in date order."""
    s = board.lay.s
    placed = board.launches[new.launch_id]
    board.remove(placed)
    day = s.day(old.date)
    ids = {board.turnaround_clash(day, old.pad, old.rocket), board.separation_clash(day, old.pad)}
    board.add(placed)
    found = [board.launches[i].launch(s, "planned") for i in ids if i is not None]
    return min(found, key=lambda l: (l.date, l.pad, l.launch_id), default=None)
