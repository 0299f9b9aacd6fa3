"""Hostile and odd workbooks: each is refused with every problem named, quickly, and writes nothing.

Every case of the corpus is loaded in process; the cases marked for the command line also run
through the real `planner` command, which must exit 2 without a traceback, in bounded time and
memory, leaving an existing output file untouched.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import defusedxml
import openpyxl
import openpyxl.xml.functions
import pytest
from builders import tiny_scenario
from hostile_corpus import (
    CASES,
    LAUGHS,
    Case,
    base,
    build_corpus,
    edit,
    in_sheet,
    merge,
    put,
    read_parts,
    sheet_part,
    write_parts,
)
from openpyxl import load_workbook
from test_export import same

from planner.domain.errors import InputErrors
from planner.workbook import guard
from planner.workbook.cells import MAX_ID, MAX_NUMBER, MAX_TEXT
from planner.workbook.loader import MAX_HORIZON_DAYS, load_scenario

PLANNER = Path(sys.executable).parent / "planner"
README = Path(__file__).resolve().parent.parent / "README.md"
SECONDS = 5.0  # for any bad input, start to exit
MEGABYTES = 400  # peak memory of the command on any bad input


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_corpus(tmp_path_factory.mktemp("corpus"))


def errors_of(path: Path) -> list[str]:
    with pytest.raises(InputErrors) as info:
        load_scenario(path)
    return [str(e) for e in info.value.errors]


# --- the corpus ----------------------------------------------------------------------------------


def test_the_corpus_is_large_and_named_uniquely() -> None:
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_bad_workbook_is_refused_with_exactly_its_errors(case: Case, corpus: dict[str, Path]) -> None:
    started = time.perf_counter()
    lines = errors_of(corpus[case.name])
    assert time.perf_counter() - started < SECONDS
    assert case.matches(lines), "\n".join(lines)


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    megabytes: float


# Started from a small interpreter, not from this test process: a child's peak memory counts
# its parent's size at the fork, and this process grows as other tests solve.
_MEASURED = ("import os, sys; pid = os.spawnv(os.P_NOWAIT, sys.argv[2], sys.argv[2:]); "
             "_, status, usage = os.wait4(pid, 0); open(sys.argv[1], 'w').write(str(usage.ru_maxrss)); "
             "sys.exit(os.waitstatus_to_exitcode(status))")


def run_planner(*args: str, cwd: Path) -> Run:
    """The real command, with its wall time and peak memory."""
    out, err, peak = cwd / "stdout.txt", cwd / "stderr.txt", cwd / "peak.txt"
    with out.open("w") as o, err.open("w") as e:
        started = time.perf_counter()
        code = subprocess.run([sys.executable, "-c", _MEASURED, str(peak), str(PLANNER), *args],
                              stdout=o, stderr=e, cwd=cwd).returncode
        seconds = time.perf_counter() - started
    run = Run(code, out.read_text(), err.read_text(), seconds, int(peak.read_text()) / 1024)
    for f in (out, err, peak):
        f.unlink()
    return run


def shows(case: Case, text: str) -> bool:
    """Every expected error line appears in the command's report."""
    lines = [line.strip() for line in text.splitlines()]
    return all(
        (want in lines) if isinstance(want, str) else any(want.fullmatch(line) for line in lines)
        for want in case.expected
    )


@pytest.mark.parametrize("case", [c for c in CASES if c.cli], ids=lambda c: c.name)
def test_command_line_refuses_with_exit_2_and_leaves_the_output_alone(case: Case, corpus: dict[str, Path],
                                                                      tmp_path: Path) -> None:
    output = tmp_path / "manifest.xlsx"
    output.write_bytes(b"the previous manifest")
    os.utime(output, (1_600_000_000, 1_600_000_000))
    run = run_planner("solve", str(corpus[case.name]), "-o", str(output), "--time-limit", "2", cwd=tmp_path)
    assert run.code == 2, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert "nothing was written" in run.stderr
    assert shows(case, run.stderr), run.stderr
    assert output.read_bytes() == b"the previous manifest"
    assert output.stat().st_mtime == 1_600_000_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.xlsx"]
    assert run.seconds < SECONDS
    assert run.megabytes < MEGABYTES


