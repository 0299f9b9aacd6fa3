"""The sources of uncertainty in force, and what one future draws from them.

A source is the Rockets sheet's reliability (launch failures of every model), or one row of
the Uncertainty sheet. Each future has one seed, spawned from the run's seed and the future's
index; every random quantity is drawn from a stream of its own, keyed by what it is about (a
rocket's n-th flight, a pad's day, a factory's month), never by the order in which the
simulation asks. So the same future draws the same numbers whatever the plan (common random
numbers across `--compare`), and switching a source off changes that source alone (Drivers).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from zlib import crc32

import numpy as np

from planner.domain.entities import Uncertainty
from planner.domain.scenario import Scenario

RELIABILITY = "launch failures at Rockets reliability"


@dataclass(frozen=True)
class Source:
    """A source a run may switch off: its label and, for an Uncertainty row, the row."""

    label: str
    row: Uncertainty | None = None


@dataclass(frozen=True)
class Driver:
    """What the Drivers sheet switches off at once: one source, or every row of one kind."""

    label: str
    off: frozenset[str]  # labels of the sources switched off


def label(s: Scenario, i: int) -> str:
    """The name of Uncertainty row i as a source (its sheet row, else its place in the table)."""
    u = s.uncertainty[i]
    return u.label if u.source else f"{u.label} #{i + 1}"


def sources(s: Scenario) -> list[Source]:
    """Every source in force: reliability below 1 of some model, then each Uncertainty row."""
    out = [Source(RELIABILITY)] if any(r.reliability < 1 for r in s.rockets) else []
    return out + [Source(label(s, i), u) for i, u in enumerate(s.uncertainty)]


def drivers(found: list[Source], by: str) -> list[Driver]:
    """The drivers of a run: each source (`by` "row"), or the Rockets reliability and each kind
    of Uncertainty row (`by` "kind"), a kind of one row named as that row."""
    if by == "row":
        return [Driver(x.label, frozenset({x.label})) for x in found]
    groups: dict[str, list[Source]] = {}
    for x in found:
        groups.setdefault(x.row.kind if x.row else x.label, []).append(x)
    return [Driver(rows[0].label if len(rows) == 1 else f"{kind} ({len(rows)} rows)",
                   frozenset(x.label for x in rows)) for kind, rows in groups.items()]


def future_seed(seed: int, index: int) -> int:
    """The seed of future `index` of a run: spawned from the run's seed, independent of any other."""
    return int(np.random.SeedSequence(seed, spawn_key=(index,)).generate_state(1)[0])


def triangular(rng: np.random.Generator, u: Uncertainty, size: int) -> np.ndarray:
    """`size` whole-day durations, triangular on [min_days, max_days] with mode `mode_days`."""
    lo, mode, hi = u.min_days or 0, u.mode_days or 0, u.max_days or 0
    if lo == hi:
        return np.full(size, lo, dtype=np.int64)
    return np.rint(rng.triangular(lo, mode, hi, size)).astype(np.int64)


class Draws:
    """The random numbers of one future, drawn lazily, one stream per key."""

    def __init__(self, seed: int, days: int):
        self.seed, self.days = seed, days
        self._cache: dict[str, np.ndarray] = {}

    def rng(self, key: str) -> np.random.Generator:
        return np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(crc32(key.encode()),)))

    def uniform(self, key: str, size: int) -> np.ndarray:
        """`size` uniforms of the stream `key` (the same prefix whatever `size` later asked)."""
        have = self._cache.get(key)
        if have is None or len(have) < size:
            have = self.rng(key).random(max(size, 2 * len(have) if have is not None else size))
            self._cache[key] = have
        return have

    def durations(self, key: str, u: Uncertainty, size: int) -> np.ndarray:
        k = f"{key}#days"
        have = self._cache.get(k)
        if have is None or len(have) < size:
            have = triangular(self.rng(k), u, max(size, 2 * len(have) if have is not None else size))
            self._cache[k] = have
        return have


class Uncertain:
    """The uncertainty of a scenario with some sources switched off, read for the simulation."""

    def __init__(self, s: Scenario, off: frozenset[str] = frozenset()):
        self.s = s
        self.off = off
        self.position = {id(u): i for i, u in enumerate(s.uncertainty)}
        rows = [u for i, u in enumerate(s.uncertainty) if label(s, i) not in off]
        self.reliability_on = RELIABILITY not in off
        self.rows = rows
        self.by_kind: dict[str, list[Uncertainty]] = {}
        for u in rows:
            self.by_kind.setdefault(u.kind, []).append(u)

    def key(self, u: Uncertainty) -> str:
        """The stream key of a row's draws: its place in the table, whichever rows are off."""
        return f"row{self.position[id(u)]}"

    def one(self, kind: str, subject: str) -> Uncertainty | None:
        """The row of `kind` about `subject`, else the row about all of that kind."""
        return self.specific(kind, (subject,))

    def specific(self, kind: str, subjects: tuple[str | None, ...]) -> Uncertainty | None:
        """The row of `kind` about the first of `subjects` that has one, else the row about all."""
        rows = self.by_kind.get(kind, ())
        for subject in (*[x for x in subjects if x], None):
            if (u := next((u for u in rows if u.subject == subject), None)) is not None:
                return u
        return None

    def failure_probability(self, rocket: str, flight: int) -> float:
        """Probability that flight number `flight` (0 = the model's first) of `rocket` fails."""
        u = self.one("launch_failure", rocket)
        if u is not None and (u.flights is None or flight < u.flights):
            return u.probability or 0.0
        return 1 - self.s.rocket[rocket].reliability if self.reliability_on else 0.0

    @cached_property
    def return_to_flight(self) -> dict[str, Uncertainty | None]:
        return {r: self.one("return_to_flight", r) for r in self.s.rocket}

    def slips(self, rocket: str, site: str, pad: str) -> list[Uncertainty]:
        return [u for u in self.by_kind.get("launch_slip", ()) if u.subject in (None, rocket, site, pad)]

    def weather(self, site: str, pad: str) -> list[Uncertainty]:
        return [u for u in self.by_kind.get("weather", ()) if u.subject in (None, site, pad)]
