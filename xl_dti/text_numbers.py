"""How a number typed as text is read: one rule for returned workbooks and the spreadsheet functions.

``8,5`` is a Vietnamese decimal comma (8.5); ``1.000`` or ``1,000`` could be one thousand or one, so
it is refused rather than guessed; ``12.5``, with or without stray spaces, is 12.5. Any other text is
not a number here (exponent forms such as ``1e5`` included): the caller decides what that means.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

PLAIN = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
COMMA = re.compile(r"^[+-]?\d+,\d+$")
THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(?:[.,]\d{3})+$")  # 0.625 has no thousands

Reading = Literal["blank", "number", "ambiguous", "text"]


@dataclass(frozen=True, slots=True)
class TextNumber:
    """What a text cell holds as a number.

    Attributes:
        reading: ``blank`` (nothing but spaces), ``number``, ``ambiguous`` (``1.000``) or ``text`` (not a number).
        number: the number when ``reading`` is ``number``.
        note: for a number, the message code that says how it was read (``input.decimal_comma``,
            ``input.spaces``, ``input.number_as_text``); for an ambiguous one, ``input.ambiguous``.
    """

    reading: Reading
    number: Decimal | None = None
    note: str | None = None


def read_text_number(raw: str) -> TextNumber:
    """Read ``raw`` as consolidation reads a number typed as text into an input cell."""
    text = unicodedata.normalize("NFC", raw).strip().replace("\u00a0", "")
    if not text:
        return TextNumber("blank")
    if THOUSANDS.match(text):
        return TextNumber("ambiguous", note="input.ambiguous")
    if COMMA.match(text):
        return TextNumber("number", Decimal(text.replace(",", ".")), "input.decimal_comma")
    if PLAIN.match(text):
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern only lets decimal digits through
            return TextNumber("text")
        return TextNumber("number", number, "input.spaces" if text != raw else "input.number_as_text")
    return TextNumber("text")
