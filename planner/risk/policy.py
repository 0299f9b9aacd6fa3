"""The quick re-plan a future makes after each event: keep the plan, then fill what it lost.

As of a day `as_of`, launches already flown or failed are history. The launches an event
touches (the one that slipped or was scrubbed, those of a grounded model, those a late
delivery no longer supplies) and every later launch on their pads are put back, in date
order, on their pad with their rocket and shell, on their own day or the first day within
`move_days` after it where every rule holds (lighter when satellites fall short); a launch
that fits nowhere in that reach is dropped. Every other launch stays where it is: the
re-plan's kept baseline (planning-model.md, Re-planning: stability). When a milestone ahead
has lost satellites against the plan before the event, free pads then take, day by day from
the end of the freeze (`as_of + freeze_days`) to the last due date still short, the most
urgent such milestone's shell with the rocket carrying the most, until what was lost is back.
If the fill cannot win it all back, the plan from the end of the freeze to the last due date
ahead is rebuilt (the fill on cleared pads, then the plan's own launches where they still fit)
and kept if it loses fewer. What it gives up against `planner replan` is the search's exchanges
and its fewest changes (docs/risk.md measures the gap).
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from heapq import heapify, heappop, heappush

import numpy as np

from planner.board.board import Board, Placed
from planner.board.goals import Goal, achieved, short_of, standing
from planner.board.layout import Layout, Option
from planner.manifest.extract import NewIds
from planner.solve.solver import SolveOptions


@dataclass(frozen=True)
class Policy:
    """How far a kept launch may move, how long the freeze is, the re-planning cadence (None:
    after every event), and the full re-plan's search options (None: this module's quick one)."""

    freeze_days: int
    move_days: int = 29
    every_days: int | None = None
    full: SolveOptions | None = None


def keep(board: Board, launches: list[Placed], earliest: dict[str, int], as_of: int, move_days: int,
         done: Set[str] = frozenset()) -> None:
    """Put each launch (off the board) back on it, in date order, on the first day it fits. A
    launch put back keeps its turn on its pad: later launches of that pad in its way (none in
    `done`) are taken off and put back after it in turn."""
    last = board.lay.days - 1
    queue = [(max(p.day, earliest.get(p.launch_id, 0), as_of), p.pad, p.launch_id, p) for p in launches]
    heapify(queue)
    while queue:
        first, pad, _, p = heappop(queue)
        option = board.option(pad, p.rocket, p.shell)
        day, end = first, min(last, first + move_days)
        while day <= end:
            if not board.lay.open[pad][day] or board.known.blocked[p.rocket][day]:
                day += 1
                continue
            ahead = day + board.lay.turn(pad, p.rocket)
            way = [q for q in board.after(pad, day, ahead) if q.launch_id not in done] \
                if board.turned_around(day, pad) else None
            if way is None or not board.site_clear(day, pad, frozenset(q.day for q in way)):
                day = max(day + 1, board.site_clear_from(pad, day))
                continue
            for q in way:
                board.remove(q)
            n = board.load(day, pad, option, p.shell, p.satellites) if option else None  # every rule, flown too
            if n is None:
                for q in way:
                    board.add(q)
                day += 1
                continue
            board.add(Placed(day, pad, p.rocket, p.shell, n, p.launch_id))
            for q in way:
                heappush(queue, (max(q.day, ahead), q.pad, q.launch_id, q))
            break


def fill(board: Board, wanted: dict[int, int], targets: list[Goal], first: int, new_id: NewIds) -> None:
    """Day by day from `first`, free pads launch towards the most urgent milestone still below
    the satellites `wanted` of it (by index in `targets`)."""
    lay = board.lay
    short = {i: n - achieved(board, targets[i]) for i, n in wanted.items() if targets[i].due >= first}
    short = {i: n for i, n in short.items() if n > 0}
    if not short:
        return
    last = min(lay.days - 1, max(targets[i].due for i in short))
    free = _free(board, lay.pads, first, last)  # pads by days from `first`: open and idle
    row = {p: k for k, p in enumerate(lay.pads)}  # pad -> its row in `free`
    rows_of: dict[str, list[int]] = {}  # site -> its pads' rows
    for p, k in row.items():
        rows_of.setdefault(lay.site_of[p], []).append(k)
    for offset in np.flatnonzero(free.any(axis=0)):  # days a pad is free; launches added since only take days away
        day = first + int(offset)
        ahead = {i: n for i, n in short.items() if targets[i].due >= day and n > 0}
        if not ahead:
            break
        pads = [p for k, p in enumerate(lay.pads) if free[k, offset]]
        if not pads:
            continue
        urgency: dict[str, tuple[int, int]] = {}
        for i, n in ahead.items():
            for sh in targets[i].shells:
                urgency[sh] = min(urgency.get(sh, (1 << 30, 0)), (targets[i].due, -n))
        ranked = sorted((sh for sh in urgency if board.room[sh] > 0), key=lambda sh: (urgency[sh], sh))
        fits: dict[str, tuple[Option, str, int] | None] = {}  # pad -> its first fit today, while it holds
        while pads and ranked:
            best: tuple[tuple, str, Option, str, int] | None = None
            for pad in pads:
                if pad not in fits:
                    fits[pad] = _first_fit(board, day, pad, ranked)
                choice = fits[pad]
                if choice is not None:
                    option, shell, n = choice
                    key = (urgency[shell], -n, pad)
                    if best is None or key < best[0]:
                        best = (key, pad, option, shell, n)
            if best is None:
                break
            _, pad, option, shell, n = best
            board.add(Placed(day, pad, option.rocket, shell, n, new_id(lay.constellation_of[shell])))
            for i in short:
                if shell in targets[i].shells and day <= targets[i].due:
                    short[i] -= n
            pads.remove(pad)
            ranked = [sh for sh in ranked if board.room[sh] > 0]
            _forget_fits(lay, fits, pad, option.rocket, shell)
            site = lay.site_of[pad]  # the launch holds its pad for its turnaround, its site for the separation
            free[row[pad], offset + 1:offset + lay.turn(pad, option.rocket)] = False
            free[rows_of[site], offset + 1:offset + lay.separation[site]] = False


def _forget_fits(lay: Layout, fits: dict[str, tuple[Option, str, int] | None], pad: str, rocket: str,
                 shell: str) -> None:
    """Forget the fits a launch of `rocket` to `shell` from `pad` may have changed: those of its
    site, and those drawing on its rocket's vehicles or engines or its shell's satellites. A
    launch only takes, so where nothing fitted nothing fits."""
    site, engines, stream = lay.site_of[pad], {e for e, _ in lay.engines_of[rocket]}, lay.stream_of[shell]
    for q, fit in list(fits.items()):
        if fit is None:
            continue
        option, sh, _ = fit
        if lay.site_of[q] == site or option.rocket == rocket or sh == shell \
                or (stream is not None and lay.stream_of[sh] == stream) \
                or any(e in engines for e, _ in lay.engines_of[option.rocket]):
            del fits[q]


def _free(board: Board, pads: list[str], first: int, last: int) -> np.ndarray:
    """Whether each pad is open and idle on each day of [first, last] (rows in `pads` order)."""
    lay = board.lay
    if last < first:
        return np.zeros((len(pads), 0), dtype=bool)
    return np.vstack([lay.open[p][first:last + 1] & board.idle_days(p, first, last) for p in pads])


def _first_fit(board: Board, day: int, pad: str, ranked: list[str]) -> tuple[Option, str, int] | None:
    options = board.lay.options[pad]
    for shell in ranked:
        for o in options.get(shell, ()):
            n = board.load(day, pad, o, shell, o.max_satellites)
            if n is not None:
                return o, shell, n
    return None


def put_back(board: Board, touched: list[Placed], earliest: dict[str, int], as_of: int, policy: Policy,
             done: set[str]) -> None:
    """What an event does to the plan before anyone re-plans: the launches it touched wait for
    their first day that fits, pushing later launches of their pads."""
    touched = list({p.launch_id: p for p in touched}.values())
    for p in touched:
        board.remove(p)
    keep(board, touched, earliest, as_of, policy.move_days, done)


def recover(board: Board, before: list[int], as_of: int, policy: Policy, targets: list[Goal],
            new_id: NewIds, done: Set[str] = frozenset()) -> None:
    """The fill: free pads from the end of the freeze restore each milestone ahead to what the
    plan gave it `before` (at most its requirement). If satellites are still lost, the plan
    from the end of the freeze is rebuilt, when the rebuild loses fewer."""
    aims = {i: min(b, g.required) for i, (g, b) in enumerate(zip(targets, before))}
    after = standing(board, targets)
    wanted = {i: n for i, n in aims.items() if targets[i].due >= as_of and after[i] < n}
    first = as_of + policy.freeze_days
    if wanted:
        with board.memoised():  # nothing but the fill's own launches changes supply meanwhile
            fill(board, wanted, targets, first, new_id)
    if short_of(targets, standing(board, targets)) > short_of(targets, before):
        rebuild(board, {i: n for i, n in aims.items() if targets[i].due >= first}, targets, first, new_id, done)


def rebuild(board: Board, wanted: dict[int, int], targets: list[Goal], first: int, new_id: NewIds,
            done: Set[str]) -> None:
    """The plan from `first` to the last due date `wanted` names rebuilt: the fill first, then the
    plan's own launches of that window where they still fit on their day; the plan as it was if
    that is not fewer satellites short."""
    last = max((targets[i].due for i in wanted), default=first - 1)
    window = [p for p in board.launches.values() if p.launch_id not in done and first <= p.day <= last]
    was = short_of(targets, standing(board, targets))
    for p in window:
        board.remove(p)
    with board.memoised():
        fill(board, wanted, targets, first, new_id)
    for p in sorted(window, key=lambda p: (p.day, p.pad)):  # the plan's own launches, where they still fit
        option = board.option(p.pad, p.rocket, p.shell)
        if option is not None and (n := board.load(p.day, p.pad, option, p.shell, p.satellites)) is not None:
            board.add(Placed(p.day, p.pad, p.rocket, p.shell, n, p.launch_id))
    if short_of(targets, standing(board, targets)) >= was:
        put_as_was(board, window, done, first, last)


def put_as_was(board: Board, was: list[Placed], done: Set[str], first: int, last: int) -> None:
    """Undo a re-plan of the days [first, last]: the board's launches there (none in `done`)
    replaced by those it had, `was`."""
    for p in [p for p in board.launches.values() if p.launch_id not in done and first <= p.day <= last]:
        board.remove(p)
    for p in was:
        board.add(p)
