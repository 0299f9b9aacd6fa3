"""Every figure of one `planner risk` run, as the risk workbook and `--json` read them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.risk import summary
from planner.risk.levers import Weighed
from planner.risk.sources import Source

POLICY = ("quick: keep the plan (touched launches and their pads' later ones up to 29 days later), then fill lost "
          "milestones from the end of the freeze")


FULL = "full: the planner replan search on the future as then known, {seconds:g} s a re-plan, one worker"


def policy_text(s: Scenario, full_s: float | None = None) -> str:
    """The re-plan policy as the Summary names it, with its cadence."""
    every = s.settings.replan_every_days
    what = POLICY if full_s is None else FULL.format(seconds=full_s)
    return what + (f"; every {every} days (Settings replan_every_days)" if every else "; after every event")


@dataclass(kw_only=True)
class Assessment:
    """Every figure of one run, ready for the workbook and for `--json`."""

    scenario: Scenario
    plan: list[Launch]
    asked: int
    seed: int
    sources: list[Source]
    engine: str
    seconds: float
    stopped: bool
    futures: pd.DataFrame
    milestones: list[summary.MilestoneRisk]
    deployment: pd.DataFrame
    capacity: pd.DataFrame
    drivers: pd.DataFrame
    compare: pd.DataFrame | None
    simulated: int  # futures run in all: the plan's, the compared plan's, the drivers' and the levers'
    drivers_by: str  # "kind" or "row"
    files: dict[str, str] = field(default_factory=dict)  # what -> "name SHA-256"
    full_s: float | None = None  # the full re-plan's time limit; None: the quick policy
    levers: list[Weighed] | None = None  # --levers: what each lever buys, best first
    target: int | None = None  # the milestone (index) the levers are ranked by; None: all, weighted

    @property
    def run(self) -> int:
        return len(self.futures)

    @property
    def per_second(self) -> float:
        """Futures simulated per second of the run, the comparison's, drivers' and levers' included."""
        return self.simulated / self.seconds if self.seconds else 0.0


def top_driver(a: Assessment, i: int) -> str | None:
    """The source whose removal most cuts milestone i's expected shortfall (None: none does)."""
    d = a.drivers
    if d.empty or d[f"dshort_{i}"].min() >= 0:
        return None
    return str(d.sort_values([f"dshort_{i}", "source"]).iloc[0]["source"])


def chart_target(a: Assessment) -> int:
    """The milestone the Levers chart shows: `--target`, else the first due that is neither
    certain nor out of reach (P(meet) strictly between 0 and 1), else the first not certain."""
    if a.target is not None:
        return a.target
    order = sorted(range(len(a.milestones)), key=lambda i: (a.milestones[i].due_date, i))
    return next((i for i in order if 0 < a.milestones[i].p_meet < 1),
                next((i for i in order if a.milestones[i].p_meet < 1), order[0] if order else 0))


def ranked_by(a: Assessment) -> str:
    """What the levers are ranked by, in a planner's words."""
    return f"P(meet) gained on {a.milestones[a.target].label}" if a.target is not None \
        else "weighted satellites recovered"


def as_json(a: Assessment) -> dict[str, object]:
    """The run's figures in `--json`, as risk.md defines it."""
    out: dict[str, object] = {
        "futures": a.run, "asked": a.asked, "seed": a.seed, "stopped": a.stopped,
        "milestones": [{"row": m.row, "label": m.label, "constellation": m.constellation, "shell": m.shell,
                        "due_date": m.due_date.isoformat(), "required": m.required, "planned": m.planned,
                        "p_meet": m.p_meet, "ci_low": m.ci_low, "ci_high": m.ci_high,
                        "expected_shortfall": m.expected_shortfall, "p50_achieved": m.p50_achieved,
                        "p90_date_met": m.p90_date_met.isoformat() if m.p90_date_met else None,
                        "top_driver": top_driver(a, i)}
                       | ({"actual": m.actual, "actual_percentile": m.actual_percentile, "actual_band": m.actual_band}
                          if m.actual is not None else {})
                       for i, m in enumerate(a.milestones)],
    }
    if a.compare is not None:  # an interval of a single future is unbounded: null
        out["compare"] = {"milestones": [finite(row) for row in a.compare.to_dict(orient="records")]}
    if a.levers is not None:
        out["levers"] = [finite(w.row()) | {"milestones": [finite(r) for r in w.milestones.to_dict(orient="records")]}
                         for w in a.levers]
    return out


def finite(row: dict[str, object]) -> dict[str, object]:
    """`row` with infinite or undefined numbers as None (null)."""
    return {k: v if not isinstance(v, float) or math.isfinite(v) else None for k, v in row.items()}
