"""What a returned file computed itself is only compared, never used: the cached footer values and their check.

The unit's workbook is filled, then a cached value is written into a footer formula cell (as Excel or LibreOffice
writes ``<v>`` beside ``<f>``), the formula itself left as generated so that the structure still matches.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from tests.returned import Kit, make_kit, write_zip, zip_parts
from xl_dti.consolidation.package import Limits
from xl_dti.consolidation.reading import FileReading, RoundContext, read_returned
from xl_dti.decimals import vn
from xl_dti.workbook.layout import FORM_SHEET, compute_layout

FORM_PART = "xl/worksheets/sheet2.xml"


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return make_kit(tmp_path_factory.mktemp("cached"))


def _with_cached(kit: Kit, target: Path, values: dict[str, str]) -> Path:
    """The filled workbook with ``values`` cached in footer cells (footer name → the <v> text)."""
    footer = compute_layout(kit.scheme, "so").footer
    parts = zip_parts(kit.filled(kit.work / f"base-{target.name}"))
    text = parts[FORM_PART].decode("utf-8")
    for name, value in values.items():
        text, count = re.subn(rf'(<c r="{footer[name]}"[^>]*>(?:(?!</c>).)*?</f>)', rf"\g<1><v>{value}</v>", text,
                              count=1, flags=re.S)
        assert count == 1, f"the footer's {name} cell holds a formula"
    parts[FORM_PART] = text.encode("utf-8")
    return write_zip(target, parts)


def _read(kit: Kit, path: Path) -> FileReading:
    return read_returned(path.read_bytes(), path.name, RoundContext(kit.scheme, kit.registry, Limits()))


def _cached_findings(reading: FileReading) -> list[tuple[str, str, dict[str, object]]]:
    return [(p.where, p.severity, p.params) for p in reading.problems if p.code == "cached.differs"]


def test_a_cached_total_that_differs_is_a_warning_at_the_total_cell(kit: Kit, tmp_path: Path) -> None:
    reading = _read(kit, _with_cached(kit, tmp_path / "edited.xlsx", {"total": "999"}))
    assert reading.result is not None and reading.verdict == "read"
    total = compute_layout(kit.scheme, "so").footer["total"]
    assert _cached_findings(reading) == [(f"'{FORM_SHEET}'!{total}", "warning",
                                          {"cached": "999", "recomputed": vn(reading.result.total)})]
    assert reading.result.total != 999, "the recomputed total is the one used"


def test_the_cached_figures_are_kept_as_found(kit: Kit, tmp_path: Path) -> None:
    reading = _read(kit, _with_cached(kit, tmp_path / "cached.xlsx", {"total": "12.5", "result": "88.25"}))
    # the grade's formula carries no cached value: read as an empty text, as a file without <v> gives it
    assert (str(reading.cached["total"]), str(reading.cached["result"]), reading.cached["grade"]) == ("12.5", "88.25",
                                                                                                      "")


@pytest.mark.parametrize(("shift", "differs"), [
    ("0", False), ("0.0000005", False), ("0.000001", False), ("-0.000001", False), ("0.0000011", True),
    ("-0.0000011", True), ("0.00001", True),
], ids=["equal", "within-a-millionth", "exactly-a-millionth-above", "exactly-a-millionth-below",
        "just-beyond-a-millionth-above", "just-beyond-a-millionth-below", "beyond-a-millionth"])
def test_a_cached_total_is_compared_to_a_millionth(kit: Kit, tmp_path: Path, shift: str, differs: bool) -> None:
    recomputed = _read(kit, kit.filled(tmp_path / "plain.xlsx")).result
    assert recomputed is not None
    cached = str(recomputed.total + Decimal(shift))
    reading = _read(kit, _with_cached(kit, tmp_path / "cached.xlsx", {"total": cached}))
    assert bool(_cached_findings(reading)) is differs


def test_a_cached_nan_is_reported_never_computed_with(kit: Kit, tmp_path: Path) -> None:
    reading = _read(kit, _with_cached(kit, tmp_path / "nan.xlsx", {"total": "NaN"}))
    assert reading.result is not None
    (finding,) = _cached_findings(reading)
    assert finding[2] == {"cached": "NaN", "recomputed": vn(reading.result.total)}
