"""How a number typed as text is read: one rule for returned workbooks and the spreadsheet functions.

``8,5`` is a Vietnamese decimal comma (8.5); ``1.000`` or ``1,000`` could be one thousand or one, so
it is refused rather than guessed (``0.625`` cannot be thousands, so it is 0.625); ``12.5``, with or
without stray spaces, is 12.5. Text that only a programming language reads as a number (``1e2``,
``1_0``, ``Infinity``, full-width or other non-ASCII digits) is refused too: no spreadsheet user
writes a number so. Text made only of spaces and invisible characters is blank. Any other text is
not a number: the caller decides what that means.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

# (?a): ASCII digits only; a str pattern's \d would take full-width and other scripts' digits.
# The patterns travel as text into the xlwings Lite bundle, so the flag is written inside them.
PLAIN = re.compile(r"(?a)^[+-]?\d+(?:\.\d+)?$")
COMMA = re.compile(r"(?a)^[+-]?\d+,\d+$")
THOUSANDS = re.compile(r"(?a)^[+-]?[1-9]\d{0,2}(?:[.,]\d{3})+$")

Reading = Literal["blank", "number", "ambiguous", "unusual", "text"]


@dataclass(frozen=True, slots=True)
class TextNumber:
    """What a text cell holds as a number.

    Attributes:
        reading: ``blank`` (nothing visible), ``number``, ``ambiguous`` (``1.000``), ``unusual``
            (``1e2``: a number only to a programming language) or ``text`` (not a number).
        number: the number when ``reading`` is ``number``.
        note: for a number, the message code that says how it was read (``input.decimal_comma``,
            ``input.spaces``, ``input.number_as_text``); for a refused one, why
            (``input.ambiguous``, ``input.not_plain_number``).
    """

    reading: Reading
    number: Decimal | None = None
    note: str | None = None


def read_text_number(raw: str) -> TextNumber:
    """Read ``raw`` as consolidation reads a number typed as text into an input cell."""
    text = unicodedata.normalize("NFC", raw).strip().replace("\u00a0", "")
    if not visible(text):
        return TextNumber("blank")
    if THOUSANDS.match(text):
        return TextNumber("ambiguous", note="input.ambiguous")
    if COMMA.match(text):
        return TextNumber("number", Decimal(text.replace(",", ".")), "input.decimal_comma")
    if PLAIN.match(text):
        return TextNumber("number", Decimal(text), "input.spaces" if text != raw else "input.number_as_text")
    if parses_as_number(text):
        return TextNumber("unusual", note="input.not_plain_number")
    return TextNumber("text")


def visible(text: str) -> bool:
    """Whether any character shows: not only spaces and format characters (zero-width space,
    soft hyphen, word joiner, byte-order mark)."""
    return any(not c.isspace() and unicodedata.category(c) != "Cf" for c in text)


def parses_as_number(text: str) -> bool:
    """Whether Python (and so the engine) would read this text as a number, though no
    spreadsheet user writes a number so: an exponent, an underscore, a word, other digits."""
    try:
        Decimal(text.replace(",", "."))
    except InvalidOperation:
        try:
            float(text)
        except ValueError:
            return False
    return True
