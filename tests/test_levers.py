"""Levers: what each lever changes, what it buys over the same futures against answers known in
closed form, the same figures with one worker or two, and the Levers sheet read and refused."""

from __future__ import annotations

import json
from datetime import date
from math import comb, sqrt
from pathlib import Path

import pandas as pd
import pytest
from builders import day, engine, engines_on, extend, tiny_scenario
from click.testing import CliRunner
from openpyxl import load_workbook
from test_risk_closed_form import binomial_at_least, one_pad, plan_every

from planner.app.risk import RiskOptions, assess_workbook
from planner.check.checker import check_plan
from planner.cli import main
from planner.domain.entities import Factory, Lever, SatelliteDelivery, Uncertainty
from planner.domain.levers import apply
from planner.domain.measures import measure
from planner.domain.supply import engine_stream
from planner.domain.validate import validate_scenario
from planner.report.manifest_book import write_manifest
from planner.risk import summary
from planner.risk.engine import Job, batches, cluster, run, run_here
from planner.risk.levers import Pulled, Weighed, derived, lever_job, weigh
from planner.solve.dispatch import plan_of
from planner.workbook.export import write_scenario
from planner.workbook.loader import load_scenario
from planner.workbook.template import write_template

FUTURES = 1500
Q = 0.5  # reliability in the twin-pad test: wide apart tails


def weighed(s, plan, lever: Lever, futures: int = FUTURES, seed: int = 7) -> Weighed:
    """The lever's paired figures over `futures` futures, run in this process."""
    p = Pulled.of(s, lever)
    results = run_here(Job("t", s, (tuple(plan),), seed),
                       batches(0, frozenset(), futures) + batches(0, p.off, futures, lever=0),
                       [(lever_job, (p, 2.0))])
    job = results.jobs[0]
    return weigh(job.scenario, summary.futures_table(s, results.of(0)), measure(s, plan).milestone_shortfall, lever,
                 p.levered.change, list(job.plans[0]), summary.futures_table(s, results.of(0, p.off, 0)))


def within(estimate: float, exact: float, futures: int) -> bool:
    """Four standard errors of a Monte Carlo proportion."""
    return abs(estimate - exact) <= 4 * sqrt(max(exact * (1 - exact), 1e-4) / futures) + 1e-9


def two_phase_tail(k: int, early: int, q_early: float, late: int, p: float) -> float:
    """P(at least k successes) of `early` attempts succeeding with q_early, then `late` with p."""
    def pmf(n: int, x: int, r: float) -> float:
        return comb(n, x) * r ** x * (1 - r) ** (n - x)
    return sum(pmf(early, a, q_early) * pmf(late, b, p)
               for a in range(early + 1) for b in range(late + 1) if a + b >= k)


# --- what a lever changes ----------------------------------------------------------------------


def test_a_twin_pad_has_the_pads_rockets_windows_and_risks_and_opens_on_its_from_day():
    s = one_pad(uncertainty=(Uncertainty(kind="weather", subject="P", probability=0.2, from_=date(2027, 1, 1),
                                         to=date(2027, 12, 31)),))
    got = apply(s, Lever(lever="x", kind="pad", subject="P", from_=day(30))).scenario
    assert [p.id for p in got.pads] == ["P", "P+"] and got.pad["P+"].site == "S"
    assert {(pr.pad, pr.rocket) for pr in got.pad_rockets} == {("P", "R"), ("P+", "R")}
    assert [(c.pad, c.start, c.end) for c in got.closures] == [("P+", day(0), day(29))]
    assert [u.subject for u in got.uncertainty] == ["P", "P+"]  # the twin's row after the pad's own


def test_an_engine_line_raised_from_a_date_keeps_its_earlier_months():
    s = one_pad(engines=(engine("E", 4),))
    got = apply(s, Lever(lever="x", kind="engine", subject="E", amount=6, from_=date(2027, 2, 15))).scenario
    e = got.engines[0]
    assert e.monthly_output == 10 and dict(e.overrides) == {date(2027, 1, 1): 4}


