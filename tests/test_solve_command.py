"""`planner solve` end to end: a manifest the checker accepts, even when time is short."""

from pathlib import Path

from click.testing import CliRunner

from planner.cli import main

DEMO = Path(__file__).resolve().parent.parent / "inputs" / "demo.xlsx"


def test_a_time_limit_too_short_for_the_full_model_still_writes_the_plan_found(tmp_path):
    out = tmp_path / "m.xlsx"
    solved = CliRunner().invoke(main, ["solve", str(DEMO), "-o", str(out), "--time-limit", "3", "--json"])
    assert solved.exit_code == 0, solved.output
    assert out.exists()
    checked = CliRunner().invoke(main, ["check", str(DEMO), str(out)])
    assert checked.exit_code == 0  # 1 would mean violations
