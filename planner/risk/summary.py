"""From futures to figures: P(meet) with its interval, shortfall, percentiles, drivers, comparison.

Per-future records become one pandas table; every figure of the risk workbook and of `--json`
is a column statistic of it. Intervals: Wilson's for a proportion, a normal interval on the
mean of paired differences for a comparison (both 95 %).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from math import sqrt
from typing import Any

import numpy as np
import pandas as pd

from planner.domain.entities import Launch, Milestone
from planner.domain.measures import in_orbit, milestone_results
from planner.domain.scenario import Scenario
from planner.domain.supply import monthly_deliveries
from planner.risk.future import Record, deployment_series

Z = 1.959963984540054  # the 97.5 % normal quantile


def wilson(successes: int, n: int) -> tuple[float, float]:
    """Wilson's 95 % interval for a proportion."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / denom
    half = Z * sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / denom
    return (0.0 if successes == 0 else centre - half), (1.0 if successes == n else centre + half)


def futures_table(s: Scenario, records: list[Record]) -> pd.DataFrame:
    """One row per future: its seed, events and each milestone's achieved satellites."""
    rows = []
    for r in records:
        row = {"future": r.index, "seed": r.seed, "failures": r.failures, "slips": r.slips, "scrubs": r.scrubs,
               "late_deliveries": r.late_deliveries, "replans": r.replans}
        for i, (a, d) in enumerate(zip(r.achieved, r.met_day)):
            row[f"achieved_{i}"] = a
            row[f"met_day_{i}"] = d
        rows.append(row)
    return pd.DataFrame(rows)


def _quantile(values: pd.Series, q: float) -> float:
    return float(np.quantile(values.to_numpy(), q, method="inverted_cdf"))


def _date_quantile(s: Scenario, days: pd.Series, q: float) -> date | None:
    """The q-quantile of the day met, futures never meeting counting as later than any day."""
    x = np.where(days.to_numpy() < 0, np.iinfo(np.int64).max, days.to_numpy())
    v = np.quantile(x, q, method="inverted_cdf")
    return None if v == np.iinfo(np.int64).max else s.date_of(int(v))


@dataclass(frozen=True, kw_only=True)
class MilestoneRisk:
    row: int | None
    label: str
    constellation: str
    shell: str | None
    due_date: date
    required: int
    planned: int
    p_meet: float
    ci_low: float
    ci_high: float
    expected_shortfall: float
    p10_achieved: float
    p50_achieved: float
    p90_achieved: float
    p50_date_met: date | None
    p90_date_met: date | None
    actual: int | None = None
    actual_percentile: float | None = None
    actual_band: str | None = None


def milestone_risk(s: Scenario, plan: list[Launch], table: pd.DataFrame) -> list[MilestoneRisk]:
    planned = milestone_results(s, plan)
    out = []
    n = len(table)
    for i, m in enumerate(s.milestones):
        achieved = table[f"achieved_{i}"]
        met = int((achieved >= m.satellites_in_orbit).sum())
        low, high = wilson(met, n)
        band = _bands(achieved)
        out.append(MilestoneRisk(
            row=m.source.row if m.source else None, label=m.name, constellation=m.constellation, shell=m.shell,
            due_date=m.due_date, required=m.satellites_in_orbit, planned=planned[i].achieved, p_meet=met / n,
            ci_low=low, ci_high=high, expected_shortfall=float((m.satellites_in_orbit - achieved).clip(lower=0).mean()),
            p10_achieved=band["p10"], p50_achieved=band["p50"], p90_achieved=band["p90"],
            p50_date_met=_date_quantile(s, table[f"met_day_{i}"], 0.5),
            p90_date_met=_date_quantile(s, table[f"met_day_{i}"], 0.9), **_beside(actual_on(s, m), achieved, band)))
    return out


def actual_on(s: Scenario, m: Milestone) -> int | None:
    """What the Actuals sheet says was in orbit on the milestone's due date, for its constellation or shell."""
    return next((a.satellites_in_orbit for a in s.actuals
                 if a.date == m.due_date and a.constellation == m.constellation and a.shell == m.shell), None)


def _beside(actual: int | None, achieved: pd.Series, band: dict[str, float]) -> dict[str, Any]:
    """Where an actual count falls among the futures: its mid-rank percentile (the share of
    futures below it, plus half of those equal to it) and its place in the P10-P90 band."""
    if actual is None:
        return {}
    below, equal = float((achieved < actual).mean()), float((achieved == actual).mean())
    place = "below P10" if actual < band["p10"] else "P10-P50" if actual < band["p50"] \
        else "P50-P90" if actual <= band["p90"] else "above P90"
    return {"actual": actual, "actual_percentile": below + equal / 2, "actual_band": place}


BANDS = (0.1, 0.25, 0.5, 0.75, 0.9)