@pytest.mark.parametrize("since, short", [(date(2027, 3, 1), True), (date(2027, 1, 1), False)])
def test_the_solver_and_the_checker_both_keep_a_raised_engine_lines_earlier_months(since, short):
    # one TH engine a month, one a flight: the second February flight needs February's engine,
    # made at its end, unless the line is raised before January's end
    s = one_pad(engines=(engine("E", 1),), rocket_engines=(engines_on("R", "E", 1),))
    got = apply(s, Lever(lever="x", kind="engine", subject="E", amount=5, from_=since)).scenario
    plan = plan_every(2, first=40)
    assert engine_stream(got, "E").available(day(50)) == (1 if short else 6)
    assert any(v.rule == "supply_chains" for v in check_plan(got, plan).violations) == short


def test_a_factory_line_runs_beside_the_factory_and_separation_stops_at_one_day():
    s = tiny_scenario(factories=(Factory(id="F", rocket="CZ-8A", monthly_output=2),))
    got = apply(s, Lever(lever="x", kind="factory", subject="F", amount=3)).scenario
    assert [(f.id, f.rocket, f.monthly_output) for f in got.factories] == [("F", "CZ-8A", 2), ("F+", "CZ-8A", 3)]
    assert apply(s, Lever(lever="x", kind="separation", subject="WC", amount=5)).scenario.site["WC"] \
        .min_days_between_launches == 1


def test_more_satellites_go_to_the_stream_the_subject_draws_from_and_only_a_limited_one():
    rows = (SatelliteDelivery(constellation="GW", date=day(0), satellites=30),)
    s = tiny_scenario(satellite_supply=rows)
    got = apply(s, Lever(lever="x", kind="satellites", subject="GW-A", amount=7)).scenario
    added = got.satellite_supply[1:]
    assert added and all((d.constellation, d.shell, d.satellites) == ("GW", None, 7) for d in added)
    unlimited = apply(tiny_scenario(), Lever(lever="x", kind="satellites", subject="GW"))
    assert unlimited.scenario is not None and not unlimited.scenario.satellite_supply


# --- what a lever buys, in closed form ---------------------------------------------------------


def test_a_twin_pad_from_the_first_day_doubles_the_attempts():
    # 5 launches needed by day 79 on a 10-day turnaround: 8 attempts on one pad, 16 on two
    w = weighed(one_pad(reliability=Q, rtf=1), plan_every(5), Lever(lever="twin", kind="pad", subject="P"))
    m = w.milestones.iloc[0]
    without, with_ = binomial_at_least(5, 8, Q), binomial_at_least(5, 16, Q)
    assert within(m["p_meet"], without, FUTURES) and within(m["p_meet_with"], with_, FUTURES)
    assert m["gain_low"] <= with_ - without <= m["gain_high"]


def test_a_matured_model_flies_at_its_rockets_reliability_from_its_first_flight():
    rows = (Uncertainty(kind="launch_failure", subject="R", probability=0.6, flights=2),
            Uncertainty(kind="return_to_flight", subject="R", min_days=1, mode_days=1, max_days=1))
    s = one_pad(reliability=0.9, rtf=1, uncertainty=rows)
    w = weighed(s, plan_every(5), Lever(lever="matured", kind="maturity", subject="R"))
    m = w.milestones.iloc[0]
    without, with_ = two_phase_tail(5, 2, 0.4, 6, 0.9), binomial_at_least(5, 8, 0.9)
    assert within(m["p_meet"], without, FUTURES) and within(m["p_meet_with"], with_, FUTURES)
    assert m["gain_low"] <= with_ - without <= m["gain_high"]


def test_a_lever_on_a_link_that_does_not_bind_gains_nothing():
    # vehicles never run short (a stock of 50 for at most 8 attempts): a second line buys nothing
    s = one_pad(reliability=0.7, rtf=1, factories=(Factory(id="F", rocket="R", monthly_output=1),))
    s = s.model_copy(update={"rockets": (s.rockets[0].model_copy(update={"initial_stock": 50}),)})
    w = weighed(s, plan_every(5), Lever(lever="line", kind="factory", subject="F", amount=5), futures=300)
    m = w.milestones.iloc[0]
    assert m["gain_low"] <= 0 <= m["gain_high"] and w.recovered_low <= 0 <= w.recovered_high


def test_derived_levers_are_the_binding_links_and_the_maturing_models():
    rows = (Uncertainty(kind="launch_failure", subject="R", probability=0.3, flights=3),)
    s = one_pad(uncertainty=rows)
    kinds = {(lever.kind, lever.subject) for lever in derived(s, plan_every(5))}
    assert ("pad", "P") in kinds and ("maturity", "R") in kinds


