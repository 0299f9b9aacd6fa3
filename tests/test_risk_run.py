"""`planner risk` end to end: on local Dask clusters of real processes, from the command line,
and for one future's realised manifest."""

from __future__ import annotations

import json
import os
import signal
from datetime import date

import openpyxl
import pytest
from builders import tiny_manifest
from click.testing import CliRunner
from test_risk_closed_form import extend_tiny

from planner.app.check import run_check
from planner.cli import main
from planner.domain.entities import Uncertainty
from planner.report.manifest_book import write_manifest
from planner.risk.engine import Job, batches, cluster, run, run_here
from planner.solve.dispatch import plan_of
from planner.workbook.export import write_scenario

ROWS = (Uncertainty(kind="launch_slip", probability=0.3, min_days=1, mode_days=4, max_days=15),
        Uncertainty(kind="weather", probability=0.3, from_=date(2027, 1, 1), to=date(2027, 2, 15)))


@pytest.fixture(scope="module")
def job() -> Job:
    return Job("dask-test", extend_tiny(ROWS), (tuple(tiny_manifest()),), 21)


def _work(futures: int = 60):
    return batches(0, frozenset(), futures) + batches(0, frozenset({"launch_slip all #1"}), 20)


def test_one_and_two_workers_give_the_records_of_a_single_process(job):
    here = run_here(job, _work()).records
    for workers in (1, 2):
        with cluster(None, workers) as client:
            assert run(client, job, _work()).records == here


def test_a_worker_killed_mid_run_loses_no_future(job):
    here = run_here(job, _work(200)).records
    killed = []

    def kill_one(done, results):
        if not killed:
            pid = sorted(client.run(os.getpid).values())[0]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    with cluster(None, 2) as client:
        got = run(client, job, _work(200), kill_one)
    assert killed and got.records == here and not got.stopped


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("risk")
    s = extend_tiny(ROWS)
    scenario = write_scenario(s, folder / "tiny.xlsx")
    manifest = folder / "tiny-manifest.xlsx"
    write_manifest(manifest, s, plan_of(s, tiny_manifest(), "GIVEN"), input_path=None)
    return folder, scenario, manifest


