"""The links of the deployment chain a plan can be held by, named as planners name them.

A pad (turnaround, windows, closures), a site (separation between its launches), vehicle
finalisation (a model's available_from and groundings), and the supply streams of rule 8:
vehicles of a model, engines of a type, satellites of a constellation or shell. A stream link is
named like the stream in the Supply sheet ("vehicles TL-3").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planner.board.board import LINKS
from planner.domain.entities import Entity
from planner.domain.measures import deliveries
from planner.domain.scenario import Scenario
from planner.domain.supply import satellite_key, stream_name

KINDS = tuple(LINKS)  # as the board's rules name them
UNITS = LINKS


@dataclass(frozen=True, order=True)
class Link:
    kind: str  # one of KINDS
    key: str  # pad, site, rocket, engine, constellation or shell

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"

    @classmethod
    def of_stream(cls, stream: str) -> Link:
        """The link of a supply stream named "<kind> <key>"."""
        kind, key = stream.split(" ", 1)
        return cls(kind, key)


def scenario_links(s: Scenario) -> set[str]:
    """Every link the scenario has, by name: its pads, sites, models and limited supply streams."""
    return ({f"pad {p.id}" for p in s.pads} | {f"site {x.id}" for x in s.sites}
            | {f"availability {r.id}" for r in s.rockets} | set(deliveries(s)))


def rows_of(s: Scenario, link: Link) -> str:
    """The workbook rows that set a link, e.g. "Factories rows 3, 4"; empty when none is known."""
    entities: list[Entity]
    if link.kind == "pad":
        entities = [s.pad[link.key], *(w for w in s.pad_windows if w.pad == link.key),
                    *(c for c in s.closures if c.pad == link.key)]
    elif link.kind == "site":
        entities = [s.site[link.key]]
    elif link.kind == "availability":
        entities = [s.rocket[link.key]]
    elif link.kind == "vehicles":
        entities = [f for f in s.factories if f.rocket == link.key] or [s.rocket[link.key]]
    elif link.kind == "engines":
        entities = [e for e in s.engines if e.id == link.key]
    elif link.kind == "satellites":
        entities = [d for d in s.satellite_supply if stream_name("satellites", satellite_key(d)) == str(link)]
    else:
        entities = [s.rocket[link.key]] if link.key in s.rocket else []
    return sources(entities)


def sources(entities: Sequence[Entity]) -> str:
    """"Sheet row 3" or "Sheet rows 3, 4" per sheet, joined by "; "."""
    rows: dict[str, list[int]] = {}
    for e in entities:
        source = getattr(e, "source", None)
        if source is not None:
            rows.setdefault(source.sheet, []).append(source.row)
    parts = []
    for sheet, numbers in rows.items():
        shown = _ranges(sorted(set(numbers)))
        parts.append(f"{sheet} row{'s' if len(numbers) > 1 else ''} {shown}")
    return "; ".join(parts)


def _ranges(numbers: list[int]) -> str:
    """3, 4, 5, 9 -> "3-5, 9"."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)
