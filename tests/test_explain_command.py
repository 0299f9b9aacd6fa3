"""`planner explain`: binding links per quarter, ranked what-if gains, the explanation workbook, and
the conflicting rows when no plan exists."""

from __future__ import annotations

import json
from pathlib import Path

from builders import END, day, factory, launch, tiny_scenario
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from planner.cli import main
from planner.domain.entities import Milestone, Pad, PadRocket
from planner.domain.scenario import Scenario
from planner.manifest.plan import Plan, SolveReport
from planner.report.manifest_book import write_manifest
from planner.workbook.export import write_scenario


def vehicles_bind(*milestones: Milestone) -> Scenario:
    """One pad, one model made one a month: the factory holds every launch."""
    return tiny_scenario(
        pads=(Pad(id="WC-1", site="WC", turnaround_days=3),),
        pad_rockets=(PadRocket(pad="WC-1", rocket="CZ-8A"),),
        factories=(factory("CZ-8A", 1),),
        milestones=milestones or (Milestone(constellation="GW", due_date=END, satellites_in_orbit=60),),
    )


def explain(*args: str) -> Result:
    return CliRunner().invoke(main, ["explain", *args])


def test_explain_names_the_binding_link_and_ranks_its_relief(tmp_path: Path) -> None:
    path = write_scenario(vehicles_bind(), tmp_path / "in.xlsx")
    out = tmp_path / "explained.xlsx"
    result = explain(str(path), "--time-limit", "5", "--what-if-time", "3", "--jobs", "1", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "2027-Q1  vehicles CZ-8A held 3, 100 % used" in text
    assert "1. vehicles CZ-8A: one more CZ-8A a month from 2027-01-01: +20 milestone satellites" in text
    book = load_workbook(out)
    assert book.sheetnames == ["Bottlenecks", "WhatIf"]
    assert all(ws.page_setup.orientation == "landscape" and "in.xlsx" in ws.oddHeader.center.text for ws in book)
    first = [c.value for c in next(book["WhatIf"].iter_rows(min_row=2, max_row=2))]
    assert first[:3] == [1, "vehicles CZ-8A", "one more CZ-8A a month from 2027-01-01"]


def test_explain_a_given_manifest_as_json(tmp_path: Path) -> None:
    s = vehicles_bind()
    path = write_scenario(s, tmp_path / "in.xlsx")
    manifest = tmp_path / "manifest.xlsx"
    report = SolveReport(status="FEASIBLE", objective=0.0, best_bound=0.0, gap_pct=0.0, time_to_first_s=0.0,
                         total_s=0.0, levels=None)
    write_manifest(manifest, s, Plan((launch("L1", day(30)), launch("L2", day(58))), report), input_path=None)
    result = explain(str(path), "--manifest", str(manifest), "--no-what-if", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["binding"] == {"2027-Q1": ["vehicles CZ-8A"]}
    assert found["could_move_earlier"] == {"2027-Q1": 0}
    assert "what_if" not in found
    assert {r["link"] for r in found["bottlenecks"]} == {"pad WC-1", "site WC", "vehicles CZ-8A"}


def test_links_named_are_priced_whether_they_bind_or_not_and_unknown_names_are_refused(tmp_path: Path) -> None:
    path = write_scenario(vehicles_bind(), tmp_path / "in.xlsx")
    result = explain(str(path), "--time-limit", "3", "--what-if-time", "1", "--jobs", "1", "--links", "site WC")
    assert result.exit_code == 0, result.output
    assert "1. site WC: site separation at WC 1 day instead of 2 days: no gain" in result.stdout
    refused = explain(str(path), "--time-limit", "3", "--links", "vehicles,pad WC-9")
    assert refused.exit_code == 2
    assert "command line, column --links: found 'pad WC-9'; expected a kind of link" in refused.stderr


def test_every_manifest_has_a_bottlenecks_sheet(tmp_path: Path) -> None:
    path = write_scenario(vehicles_bind(), tmp_path / "in.xlsx")
    out = tmp_path / "manifest.xlsx"
    result = CliRunner().invoke(main, ["solve", str(path), "-o", str(out), "--time-limit", "5"])
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(out)["Bottlenecks"].iter_rows(min_row=2, values_only=True))
    assert rows[-1][:6] == ("2027-Q1", "vehicles CZ-8A", "vehicles", "vehicles", 3, 3)


def test_a_deliberately_infeasible_workbook_is_answered_with_its_rows(tmp_path: Path) -> None:
    path = write_scenario(vehicles_bind(Milestone(constellation="GW", due_date=day(59), satellites_in_orbit=30,
                                                  hard=True)), tmp_path / "in.xlsx")
    result = explain(str(path), "--time-limit", "5")
    assert result.exit_code == 1
    assert "no valid plan: this hard requirement cannot be met:" in result.stderr
    assert "Milestones row 2 (hard) needs 30 GW satellites in orbit by 2027-03-01" in result.stderr
    assert "can carry at most 20 by then" in result.stderr
    assert "vehicles CZ-8A" in result.stderr and "Factories row 2" in result.stderr