# --- on Dask: one graph, the same figures whatever the workers ---------------------------------


LEVERS = (
    Lever(lever="twin P", kind="pad", subject="P", cost_mcny=500, note="assumption"),
    Lever(lever="R matured", kind="maturity", subject="R", cost_mcny=200),
    Lever(lever="more satellites", kind="satellites", subject="GW"),  # not limited: buys nothing
)


def _workbook(tmp_path: Path) -> tuple[Path, Path]:
    rows = (Uncertainty(kind="launch_failure", subject="R", probability=0.6, flights=2),)
    s = extend(one_pad(reliability=Q, rtf=1, uncertainty=rows), levers=LEVERS)
    path = write_scenario(s, tmp_path / "in.xlsx")
    manifest = tmp_path / "plan.xlsx"
    plan = plan_every(5)
    write_manifest(manifest, s, plan_of(s, plan, "GIVEN"), input_path=path, check=check_plan(s, plan))
    return path, manifest


def test_the_known_answers_with_one_worker_and_two_and_the_same_figures(tmp_path):
    path, manifest = _workbook(tmp_path)
    futures = 400
    figures = []
    for jobs in (1, 2):
        out = tmp_path / f"risk-{jobs}.xlsx"
        a = assess_workbook(path, manifest, output=out, options=RiskOptions(
            futures=futures, jobs=jobs, driver_futures=0, levers=True, lever_futures=futures,
            lever_time_s=1.0)).assessment
        assert a is not None and a.levers is not None
        by = {w.lever.lever: w for w in a.levers}
        twin = by["twin P"].milestones.iloc[0]
        # two early flights succeed with 0.4, the rest with Q: 8 attempts, or 16 with the twin
        assert within(twin["p_meet"], two_phase_tail(5, 2, 0.4, 6, Q), futures)
        assert within(twin["p_meet_with"], two_phase_tail(5, 2, 0.4, 14, Q), futures)
        assert within(by["R matured"].milestones.iloc[0]["p_meet_with"], binomial_at_least(5, 8, Q), futures)
        nothing = by["more satellites"]
        assert nothing.recovered == 0 and nothing.milestones.iloc[0]["gain"] == 0
        assert a.levers[0].lever.lever == "twin P"
        sheet = pd.read_excel(out, sheet_name="Levers")
        assert sheet["lever"].tolist()[0] == "(the plan as assessed)" and len(sheet) == 4
        assert sheet.loc[1, "per_1000_mcny"] == pytest.approx(by["twin P"].recovered / 500 * 1000)
        figures.append([(w.lever.lever, w.recovered, w.milestones.to_dict(orient="records")) for w in a.levers])
    assert figures[0] == figures[1]


def test_ctrl_c_keeps_what_finished_and_the_lever_plans_solved():
    s = one_pad(reliability=Q, rtf=1)
    p = Pulled.of(s, Lever(lever="twin", kind="pad", subject="P"))

    def interrupted(done: int, results) -> None:
        if results.of(0, p.off, 0):  # once some of the lever's futures are in
            raise KeyboardInterrupt

    with cluster(None, 1) as client:
        r = run(client, Job("stop", s, (tuple(plan_every(5)),), 7),
                batches(0, p.off, 300, lever=0) + batches(0, frozenset(), 300), interrupted, [(lever_job, (p, 1.0))])
    assert r.stopped and 0 < sum(len(v) for v in r.records.values()) < 600
    assert r.of(0, p.off, 0) and 0 in r.jobs  # the lever's futures, and the plan they flew


