"""What a unit's workbook looked like when it was generated, rebuilt from the scheme and registry."""

from __future__ import annotations

from xl_dti.consolidation.grid import Grid
from xl_dti.consolidation.package import Limits, open_package
from xl_dti.consolidation.xlsx_cells import read_xlsx
from xl_dti.registry import Registry, RegistryUnit
from xl_dti.units import Unit
from xl_dti.workbook.build import CompiledScheme, build_workbook
from xl_dti.workbook.layout import FORM_SHEET, FormLayout
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


def expected_content(layout: FormLayout, unit: RegistryUnit, registry: Registry) -> Content:
    """The structure content of the workbook generated for ``unit`` (rebuilt byte for byte)."""
    built = build_workbook(
        CompiledScheme(layout.scheme), Unit(unit.code, unit.name, unit.group), registry.round_options(),
        unit.secret, unit.password,
    )
    package, _ = open_package(built.data, unit.file, Limits())
    assert package is not None, "a workbook xl-dti generated always opens"
    return grid_content(read_xlsx(package.parts), layout)
