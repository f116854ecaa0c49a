"""Every character OWASP lists as a formula start is neutralised in the CSV exports, and nothing else is."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from xl_dti.consolidation.exports import neutralise, write_detail_csv

# (id, text a unit typed, what the CSV cell holds)
CELLS = [
    ("equals", "=1+1", "'=1+1"),
    ("plus", "+84 912", "'+84 912"),
    ("minus", "-2", "'-2"),
    ("at", "@SUM(A1)", "'@SUM(A1)"),
    ("tab", "\t=cmd|' /C calc'!A0", "'\t=cmd|' /C calc'!A0"),
    ("carriage-return", "\r=1+1", "'\r=1+1"),
    ("line-feed", "\n=1+1", "'\n=1+1"),
    ("plain-text", "Sở Nội vụ", "Sở Nội vụ"),
    ("formula-sign-later", "Sở = Ban", "Sở = Ban"),
    ("a-space-first", " =1", " =1"),
    ("a-quote-first", "'=1", "'=1"),
    ("empty", "", ""),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CELLS], ids=[c[0] for c in CELLS])
def test_neutralise(text: str, expected: str) -> None:
    assert neutralise(text) == expected


def test_the_detail_csv_neutralises_tab_cr_and_lf_starts(tmp_path: Path) -> None:
    write_detail_csv(tmp_path / "chi-tiet.csv", [(["\t=1", "\r=2", "\n=3", "x"], False)])
    with open(tmp_path / "chi-tiet.csv", encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle))[1] == ["'\t=1", "'\r=2", "'\n=3", "x"]