@pytest.mark.parametrize("name", ["million_rows", "dangling_references"])
def test_validate_reports_every_error_as_json(name: str, corpus: dict[str, Path], tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == name)
    run = run_planner("validate", str(corpus[name]), "--json", cwd=tmp_path)
    assert run.code == 2
    assert "Traceback" not in run.stderr + run.stdout
    report = json.loads(run.stdout)
    assert report["exit_code"] == 2
    assert case.matches(report["errors"])
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --- XML parsing is safe even behind the guard ------------------------------------------------


def test_defusedxml_is_in_force_in_openpyxl() -> None:
    assert openpyxl.DEFUSEDXML is True
    assert openpyxl.xml.functions.iterparse.__module__.startswith("defusedxml")
    assert openpyxl.xml.functions.fromstring.__module__.startswith("defusedxml")


def test_openpyxl_alone_also_refuses_entity_expansion(tmp_path: Path) -> None:
    """Should the guard miss a DTD, the parser below it refuses it too, at once."""
    path = tmp_path / "laughs.xlsx"
    in_sheet("Settings", lambda xml: LAUGHS)(path)
    started = time.perf_counter()
    with pytest.raises(ValueError) as info:
        load_workbook(path, read_only=True)
    assert isinstance(info.value.__cause__, defusedxml.DefusedXmlException)
    assert time.perf_counter() - started < 1


def test_a_billion_laughs_workbook_is_refused_fast(corpus: dict[str, Path]) -> None:
    started = time.perf_counter()
    errors_of(corpus["billion_laughs"])
    assert time.perf_counter() - started < 0.5


# --- odd workbooks that are fine ----------------------------------------------------------------


def test_hidden_sheets_are_read_like_visible_ones(tmp_path: Path) -> None:
    path = tmp_path / "hidden.xlsx"

    def hide_all_but_settings(book: openpyxl.Workbook) -> None:
        for ws in book.worksheets[1:]:
            ws.sheet_state = "veryHidden" if ws.title == "Rockets" else "hidden"

    edit(hide_all_but_settings)(path)
    assert same(load_scenario(path), tiny_scenario())


def test_a_wrong_stated_sheet_size_does_not_hide_rows_or_columns(tmp_path: Path) -> None:
    path = tmp_path / "dimension.xlsx"

    def shrink(parts: dict[str, bytes]) -> None:
        for title in ("Shells", "Pads", "Rockets"):
            name = sheet_part(parts, title)
            parts[name] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A1"', parts[name])

    base(path)
    parts = read_parts(path)
    shrink(parts)
    write_parts(path, parts)
    assert same(load_scenario(path), tiny_scenario())


def test_a_formula_with_its_computed_result_is_read_as_that_result(tmp_path: Path) -> None:
    path = tmp_path / "computed.xlsx"
    in_sheet("Shells", lambda xml: re.sub(rb'<c r="E2"[^>]*>.*?</c>', b'<c r="E2"><f>SUM(30,30)</f><v>60</v></c>',
                                          xml, count=1))(path)
    assert load_scenario(path).shell["GW-A"].satellites == 60


def test_a_formula_computing_empty_text_is_a_blank_cell(tmp_path: Path) -> None:
    path = tmp_path / "empty_text.xlsx"
    in_sheet("Shells", lambda xml: xml.replace(b'</row><row r="3">',
                                               b'<c r="G2" t="str"><f>""</f><v></v></c></row><row r="3">'))(path)
    assert load_scenario(path).shell["GW-A"].planes is None


def test_notes_beside_the_data_and_merges_among_them_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    edit(lambda book: book["Shells"].cell(1, 9, "remarks"),
         lambda book: book["Shells"].cell(2, 9, "first shell"),
         lambda book: book["Shells"].cell(7, 9, "a note on a row of its own"),
         merge("Shells", "I2:J3"))(path)
    assert same(load_scenario(path), tiny_scenario())


def test_control_characters_in_text_are_removed_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "control.xlsx"
    edit(put("Milestones", 2, "label", "first\x85 batch\tGW-A\x9f"))(path)
    assert load_scenario(path).milestones[0].label == "first batch\tGW-A"


