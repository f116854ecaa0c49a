"""How tall a row must be to show its wrapped text: spreadsheets do not always fit rows on open.

LibreOffice keeps an .xlsx row at the height the file gives (or the default height), so a row
whose text wraps to three lines prints one line over the next. Every workbook xl-dti writes sets
the heights itself, estimated here from the text and the column widths.
"""

from __future__ import annotations

from collections.abc import Iterable

LINE_HEIGHT = 15.0
"""Points per line of 11 pt Times New Roman, with the spacing LibreOffice and Excel add."""
CHARACTERS_PER_WIDTH = 0.95
"""Characters of Vietnamese text in Times New Roman 11 pt per unit of Excel column width (a little under the
average, so capitals, codes and file names still fit: a row too tall is harmless, one too short is not)."""
MAX_ROW_HEIGHT = 409.0
"""The tallest row Excel accepts (a taller one makes it repair the file)."""
FONT_LINE_HEIGHTS = {11: LINE_HEIGHT, 12: 16.5, 14: 20.0}
"""Points per line by font size (the title and subtitle lines)."""


def lines_needed(text: str, width: float, font_size: float = 11) -> int:
    """How many lines ``text`` takes in a column ``width`` wide (explicit line breaks count)."""
    per_line = max(4, int(width * CHARACTERS_PER_WIDTH * 11 / font_size))
    return sum(-(-max(len(part), 1) // per_line) for part in text.split("\n"))


def row_height(cells: Iterable[tuple[object, float]], font_size: float = 11) -> float:
    """The height (points) a row needs for its text cells, given as (value, column width) pairs; a formula
    (a value starting with '=') shows its result, not its text, so it needs no height of its own."""
    lines = max((lines_needed(v, w, font_size) for v, w in cells if isinstance(v, str) and v and v[0] != "="),
                default=1)
    return min(MAX_ROW_HEIGHT, line_height(font_size) * lines + 2)


def line_height(font_size: float) -> float:
    """Points per line of text in ``font_size``."""
    return FONT_LINE_HEIGHTS.get(int(font_size), font_size * 1.4)
