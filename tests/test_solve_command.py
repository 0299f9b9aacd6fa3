"""`planner solve` end to end: a manifest the checker accepts, even when time is short."""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from planner.cli import main

DEMO = Path(__file__).resolve().parent.parent / "inputs" / "demo.xlsx"


def test_a_time_limit_too_short_for_the_full_model_still_writes_the_plan_found(tmp_path):
    out = tmp_path / "m.xlsx"
    solved = CliRunner().invoke(main, ["solve", str(DEMO), "-o", str(out), "--time-limit", "3", "--json"])
    assert solved.exit_code == 0, solved.output
    assert out.exists()
    checked = CliRunner().invoke(main, ["check", str(DEMO), str(out)])
    assert checked.exit_code == 0  # 1 would mean violations


def test_ctrl_c_stops_the_search_and_writes_the_best_plan_found(tmp_path):
    out = tmp_path / "m.xlsx"
    planner = Path(sys.executable).with_name("planner")
    run = subprocess.Popen([str(planner), "solve", str(DEMO), "-o", str(out), "--time-limit", "120"],
                           stderr=subprocess.PIPE, text=True,
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    seen = [run.stderr.readline()]  # the dispatch plan: the search is under way
    time.sleep(2)
    run.send_signal(signal.SIGINT)
    _, rest = run.communicate(timeout=60)
    err = seen[0] + rest
    assert run.returncode == 0, err
    assert "(interrupted)" in err and "Traceback" not in err
    assert CliRunner().invoke(main, ["check", str(DEMO), str(out)]).exit_code == 0


def test_a_gap_limit_ends_the_demo_once_its_plan_is_proven_close_enough(tmp_path):
    out = tmp_path / "m.xlsx"
    solved = CliRunner().invoke(main, ["solve", str(DEMO), "-o", str(out), "--time-limit", "120",
                                       "--gap-limit", "1", "--json"])
    assert solved.exit_code == 0, solved.output
    summary = json.loads(solved.stdout)
    assert summary["stopped_by"] == "gap limit" and summary["gap_pct"] <= 1
    assert summary["check"]["ok"]
    rows = dict(r[:2] for r in load_workbook(out, read_only=True)["Summary"].iter_rows(values_only=True) if r)
    assert rows["stopped by"] == "gap limit" and rows["setting gap_limit_pct"] == 1


def test_every_solving_command_takes_the_same_search_options() -> None:
    """solve, replan and explain share one contract for the search they run."""
    for command in ("solve", "replan", "explain"):
        shown = CliRunner().invoke(main, [command, "--help"]).output
        for option in ("--time-limit", "--workers", "--seed", "--deterministic / --parallel", "--gap-limit", "--json"):
            assert option in shown, (command, option)


def test_bad_input_gives_one_json_shape_whatever_the_command(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.xlsx")
    shapes = []
    for args in (["solve", missing], ["check", missing, missing], ["replan", missing, "--baseline", missing],
                 ["explain", missing], ["risk", missing]):
        result = CliRunner().invoke(main, [*args, "--json"])
        assert result.exit_code == 2, args
        shapes.append(json.loads(result.stdout))
    expected = {"exit_code": 2, "input": missing,
                "errors": [f"{Path(missing).name}: expected an existing workbook file"]}
    assert all(shape == expected for shape in shapes), shapes