def deployment(s: Scenario, plan: list[Launch], records: list[Record], months: list[date]) -> pd.DataFrame:
    """Per constellation (whole, then each shell) and month end: the plan, the bands of
    satellites in orbit, the milestone step."""
    rows = []
    for ci, (c, shell) in enumerate(deployment_series(s)):
        counts = np.array([r.in_orbit[ci] for r in records])
        for mi, month in enumerate(months):
            row: dict[str, object] = {"constellation": c, "shell": shell, "month": month,
                                      "plan": in_orbit(s, plan, month, c, shell)}
            for q in BANDS:
                row[f"p{round(q * 100)}"] = float(np.quantile(counts[:, mi], q, method="inverted_cdf"))
            due = [m.satellites_in_orbit for m in s.milestones
                   if m.constellation == c and m.shell == shell and m.due_date <= month]
            row["milestone"] = max(due) if due else None
            seen = [a for a in s.actuals if a.constellation == c and a.shell == shell
                    and (a.date.year, a.date.month) == (month.year, month.month)]
            row["actual"] = max(seen, key=lambda a: a.date).satellites_in_orbit if seen else None
            rows.append(row)
    return pd.DataFrame(rows)


def capacity(s: Scenario, plan: list[Launch], records: list[Record]) -> pd.DataFrame:
    """Per rocket model and factory: what the plan counts on, against what futures give."""
    rows = []
    for r in s.rockets:
        planned = sum(1 for l in plan if l.rocket == r.id)
        if not planned and not any(x.flown[r.id] for x in records):
            continue
        flown = pd.Series([x.flown[r.id] for x in records])
        rows.append({"kind": "rocket", "name": r.id, "paper": planned, **_bands(flown),
                     "mean_failed": float(np.mean([x.lost[r.id] for x in records]))})
    for f in s.factories:
        paper = sum(q for d, q in monthly_deliveries(s, f.start_date, f.end_date, f.monthly_output, dict(f.overrides)))
        made = pd.Series([x.delivered.get(f.id, 0) for x in records])
        rows.append({"kind": "factory", "name": f.id, "paper": paper, **_bands(made), "mean_failed": None})
    return pd.DataFrame(rows)


def _bands(values: pd.Series) -> dict[str, float]:
    return {"p10": _quantile(values, 0.1), "p50": _quantile(values, 0.5), "p90": _quantile(values, 0.9)}


def paired(s: Scenario, a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Per milestone: P(meet) and expected shortfall of two plans over the futures both ran
    (paired by index), and the difference (b - a) with its 95 % interval."""
    both = a.merge(b, on="future", suffixes=("_a", "_b"))
    rows = []
    for i, m in enumerate(s.milestones):
        got_a, got_b = both[f"achieved_{i}_a"].to_numpy(), both[f"achieved_{i}_b"].to_numpy()
        met_a = (got_a >= m.satellites_in_orbit).astype(float)
        met_b = (got_b >= m.satellites_in_orbit).astype(float)
        short_a = np.maximum(0, m.satellites_in_orbit - got_a).astype(float)
        short_b = np.maximum(0, m.satellites_in_orbit - got_b).astype(float)
        dp, dp_half = mean_interval(met_b - met_a)
        ds, ds_half = mean_interval(short_b - short_a)
        rows.append({"milestone": m.name, "p_meet_a": _mean(met_a), "p_meet_b": _mean(met_b),
                     "p_meet_diff": dp, "p_meet_diff_low": dp - dp_half, "p_meet_diff_high": dp + dp_half,
                     "shortfall_a": _mean(short_a), "shortfall_b": _mean(short_b), "shortfall_diff": ds,
                     "shortfall_diff_low": ds - ds_half, "shortfall_diff_high": ds + ds_half})
    return pd.DataFrame(rows)


def _mean(x: np.ndarray) -> float:
    return float(x.mean()) if len(x) else 0.0


def mean_interval(d: np.ndarray) -> tuple[float, float]:
    """The mean and the half-width of its 95 % normal interval."""
    if len(d) < 2:
        return _mean(d), float("inf")
    return float(d.mean()), Z * float(d.std(ddof=1)) / sqrt(len(d))


def drivers(s: Scenario, base: pd.DataFrame, off: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each source switched off over the same futures: the change in each milestone's P(meet)
    and expected shortfall, ranked by the satellites recovered over all milestones."""
    rows = []
    for label, table in off.items():
        cmp = paired(s, base, table)
        row = {"source": label, "futures": int(base["future"].isin(table["future"]).sum()),
               "satellites_recovered": float(-cmp["shortfall_diff"].sum())}
        for i, _m in enumerate(s.milestones):
            row[f"dp_{i}"] = float(cmp["p_meet_diff"].iloc[i])
            row[f"dshort_{i}"] = float(cmp["shortfall_diff"].iloc[i])
        rows.append(row)
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    return table.sort_values(["satellites_recovered", "source"], ascending=[False, True]).reset_index(drop=True)