def test_risk_levers_on_the_command_line_writes_json_best_first(tmp_path):
    path, manifest = _workbook(tmp_path)
    out = tmp_path / "risk.xlsx"
    result = CliRunner().invoke(main, ["risk", str(path), "--manifest", str(manifest), "--futures", "30",
                                       "--driver-futures", "0", "--jobs", "1", "--levers", "--lever-time", "1",
                                       "--target", "2", "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    levers = json.loads(result.stdout)["levers"]
    assert levers[0]["lever"] == "twin P"
    first = levers[0]
    assert {"lever", "kind", "subject", "cost_mcny", "recovered", "milestones"} <= set(first)
    assert {"row", "p_meet", "p_meet_with", "gain", "gain_low", "gain_high"} <= set(first["milestones"][0])
    assert "levers, best first by P(meet) gained on" in result.stderr
    with __import__("zipfile").ZipFile(out) as book:
        assert any("Levers: weighted satellites recovered" in book.read(n).decode()
                   for n in book.namelist() if n.startswith("xl/charts/"))


def test_a_target_that_is_no_milestone_row_is_an_input_error(tmp_path):
    path, manifest = _workbook(tmp_path)
    out = tmp_path / "risk.xlsx"
    result = CliRunner().invoke(main, ["risk", str(path), "--manifest", str(manifest), "--futures", "5",
                                       "--levers", "--target", "40", "-o", str(out)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "Milestones row 40" in result.output and not out.exists()


# --- the Levers sheet --------------------------------------------------------------------------


def test_the_levers_survive_a_round_trip_and_the_template_offers_the_kinds(tmp_path):
    s = extend(tiny_scenario(), levers=(Lever(lever="third pad", kind="pad", subject="WC-1", from_=day(10),
                                              cost_mcny=1500, note="assumption"),))
    read = load_scenario(write_scenario(s, tmp_path / "in.xlsx"))
    assert [x.model_dump(exclude={"source"}) for x in read.levers] == [x.model_dump(exclude={"source"})
                                                                        for x in s.levers]
    book = load_workbook(write_template(tmp_path / "template.xlsx"))
    lists = [v.formula1 for v in book["Levers"].data_validations.dataValidation if "B2" in str(v.sqref)]
    assert lists and "maturity" in lists[0] and "separation" in lists[0]


@pytest.mark.parametrize("lever, column, expected", [
    (Lever(lever="x", kind="pad", subject="CZ-8A"), "subject", "for pad: a pad of the scenario"),
    (Lever(lever="x", kind="satellites", subject="WC-1"), "subject", "a constellation or shell"),
    (Lever(lever="x", kind="pad", subject="WC-1", amount=2), "amount", "takes no amount"),
    (Lever(lever="x", kind="maturity", subject="CZ-8A", from_=day(3)), "from", "whole horizon"),
    (Lever(lever="x", kind="factory", subject="NOPE"), "subject", "a factory of the scenario"),
    (Lever(lever="x", kind="engine", subject="WC-1", from_=date(2031, 1, 1)), "from", "in the horizon"),
])
def test_each_bad_lever_names_its_column_and_value(lever, column, expected):
    errors = [e for e in validate_scenario(extend(tiny_scenario(), levers=(lever,))) if e.column == column]
    assert errors and expected in errors[0].expected, validate_scenario(extend(tiny_scenario(), levers=(lever,)))


def test_more_satellites_for_a_constellation_supplied_by_shell_must_name_a_shell():
    s = tiny_scenario(satellite_supply=(SatelliteDelivery(constellation="GW", shell="GW-A", date=day(0),
                                                          satellites=30),))
    errors = validate_scenario(extend(s, levers=(Lever(lever="x", kind="satellites", subject="GW"),)))
    assert [(e.column, e.value) for e in errors] == [("subject", "GW")] and "shells" in errors[0].expected


def test_a_model_with_nothing_to_mature_keeps_every_row():
    got = apply(tiny_scenario(), Lever(lever="x", kind="maturity", subject="CZ-8A"))
    assert got.retired == () and got.change.startswith("nothing")


def test_every_bad_levers_row_is_reported_at_once_with_exit_2(tmp_path):
    good = Lever(lever="twin", kind="pad", subject="WC-1")
    write_scenario(extend(tiny_scenario(), levers=(good, good.model_copy(update={"lever": "b"}))), tmp_path / "in.xlsx")
    book = load_workbook(tmp_path / "in.xlsx")
    book["Levers"]["B2"] = "rocketry"  # no such kind
    book["Levers"]["F3"] = -5  # a negative cost
    book.save(tmp_path / "in.xlsx")
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["risk", str(tmp_path / "in.xlsx"), "--levers", "-o", str(out)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    for text in ("Levers row 2, column kind", "rocketry", "Levers row 3, column cost_mcny", "-5"):
        assert text in result.output, result.output
    assert not out.exists()
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "in.xlsx")])
    assert result.exit_code == 2
