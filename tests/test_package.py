"""A plain (non-editable) install carries the demo that `planner solve` with no argument solves."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from planner.cli import DEMO

ROOT = Path(__file__).resolve().parent.parent


def test_the_default_input_is_the_bundled_demo() -> None:
    assert DEMO.read_bytes() == (ROOT / "inputs" / "demo.xlsx").read_bytes()


def test_the_wheel_carries_the_demo(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--disable-pip-version-check",
                    "-w", str(tmp_path), str(ROOT)], check=True, cwd=tmp_path)
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as z:
        assert z.read("planner/demo.xlsx") == (ROOT / "inputs" / "demo.xlsx").read_bytes()
