"""Levers: which investment raises the probability of meeting the milestones most, per yuan.

Each lever's plan is the best on paper of the plan assessed (still valid: a lever only
relieves), that plan with dispatch filling the pad time it leaves free, and a fresh search of
the changed scenario as `planner solve` makes it (deterministic, one worker, `--lever-time`).
A lever that changes no rule of the plan (a matured model) keeps the plan. The lever's plan then
runs through the same futures as the plan assessed (the same seeds, so the same failures, slips
and yields where both have them), and every figure is a paired difference over those futures.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from planner.domain.entities import Launch, Lever
from planner.domain.levers import Levered, apply, first_day
from planner.domain.measures import measure
from planner.domain.scenario import Scenario
from planner.domain.supply import satellite_key, satellite_stream_of
from planner.explain.bottlenecks import bottlenecks
from planner.explain.capacity import largest_launch
from planner.explain.whatif import best_on_paper
from planner.risk.engine import Job
from planner.risk.sources import label
from planner.risk.summary import mean_interval, paired
from planner.solve.dispatch import filled
from planner.solve.search import search
from planner.solve.solver import SolveOptions


@dataclass(frozen=True)
class Pulled:
    """A lever as the run weighs it: the lever, its change and the sources it switches off."""

    lever: Lever
    levered: Levered
    off: frozenset[str]
    rules_changed: bool  # False: the plan's rules are those of the scenario assessed (a maturity)

    @classmethod
    def of(cls, s: Scenario, lever: Lever) -> Pulled:
        levered = apply(s, lever)
        return cls(lever, levered, frozenset(label(levered.scenario, i) for i in levered.retired),
                   levered.scenario is not s)


def candidates(s: Scenario, plan: list[Launch]) -> list[Lever]:
    """The Levers sheet's rows, else the levers derived from the plan: one unit of each link that
    binds in it (as `planner explain` finds them) and the maturity of each model with early-flight
    failure rows."""
    return list(s.levers) or derived(s, plan)


def derived(s: Scenario, plan: list[Launch]) -> list[Lever]:
    out: dict[str, Lever] = {}  # by name: two links may give the same lever
    for link in bottlenecks(s, plan).links():
        if (lever := _of_link(s, link.kind, link.key)) is not None:
            out.setdefault(lever.lever, lever)
    matured = sorted({u.subject for u in s.uncertainty
                      if u.kind == "launch_failure" and u.flights is not None and u.subject in s.rocket})
    return [*out.values(), *(Lever(lever=f"{r} matured", kind="maturity", subject=r) for r in matured if r)]


def _of_link(s: Scenario, kind: str, key: str) -> Lever | None:
    """One more unit of a binding link as a lever (a link no lever kind adds to: None)."""
    if kind == "pad":
        return Lever(lever=f"twin of pad {key}", kind="pad", subject=key)
    if kind == "site" and s.site[key].min_days_between_launches > 1:
        return Lever(lever=f"separation at {key} one day shorter", kind="separation", subject=key)
    if kind == "vehicles":  # the model's largest line, one more vehicle a month
        lines = sorted((f for f in s.factories if f.rocket == key), key=lambda f: (-f.monthly_output, f.id))
        return Lever(lever=f"{lines[0].id} +1 {key} a month", kind="factory", subject=lines[0].id) if lines else None
    if kind == "engines":  # one vehicle's worth of engines more a month
        n = max((r.per_vehicle for r in s.rocket_engines if r.engine == key), default=1)
        return Lever(lever=f"{key} line +{n} a month", kind="engine", subject=key, amount=n)
    if kind == "satellites":  # one full launch more a month
        rows = [d for d in s.satellite_supply if satellite_key(d) == key]
        subject = rows[0].shell or rows[0].constellation if rows else key.removeprefix("shell ")
        shells = {sh.id for sh in s.shells if satellite_stream_of(s, sh.id) == key}
        n = largest_launch(s, shells)
        return Lever(lever=f"{subject} satellites +{n} a month", kind="satellites", subject=subject,
                     amount=n) if n else None
    return None  # availability: no lever kind makes a model available earlier


def lever_plan(s: Scenario, plan: list[Launch], time_limit_s: float, seed: int) -> list[Launch]:
    """The lever's plan: the best on paper of the plan assessed, that plan filled, and a fresh
    search; on a tie, the plan assessed."""
    solved = search(s, SolveOptions(time_limit_s, 1, seed, deterministic=True), level=logging.DEBUG,
                    bound_beside=False)
    re_solved = [list(solved.launches)] if solved.report.levels is not None else []
    return best_on_paper(s, [plan, filled(s, plan, s.day(first_day(s))), *re_solved]) or list(plan)


def lever_job(base: Job, pulled: Pulled, time_limit_s: float) -> Job:
    """The job of a lever's futures (a task): its scenario and its plan."""
    s = pulled.levered.scenario
    plan = lever_plan(s, list(base.plans[0]), time_limit_s, base.seed) if pulled.rules_changed else list(base.plans[0])
    return Job(f"{base.token}-{pulled.lever.lever}", s, (tuple(plan),), base.seed, base.move_days, base.full)


