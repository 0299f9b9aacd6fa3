"""Checks on a workbook file before any XML in it is parsed."""

from __future__ import annotations

import zipfile
from pathlib import Path

from planner.domain.errors import InputError, InputErrors

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PART_BYTES = 100 * 1024 * 1024
MAX_TOTAL_BYTES = 250 * 1024 * 1024
MAX_RATIO = 200


def _fail(path: Path, expected: str, value: object = None) -> InputErrors:
    return InputErrors([InputError(path.name, None, None, value, expected)])


def check_file(path: Path) -> None:
    """Refuse files that are missing, too large, not an .xlsx package, or that inflate too far."""
    if not path.is_file():
        raise _fail(path, "an existing workbook file")
    size = path.stat().st_size
    if size == 0:
        raise _fail(path, "an Excel .xlsx workbook (the file is empty)")
    if size > MAX_FILE_BYTES:
        raise _fail(path, f"a workbook of at most {MAX_FILE_BYTES // 2**20} MiB", f"{size} bytes")
    if not zipfile.is_zipfile(path):
        raise _fail(path, "an Excel .xlsx workbook (this file is not one; was it saved as CSV or text?)")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise _fail(path, f"a readable .xlsx workbook ({exc})") from None
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART_BYTES or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO):
            raise _fail(path, f"workbook parts of at most {MAX_PART_BYTES // 2**20} MiB unpacked", info.filename)
        if info.filename.lower().endswith("vbaproject.bin"):
            raise _fail(path, "a workbook without macros (save it as .xlsx)", info.filename)
    if total > MAX_TOTAL_BYTES:
        raise _fail(path, f"at most {MAX_TOTAL_BYTES // 2**20} MiB unpacked", f"{total} bytes")
    if "[Content_Types].xml" not in {i.filename for i in infos}:
        raise _fail(path, "an Excel .xlsx workbook (the package has no content types)")
