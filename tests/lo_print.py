"""Print workbooks with a real LibreOffice: each visible sheet's rows measured, the whole workbook as PDF.

Through LibreOffice's UNO API (Debian's python3-uno, system Python only), in a child process with its
own headless LibreOffice: for every visible sheet, each row whose text needs more height than the row
has (LibreOffice's own optimal height against the height the file gives), then the workbook exported
to PDF as File › Export as PDF does.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.lo_typing import UNO_SESSION
from tests.tools import locate
from xl_dti.libreoffice import soffice

_SCRIPT = UNO_SESSION + r'''
jobs, program, profile, pipe = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3], sys.argv[4]
found = {}

def work(desktop):
    for job in jobs:
        url = uno.systemPathToFileUrl(job["source"])
        document = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
        document.storeToURL(uno.systemPathToFileUrl(job["pdf"]), (prop("FilterName", "calc_pdf_Export"),))
        sheets = {}
        for index in range(document.Sheets.Count):
            sheet = document.Sheets.getByIndex(index)
            if not sheet.IsVisible:
                continue
            pages = document.getRendererCount(sheet, ())  # as printed, before any row is refitted
            cursor = sheet.createCursor()
            cursor.gotoEndOfUsedArea(False)
            short = []
            for number in range(cursor.RangeAddress.EndRow + 1):
                row = sheet.Rows.getByIndex(number)
                given = row.Height
                row.OptimalHeight = True
                if row.Height > given + job["tolerance"]:
                    short.append([number + 1, given, row.Height])
            sheets[sheet.Name] = {"rows": cursor.RangeAddress.EndRow + 1, "pages": pages, "short_rows": short}
        found[job["source"]] = sheets
        document.close(True)

with_desktop(program, profile, pipe, work)
json.dump(found, open(sys.argv[5], "w"))
'''


@dataclass(frozen=True)
class Printed:
    """One workbook as LibreOffice prints it: its PDF and, per visible sheet, its used rows, its pages and
    its rows too short for their text (row, height given, height needed; 1/100 mm)."""

    pdf: Path
    rows: dict[str, int]
    pages: dict[str, int]
    short_rows: dict[str, list[tuple[int, int, int]]]


def print_workbooks(paths: list[Path], out_dir: Path, tolerance: int = 40) -> list[Printed]:
    """Open each workbook in one LibreOffice, export it to PDF and measure its rows.

    Args:
        paths: the workbooks.
        out_dir: where the PDFs go (same stem).
        tolerance: how much (1/100 mm) LibreOffice's optimal height may exceed a row's before it is short.
    """
    program = soffice()
    assert program is not None
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xl-dti-print-") as work:
        jobs = [{"source": str(p.resolve()), "pdf": str((out_dir / (p.stem + ".pdf")).resolve()),
                 "tolerance": tolerance} for p in paths]
        spec, result, script = Path(work) / "jobs.json", Path(work) / "found.json", Path(work) / "printing.py"
        spec.write_text(json.dumps(jobs), encoding="utf-8")
        script.write_text(_SCRIPT, encoding="utf-8")
        profile = (Path(work) / "profile").as_uri()
        done = subprocess.run([locate("uno"), str(script), str(spec), shutil.which(program) or program, profile,
                               f"xldtiprint{Path(work).name}", str(result)],
                              capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0 and result.exists(), f"LibreOffice printing failed: {done.stderr[-2000:]}"
        found = json.loads(result.read_text(encoding="utf-8"))
    return [Printed(Path(job["pdf"]), {s: v["rows"] for s, v in found[job["source"]].items()},
                    {s: v["pages"] for s, v in found[job["source"]].items()},
                    {s: [tuple(r) for r in v["short_rows"]] for s, v in found[job["source"]].items()})
            for job in jobs]