@dataclass(frozen=True, kw_only=True, eq=False)
class Weighed:
    """What one lever buys over the same futures as the plan assessed."""

    lever: Lever
    change: str
    futures: int
    paper_short: int  # the lever's plan: weighted satellites short of milestones on paper
    paper_recovered: int  # the same, fewer than the plan assessed on paper
    recovered: float  # weighted expected shortfall removed over all milestones
    recovered_low: float
    recovered_high: float
    milestones: pd.DataFrame  # per milestone: p_meet, p_meet_with, gain (low, high), shortfall_recovered
    rank_per_yuan: int | None = None  # among the costed levers, by recovered per 1,000 MCNY

    @property
    def per_1000_mcny(self) -> float | None:
        cost = self.lever.cost_mcny
        return self.recovered / cost * 1000 if cost else None

    def row(self) -> dict[str, object]:
        """The lever's own figures, as the Levers sheet and `--json` name them."""
        return {"lever": self.lever.lever, "kind": self.lever.kind, "subject": self.lever.subject,
                "change": self.change, "cost_mcny": self.lever.cost_mcny, "futures": self.futures,
                "paper_short": self.paper_short, "paper_recovered": self.paper_recovered,
                "recovered": self.recovered, "recovered_low": self.recovered_low,
                "recovered_high": self.recovered_high, "per_1000_mcny": self.per_1000_mcny,
                "rank_per_yuan": self.rank_per_yuan}


def weigh(s: Scenario, base: pd.DataFrame, base_paper: int, lever: Lever, change: str, plan: list[Launch],
          table: pd.DataFrame) -> Weighed:
    """A lever's futures (`table`) against the plan's own over the same futures (`base`); the
    plan assessed is `base_paper` weighted satellites short on paper."""
    cmp = paired(s, base, table)
    both = base.merge(table, on="future", suffixes=("_a", "_b"))
    weighted = sum((m.weight * (np.maximum(0, m.satellites_in_orbit - both[f"achieved_{i}_a"].to_numpy())
                                - np.maximum(0, m.satellites_in_orbit - both[f"achieved_{i}_b"].to_numpy()))
                    for i, m in enumerate(s.milestones)), np.zeros(len(both)))
    recovered, half = mean_interval(weighted)
    milestones = pd.DataFrame({
        "row": [m.source.row if m.source else None for m in s.milestones], "milestone": cmp["milestone"],
        "p_meet": cmp["p_meet_a"], "p_meet_with": cmp["p_meet_b"], "gain": cmp["p_meet_diff"],
        "gain_low": cmp["p_meet_diff_low"], "gain_high": cmp["p_meet_diff_high"],
        "shortfall_recovered": -cmp["shortfall_diff"]})
    paper = measure(s, plan).milestone_shortfall
    return Weighed(lever=lever, change=change, futures=len(both), paper_short=paper, paper_recovered=base_paper - paper,
                   recovered=recovered, recovered_low=recovered - half, recovered_high=recovered + half,
                   milestones=milestones)


def ranked(found: list[Weighed], target: int | None) -> list[Weighed]:
    """Best first: by P(meet) gained on milestone `target` (its index), else by weighted
    satellites recovered; then by name. Each costed lever gets its rank by recovered per
    1,000 MCNY."""
    costed = sorted((w for w in found if w.per_1000_mcny is not None),
                    key=lambda w: (-(w.per_1000_mcny or 0.0), w.lever.lever))
    per_yuan = {w.lever.lever: k for k, w in enumerate(costed, start=1)}
    found = [replace(w, rank_per_yuan=per_yuan.get(w.lever.lever)) for w in found]
    if target is None:
        return sorted(found, key=lambda w: (-w.recovered, w.lever.lever))
    return sorted(found, key=lambda w: (-float(w.milestones["gain"].iloc[target]), -w.recovered, w.lever.lever))
