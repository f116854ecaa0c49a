"""What a unit's workbook looked like when it was generated, rebuilt from the scheme and registry."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from functools import lru_cache
from itertools import compress, filterfalse
from operator import is_, itemgetter, not_
from typing import cast

from xl_dti.consolidation.grid import Grid, GridCell
from xl_dti.consolidation.package import Limits, open_package
from xl_dti.consolidation.xlsx_cells import read_xlsx
from xl_dti.registry import Registry, RegistryUnit
from xl_dti.units import Unit
from xl_dti.workbook.build import CompiledScheme, build_workbook
from xl_dti.workbook.layout import FORM_SHEET, FormLayout, row_column
from xl_dti.workbook.structure import (
    FINGERPRINTED_SHEETS,
    canonical_value,
    fingerprint_entry,
    fingerprint_of,
    fingerprint_of_entries,
)

Content = dict[tuple[str, str], str]


def grid_content(grid: Grid, layout: FormLayout) -> Content:
    """(sheet, cell) → canonical value of every structure cell of a grid (inputs left out)."""
    return {(sheet, cell): value for sheet, cell, value in _form_structure(grid, layout)}


def grid_fingerprint(grid: Grid, layout: FormLayout) -> str:
    """The structure fingerprint of a grid: ``fingerprint_of`` over ``grid_content`` in sheet, row,
    column order, computed in one pass (every returned file needs it)."""
    entries = _entries_in_order(grid, layout.input_addresses())
    return fingerprint_of(_form_structure(grid, layout)) if entries is None else fingerprint_of_entries(entries)


def _entries_in_order(grid: Grid, inputs: Collection[str]) -> list[bytes] | None:
    """The fingerprint entries of a grid's structure cells, in order; ``None`` when a sheet's cells
    are not in row, column order (``structure_cells`` then sorts them).

    Each cell's entry is remembered for the cell objects the reader shares between files (held by
    the memo, so an id is not reused while remembered): a file costs a few passes in C over its
    cells, and Python work only for the cells not seen before (its inputs, mostly)."""
    entries: list[bytes] = []
    for sheet in FINGERPRINTED_SHEETS:
        cells = grid.sheets.get(sheet, {})
        places = list(map(_place, cells))
        if places != sorted(places):
            return None
        skipped = inputs if sheet == FORM_SHEET else ()
        coordinates = list(filterfalse(skipped.__contains__, cells)) if skipped else list(cells)
        found = list(map(cells.__getitem__, coordinates))
        entries += filter(None, map(_ENTRY, _remembered(sheet, found, coordinates)))
    return entries


_Seen = tuple[GridCell, str, bytes]  # a cell, its coordinate, its fingerprint entry (b"" when the cell is empty)
_ENTRIES: dict[str, dict[int, _Seen]] = {}  # sheet → id(cell) → what is remembered of it
_CELL, _COORDINATE, _ENTRY = itemgetter(0), itemgetter(1), itemgetter(2)


def _remembered(sheet: str, found: list[GridCell], coordinates: list[str]) -> list[_Seen]:
    """Every cell's entry: looked up, worked out for the cells not seen before, then checked to be
    each cell's own (an id whose entry is another cell's or another place's is worked out again)."""
    memo = _ENTRIES.setdefault(sheet, {})
    seen = list(map(memo.get, map(id, found)))
    for index in compress(range(len(seen)), map(not_, seen)):  # the cells not seen before
        seen[index] = _entry(sheet, memo, coordinates[index], found[index])
    known = cast(list[_Seen], seen)
    if all(map(is_, map(_CELL, known), found)) and list(map(_COORDINATE, known)) == coordinates:
        return known
    return [_entry(sheet, memo, coordinate, cell) for coordinate, cell in zip(coordinates, found, strict=True)]