def test_planner_risk_writes_every_sheet_and_the_json_of_the_spec(books):
    folder, scenario, manifest = books
    out = folder / "risk.xlsx"
    result = CliRunner().invoke(main, ["risk", str(scenario), "--manifest", str(manifest), "--compare", str(manifest),
                                       "--futures", "30", "--driver-futures", "10", "--jobs", "1", "--seed", "4",
                                       "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["futures"] == 30 and body["seed"] == 4
    first = body["milestones"][0]
    assert set(first) >= {"row", "label", "constellation", "shell", "due_date", "required", "p_meet", "ci_low",
                          "ci_high", "expected_shortfall", "p50_achieved", "p90_date_met"}
    assert first["ci_low"] <= first["p_meet"] <= first["ci_high"]
    # the same plan compared with itself over the same futures: no difference at all
    assert all(row["p_meet_diff"] == 0 and row["shortfall_diff"] == 0 for row in body["compare"]["milestones"])
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Summary", "Milestones", "Deployment", "Drivers", "Capacity", "Futures", "Compare"]
    assert all(ws.page_setup.orientation == "landscape" and "tiny.xlsx" in ws.oddHeader.center.text for ws in book)
    assert len(book["Futures"]["A"]) == 31
    assert book["Drivers"].max_row == 1 + 3  # reliability and the two rows, each switched off
    assert book["Deployment"]._charts and book["Drivers"]._charts


def test_the_same_seed_gives_the_same_json_whatever_the_workers(books):
    folder, scenario, manifest = books
    bodies = []
    for jobs in ("1", "2"):
        result = CliRunner().invoke(main, ["risk", str(scenario), "--manifest", str(manifest), "--futures", "40",
                                           "--driver-futures", "0", "--jobs", jobs, "-o",
                                           str(folder / f"r{jobs}.xlsx"), "--json"])
        assert result.exit_code == 0, result.output
        bodies.append(json.loads(result.stdout)["milestones"])
    assert bodies[0] == bodies[1]


def test_a_future_written_alone_passes_planner_check_against_its_scenario(books):
    folder, scenario, manifest = books
    out = folder / "future-3.xlsx"
    result = CliRunner().invoke(main, ["risk", str(scenario), "--manifest", str(manifest), "--future", "3",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert run_check(folder / "future-3-scenario.xlsx", out, as_json=False) == 0


def test_a_bad_scheduler_address_is_a_command_line_error(books):
    _, scenario, manifest = books
    result = CliRunner().invoke(main, ["risk", str(scenario), "--manifest", str(manifest), "--scheduler", "localhost"])
    assert result.exit_code == 2 and "tcp://HOST:PORT" in result.output


def test_a_manifest_that_breaks_a_rule_is_not_assessed(books, tmp_path):
    _folder, scenario, _ = books
    s = extend_tiny(ROWS)
    broken = [l.model_copy(update={"pad": "WC-2"}) if l.launch_id == "L01" else l for l in tiny_manifest()]
    bad = tmp_path / "bad.xlsx"
    write_manifest(bad, s, plan_of(s, broken, "GIVEN"), input_path=None)
    out = tmp_path / "risk.xlsx"
    result = CliRunner().invoke(main, ["risk", str(scenario), "--manifest", str(bad), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 1 and "breaks a rule" in result.output and not out.exists()


def test_the_full_policy_is_chosen_on_the_command_line_and_named_in_the_summary(books):
    folder, scenario, manifest = books
    out = folder / "full.xlsx"
    result = CliRunner().invoke(main, ["risk", str(scenario), "--manifest", str(manifest), "--futures", "4",
                                       "--driver-futures", "0", "--jobs", "1", "--policy", "full",
                                       "--replan-time", "0.5", "-o", str(out)])
    assert result.exit_code == 0, result.output
    summary = {r[0].value: r[1].value for r in openpyxl.load_workbook(out)["Summary"].iter_rows(min_row=2)}
    policy = summary["re-plan policy"]
    assert policy.startswith("full: the planner replan search") and "0.5 s" in policy
    two = CliRunner().invoke(main, ["risk", str(scenario), "--manifest", str(manifest), "--futures", "4",
                                    "--driver-futures", "0", "--jobs", "2", "--policy", "full", "--replan-time", "0.5",
                                    "-o", str(folder / "full2.xlsx"), "--json"])
    one = CliRunner().invoke(main, ["risk", str(scenario), "--manifest", str(manifest), "--futures", "4",
                                    "--driver-futures", "0", "--jobs", "1", "--policy", "full", "--replan-time", "0.5",
                                    "-o", str(folder / "full1.xlsx"), "--json"])
    assert two.exit_code == 0 == one.exit_code, two.output + one.output
    figures = [{k: v for k, v in json.loads(r.stdout).items() if k != "output"} for r in (one, two)]
    assert figures[0] == figures[1]  # the full re-plan's search is reproducible, whatever the workers


def test_a_plan_solved_first_is_named_by_the_hash_of_its_launches(books):
    folder, scenario, _ = books
    out = folder / "solved-first.xlsx"
    result = CliRunner().invoke(main, ["risk", str(scenario), "--futures", "4", "--driver-futures", "0", "--jobs", "1",
                                       "--time-limit", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    summary = {r[0].value: r[1].value for r in openpyxl.load_workbook(out)["Summary"].iter_rows(min_row=2)}
    named = summary["manifest file and SHA-256"]
    assert named.startswith("solved from the input in this run, its launches ") and len(named.split()[-1]) == 64


def test_deployment_has_each_shell_beside_its_constellation_with_its_own_milestone_steps(books):
    folder, scenario, manifest = books
    out = folder / "shells.xlsx"
    result = CliRunner().invoke(main, ["risk", str(scenario), "--manifest", str(manifest), "--futures", "20",
                                       "--driver-futures", "0", "--jobs", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Deployment"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
    series = sorted({(r["constellation"], r["shell"] or "") for r in rows})
    assert series == [("GW", ""), ("GW", "GW-A"), ("GW", "GW-B")]
    assert len(ws._charts) == len(series)
    by = {(r["constellation"], r["shell"] or "", r["month"]): r for r in rows}
    for (c, shell, month), r in by.items():
        if shell:
            continue
        parts = [by[(c, sh, month)] for sh in ("GW-A", "GW-B")]
        assert r["plan"] == sum(p["plan"] for p in parts)  # the shells make up the constellation
        assert all(p["p50"] <= r["p50"] for p in parts)
    assert {r["milestone"] for r in rows if r["shell"] == "GW-A"} >= {20}  # GW-A's own milestone, due day 59
    assert 20 not in {r["milestone"] for r in rows if not r["shell"]}
