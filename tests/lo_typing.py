"""Type into workbooks with a real LibreOffice and save them as it does (xlsx or ods), through its UNO API.

The UNO bridge lives in Debian's python3-uno, for the system Python only: the typing runs there,
in a child process that starts its own headless LibreOffice with a private profile.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from tests.tools import locate, needs
from xl_dti.libreoffice import soffice

needs_uno = needs("uno")
SYSTEM_PYTHON = "/usr/bin/python3"  # where python3-uno lives (tests/tools.py's "uno" finds it there)

UNO_SESSION = r'''
import json, subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue(); p.Name, p.Value = name, value; return p

def with_desktop(program, profile, pipe, work):
    """Start a private headless LibreOffice, return work(desktop), and close LibreOffice whatever happens."""
    office = subprocess.Popen([program, "-env:UserInstallation=" + profile, "--headless", "--invisible",
                               "--norestore", "--nolockcheck", "--nodefault", f"--accept=pipe,name={pipe};urp;"])
    desktop = None
    try:
        resolver = uno.getComponentContext().ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", uno.getComponentContext())
        for _ in range(600):
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.1)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        return work(desktop)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        office.wait(timeout=60)
'''
"""What every UNO script starts with: prop() and with_desktop(program, profile, pipe, work)."""


_SCRIPT = UNO_SESSION + r'''
jobs, program, profile, pipe = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3], sys.argv[4]

def work(desktop):
    for job in jobs:
        document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(job["source"]), "_blank", 0,
                                                (prop("Hidden", True),))
        for sheet, address, kind, value in job["cells"]:
            cell = document.Sheets.getByName(sheet).getCellRangeByName(address)
            if kind == "number":
                cell.setValue(float(value))
            elif kind == "formula":
                cell.setFormula(value)
            elif kind == "clear":
                cell.setString("")
            else:
                cell.setString(value)
        document.calculateAll()
        target = job["target"]
        fmt = "calc8" if target.endswith(".ods") else "Calc MS Excel 2007 XML"
        document.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", fmt),))
        document.close(True)

with_desktop(program, profile, pipe, work)
'''


@dataclass
class Typing:
    """What to type into one workbook (sheet, cell, kind, value) and where LibreOffice saves it."""

    source: Path
    target: Path
    cells: list[tuple[str, str, str, str]] = field(default_factory=list)

    def type(self, sheet: str, address: str, value: object) -> None:
        """Type a value: a number as a number, ``=…`` as a formula, ``None`` clears, anything else as text."""
        if value is None:
            self.cells.append((sheet, address, "clear", ""))
        elif isinstance(value, bool):
            raise TypeError("type Có/Không as text")
        elif isinstance(value, int | float | Decimal):
            self.cells.append((sheet, address, "number", str(value)))
        elif str(value).startswith("="):
            self.cells.append((sheet, address, "formula", str(value)))
        else:
            self.cells.append((sheet, address, "text", str(value)))


def type_and_save(jobs: list[Typing]) -> list[Path]:
    """Open each workbook in one LibreOffice, type its cells, save it as its target's format (.xlsx or .ods).

    Returns:
        The targets, in order.
    """
    program = soffice()
    assert program is not None
    with tempfile.TemporaryDirectory(prefix="xl-dti-uno-") as work:
        spec = Path(work) / "jobs.json"
        spec.write_text(json.dumps([{"source": str(j.source.resolve()), "target": str(j.target.resolve()),
                                     "cells": j.cells} for j in jobs]), encoding="utf-8")
        script = Path(work) / "typing.py"
        script.write_text(_SCRIPT, encoding="utf-8")
        profile = (Path(work) / "profile").as_uri()
        done = subprocess.run([locate("uno"), str(script), str(spec), shutil.which(program) or program, profile,
                               f"xldti{Path(work).name}"], capture_output=True, text=True, timeout=600, check=False)
    missing = [j.target for j in jobs if not j.target.exists()]
    assert done.returncode == 0 and not missing, f"LibreOffice typing failed: {done.stderr[-2000:]} {missing}"
    return [j.target for j in jobs]
