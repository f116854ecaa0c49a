"""Drive a headless LibreOffice: recalculate or convert many workbooks in one call.

LibreOffice by default trusts the cached values of an .xlsx; the private profile made here tells
it to recalculate every formula on load, so the values read back are LibreOffice's own.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from xl_dti.errors import Problem, XlDtiError

_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


class LibreOfficeError(XlDtiError, RuntimeError):
    """LibreOffice is missing or failed to convert a file."""


def soffice() -> str | None:
    """The path of the ``soffice`` program, if LibreOffice is installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(paths: Sequence[Path], out_dir: Path, target: str = "xlsx", timeout: float = 600) -> list[Path]:
    """Open each file in LibreOffice, recalculate everything, and save it as ``target`` in ``out_dir``.

    Args:
        paths: workbooks to convert (one LibreOffice start for all of them).
        out_dir: where the converted files go (same stem, new suffix).
        target: a LibreOffice filter name or suffix: ``xlsx``, ``ods``, ``pdf``…
        timeout: seconds before the conversion is abandoned.

    Returns:
        The converted files, in the order given.

    Raises:
        LibreOfficeError: LibreOffice is not installed, failed, or did not write a file.
    """
    program = soffice()
    if program is None:
        raise LibreOfficeError([Problem("libreoffice.missing")])
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xl-dti-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
        command = [
            program, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
            "--nolockcheck", "--convert-to", target, "--outdir", str(out_dir), *map(str, paths),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    suffix = "." + target.split(":")[0]
    converted = [out_dir / (p.stem + suffix) for p in paths]
    missing = [p for p in converted if not p.exists()]
    if done.returncode != 0 or missing:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
        raise LibreOfficeError([Problem("libreoffice.failed", params={"detail": detail[0]})])
    return converted
