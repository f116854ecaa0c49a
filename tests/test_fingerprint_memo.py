"""The structure fingerprint a returned file gets is the one its cells define, whatever the reader
remembered from the files before it.

``grid_fingerprint`` remembers each shared cell object's entry between files; the reference is
``fingerprint_of`` over ``structure_cells`` (the definition, which sorts and skips without memo).
"""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest

from tests.returned import Kit, make_kit
from xl_dti.consolidation import expected
from xl_dti.consolidation.expected import grid_fingerprint, structure_cells
from xl_dti.consolidation.grid import Grid, GridCell
from xl_dti.consolidation.package import Limits, open_package
from xl_dti.consolidation.xlsx_cells import read_xlsx
from xl_dti.workbook.layout import FORM_SHEET, SUMMARY_SHEET, FormLayout, compute_layout
from xl_dti.workbook.structure import FINGERPRINTED_SHEETS, fingerprint_of


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return make_kit(tmp_path_factory.mktemp("memo"))


def _grid(path: Path) -> Grid:
    package, problems = open_package(path.read_bytes(), path.name, Limits())
    assert package is not None, problems
    return read_xlsx(package.parts)


def _reference(grid: Grid, layout: FormLayout) -> str:
    return fingerprint_of(structure_cells(grid, FINGERPRINTED_SHEETS, FORM_SHEET, layout.input_addresses()))


def test_every_file_gets_its_own_fingerprint_however_much_is_remembered(kit: Kit) -> None:
    layout = compute_layout(kit.scheme, "so")
    expected.forget()
    first = _grid(kit.filled(kit.work / "a.xlsx"))
    second = _grid(kit.filled(kit.work / "b.xlsx", **{"1.1": "Không"}))
    for grid in (first, second, first, second):  # the second time round, every entry is remembered
        assert grid_fingerprint(grid, layout) == _reference(grid, layout)
    registered = kit.registry.units["so-noi-vu"].structure_fingerprint
    assert grid_fingerprint(first, layout) == registered  # the generated structure, read back


def test_a_remembered_cell_moved_to_another_place_or_sheet_is_not_taken_for_itself(kit: Kit) -> None:
    layout = compute_layout(kit.scheme, "so")
    grid = _grid(kit.filled(kit.work / "c.xlsx"))
    honest = grid_fingerprint(grid, layout)  # every structure cell's entry is now remembered
    summary = grid.sheets[SUMMARY_SHEET]
    coordinate, cell = next((k, v) for k, v in summary.items() if v.formula)
    moved = copy.copy(grid)
    moved.sheets = {name: dict(cells) for name, cells in grid.sheets.items()}
    del moved.sheets[SUMMARY_SHEET][coordinate]
    moved.sheets[SUMMARY_SHEET]["ZZ999"] = cell  # the same object, another place
    assert grid_fingerprint(moved, layout) == _reference(moved, layout) != honest
    other = copy.copy(grid)
    other.sheets = {name: dict(cells) for name, cells in grid.sheets.items()}
    other.sheets["_lists"] = {**other.sheets["_lists"], "ZZ999": cell}  # the same object in another sheet
    assert grid_fingerprint(other, layout) == _reference(other, layout) != honest


def test_cells_out_of_order_are_fingerprinted_in_order(kit: Kit) -> None:
    layout = compute_layout(kit.scheme, "so")
    grid = _grid(kit.filled(kit.work / "d.xlsx"))
    honest = grid_fingerprint(grid, layout)
    shuffled = copy.copy(grid)
    shuffled.sheets = {name: dict(reversed(cells.items())) for name, cells in grid.sheets.items()}
    assert grid_fingerprint(shuffled, layout) == honest


def test_a_changed_value_changes_the_fingerprint_even_when_its_place_was_remembered(kit: Kit) -> None:
    layout = compute_layout(kit.scheme, "so")
    grid = _grid(kit.filled(kit.work / "e.xlsx"))
    honest = grid_fingerprint(grid, layout)
    changed = copy.copy(grid)
    changed.sheets = {name: dict(cells) for name, cells in grid.sheets.items()}
    coordinate = next(k for k, v in changed.sheets[FORM_SHEET].items()
                      if v.formula and k not in layout.input_addresses())
    changed.sheets[FORM_SHEET][coordinate] = GridCell("number", Decimal(1), formula="1+1")
    assert grid_fingerprint(changed, layout) == _reference(changed, layout) != honest
