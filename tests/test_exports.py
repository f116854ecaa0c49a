"""chi-tiet.csv: text a spreadsheet would run is neutralised, numbers are exact, blanks stay blank."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

from xl_dti.consolidation.exports import write_detail_csv
from xl_dti.consolidation.master import DETAIL_HEADERS


def test_detail_csv_cells(tmp_path: Path) -> None:
    rows = [(["=HYPERLINK(\"x\")", "+1", "-2", "@a", "Sở, ngành", "", None, Decimal("7.50"), Decimal(10)], False)]
    write_detail_csv(tmp_path / "chi-tiet.csv", rows)
    with open(tmp_path / "chi-tiet.csv", encoding="utf-8-sig", newline="") as handle:
        read = list(csv.reader(handle))
    assert read[1] == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@a", "Sở, ngành", "", "", "7.5", "10"]


def test_detail_csv_is_what_the_csv_module_writes(tmp_path: Path) -> None:
    """Each distinct value is quoted once and reused: the file is byte for byte what csv.writer writes
    for the same (neutralised) cells, quotes, separators, line breaks and repeats included."""
    from xl_dti.consolidation.exports import _csv_cell

    values = ["", None, 'a "quoted" word', "Sở, ngành", "hai\ndòng", "dòng\r\nmới", "=1+1", " cách ", Decimal("1.50"),
              Decimal("1.5"), Decimal("-0"), Decimal("1E+3"), "\x01ẩn", "\ufeffđầu", "KĐG", ",", '"', "\r"]
    rows = [([values[(i * 7 + j) % len(values)] for j in range(13)], False) for i in range(60)]
    write_detail_csv(tmp_path / "chi-tiet.csv", rows)
    expected = io.StringIO()
    expected.write("\ufeff")
    writer = csv.writer(expected, lineterminator="\r\n")
    writer.writerow(DETAIL_HEADERS)
    writer.writerows([_csv_cell(v) for v in row] for row, _ in rows)
    assert (tmp_path / "chi-tiet.csv").read_bytes() == expected.getvalue().encode("utf-8")
