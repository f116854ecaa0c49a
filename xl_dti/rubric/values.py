"""Turn one cell's value into the plain scheme data its column means (text, code, number, Có/Không, list).

Numbers go on as exact decimals; text that should be a number goes on as typed, so the scheme's
own validation reports it in its own words. Free text is kept exactly as typed (NFC); codes,
choices and list entries are trimmed.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any

from xl_dti.decimals import plain, to_decimal
from xl_dti.rubric.cellsyntax import SyntaxIssue, parse_codes, parse_steps, parse_valued
from xl_dti.rubric.columns import Column
from xl_dti.scheme.rules import NO_WORDS, YES_WORDS, normalize_label

BLANK_MEANS_YES = frozenset({"ranked"})
"""Có/Không columns whose blank means Có (every other one's blank means Không)."""


def cell_data(value: Any, column: Column) -> tuple[Any, list[SyntaxIssue]]:
    """The scheme data a non-blank cell holds for ``column``, and why it cannot be read (if so).

    Args:
        value: the cell's value as openpyxl gives it (str, int, float, bool).
        column: the column the cell is in.

    Returns:
        The data (``None`` when it cannot be read) and the issues found.
    """
    kind = column.kind
    if kind == "valued":
        return parse_valued(_text(value))
    if kind == "steps":
        return parse_steps(_text(value))
    if kind == "codes":
        return parse_codes(_text(value)), []
    if kind == "yes_no":
        return _yes_no(value, column)
    if kind in ("number", "integer"):
        return _number(value, whole=kind == "integer"), []
    if kind in ("code", "enum"):
        text = _text(value).strip()
        return (text.lower() if kind == "enum" else text), []
    return _text(value), []


def _text(value: Any) -> str:
    """Text as typed (NFC); a number typed in a text column reads as it shows: 1.5, 12."""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int | float | Decimal):
        return plain(value)
    return unicodedata.normalize("NFC", str(value))


def _number(value: Any, whole: bool) -> Any:
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int | float | Decimal):
        number = to_decimal(value)
        return int(number) if whole and number == number.to_integral_value() else number
    return _text(value).strip()


def _yes_no(value: Any, column: Column) -> tuple[Any, list[SyntaxIssue]]:
    if isinstance(value, bool):
        return value, []
    word = normalize_label(_text(value))
    if word in YES_WORDS:
        return True, []
    if word in NO_WORDS:
        return False, []
    default = "Có" if column.key in BLANK_MEANS_YES else "Không"
    return None, [SyntaxIssue("rubric.not_yes_no", {"value": _text(value), "default": default})]
