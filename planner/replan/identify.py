"""Which new launch continues which baseline launch, and how many changes a re-plan makes.

A change is a movable baseline launch moved, re-assigned (pad, rocket, shell or satellites) or
dropped, and every new launch (planning-model.md, Re-planning). A baseline launch continues in
the new launch of its pad and rocket that the matching gives it, in date order per pad and
rocket: as many kept exactly as possible (same date, shell and satellites: no change), then as
many continued as possible within MATCH_WITHIN_DAYS (moved or re-assigned: one change each),
then the fewest days apart. A baseline launch left over is re-assigned to the nearest remaining
new launch of its constellation within MATCH_WITHIN_DAYS (same shell, then rocket, then pad
first: one change), else dropped (one change). The remaining new launches are new (one change
each) and get fresh ids that skip every id of the baseline; kept and continued launches keep
theirs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planner.domain.entities import Launch
from planner.manifest.extract import NewIds
from planner.model.stability import Anchor

MATCH_WITHIN_DAYS = 180  # a launch re-planned further away than this is a new launch


@dataclass(frozen=True)
class Identified:
    launches: tuple[Launch, ...]  # the planned launches, kept and continued ones under their old ids
    moved: int  # baseline launches on another date, as they were otherwise
    reassigned: int  # on another pad, rocket or shell, or with other satellites
    dropped: int
    new: int

    @property
    def changes(self) -> int:
        return self.moved + self.reassigned + self.dropped + self.new


def identify(planned: Sequence[Launch], anchors: tuple[Anchor, ...], taken: Iterable[str]) -> Identified:
    """Give the planned launches their ids and count the changes."""
    groups: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
    for i, a in enumerate(anchors):
        groups.setdefault(_key(a.launch), ([], []))[0].append(i)
    for j, l in enumerate(planned):
        if _key(l) in groups:
            groups[_key(l)][1].append(j)
    continued: dict[int, int] = {}  # planned index -> anchor index
    for key in sorted(groups):
        olds, news = groups[key]
        for i, j in _match_in_order([anchors[i] for i in olds], [planned[j] for j in news]):
            continued[news[j]] = olds[i]
    left = sorted(set(range(len(anchors))) - set(continued.values()))
    reassigned = _reassign(anchors, left, [j for j in range(len(planned)) if j not in continued], planned)
    pairs = continued | reassigned
    moved = sum(1 for j, i in pairs.items() if _placed_as_it_was(anchors[i], planned[j])
                and anchors[i].launch.date != planned[j].date)
    reassigned_n = sum(1 for j, i in pairs.items() if not _placed_as_it_was(anchors[i], planned[j]))
    ids = {j: anchors[i].launch.launch_id for j, i in pairs.items()}
    new_id = NewIds(set(taken) | {a.launch.launch_id for a in anchors})
    order = sorted(range(len(planned)), key=lambda j: (planned[j].date, planned[j].pad))
    for j in order:
        if j not in ids:
            ids[j] = new_id(planned[j].constellation)
    return Identified(tuple(planned[j].model_copy(update={"launch_id": ids[j]}) for j in order), moved, reassigned_n,
                      len(anchors) - len(pairs), len(planned) - len(pairs))


def _key(l: Launch) -> tuple[str, str]:
    return (l.pad, l.rocket)


def _placed_as_it_was(a: Anchor, l: Launch) -> bool:
    """The same pad, rocket, shell and satellites: moved at most."""
    was = a.launch
    return (l.pad, l.rocket, l.shell, l.satellites) == (was.pad, was.rocket, was.shell, was.satellites)


def _as_it_was(a: Anchor, l: Launch) -> bool:
    """Kept exactly: the same date, shell and satellites (pad and rocket are the group's)."""
    was = a.launch
    return (l.date, l.shell, l.satellites) == (was.date, was.shell, was.satellites)


def _apart(a: Anchor, l: Launch) -> int:
    return abs((l.date - a.launch.date).days)


def _may_continue(a: Anchor, l: Launch) -> bool:
    return _apart(a, l) <= MATCH_WITHIN_DAYS and (a.not_before is None or l.date >= a.not_before)


def _match_in_order(anchors: list[Anchor], news: list[Launch]) -> list[tuple[int, int]]:
    """Order-keeping matching of anchors to launches (both by date): the most kept as they
    were, then the most continued, then the fewest days apart."""
    n, m = len(anchors), len(news)
    # best[i][j]: (-kept, -continued, days apart) of the best matching of anchors[i:] with news[j:]
    best = [[(0, 0, 0)] * (m + 1) for _ in range(n + 1)]
    step: dict[tuple[int, int], str] = {}
    for i in range(n - 1, -1, -1):
        for j in range(m, -1, -1):
            options = [(best[i + 1][j], "drop")]
            if j < m:
                options.append((best[i][j + 1], "skip"))
                if _may_continue(anchors[i], news[j]):
                    k, c, d = best[i + 1][j + 1]
                    options.append(((k - _as_it_was(anchors[i], news[j]), c - 1, d + _apart(anchors[i], news[j])),
                                    "keep"))
            best[i][j], step[i, j] = min(options)
    pairs, i, j = [], 0, 0
    while i < n:
        move = step[i, j]
        if move == "keep":
            pairs.append((i, j))
        i, j = (i + 1, j + 1) if move == "keep" else (i + 1, j) if move == "drop" else (i, j + 1)
    return pairs


def _reassign(anchors: tuple[Anchor, ...], left: list[int], free: list[int],
              planned: Sequence[Launch]) -> dict[int, int]:
    """Pair the anchors not continued with the nearest free new launch of their constellation
    (planned index -> anchor index)."""
    options = sorted(
        (l.shell != a.launch.shell, l.rocket != a.launch.rocket, l.pad != a.launch.pad, _apart(a, l), i, j)
        for i in left
        for j in free
        if (l := planned[j]).constellation == (a := anchors[i]).launch.constellation and _may_continue(a, l)
    )
    out: dict[int, int] = {}
    paired: set[int] = set()
    for *_, i, j in options:
        if j not in out and i not in paired:
            out[j] = i
            paired.add(i)
    return out
