"""Excel facts, encoded once: the functions every target application has, literals and references.

Formulas are written with US-English function names and ``,`` separators (the file format's own
syntax, whatever the user's locale) and use only functions that Excel 2010+, LibreOffice 7 and
WPS all have: no LET, LAMBDA, XLOOKUP, IFS, SWITCH or dynamic arrays.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from xl_dti.decimals import plain

ALLOWED_FUNCTIONS: frozenset[str] = frozenset(
    {
        "SUM", "IF", "AND", "OR", "NOT", "MIN", "MAX", "ROUND", "INDEX", "MATCH", "LOOKUP", "COUNTIF",
        "SUMPRODUCT", "ISNUMBER", "ISBLANK", "IFERROR", "ABS", "INT", "LEN", "TRIM", "N",
    }
)
"""Functions the generated workbooks may call (checked by the tests on every formula written)."""
XL_DTI_FUNCTIONS: frozenset[str] = frozenset({"DTI_TOTAL", "DTI_RESULT", "DTI_GRADE"})
"""The xl-dti Excel functions a ``--formulas udf`` workbook's footer calls (they need the add-in)."""

NA_MARK = "KĐG"
"""What a unit selects in the N/A column: «Không đánh giá»."""
YES, NO = "Có", "Không"


def num(value: Decimal | int) -> str:
    """A number literal: ``10``, ``7.5``, ``0.125`` (never an exponent, never a comma)."""
    return plain(value)


def text(value: str) -> str:
    """A string literal with its quotes doubled, for use inside a formula."""
    return '"' + value.replace('"', '""') + '"'


def quote_sheet(sheet: str) -> str:
    """A sheet name as a formula writes it: ``'Chấm điểm'``."""
    return "'" + sheet.replace("'", "''") + "'"


def absolute(cell: str) -> str:
    """``E12`` → ``$E$12``."""
    column = cell.rstrip("0123456789")
    return f"${column}${cell[len(column):]}"


def on_sheet(sheet: str, cell_or_range: str) -> str:
    """A reference on another sheet: ``'_lists'!$A$1:$A$3``."""
    return f"{quote_sheet(sheet)}!{cell_or_range}"


def any_of(conditions: Iterable[str]) -> str | None:
    """``OR(a,b)``, or the single condition, or ``None`` when there is none."""
    found = list(conditions)
    if not found:
        return None
    return found[0] if len(found) == 1 else "OR(" + ",".join(found) + ")"


def sum_of(cells: Iterable[str]) -> str:
    """``SUM(G7,G9,G12)`` (``0`` for no cells)."""
    found = list(cells)
    return "SUM(" + ",".join(found) + ")" if found else "0"
