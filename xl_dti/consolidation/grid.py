"""The cells of a returned workbook, as typed values, whatever file format they came in."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

CellKind = Literal["number", "text", "bool", "error", "date"]


@dataclass(frozen=True, slots=True)
class GridCell:
    """One cell: its kind, its value (Decimal for numbers, exact as stored) and its formula text.

    For a formula cell, ``value`` is the value the file cached (what the spreadsheet last computed).
    """

    kind: CellKind
    value: Decimal | str | bool
    formula: str | None = None


@dataclass
class Grid:
    """Every sheet's non-empty cells, plus what the file says about itself."""

    sheets: dict[str, dict[str, GridCell]] = field(default_factory=dict)
    sheet_order: list[str] = field(default_factory=list)
    hidden: set[str] = field(default_factory=set)
    protected_sheets: set[str] = field(default_factory=set)
    structure_locked: bool = False
    saved: str = ""

    def cell(self, sheet: str, coordinate: str) -> GridCell | None:
        """The cell at ``'sheet'!coordinate``, or ``None`` when empty or the sheet is missing."""
        return self.sheets.get(sheet, {}).get(coordinate)
