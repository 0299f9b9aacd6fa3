"""`planner diff`: every change between two manifests of one scenario, and each measure old and new."""

from __future__ import annotations

import json
from pathlib import Path

from builders import day, launch, tiny_manifest, tiny_scenario
from click.testing import CliRunner
from openpyxl import load_workbook

from planner.check.measures import measure
from planner.cli import main
from planner.workbook.export import write_scenario
from planner.workbook.schema import OUTPUT
from planner.workbook.writer import add_table, new_book, save_atomic


def manifest(launches, path: Path) -> Path:
    book = new_book()
    add_table(book, OUTPUT["Manifest"], [l.model_dump() for l in launches])
    save_atomic(book, path)
    return path


def test_diff_names_every_change_and_each_measures_change(tmp_path: Path) -> None:
    s = tiny_scenario()
    source = write_scenario(s, tmp_path / "in.xlsx")
    old = tiny_manifest()
    new = [l.model_copy(update={"date": day(5)}) if l.launch_id == "L01" else
           l.model_copy(update={"satellites": 7}) if l.launch_id == "L03" else l
           for l in old if l.launch_id != "L06"] + [launch("L07", day(50), "WC-2", "CZ-12", "GW-A", 9)]
    out = tmp_path / "diff.xlsx"
    result = CliRunner().invoke(main, ["diff", str(source), str(manifest(old, tmp_path / "old.xlsx")),
                                       str(manifest(new, tmp_path / "new.xlsx")), "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert [(r["launch_id"], r["change"]) for r in found["changes"]] == [
        ("L01", "moved"), ("L03", "satellites"), ("L06", "dropped"), ("L07", "new")]
    a, b = measure(s, old), measure(s, new)
    by_name = {r["measure"]: r for r in found["difference"]}
    assert by_name["satellite-days in orbit"]["change"] == b.satellite_days - a.satellite_days
    assert by_name["launches"]["change"] == 0
    for x, y in zip(a.milestones, b.milestones):
        row = next(r for r in found["difference"] if r["measure"].startswith(f"milestone {x.milestone.name}:"))
        assert (row["old"], row["new"]) == (x.achieved, y.achieved)
    book = load_workbook(out)
    assert book.sheetnames == ["Changes", "Difference"]
    assert book["Changes"].max_row == 1 + 4
    assert all(ws.page_setup.orientation == "landscape" and "in.xlsx" in ws.oddHeader.center.text for ws in book)


def test_a_manifest_against_itself_has_no_changes(tmp_path: Path) -> None:
    source = write_scenario(tiny_scenario(), tmp_path / "in.xlsx")
    plan = str(manifest(tiny_manifest(), tmp_path / "plan.xlsx"))
    result = CliRunner().invoke(main, ["diff", str(source), plan, plan, "--json"])
    assert result.exit_code == 0
    found = json.loads(result.stdout)
    assert found["changes"] == [] and all(r["change"] == 0 for r in found["difference"])