def _entry(sheet: str, memo: dict[int, _Seen], coordinate: str, cell: GridCell) -> _Seen:
    """A cell's remembered entry, worked out (and remembered) when it is not."""
    seen = memo.get(id(cell))
    if seen is not None and seen[0] is cell and seen[1] == coordinate:
        return seen
    empty = cell.formula is None and cell.value == ""
    seen = (cell, coordinate, b"" if empty else fingerprint_entry(sheet, coordinate, _canonical(cell)))
    if len(memo) >= _CANONICAL_LIMIT:
        memo.clear()
    memo[id(cell)] = seen
    return seen


def _form_structure(grid: Grid, layout: FormLayout) -> Iterator[tuple[str, str, str]]:
    return structure_cells(grid, FINGERPRINTED_SHEETS, FORM_SHEET, layout.input_addresses())


def structure_cells(
    grid: Grid, sheets: Sequence[str], form_sheet: str, inputs: Collection[str]
) -> Iterator[tuple[str, str, str]]:
    """(sheet, cell, canonical value) of every non-empty cell of ``sheets``, in sheet, row, column
    order, except the ``inputs`` of ``form_sheet`` (what a structure fingerprint covers)."""
    for sheet in sheets:
        cells = grid.sheets.get(sheet, {})
        places = [_place(c) for c in cells]
        items = cells.items() if places == sorted(places) else sorted(cells.items(), key=lambda i: _place(i[0]))
        skipped = inputs if sheet == form_sheet else ()
        yield from ((sheet, coordinate, _canonical(cell)) for coordinate, cell in items
                    if coordinate not in skipped and not (cell.formula is None and cell.value == ""))


_place = lru_cache(maxsize=65536)(row_column)
_CANONICAL: dict[int, tuple[GridCell, str]] = {}
_CANONICAL_LIMIT = 50_000


def forget() -> None:
    """Drop the remembered canonical texts and entries (and the cells they hold)."""
    _CANONICAL.clear()
    _ENTRIES.clear()


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


_STAND_IN = ("xl-dti-stand-in-unit-7f3a", "Đơn vị thay thế 7f3a")  # a code and a name no text contains
# per layout and group: the content built once for the stand-in unit, or None where it cannot stand in
_TEMPLATES: dict[tuple[int, str | None], tuple[FormLayout, Content | None]] = {}


def expected_content(layout: FormLayout, unit: RegistryUnit, registry: Registry) -> Content:
    """The structure content of the workbook generated for ``unit`` (rebuilt byte for byte).

    Only a unit's code and name make its workbook's structure differ from its group's: the content is
    built once per group for a stand-in unit and the stand-in's code and name replaced, so a round
    with many changed files rebuilds a workbook per group, not per file (each rebuild costs what
    reading a hundred files does). The first use checks the replacement against a real rebuild.
    """
    key = (id(layout), unit.group)
    cached = _TEMPLATES.get(key)
    if cached is None or cached[0] is not layout:
        code, name = _STAND_IN
        stand_in = _built(layout, Unit(code, name, unit.group), unit, registry)
        real = _built(layout, Unit(unit.code, unit.name, unit.group), unit, registry)
        _TEMPLATES[key] = (layout, stand_in if _for_unit(stand_in, unit) == real else None)
        return real
    template = cached[1]
    if template is None:
        return _built(layout, Unit(unit.code, unit.name, unit.group), unit, registry)
    return _for_unit(template, unit)


def _for_unit(template: Content, unit: RegistryUnit) -> Content:
    code, name = _STAND_IN
    return {place: value.replace(code, unit.code).replace(name, unit.name) if code in value or name in value
            else value for place, value in template.items()}


def _built(layout: FormLayout, unit: Unit, registered: RegistryUnit, registry: Registry) -> Content:
    built = build_workbook(CompiledScheme(layout.scheme), unit, registry.round_options(), registered.secret,
                           registered.password)
    package, _ = open_package(built.data, registered.file, Limits())
    assert package is not None, "a workbook xl-dti generated always opens"
    return grid_content(read_xlsx(package.parts), layout)
