"""Text from an untrusted file, made safe for every place it is written or printed.

A returned workbook can carry characters XML forbids (control characters, U+FFFE, U+FFFF, lone
surrogates), text longer than a cell holds, terminal escape sequences and console markup. None of
them may reach master.xlsx, an appraisal workbook, a CSV, a JSON document or the screen raw: a
writer would fail (openpyxl raises, UTF-8 cannot encode a lone surrogate) or a terminal would obey.
"""

from __future__ import annotations

import re

from xl_dti.excel import MAX_TEXT as CELL_LIMIT  # a cell's length in UTF-16 code units, as Excel counts it

# XML 1.0's Char production excludes these; C1 controls are allowed by XML but are never text anyone typed
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# what a terminal would obey: escape sequences (CSI, OSC ...) whole, then any other control character
_TERMINAL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?|[\x00-\x1f\x7f-\x9f]"
                       "|[\u202a-\u202e\u2066-\u2069]")


def xml_text(text: str, limit: int = CELL_LIMIT) -> str:
    """``text`` without the characters XML forbids, cut to ``limit`` UTF-16 code units (never inside a
    character that needs two)."""
    clean = _NOT_TEXT.sub("", text) if _NOT_TEXT.search(text) else text
    if len(clean) * 2 <= limit or len(clean.encode("utf-16-le")) // 2 <= limit:
        return clean
    units = 0
    for index, character in enumerate(clean):
        units += 2 if ord(character) > 0xFFFF else 1
        if units > limit:
            return clean[:index]
    return clean


def bounded(text: str, limit: int) -> str:
    """Safe text of at most ``limit`` characters, marked with «…» when cut (messages, manifest entries)."""
    clean = xml_text(text)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def terminal_text(text: str) -> str:
    """Text a terminal prints as it is: escape sequences, control characters and bidirectional overrides
    removed (for a rich ``Text``, which reads no markup)."""
    return xml_text(_TERMINAL.sub("", text))


def console_text(text: str) -> str:
    """``terminal_text`` with rich's console markup escaped (for a string rich reads markup in)."""
    from rich.markup import escape

    return escape(terminal_text(text))
