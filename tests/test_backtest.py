"""The Qianfan backtest: its workbook is what its generator builds, reads without input errors,
and `planner risk` sets what happened beside the futures."""

from __future__ import annotations

import importlib.util
import json
import re
import zipfile
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest
from click.testing import CliRunner
from test_export import same

from planner.cli import main
from planner.domain.entities import Actual
from planner.domain.errors import InputErrors
from planner.workbook.export import write_scenario
from planner.workbook.loader import load_scenario

INPUTS = Path(__file__).resolve().parents[1] / "inputs"
BACKTEST = INPUTS / "backtest-qianfan-2024.xlsx"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_backtest", INPUTS / "make_backtest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_backtest_workbook_is_what_its_generator_builds() -> None:
    built = generator().build_scenario()
    assert same(load_scenario(BACKTEST), built)
    assert [(a.date.isoformat(), a.satellites_in_orbit) for a in built.actuals] == [
        ("2024-12-31", 54), ("2025-03-31", 90), ("2025-10-31", 108), ("2025-12-31", 108)]


def test_risk_sets_the_actuals_beside_the_futures(tmp_path: Path) -> None:
    out = tmp_path / "backtest-risk.xlsx"
    result = CliRunner().invoke(main, ["risk", str(BACKTEST), "--futures", "6", "--driver-futures", "0", "--jobs", "1",
                                       "--time-limit", "5", "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    milestones = pd.read_excel(out, sheet_name="Milestones")
    first, second, third = milestones.to_dict(orient="records")
    assert (first["actual"], second["actual"]) == (54, 108)
    assert pd.isna(third["actual"])  # phase one is due after the last Actuals row
    futures = pd.read_excel(out, sheet_name="Futures")
    for row, name in ((first, futures.columns[-3]), (second, futures.columns[-2])):
        achieved = futures[name]
        below, equal = (achieved < row["actual"]).mean(), (achieved == row["actual"]).mean()
        assert row["actual_percentile"] == pytest.approx(below + equal / 2)
        assert row["actual_band"] in ("below P10", "P10-P50", "P50-P90", "above P90")
    deployment = pd.read_excel(out, sheet_name="Deployment")
    whole = deployment[deployment["shell"].isna()]
    assert whole.loc[whole["month"] == "2025-03-31", "actual"].tolist() == [90]
    assert json.loads(result.stdout)["milestones"][0]["actual"] == 54
    with zipfile.ZipFile(out) as book:
        fan = book.read("xl/charts/chart1.xml").decode()
    lines = re.findall(r"<ser>.*?</ser>", fan[fan.index("<lineChart>"):])
    assert "<v>actual</v>" in fan and lines and all('<smooth val="0" />' in s for s in lines)
    assert "what happened: 54" in result.stderr


def test_an_actual_of_another_constellations_shell_is_an_input_error(tmp_path: Path) -> None:
    s = generator().build_scenario()
    bad = s.model_copy(update={"actuals": (Actual(constellation="QF", shell="GW-NONE", date=s.settings.horizon_start,
                                                  satellites_in_orbit=1),)})
    path = write_scenario(bad, tmp_path / "bad.xlsx")
    with pytest.raises(InputErrors) as caught:
        load_scenario(path)
    assert "Actuals" in str(caught.value) and "GW-NONE" in str(caught.value)
