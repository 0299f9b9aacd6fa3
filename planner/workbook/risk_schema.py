"""The risk workbook's sheets (`planner risk`), declared once like every sheet: they drive the
writer and the README's table. Futures and Drivers have one more column per milestone, named
after it, after the declared ones."""

from __future__ import annotations

from planner.workbook.schema import Column, Kind, Sheet

T, I, N, F, D = Kind.TEXT, Kind.ID, Kind.INT, Kind.FLOAT, Kind.DATE


def _c(name: str, kind: Kind, note: str = "") -> Column:
    return Column(name, kind, note=note)


RISK_SHEETS: tuple[Sheet, ...] = (
    Sheet("Summary", (_c("item", T), _c("value", T)), output=True),
    Sheet("Milestones", (
        _c("row", N, "the milestone's row in the Milestones sheet"),
        _c("label", T), _c("constellation", I), _c("shell", I), _c("due_date", D),
        _c("required", N), _c("planned", N, "what the manifest itself achieves"),
        _c("p_meet", F, "share of futures with the required satellites in orbit by the due date"),
        _c("ci_low", F, "95 % Wilson interval"), _c("ci_high", F),
        _c("expected_shortfall", F, "mean satellites missing at the due date"),
        _c("p10_achieved", F), _c("p50_achieved", F), _c("p90_achieved", F),
        _c("p50_date_met", D, "blank: not met in half the futures"), _c("p90_date_met", D),
        _c("top_driver", T, "the source whose removal helps this milestone most"),
        _c("actual", N, "what happened on the due date (the Actuals sheet), for a backtest"),
        _c("actual_percentile", F, "share of futures below the actual, plus half of those equal to it"),
        _c("actual_band", T, "below P10, P10-P50, P50-P90 or above P90"),
    ), output=True),
    Sheet("Deployment", (
        _c("constellation", I), _c("shell", I, "blank: the whole constellation"), _c("month", D), _c("plan", N),
        _c("p10", F), _c("p25", F), _c("p50", F), _c("p75", F), _c("p90", F),
        _c("milestone", N, "satellites due in orbit by a milestone by that month"),
        _c("actual", N, "what happened, the Actuals sheet's latest count in that month"),
    ), output=True),
    Sheet("Drivers", (
        _c("rank", N), _c("source", T), _c("futures", N, "futures run with the source switched off"),
        _c("satellites_recovered", F, "expected shortfall removed over all milestones"),
    ), output=True),
    Sheet("Capacity", (
        _c("kind", T, "rocket (launches flown) or factory (vehicles delivered)"), _c("name", I),
        _c("paper", N, "launches in the plan, or vehicles on the factory's paper rate"),
        _c("p10", F), _c("p50", F), _c("p90", F), _c("mean_failed", F),
    ), output=True),
    Sheet("Futures", (
        _c("future", N, "the index to give --future"), _c("seed", N), _c("failures", N), _c("slips", N),
        _c("scrubs", N), _c("late_deliveries", N), _c("replans", N),
    ), output=True),
    Sheet("Compare", (
        _c("milestone", T), _c("p_meet_a", F, "the assessed manifest"), _c("p_meet_b", F, "the --compare manifest"),
        _c("p_meet_diff", F, "b - a, over the same futures"), _c("p_meet_diff_low", F), _c("p_meet_diff_high", F),
        _c("shortfall_a", F), _c("shortfall_b", F), _c("shortfall_diff", F), _c("shortfall_diff_low", F),
        _c("shortfall_diff_high", F),
    ), output=True),
    Sheet("Levers", (
        _c("rank", N, "best first: weighted satellites recovered, or P(meet) gained on --target"),
        _c("lever", T), _c("kind", T), _c("subject", I), _c("change", T, "what the lever changes in the scenario"),
        _c("cost_mcny", F), _c("futures", N, "futures the lever's plan ran, the same as the plan's first ones"),
        _c("paper_short", N, "the lever's plan on paper: weighted satellites short of the milestones"),
        _c("paper_recovered", N, "fewer than the plan assessed on paper: what the paper what-if would say"),
        _c("recovered", F, "weighted expected shortfall removed over all milestones (paired)"),
        _c("recovered_low", F, "95 % interval"), _c("recovered_high", F),
        _c("per_1000_mcny", F, "recovered per 1,000 MCNY of cost"),
        _c("rank_per_yuan", N, "among the levers with a cost: by recovered per 1,000 MCNY"),
        _c("target", T, "the milestone whose P(meet) the chart shows"),
        _c("target_gain", F, "P(meet) with the lever less without, over the same futures"),
        _c("target_gain_low", F, "95 % interval"), _c("target_gain_high", F),
    ), output=True,
        note="planner risk --levers: the first row is the plan as assessed; then one column per milestone of its "
             "P(meet) with the lever, and of the gain with its 95 % interval"),
)
RISK = {s.name: s for s in RISK_SHEETS}
