"""What a unit's workbook looked like when it was generated, rebuilt from the scheme and registry."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from xl_dti.consolidation.grid import Grid, GridCell
from xl_dti.consolidation.package import Limits, open_package
from xl_dti.consolidation.xlsx_cells import read_xlsx
from xl_dti.registry import Registry, RegistryUnit
from xl_dti.units import Unit
from xl_dti.workbook.build import CompiledScheme, build_workbook
from xl_dti.workbook.layout import FORM_SHEET, FormLayout, row_column
from xl_dti.workbook.structure import FINGERPRINTED_SHEETS, canonical_value

Content = dict[tuple[str, str], str]


def grid_content(grid: Grid, layout: FormLayout) -> Content:
    """(sheet, cell) → canonical value of every structure cell of a grid (inputs left out)."""
    inputs = layout.input_addresses()
    return {
        (sheet, coordinate): canonical_value(grid.structure_value(cell))
        for sheet in FINGERPRINTED_SHEETS
        for coordinate, cell in grid.sheets.get(sheet, {}).items()
        if not (sheet == FORM_SHEET and coordinate in inputs) and not (cell.formula is None and cell.value == "")
    }


def grid_fingerprint(grid: Grid, layout: FormLayout) -> str:
    """The structure fingerprint of a grid: ``fingerprint_of`` over ``grid_content`` in sheet, row,
    column order, computed in one pass (every returned file needs it)."""
    inputs = layout.input_addresses()
    entries: list[str] = []
    for sheet in FINGERPRINTED_SHEETS:
        cells = grid.sheets.get(sheet, {})
        places = [_place(c) for c in cells]
        items = cells.items() if places == sorted(places) else sorted(cells.items(), key=lambda i: _place(i[0]))
        skipped = inputs if sheet == FORM_SHEET else frozenset()
        entries.extend(f"{sheet}\x1f{coordinate}\x1f{_canonical(cell)}\x1e" for coordinate, cell in items
                       if coordinate not in skipped and not (cell.formula is None and cell.value == ""))
    return hashlib.sha256("".join(entries).encode()).hexdigest()


_place = lru_cache(maxsize=65536)(row_column)
_CANONICAL: dict[int, tuple[GridCell, str]] = {}
_CANONICAL_LIMIT = 50_000


def forget() -> None:
    """Drop the remembered canonical texts (and the cells they hold)."""
    _CANONICAL.clear()


def _canonical(cell: GridCell) -> str:
    """``canonical_value`` of a cell, remembered for the cell objects the reader shares between files
    (each entry holds its cell, so an id is never reused while it is remembered)."""
    seen = _CANONICAL.get(id(cell))
    if seen is not None and seen[0] is cell:
        return seen[1]
    text = canonical_value("=" + cell.formula if cell.formula is not None else cell.value)
    if len(_CANONICAL) >= _CANONICAL_LIMIT:
        _CANONICAL.clear()
    _CANONICAL[id(cell)] = (cell, text)
    return text


def expected_content(layout: FormLayout, unit: RegistryUnit, registry: Registry) -> Content:
    """The structure content of the workbook generated for ``unit`` (rebuilt byte for byte)."""
    built = build_workbook(
        CompiledScheme(layout.scheme), Unit(unit.code, unit.name, unit.group), registry.round_options(),
        unit.secret, unit.password,
    )
    package, _ = open_package(built.data, unit.file, Limits())
    assert package is not None, "a workbook xl-dti generated always opens"
    return grid_content(read_xlsx(package.parts), layout)
