"""chi-tiet.csv: text a spreadsheet would run is neutralised, numbers are exact, blanks stay blank."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from xl_dti.consolidation.exports import write_detail_csv


def test_detail_csv_cells(tmp_path: Path) -> None:
    rows = [(["=HYPERLINK(\"x\")", "+1", "-2", "@a", "Sở, ngành", "", None, Decimal("7.50"), Decimal(10)], False)]
    write_detail_csv(tmp_path / "chi-tiet.csv", rows)
    with open(tmp_path / "chi-tiet.csv", encoding="utf-8-sig", newline="") as handle:
        read = list(csv.reader(handle))
    assert read[1] == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@a", "Sở, ngành", "", "", "7.5", "10"]
