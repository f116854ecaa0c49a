"""Which cells a changed structure names: the cells a person edited, in reading order, ten then how many more."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.returned import Kit, make_kit
from xl_dti.consolidation.package import Limits
from xl_dti.consolidation.reading import FileReading, RoundContext, read_returned
from xl_dti.workbook.layout import FORM_SHEET, GUIDE_SHEET, LISTS_SHEET, META_SHEET, SUMMARY_SHEET


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return make_kit(tmp_path_factory.mktemp("structure"))


def _read(kit: Kit, path: Path) -> FileReading:
    return read_returned(path.read_bytes(), path.name, RoundContext(kit.scheme, kit.registry, Limits()))


def _edited(kit: Kit, target: Path, cells: Mapping[str, object]) -> FileReading:
    def edit(workbook: object) -> None:
        sheet = workbook[FORM_SHEET]  # type: ignore[index]
        for address, value in cells.items():
            sheet[address] = value
    return _read(kit, kit.edited(target, edit))


def test_a_value_added_to_an_empty_cell_is_named(kit: Kit, tmp_path: Path) -> None:
    reading = _edited(kit, tmp_path / "added.xlsx", {"Z200": "ghi chú"})
    (problem,) = reading.problems
    assert (problem.code, problem.params["cells"]) == ("structure.changed", f"'{FORM_SHEET}'!Z200")


def test_cells_are_named_in_reading_order(kit: Kit, tmp_path: Path) -> None:
    reading = _edited(kit, tmp_path / "order.xlsx", {"Z200": "x", "AA3": "y", "Z3": "z", "AB1": "w"})
    (problem,) = reading.problems  # by row, then by column (Z before AA, which text order would not give)
    assert problem.params["cells"] == "; ".join(f"'{FORM_SHEET}'!{a}" for a in ("AB1", "Z3", "AA3", "Z200"))


def test_ten_cells_are_named_and_the_rest_counted(kit: Kit, tmp_path: Path) -> None:
    edits = {f"Z{row}": "x" for row in range(201, 213)}  # twelve cells
    reading = _edited(kit, tmp_path / "many.xlsx", edits)
    (problem,) = reading.problems
    named = "; ".join(f"'{FORM_SHEET}'!Z{row}" for row in range(201, 211))
    assert problem.params["cells"] == named + " … và 2 ô khác"


def test_exactly_ten_cells_are_all_named(kit: Kit, tmp_path: Path) -> None:
    reading = _edited(kit, tmp_path / "ten.xlsx", {f"Z{row}": "x" for row in range(201, 211)})
    (problem,) = reading.problems
    assert problem.params["cells"] == "; ".join(f"'{FORM_SHEET}'!Z{row}" for row in range(201, 211))


def test_a_renamed_sheet_is_named_with_the_sheets_expected(kit: Kit, tmp_path: Path) -> None:
    def rename(workbook: object) -> None:
        workbook[SUMMARY_SHEET].title = "Tong hop"  # type: ignore[index]
    reading = _read(kit, kit.edited(tmp_path / "renamed.xlsx", rename))
    assert reading.verdict == "rejected"
    assert [(p.code, p.where, p.params) for p in reading.problems] == [("structure.sheets", "renamed.xlsx", {
        "found": f"{GUIDE_SHEET}, {FORM_SHEET}, Tong hop, {LISTS_SHEET}, {META_SHEET}",
        "expected": f"{GUIDE_SHEET}, {FORM_SHEET}, {SUMMARY_SHEET}, {LISTS_SHEET}, {META_SHEET}"})]


def _unlocked(workbook: object) -> None:
    workbook.security = None  # type: ignore[attr-defined]


def _unprotected(workbook: object) -> None:
    workbook[FORM_SHEET].protection.sheet = False  # type: ignore[index]


@pytest.mark.parametrize(("edit", "code"), [
    (_unlocked, "protection.structure_dropped"),
    (_unprotected, "protection.removed"),
], ids=["workbook-structure-unlocked", "a-sheet-unprotected"])
def test_removed_protection_with_the_content_intact_is_a_warning(kit: Kit, tmp_path: Path, edit: Any,
                                                                  code: str) -> None:
    """The locked content is verified cell by cell, so the file is read; the secretariat is told what was removed."""
    reading = _read(kit, kit.edited(tmp_path / "unlocked.xlsx", edit))
    assert reading.verdict == "read"
    assert [(p.code, p.where, p.severity) for p in reading.problems] == [(code, "unlocked.xlsx", "warning")]
