"""Which new launch continues which baseline launch: kept launches keep their launch_id.

A movable baseline launch is kept by a new launch of the same pad, rocket and shell; among
those, the matching that costs least stability (days moved, at most REASSIGNMENT_DAYS, and
REASSIGNMENT_DAYS for a launch not kept) and then keeps the most launches, in date order on each
pad. A launch not kept is re-assigned to the nearest remaining new launch of its constellation
(same shell, then rocket, then pad first) within MATCH_WITHIN_DAYS, else dropped. The remaining
new launches get fresh ids that skip every id of the baseline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from planner.domain.entities import Launch
from planner.manifest.extract import NewIds
from planner.model.stability import REASSIGNMENT_DAYS, Anchor

MATCH_WITHIN_DAYS = 180  # a launch re-planned further away than this is a new launch


@dataclass(frozen=True)
class Identified:
    launches: tuple[Launch, ...]  # the planned launches, kept and re-assigned ones under their old ids
    stability: int  # days moved (at most REASSIGNMENT_DAYS each) plus REASSIGNMENT_DAYS per launch not kept


def identify(planned: list[Launch], anchors: tuple[Anchor, ...], taken: Iterable[str]) -> Identified:
    """Give the planned launches their ids and measure the plan's stability."""
    groups: dict[tuple[str, str, str], tuple[list[int], list[int]]] = {}
    for i, a in enumerate(anchors):
        groups.setdefault(_key(a.launch), ([], []))[0].append(i)
    for j, l in enumerate(planned):
        if _key(l) in groups:
            groups[_key(l)][1].append(j)
    kept: dict[int, int] = {}  # planned index -> anchor index
    cost = 0
    for key in sorted(groups):
        olds, news = groups[key]
        for i, j in _match_in_order([anchors[i] for i in olds], [planned[j] for j in news]):
            kept[news[j]] = olds[i]
            cost += min(_apart(anchors[olds[i]], planned[news[j]]), REASSIGNMENT_DAYS)
    cost += REASSIGNMENT_DAYS * (len(anchors) - len(kept))
    left = sorted(set(range(len(anchors))) - set(kept.values()))
    reassigned = _reassign(anchors, left, [j for j in range(len(planned)) if j not in kept], planned)
    ids = {j: anchors[i].launch.launch_id for j, i in (kept | reassigned).items()}
    new_id = NewIds(set(taken) | {a.launch.launch_id for a in anchors})
    order = sorted(range(len(planned)), key=lambda j: (planned[j].date, planned[j].pad))
    for j in order:
        if j not in ids:
            ids[j] = new_id(planned[j].constellation)
    return Identified(tuple(planned[j].model_copy(update={"launch_id": ids[j]}) for j in order), cost)


def _key(l: Launch) -> tuple[str, str, str]:
    return (l.pad, l.rocket, l.shell)


def _apart(a: Anchor, l: Launch) -> int:
    return abs((l.date - a.launch.date).days)


def _may_keep(a: Anchor, l: Launch) -> bool:
    return _apart(a, l) <= MATCH_WITHIN_DAYS and (a.not_before is None or l.date >= a.not_before)


def _match_in_order(anchors: list[Anchor], news: list[Launch]) -> list[tuple[int, int]]:
    """Order-keeping matching of anchors to launches (both by date): least cost, then most kept,
    then least days apart."""
    n, m = len(anchors), len(news)
    # best[i][j]: (cost, -kept, days apart) of the best matching of anchors[i:] with news[j:]
    best = [[(0, 0, 0)] * (m + 1) for _ in range(n + 1)]
    step: dict[tuple[int, int], str] = {}
    for i in range(n - 1, -1, -1):
        for j in range(m, -1, -1):
            c, k, d = best[i + 1][j]
            options = [((c + REASSIGNMENT_DAYS, k, d), "drop")]
            if j < m:
                options.append((best[i][j + 1], "skip"))
                if _may_keep(anchors[i], news[j]):
                    apart = _apart(anchors[i], news[j])
                    c, k, d = best[i + 1][j + 1]
                    options.append(((c + min(apart, REASSIGNMENT_DAYS), k - 1, d + apart), "keep"))
            best[i][j], step[i, j] = min(options)
    pairs, i, j = [], 0, 0
    while i < n:
        move = step[i, j]
        if move == "keep":
            pairs.append((i, j))
        i, j = (i + 1, j + 1) if move == "keep" else (i + 1, j) if move == "drop" else (i, j + 1)
    return pairs


def _reassign(anchors: tuple[Anchor, ...], left: list[int], free: list[int], planned: list[Launch]) -> dict[int, int]:
    """Pair the anchors not kept with the nearest free new launch of their constellation
    (planned index -> anchor index)."""
    options = sorted(
        (l.shell != a.launch.shell, l.rocket != a.launch.rocket, l.pad != a.launch.pad, _apart(a, l), i, j)
        for i in left
        for j in free
        if (l := planned[j]).constellation == (a := anchors[i]).launch.constellation and _may_keep(a, l)
    )
    out: dict[int, int] = {}
    paired: set[int] = set()
    for *_, i, j in options:
        if j not in out and i not in paired:
            out[j] = i
            paired.add(i)
    return out
