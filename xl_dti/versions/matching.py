"""Pair the items of two scheme versions: by code first, then by name similarity for the rest.

Name similarity is difflib's ratio over *words* (Vietnamese syllables), not characters: names in
one scheme share many syllables (``số``, ``hoạt động``), so character-level ratios rate
«Hoạt động kinh tế số» and «Hoạt động xã hội số» as alike (0.72), while word-level they are not
(0.6). difflib is in the standard library, deterministic, and its ratio is easy to show and
explain; a few hundred short names need nothing faster.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

SIMILAR = 0.65
"""The least word similarity at which two differently coded items count as the same one renamed or moved."""

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Named:
    """An item of a scheme version as matching sees it: its code and its name."""

    code: str
    name: str


@dataclass(frozen=True)
class Match:
    """An old item and the new item it became, how they were paired, and how alike their names are (0..1)."""

    old: str
    new: str
    by: Literal["code", "name"]
    similarity: float


def words(text: str) -> list[str]:
    """The words of a name, compared case- and spacing-insensitively: «Nhận thức số» → nhận, thức, số."""
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def similarity(a: str, b: str) -> float:
    """How alike two names are, from 0 (no word in common) to 1 (the same words in the same order)."""
    return difflib.SequenceMatcher(None, words(a), words(b), autojunk=False).ratio()


def match_items(old: Sequence[Named], new: Sequence[Named], threshold: float = SIMILAR) -> list[Match]:
    """Pair old items with new ones, each item in at most one pair.

    Codes come first, but a code reused for something else must not hide where the old item went:

    1. equal codes whose names are similar (``threshold``) pair;
    2. then the most similar names pair, best first (an item recoded or moved);
    3. then the equal codes still left pair, however different their names (an item reworded).

    Args:
        old: the old version's items, in document order.
        new: the new version's items, in document order.
        threshold: the least similarity for a pair by name.

    Returns:
        The pairs, in the old document order.
    """
    new_names = {item.code: item.name for item in new}
    same_code = {o.code: similarity(o.name, new_names[o.code]) for o in old if o.code in new_names}
    matches = [Match(c, c, "code", score) for c, score in same_code.items() if score >= threshold]
    taken_old, taken_new = {m.old for m in matches}, {m.new for m in matches}
    rest_old = [(i, o) for i, o in enumerate(old) if o.code not in taken_old]
    rest_new = [(j, n) for j, n in enumerate(new) if n.code not in taken_new]
    candidates = sorted(
        ((similarity(o.name, n.name), i, j, o.code, n.code) for i, o in rest_old for j, n in rest_new),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    for score, _, _, old_code, new_code in candidates:
        if score < threshold:
            break
        if old_code not in taken_old and new_code not in taken_new:
            matches.append(Match(old_code, new_code, "name", score))
            taken_old.add(old_code)
            taken_new.add(new_code)
    matches += [Match(c, c, "code", score) for c, score in same_code.items()
                if c not in taken_old and c not in taken_new]
    order = {o.code: i for i, o in enumerate(old)}
    return sorted(matches, key=lambda m: order[m.old])
