"""Rows of a write-only sheet rendered straight to XML, for the master's large tables.

openpyxl writes a cell through an element tree and costs about 10 µs a cell; «Chi tiết» of a
province (100 units × 107 indicators × 13 columns) is 139,000 cells. The sheet is written by
openpyxl with one placeholder row where the table goes, and its XML is put in place of that row
when the package is saved: the same cells, styles and text as openpyxl writes (inline strings,
numbers as ``%.16g``, characters XML cannot hold removed), at a tenth of the cost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from openpyxl.compat import safe_string
from openpyxl.utils import get_column_letter
from openpyxl.xml import LXML

from xl_dti.safe_text import xml_text

PLACEHOLDER = "xl-dti:rows-rendered-at-save"
_MARK = PLACEHOLDER.encode()


def render_rows(
    rows: Sequence[Sequence[Any]], first_row: int, styles: Callable[[int, Sequence[Any]], Sequence[int]],
    heights: Callable[[int, Sequence[Any]], float | None] = lambda _index, _values: None,
) -> str:
    """The ``<row>`` elements of ``rows``, the first numbered ``first_row``.

    Args:
        rows: cell values (text, numbers or ``None``); text is always written as text.
        first_row: the sheet row of the first of ``rows``.
        styles: (row index, values) → each cell's style index in the workbook.
        heights: (row index, values) → the row's height in points (``None``: the default height).
    """
    parts: list[str] = []
    letters: list[str] = []
    contents: dict[tuple[type, Any], str] = {}  # what follows a cell's style: the same text recurs thousands of times
    for index, values in enumerate(rows):
        number = first_row + index
        if len(letters) < len(values):
            letters.extend(get_column_letter(c) for c in range(len(letters) + 1, len(values) + 1))
        height = heights(index, values)
        parts.append(f'<row r="{number}">' if height is None else f'<row r="{number}" ht="{height:g}" customHeight="1">'
                     )
        row_styles = styles(index, values)
        if len(row_styles) != len(values):
            raise ValueError(f"row {number}: {len(values)} cells but {len(row_styles)} styles")
        for letter, value, style in zip(letters, values, row_styles, strict=False):  # letters may run longer
            key = (value.__class__, value)
            content = contents.get(key)
            if content is None:
                content = contents[key] = _content(value)
            parts.append(f'<c r="{letter}{number}" s="{style}"{content}')
        parts.append("</row>")
    return "".join(parts)


def _content(value: Any) -> str:
    """A cell's type and content, from its type attribute to its end tag."""
    if isinstance(value, str):
        text = sheet_value(value)
        if not text:
            return ' t="inlineStr" />'
        if "&" in text or "<" in text or ">" in text:
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        space = ' xml:space="preserve"' if text != text.strip() and text.strip() else ""
        return f' t="inlineStr"><is><t{space}>{text}</t></is></c>'
    if value is None:
        return ' t="n" />'
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"a rendered cell holds text, a number or nothing, not {type(value).__name__}")
    return f' t="n"><v>{safe_string(sheet_value(value))}</v></c>'


def sheet_value(value: Any) -> Any:
    """A value as the sheet stores it: a decimal as a whole number or a float; text without the
    characters XML cannot hold (a unit's file may carry them) and within Excel's 32,767 UTF-16 units."""
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, str):
        return xml_text(value)
    return value


def _as_openpyxl_spells(rendered: str) -> str:
    """The rows as openpyxl spells the part around them: with lxml installed (python-docx brings it)
    it writes non-ASCII text as character references and an empty cell with an end tag, without it
    as UTF-8 and ``<c … />`` (text cannot hold " />": its ">" is escaped)."""
    if not LXML:
        return rendered
    return rendered.replace(" />", "></c>").encode("ascii", "xmlcharrefreplace").decode("ascii")


_PLACEHOLDER_ROW = re.compile(rf'<row r="\d+"[^>]*><c [^>]*><is><t>{re.escape(PLACEHOLDER)}:(\d+)</t></is></c></row>')


class RenderedTables:
    """The tables of a workbook rendered to XML, each put in place of its placeholder row at save."""

    def __init__(self) -> None:
        self.tables: list[str] = []
        self.placed = 0

    def placeholder(self, rendered: str) -> str:
        """Keep a rendered table; the text of the placeholder row that stands for it."""
        self.tables.append(rendered)
        return f"{PLACEHOLDER}:{len(self.tables) - 1}"

    def put(self, part: bytes) -> bytes:
        """A worksheet part with each placeholder row replaced by its table's rows."""
        if _MARK not in part:
            return part
        text, count = _PLACEHOLDER_ROW.subn(lambda found: _as_openpyxl_spells(self.tables[int(found[1])]),
                                            part.decode("utf-8"))
        self.placed += count
        return text.encode("utf-8")

    def check(self) -> None:
        """Raise unless every table was put in place (openpyxl wrote each placeholder as expected)."""
        if self.placed != len(self.tables):
            raise RuntimeError(f"{len(self.tables) - self.placed} rendered table(s) found no placeholder row")
