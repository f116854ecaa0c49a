"""Crosswalks: which main index or aggregate of an old scheme is compared with which of a new one.

A crosswalk is a small YAML file that people edit (``xl-dti scheme diff OLD NEW --crosswalk
FILE`` writes a draft)::

    old: haugiang-2022-so          # optional: the schemes it is for, checked when given
    new: haugiang-2025-so
    map:                           # old code: new code, or null (no counterpart, not compared)
      "1": "1"
      "5": "6"
      "3": null
      CQS: CQS
    notes: |
      Free text: why the codes are mapped as they are.

Each new code has at most one old code, so every comparison is like for like. Without a
crosswalk only the total and the grade are compared across versions (``rekey`` gives nothing).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from xl_dti.errors import Problem, XlDtiError
from xl_dti.scheme.model import Scheme
from xl_dti.scheme.yamlsource import YamlSource, parse_mapping

KEYS = ("old", "new", "map", "notes")
T = TypeVar("T")


class CrosswalkError(XlDtiError, ValueError):
    """A crosswalk file that cannot be used, with every problem found in it."""


@dataclass(frozen=True)
class Crosswalk:
    """Old code → new code (``None``: not compared), for main indices and aggregates, with its provenance."""

    map: dict[str, str | None]
    old: str | None = None
    new: str | None = None
    notes: str | None = None
    file: str = "<crosswalk>"
    lines: dict[tuple[str, ...], int] = field(default_factory=dict, compare=False)

    def new_code(self, old_code: str) -> str | None:
        """The new code an old main index or aggregate is compared with (``None``: not compared)."""
        return self.map.get(old_code)

    def old_code(self, new_code: str) -> str | None:
        """The old code a new main index or aggregate is compared with (``None``: new, nothing to compare)."""
        return next((old for old, new in self.map.items() if new == new_code), None)

    def where(self, *path: str) -> str:
        """``file:line`` of a key: ``where("map", "1.2")`` for an old code's line, ``where("old")``."""
        return f"{self.file}:{self.lines.get(path, 1)}"


def rekey(values: Mapping[str, T], crosswalk: Crosswalk | None) -> dict[str, T]:
    """Last version's values per main index or aggregate, keyed by this version's codes.

    Args:
        values: old code → value (points, rank…) from the old scheme's results.
        crosswalk: the crosswalk between the two schemes; ``None`` when there is none.

    Returns:
        new code → value, for the old codes mapped to a new one; empty without a crosswalk
        (then only the total and the grade can be compared).
    """
    if crosswalk is None:
        return {}
    return {new: values[old] for old, new in crosswalk.map.items() if new is not None and old in values}


def load_crosswalk(path: Path) -> Crosswalk:
    """Read a crosswalk file.

    Raises:
        CrosswalkError: with every problem found, each located as ``file:line``.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CrosswalkError([Problem("file.not_found", str(path))]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CrosswalkError([Problem("file.unreadable", str(path), {"detail": exc})]) from None
    crosswalk, problems = parse_crosswalk(text, str(path))
    if crosswalk is None:
        raise CrosswalkError(problems)
    return crosswalk


def parse_crosswalk(text: str, file: str = "<crosswalk>") -> tuple[Crosswalk | None, list[Problem]]:
    """Parse crosswalk YAML text; the crosswalk is ``None`` when any problem was found."""
    source, problems = parse_mapping(text, file, "crosswalk.not_mapping")
    if source is None:
        return None, problems
    problems = _key_problems(source) + _map_problems(source)
    if problems:
        return None, problems
    data = source.data
    lines: dict[tuple[str, ...], int] = {("map", str(code)): source.line_of(("map", code)) for code in data["map"]}
    lines.update({(key,): source.line_of((key,)) for key in ("old", "new") if key in data})
    return Crosswalk(dict(data["map"]), data.get("old"), data.get("new"), data.get("notes"), file, lines), []


def _key_problems(source: YamlSource) -> list[Problem]:
    found: list[Problem] = []
    for key, value in source.data.items():
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            suggestion = f" (did you mean '{close[0]}'?)" if close else ""
            found.append(Problem("crosswalk.unknown_key", source.where((key,)), {"key": key, "suggestion": suggestion}))
        elif key != "map" and value is not None and not isinstance(value, str):
            found.append(Problem("crosswalk.not_text", source.where((key,)), {"key": key, "found": _shown(value)}))
    return found


def _map_problems(source: YamlSource) -> list[Problem]:
    mapping = source.data.get("map")
    if "map" not in source.data:
        return [Problem("crosswalk.map_missing", f"{source.file}:1")]
    if not isinstance(mapping, dict):
        return [Problem("crosswalk.map_not_mapping", source.where(("map",)), {"found": _shown(mapping)})]
    found: list[Problem] = []
    first: dict[str, str] = {}
    for code, target in mapping.items():
        where = source.where(("map", code))
        if target is not None and (not isinstance(target, str) or not target.strip()):
            found.append(Problem("crosswalk.bad_target", where, {"code": code, "found": _shown(target)}))
        elif target is not None and target in first:
            found.append(Problem("crosswalk.duplicate_target", where, {"new": target, "first": first[target],
                                                                         "code": code}))
        elif target is not None:
            first[target] = code
    return found


def check_crosswalk(crosswalk: Crosswalk, old: Scheme, new: Scheme) -> list[Problem]:
    """What does not fit the two schemes: other scheme ids, codes that are not main indices or aggregates.

    Args:
        crosswalk: a loaded crosswalk.
        old: the scheme its old codes belong to.
        new: the scheme its new codes belong to.

    Returns:
        The problems, each located ``file:line`` (empty when the crosswalk fits).
    """
    found: list[Problem] = []
    for side, scheme, expected in (("old", old, crosswalk.old), ("new", new, crosswalk.new)):
        if expected is not None and expected != scheme.id:
            found.append(Problem("crosswalk.wrong_scheme", crosswalk.where(side),
                                 {"side": side, "side_name": _SIDES[side], "expected": expected, "found": scheme.id}))
    old_codes, new_codes = measure_codes(old), measure_codes(new)
    for code, target in crosswalk.map.items():
        if code not in old_codes:
            found.append(_unknown(crosswalk, code, code, "old", old, old_codes))
        if target is not None and target not in new_codes:
            found.append(_unknown(crosswalk, code, target, "new", new, new_codes))
    return found


def measure_codes(scheme: Scheme) -> list[str]:
    """The codes a crosswalk maps: the scheme's main indices, then its aggregates."""
    return [n.code for n in scheme.tree.main_indices()] + [a.code for a in scheme.aggregates]


def _unknown(crosswalk: Crosswalk, line_of: str, code: str, side: str, scheme: Scheme, known: list[str]) -> Problem:
    return Problem("crosswalk.unknown_code", crosswalk.where("map", line_of),
                   {"code": code, "side": side, "side_name": _SIDES[side], "scheme": scheme.id,
                    "known": ", ".join(known)})


_SIDES = {"old": "cũ", "new": "mới"}


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "một khối khóa"
    if isinstance(value, list):
        return "một danh sách"
    return "ô để trống" if value is None else f"'{value}'"
