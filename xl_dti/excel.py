"""Excel facts, encoded once: the functions every target application has, literals and references.

Formulas are written with US-English function names and ``,`` separators (the file format's own
syntax, whatever the user's locale) and use only functions that Excel 2010+, LibreOffice 7 and
WPS all have: no LET, LAMBDA, XLOOKUP, IFS, SWITCH or dynamic arrays.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from xl_dti.decimals import plain

ALLOWED_FUNCTIONS: frozenset[str] = frozenset(
    {
        "SUM", "IF", "AND", "OR", "NOT", "MIN", "MAX", "ROUND", "INDEX", "MATCH", "LOOKUP", "COUNTIF",
        "SUMPRODUCT", "ISNUMBER", "ISBLANK", "IFERROR", "ABS", "INT", "LEN", "TRIM", "N",
        "SUBSTITUTE", "LEFT", "MID", "FIND", "VALUE", "ISTEXT", "ISERROR",
    }
)
"""Functions the generated workbooks may call (checked by the tests on every formula written)."""
XL_DTI_FUNCTIONS: frozenset[str] = frozenset({"DTI_TOTAL", "DTI_RESULT", "DTI_GRADE"})
"""The xl-dti Excel functions a ``--formulas udf`` workbook's footer calls (they need the add-in)."""

NA_MARK = "KĐG"
"""What a unit selects in the N/A column: «Không đánh giá»."""
YES, NO = "Có", "Không"


MAX_TEXT = 32767
"""The most a cell holds, in UTF-16 code units (a character outside the BMP counts twice)."""
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold: no spreadsheet file can store them (U+000B arrives from Word)."""
NOT_XML_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
"""The same characters in an XML part's UTF-8 bytes (the last check before a file is written)."""


def text_problem(text: str) -> tuple[str, dict[str, Any]] | None:
    """Why ``text`` cannot go into a cell (a message code and its parameters), or ``None``."""
    bad = _NOT_XML.search(text)
    if bad:
        char = bad.group()
        name = unicodedata.name(char, "ký tự điều khiển")
        return "text.illegal_character", {"char": f"U+{ord(char):04X}", "name": name, "position": bad.start() + 1}
    length = len(text.encode("utf-16-le")) // 2
    if length > MAX_TEXT:
        return "text.too_long", {"length": length, "limit": MAX_TEXT}
    return None


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


MAX_LENGTH = 8192
"""Excel's longest formula, in characters (without the leading ``=``)."""
MAX_NESTING = 64
"""How deep Excel lets functions nest."""
MAX_ARGUMENTS = 255
"""The most arguments one Excel function call may take."""


def sum_of(cells: Iterable[str]) -> str:
    """``SUM(G7,G9,G12)`` (``0`` for no cells); past 255 cells, a SUM of SUMs."""
    found = list(cells)
    if not found:
        return "0"
    while len(found) > MAX_ARGUMENTS:
        found = ["SUM(" + ",".join(found[i:i + MAX_ARGUMENTS]) + ")" for i in range(0, len(found), MAX_ARGUMENTS)]
    return "SUM(" + ",".join(found) + ")"


def array_of(values: Iterable[Decimal | int]) -> str:
    """An array constant of numbers: ``{1,2.5,4}``."""
    return "{" + ",".join(num(v) for v in values) + "}"


def formula_limits(formula: str) -> dict[str, int]:
    """Which of Excel's formula limits ``formula`` exceeds: ``length``, ``nesting`` (deepest
    parentheses, a bound on function nesting) and ``arguments`` (the most in one call), each with
    the value found; empty when Excel can hold the formula."""
    body = formula.removeprefix("=")
    depth = deepest = widest = 0
    arguments: list[int] = []
    quoted = braced = False
    for i, char in enumerate(body):
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char in "{}":  # an array constant's commas separate its items, not arguments
            braced = char == "{"
        elif braced:
            continue
        elif char == "(":
            depth += 1
            deepest = max(deepest, depth)
            arguments.append(0 if body[i + 1:i + 2] == ")" else 1)
        elif char == ")" and arguments:
            depth -= 1
            widest = max(widest, arguments.pop())
        elif char == "," and arguments:
            arguments[-1] += 1
    found = {"length": len(body), "nesting": deepest, "arguments": widest}
    limits = {"length": MAX_LENGTH, "nesting": MAX_NESTING, "arguments": MAX_ARGUMENTS}
    return {key: value for key, value in found.items() if value > limits[key]}
