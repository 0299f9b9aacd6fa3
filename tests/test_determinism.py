"""Same inputs, settings and seed give the same plan, whatever the machine's load."""

from pathlib import Path

from openpyxl import load_workbook

from planner import api

DEMO = Path(__file__).resolve().parent.parent / "inputs" / "demo.xlsx"


def _manifest_rows(path: Path) -> list[tuple]:
    book = load_workbook(path, read_only=True)
    rows = [tuple(r) for r in book["Manifest"].iter_rows(values_only=True)]
    book.close()
    return rows


def test_two_runs_on_the_demo_write_identical_manifests(tmp_path):
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    for out in (first, second):
        outcome = api.solve_workbook(DEMO, out, time_limit_s=8, seed=3, progress=None)
        assert outcome.exit_code == api.EXIT_OK
        assert outcome.check.ok
    assert _manifest_rows(first) == _manifest_rows(second)
    assert len(_manifest_rows(first)) > 100