def test_dates_may_be_excel_dates_or_iso_text(tmp_path: Path) -> None:
    path = tmp_path / "dates.xlsx"
    edit(put("Milestones", 2, "due_date", " 2027-03-01 "))(path)
    assert load_scenario(path).milestones[0].due_date == date(2027, 3, 1)


@pytest.mark.parametrize("format_id", [14, 27, 31, 36, 50, 57, 58])
def test_dates_in_the_built_in_formats_of_chinese_japanese_and_korean_excel_are_dates(format_id: int,
                                                                                     tmp_path: Path) -> None:
    plain, styled = tmp_path / "plain.xlsx", tmp_path / "styled.xlsx"
    base(plain)
    parts = read_parts(plain)
    styles = re.sub(r'<numFmt numFmtId="164" formatCode="yyyy-mm-dd" */>', "", parts["xl/styles.xml"].decode())
    parts["xl/styles.xml"] = styles.replace('numFmtId="164"', f'numFmtId="{format_id}"').encode()
    write_parts(styled, parts)  # every date cell in that built-in format, with no format code in the file
    assert load_scenario(styled).milestones == load_scenario(plain).milestones


# --- limits -------------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_without_unpacking(tmp_path: Path) -> None:
    path = tmp_path / "large.xlsx"
    base(path)
    with path.open("ab") as f:
        f.truncate(guard.MAX_FILE_BYTES + 1)
    assert errors_of(path) == [f"large.xlsx: found '{guard.MAX_FILE_BYTES + 1:,} bytes'; "
                               f"expected a workbook of at most {guard.MAX_FILE_BYTES // 2**20} MiB"]


def test_too_many_xml_elements_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "elements.xlsx"
    base(path)
    monkeypatch.setattr(guard, "MAX_ELEMENTS", 500)
    lines = errors_of(path)
    assert len(lines) == 1
    assert re.fullmatch(r"elements\.xlsx: found '[^']+'; expected a workbook of at most 500 XML elements", lines[0])


def test_a_workbook_with_thousands_of_sheets_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sheets.xlsx"
    base(path)
    parts = read_parts(path)
    many = b"".join(b'<sheet name="S%d" sheetId="%d" r:id="rId1"/>' % (i, i + 100) for i in range(1_001))
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"</sheets>", many + b"</sheets>")
    write_parts(path, parts)
    assert errors_of(path) == ["sheets.xlsx: found 'xl/workbook.xml'; expected at most 1,000 sheet entries"]


def test_the_readme_states_the_limits_the_code_enforces() -> None:
    text = README.read_text()
    section = text[text.index("## Input errors"):]
    for stated in (
        f"{guard.MAX_FILE_BYTES // 2**20} MiB",
        f"{guard.MAX_PART_BYTES // 2**20} MiB",
        f"{guard.MAX_TOTAL_BYTES // 2**20} MiB",
        f"{guard.MAX_RATIO} times",
        f"{guard.MAX_PARTS:,} parts",
        f"{guard.MAX_ELEMENTS:,} XML elements",
        f"{guard.MAX_OTHER_ELEMENTS:,} XML elements",
        f"{guard.MAX_ROWS:,} rows",
        f"{guard.MAX_CELLS:,} cells",
        f"{MAX_TEXT:,} characters",
        f"{MAX_ID} characters",
        f"{MAX_NUMBER:,}",
        f"{MAX_HORIZON_DAYS:,} days",
    ):
        assert stated in section, stated


def test_a_damaged_sheet_that_passes_the_guard_is_an_input_error(tmp_path: Path) -> None:
    """openpyxl's own errors on a sheet it cannot read become an input error, not a crash."""
    path = tmp_path / "damaged.xlsx"
    in_sheet("Pads", lambda xml: xml.replace(b'<c r="C2" t="n"><v>7</v>', b'<c r="C2" t="b"><v>seven</v>', 1))(path)
    assert errors_of(path) == ["Pads row 2: found \"invalid literal for int() with base 10: 'seven'\"; "
                               "expected a readable sheet (save the workbook again from Excel)"]


def test_an_uncompressed_package_is_read(tmp_path: Path) -> None:
    path = tmp_path / "stored.xlsx"
    base(path)
    parts = read_parts(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert same(load_scenario(path), tiny_scenario())
