"""A whole planning scenario and the facts derived from its rows."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from datetime import date, timedelta
from functools import cached_property
from itertools import accumulate
from typing import Any

from pydantic import BaseModel, ConfigDict

from planner.domain.entities import (
    Actual,
    Capacity,
    Constellation,
    Engine,
    Event,
    Factory,
    Grounding,
    Launch,
    Lever,
    Milestone,
    Pad,
    PadRocket,
    Rocket,
    RocketEngine,
    SatelliteDelivery,
    Settings,
    Shell,
    Site,
    Uncertainty,
    Window,
)


class Scenario(BaseModel):
    """Everything the planner knows: demand, vehicles, factories, pads and fixed launches."""

    model_config = ConfigDict(frozen=True, extra="forbid", ignored_types=(cached_property,))

    settings: Settings
    constellations: tuple[Constellation, ...]
    shells: tuple[Shell, ...]
    milestones: tuple[Milestone, ...]
    satellite_supply: tuple[SatelliteDelivery, ...] = ()
    rockets: tuple[Rocket, ...]
    capacities: tuple[Capacity, ...]
    factories: tuple[Factory, ...] = ()
    engines: tuple[Engine, ...] = ()
    rocket_engines: tuple[RocketEngine, ...] = ()
    sites: tuple[Site, ...]
    pads: tuple[Pad, ...]
    pad_rockets: tuple[PadRocket, ...]
    pad_windows: tuple[Window, ...] = ()
    closures: tuple[Window, ...] = ()
    groundings: tuple[Grounding, ...] = ()
    fixed_launches: tuple[Launch, ...] = ()
    events: tuple[Event, ...] = ()
    uncertainty: tuple[Uncertainty, ...] = ()
    actuals: tuple[Actual, ...] = ()
    levers: tuple[Lever, ...] = ()

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Scenario:
        """A copy with some tables replaced; lookups are rebuilt from the new tables."""
        copy = super().model_copy(update=update, deep=deep)
        for name, member in vars(Scenario).items():
            if isinstance(member, cached_property):
                copy.__dict__.pop(name, None)
        return copy

    # --- lookups -------------------------------------------------------------------------

    @cached_property
    def shell(self) -> dict[str, Shell]:
        return {s.id: s for s in self.shells}

    @cached_property
    def rocket(self) -> dict[str, Rocket]:
        return {r.id: r for r in self.rockets}

    @cached_property
    def site(self) -> dict[str, Site]:
        return {s.id: s for s in self.sites}

    @cached_property
    def pad(self) -> dict[str, Pad]:
        return {p.id: p for p in self.pads}

    @property
    def horizon_days(self) -> int:
        return (self.settings.horizon_end - self.settings.horizon_start).days + 1

    def day(self, d: date) -> int:
        """Day index of a date, 0 at horizon_start."""
        return (d - self.settings.horizon_start).days

    def date_of(self, day: int) -> date:
        return self.settings.horizon_start + timedelta(days=day)

    # --- rules 1, 2 and 4: which models a pad flies, turnaround and separation ---------------

    @cached_property
    def pad_turnaround(self) -> dict[str, dict[str, int]]:
        """pad -> rocket it may launch (rule 1) -> turnaround after a launch of that rocket."""
        table: dict[str, dict[str, int]] = {p.id: {} for p in self.pads}
        for pr in self.pad_rockets:
            table[pr.pad][pr.rocket] = pr.turnaround_days or self.pad[pr.pad].turnaround_days
        return table

    def turnaround(self, pad: str, rocket: str) -> int:
        """Rule 2: days the pad is busy after a launch of `rocket`; the pad's default for a
        model it does not list (a fact, such as a history launch, may fly one)."""
        return self.pad_turnaround[pad].get(rocket, self.pad[pad].turnaround_days)

    def separation(self, site: str) -> int:
        """Rule 4: the fewest days between two launches from `site`."""
        return self.site[site].min_days_between_launches

    # --- rule 3: windows and closures ------------------------------------------------------

    def pad_open_days(self, pad: str) -> list[int]:
        """Days of the horizon on which the pad may launch (inside a window, outside closures)."""
        n = self.horizon_days
        windows = [w for w in self.pad_windows if w.pad == pad]
        if windows:
            open_ = [False] * n
            for w in windows:
                for d in range(max(0, self.day(w.start)), min(n - 1, self.day(w.end)) + 1):
                    open_[d] = True
        else:
            open_ = [True] * n
        site = self.pad[pad].site
        for c in self.closures:
            if c.pad == pad or (c.pad is None and c.site == site):
                for d in range(max(0, self.day(c.start)), min(n - 1, self.day(c.end)) + 1):
                    open_[d] = False
        return [d for d in range(n) if open_[d]]

    # --- fixed launches' running totals, for rule 8 and the milestones -----------------------

    @cached_property
    def fixed_running(self) -> dict[tuple[str, str], tuple[list[int], list[int]]]:
        """key -> (days, running totals) of the fixed launches: ("launches", rocket) from the
        horizon's first day; ("consumed", shell) satellites from the first day, failed
        launches included; ("in orbit", shell) satellites of launches that did not fail."""
        steps: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for f in self.fixed_launches:
            day = self.day(f.date)
            if day >= 0:
                steps.setdefault(("launches", f.rocket), []).append((day, 1))
                steps.setdefault(("consumed", f.shell), []).append((day, f.satellites))
            if not f.failed:
                steps.setdefault(("in orbit", f.shell), []).append((day, f.satellites))
        out = {}
        for key, items in steps.items():
            items.sort()
            totals = list(accumulate(n for _, n in items))
            out[key] = ([d for d, _ in items], totals)
        return out

    def fixed_by(self, key: tuple[str, str], t: int) -> int:
        """The fixed launches' running total `key` (see fixed_running) on day t."""
        days, totals = self.fixed_running.get(key, ((), ()))
        i = bisect_right(days, t)
        return totals[i - 1] if i else 0

    # --- milestones ----------------------------------------------------------------------------

    def milestone_shells(self, m: Milestone) -> frozenset[str]:
        """The shells whose satellites count towards a milestone: its shell, else its constellation's."""
        return frozenset(sh.id for sh in self.shells
                         if (sh.id == m.shell if m.shell else sh.constellation == m.constellation))

    # --- rule 5 and 6: reach and capacity ---------------------------------------------------

    def reachable(self, site: str, shell: str) -> bool:
        s, sh = self.site[site], self.shell[shell]
        return s.min_inclination_deg <= sh.inclination_deg <= s.max_inclination_deg

    def routes(self, pad: str) -> list[tuple[str, str, Capacity]]:
        """Rules 1, 5 and 6 together: each (rocket, shell, its RocketCapacity row) a launch from
        `pad` may fly, by rocket then shell."""
        site = self.pad[pad].site
        return [(r, sh, cap) for r in sorted(self.pad_turnaround[pad]) for sh in self.reachable_shells(site)
                if (cap := self.capacity(r, sh, site)) is not None]

    def reachable_shells(self, site: str) -> list[str]:
        """The shells `site` can reach, in a stable order."""
        return sorted(sh.id for sh in self.shells if self.reachable(site, sh.id))

    def capacity(self, rocket: str, shell: str, site: str) -> Capacity | None:
        """The RocketCapacity row for a launch: a site-specific row wins over a general one."""
        general = None
        for c in self.capacities:
            if c.rocket == rocket and c.shell == shell:
                if c.site == site:
                    return c
                if c.site is None:
                    general = c
        return general

    # --- rule 7: rocket availability ------------------------------------------------------

    def rocket_blocked_days(self, rocket: str) -> set[int]:
        """Days of the horizon on which the rocket may not fly (before available_from, grounded)."""
        blocked: set[int] = set()
        first = self.rocket[rocket].available_from
        if first is not None:
            blocked.update(range(min(self.horizon_days, max(0, self.day(first)))))
        for g in self.groundings:
            if g.rocket == rocket:
                lo, hi = max(0, self.day(g.start)), min(self.horizon_days - 1, self.day(g.end))
                blocked.update(range(lo, hi + 1))
        return blocked
