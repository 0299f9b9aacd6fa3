"""Workbooks the planner writes are safe to open: text never runs as a formula, control characters
never break the file, and a run stopped at any moment leaves the previous output intact."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from builders import tiny_scenario
from openpyxl import Workbook, load_workbook

from planner.app.outcome import EXIT_OK
from planner.app.solve import plan_scenario
from planner.cli import DEMO
from planner.domain import entities as E
from planner.domain.errors import InputErrors
from planner.domain.scenario import Scenario
from planner.report.manifest_book import write_manifest
from planner.solve.solver import SolveOptions
from planner.workbook.export import write_scenario
from planner.workbook.loader import load_scenario
from planner.workbook.schema import OUTPUT
from planner.workbook.writer import add_table, new_book, save_atomic

PLANNER = Path(sys.executable).parent / "planner"

# Text a spreadsheet could take for a formula (OWASP ASVS 1.2.10): each leading character.
CONSTELLATION = '=HYPERLINK("http://attacker.example","GW")'
SHELL_A, SHELL_B = "+GW-A", "-GW-B"
ROCKET = "@CZ-8A"
LABELS = ("=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1,1)", "\t=1+1", "\r=1+1")


def hostile_scenario() -> Scenario:
    """The tiny scenario with formula-like identifiers and names, and control characters in text."""
    s = tiny_scenario()
    ids = {"GW": CONSTELLATION, "GW-A": SHELL_A, "GW-B": SHELL_B, "CZ-8A": ROCKET}

    def renamed(entity: E.Entity, **extra: object) -> E.Entity:
        fields = {k: ids.get(v, v) for k, v in entity.model_dump(exclude={"source"}).items()
                  if k in ("id", "constellation", "shell", "rocket")}
        return entity.model_copy(update=fields | extra)

    milestones = tuple(renamed(m, label=LABELS[i]) for i, m in enumerate(s.milestones))
    extra = tuple(renamed(s.milestones[-1], label=label, satellites_in_orbit=0) for label in LABELS[2:])
    return s.model_copy(update={
        "constellations": tuple(renamed(c, name="=cmd|'/C calc'!A0", operator="China\x07Sat\x00Net\x85")
                                for c in s.constellations),
        "shells": tuple(renamed(x) for x in s.shells),
        "milestones": milestones + extra,
        "rockets": tuple(renamed(r, provider="-CALT") for r in s.rockets),
        "capacities": tuple(renamed(c) for c in s.capacities),
        "pad_rockets": tuple(renamed(p) for p in s.pad_rockets),
    })


def user_texts() -> set[str]:
    return {CONSTELLATION, SHELL_A, SHELL_B, ROCKET, "=cmd|'/C calc'!A0", "-CALT", *LABELS}


def assert_no_formulas(path: Path) -> None:
    """No worksheet cell of the file holds a formula, and every user text sits in a text cell."""
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                assert not re.search(rb"<(\w+:)?f[ >/]", z.read(name)), f"a formula in {name}"
    book = load_workbook(path)
    found = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in user_texts():
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    assert cell.quotePrefix == cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value
                    found.add(cell.value)
    assert found, "no user text was written"


# --- text that looks like a formula -------------------------------------------------------------


def test_input_workbooks_store_formula_like_text_as_text(tmp_path: Path) -> None:
    path = write_scenario(hostile_scenario(), tmp_path / "hostile.xlsx")
    assert_no_formulas(path)
    back = load_scenario(path)
    assert back.constellations[0].id == CONSTELLATION
    assert [m.label for m in back.milestones] == [label.strip() for label in LABELS]


def test_the_manifest_stores_formula_like_text_as_text(tmp_path: Path) -> None:
    s = hostile_scenario()
    outcome = plan_scenario(s, SolveOptions(time_limit_s=2, workers=1, seed=0))
    assert outcome.exit_code == EXIT_OK
    source = write_scenario(s, tmp_path / "=evil().xlsx")
    path = tmp_path / "manifest.xlsx"
    write_manifest(path, s, outcome.plan, input_path=source, check=outcome.check)
    assert_no_formulas(path)
    manifest = load_workbook(path)["Manifest"]
    ids = [row[0] for row in manifest.iter_rows(min_row=2, values_only=True)]
    assert ids and all(i.startswith(CONSTELLATION) for i in ids)


# --- control characters -------------------------------------------------------------------------


def test_control_characters_are_removed_on_output_not_fatal(tmp_path: Path) -> None:
    path = write_scenario(hostile_scenario(), tmp_path / "control.xlsx")
    assert load_scenario(path).constellations[0].operator == "ChinaSatNet"


# --- atomic replacement -------------------------------------------------------------------------


def test_a_failed_save_leaves_the_previous_file_and_no_temporary_file(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"previous")

    def half_written(self: Workbook, filename: str) -> None:
        Path(filename).write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(Workbook, "save", half_written)
    with pytest.raises(InputErrors) as caught:
        save_atomic(Workbook(), target)
    assert str(caught.value) == (f"command line, column --output: found '{target}'; "
                                 "expected a workbook path the planner can write (disk full)")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


@pytest.mark.parametrize("command", ["solve", "replan", "explain", "template"])
def test_an_output_path_that_cannot_be_written_is_refused_before_any_work(command: str, tmp_path: Path) -> None:
    source = write_scenario(tiny_scenario(), tmp_path / "tiny.xlsx")
    baseline = tmp_path / "baseline.xlsx"
    book = new_book()
    add_table(book, OUTPUT["Manifest"], [])
    save_atomic(book, baseline)
    (tmp_path / "a-file").write_bytes(b"not a folder")
    output = tmp_path / "a-file" / "out.xlsx"
    args = {"solve": ["solve", str(source), "-o", str(output)],
            "replan": ["replan", str(source), "--baseline", str(baseline), "--as-of", "2027-01-02", "-o", str(output)],
            "explain": ["explain", str(source), "-o", str(output)],
            "template": ["template", str(output)]}[command]
    run = subprocess.run([str(PLANNER), *args], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2, run.stderr
    assert f"column --output: found '{output}'; expected a workbook path the planner can write" in run.stderr
    assert "Traceback" not in run.stderr and "dispatch plan" not in run.stderr  # refused before solving


@pytest.fixture
def run_folder(tmp_path: Path) -> tuple[Path, Path, bytes]:
    """An input workbook and an existing output beside it: (input, output, the output's bytes)."""
    source = write_scenario(tiny_scenario(), tmp_path / "tiny.xlsx")
    output = tmp_path / "manifest.xlsx"
    previous = b"the previous manifest"
    output.write_bytes(previous)
    return source, output, previous


def start_solve(source: Path, output: Path, seconds: int) -> subprocess.Popen:
    return subprocess.Popen([str(PLANNER), "solve", str(source), "-o", str(output), "--time-limit", str(seconds)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=output.parent)


def leftovers(output: Path) -> list[str]:
    """Files beside the input and the output after a kill; each must be a hidden temporary file."""
    names = sorted(p.name for p in output.parent.iterdir() if p.name not in ("tiny.xlsx", output.name))
    assert all(n.startswith(f".{output.name}.") and n.endswith(".tmp") for n in names), names
    return names


def test_a_run_killed_while_solving_leaves_the_previous_output(run_folder: tuple[Path, Path, bytes]) -> None:
    source, output, previous = run_folder
    proc = start_solve(source, output, 30)
    for line in proc.stderr:
        if "plan 1" in line:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert output.read_bytes() == previous
    assert leftovers(output) == []


def test_a_run_killed_while_writing_leaves_the_previous_output(run_folder: tuple[Path, Path, bytes]) -> None:
    source, output, previous = run_folder
    for _ in range(3):
        proc = start_solve(source, output, 1)
        caught = _kill_once_writing(proc, output)
        proc.stderr.close()
        if caught:
            break
        output.write_bytes(previous)  # the run finished before it could be caught; try again
    assert caught, "never caught the manifest being written"
    assert output.read_bytes() == previous
    assert len(leftovers(output)) == 1


def _kill_once_writing(proc: subprocess.Popen, output: Path) -> bool:
    """SIGKILL the run as soon as its temporary output holds some bytes; whether that happened."""
    prefix = f".{output.name}."
    while proc.poll() is None:
        for p in output.parent.iterdir():
            if p.name.startswith(prefix) and _size(p) > 0:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                return True
        time.sleep(0.0005)
    return False


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:  # renamed into place between listing and looking
        return 0


def test_a_second_run_into_the_same_output_is_refused_while_the_first_runs(tmp_path: Path) -> None:
    """Two real processes: the second is refused at once (exit 2, nothing written); the first
    writes its manifest whole."""
    out = tmp_path / "plan.xlsx"
    planner = [sys.executable, "-c", "from planner.cli import main; main()", "solve", str(DEMO), "-o", str(out)]
    first = subprocess.Popen([*planner, "--time-limit", "20"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True)
    for line in first.stderr:  # the first run is solving: it has claimed its output
        if "plan 1" in line:
            break
    second = subprocess.run([*planner, "--time-limit", "1"], capture_output=True, text=True, timeout=120)
    assert second.returncode == 2, second.stderr
    assert "another planner run is writing it" in second.stderr and not out.exists()
    assert first.wait(timeout=300) == 0
    first.stderr.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"]
    assert subprocess.run([*planner[:3], "check", str(DEMO), str(out)], capture_output=True).returncode == 0
