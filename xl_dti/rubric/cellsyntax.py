"""The cell syntax of list parameters (options, parts, steps, lists of codes): written and read back.

One cell holds a whole list, entries separated by ``;`` or line breaks:

- options and parts: ``label : points`` or ``label = fraction`` (of the max), e.g.
  ``Người đứng đầu = 1; Cấp phó = 0.5; Chưa phân công : 0``. The number after the *last*
  ``:`` or ``=`` is the value, so labels may contain ``:`` and ``=`` (``TCVN 9250:2012 : 10``);
  they may not contain ``;`` or line breaks, which the exporter refuses with a clear message.
- steps: ``min : points``, e.g. ``4 : 20; 3 : 15`` (from 4 upwards: 20 points).
- codes (``applies_to``, an aggregate's ``of``): separated by ``,`` or ``;``.

Numbers are written with a decimal dot, as in the YAML language; a comma is never a decimal mark
here because ``1,000`` would be ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xl_dti.decimals import plain

_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_ENTRY_BREAK = re.compile(r"[;\n\r]")
_CODE_BREAK = re.compile(r"[,;\n\r]")

VALUED_FORM = "an entry 'label : points' or 'label = fraction'"
STEP_FORM = "a step 'from : points'"


@dataclass(frozen=True)
class SyntaxIssue:
    """Why one entry of a list cell cannot be read: a message code and its parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


def format_valued(entries: Sequence[Mapping[str, Any]]) -> str:
    """``[{label, fraction: 1}, {label, points: 0}]`` → ``Người đứng đầu = 1; Chưa phân công : 0``."""
    written = []
    for entry in entries:
        if entry.get("fraction") is not None:
            written.append(f"{entry['label']} = {plain(entry['fraction'])}")
        else:
            written.append(f"{entry['label']} : {plain(entry.get('points', 0))}")
    return "; ".join(written)


def parse_valued(text: str) -> tuple[list[dict[str, Any]], list[SyntaxIssue]]:
    """The entries of an options or parts cell (``{label, points}`` or ``{label, fraction}``) and what is wrong."""
    entries: list[dict[str, Any]] = []
    issues: list[SyntaxIssue] = []
    for entry in split_entries(text):
        label, separator, value, issue = _split_last(entry, ":=", VALUED_FORM, "Cấp phó = 0.5' or 'Cấp phó : 5")
        if issue is not None:
            issues.append(issue)
        else:
            entries.append({"label": label, ("points" if separator == ":" else "fraction"): Decimal(value)})
    return entries, issues


def format_steps(steps: Sequence[Mapping[str, Any]]) -> str:
    """``[{min: 4, points: 20}, {min: 3, points: 15}]`` → ``4 : 20; 3 : 15``."""
    return "; ".join(f"{plain(s['min'])} : {plain(s['points'])}" for s in steps)


def parse_steps(text: str) -> tuple[list[dict[str, Any]], list[SyntaxIssue]]:
    """The steps of a steps cell (``{min, points}``) and what is wrong."""
    steps: list[dict[str, Any]] = []
    issues: list[SyntaxIssue] = []
    for entry in split_entries(text):
        low, _, value, issue = _split_last(entry, ":", STEP_FORM, "4 : 20")
        if issue is None and not _NUMBER.match(low):
            issue = SyntaxIssue("rubric.bad_entry", {"entry": entry, "form": STEP_FORM,
                                                      "hint": "Write the step's lowest value as a number before "
                                                              "the ':', e.g. 4 : 20"})
        if issue is not None:
            issues.append(issue)
        else:
            steps.append({"min": Decimal(low), "points": Decimal(value)})
    return steps, issues


def format_codes(codes: Sequence[str]) -> str:
    """``['1', '2', '7']`` → ``1, 2, 7``."""
    return ", ".join(codes)


def parse_codes(text: str) -> list[str]:
    """``1, 2; 7`` → ``['1', '2', '7']`` (blank entries dropped)."""
    return [c.strip() for c in _CODE_BREAK.split(text) if c.strip()]


def split_entries(text: str) -> list[str]:
    """The non-blank entries of a list cell, trimmed."""
    return [e.strip() for e in _ENTRY_BREAK.split(text) if e.strip()]


def valued_label_issue(label: str) -> SyntaxIssue | None:
    """Why a label cannot be written in an options or parts cell, if it cannot."""
    return _unwritable("the label", label, ";\n\r")


def code_issue(code: str) -> SyntaxIssue | None:
    """Why a code cannot be written in a list-of-codes cell, if it cannot."""
    return _unwritable("the code", code, ",;\n\r")


def _unwritable(what: str, text: str, separators: str) -> SyntaxIssue | None:
    found = next((s for s in separators if s in text), None)
    if found is not None:
        shown = {"\n": "a line break", "\r": "a line break"}.get(found, f"'{found}'")
        return SyntaxIssue("rubric.label_separator", {"what": what, "text": text, "separator": shown})
    if text != text.strip():
        return SyntaxIssue("rubric.edge_spaces", {"what": what, "text": text})
    return None


def _split_last(entry: str, separators: str, form: str, example: str) -> tuple[str, str, str, SyntaxIssue | None]:
    """Split ``entry`` at its last separator into (before, separator, after), checking ``after`` is a number."""
    at = max(entry.rfind(s) for s in separators)
    if at < 0:
        listed = " or ".join(f"'{s}'" for s in separators)
        hint = f"It has no {listed}; end it with the value, e.g. '{example}'"
        return "", "", "", SyntaxIssue("rubric.bad_entry", {"entry": entry, "form": form, "hint": hint})
    before, separator, after = entry[:at].strip(), entry[at], entry[at + 1:].strip()
    if not before:
        hint = "Write the label (or lowest value) before the separator"
        return "", "", "", SyntaxIssue("rubric.bad_entry", {"entry": entry, "form": form, "hint": hint})
    if not _NUMBER.match(after):
        hint = f"The value after the last '{separator}' must be a number written with a dot, such as 0.5"
        return "", "", "", SyntaxIssue("rubric.bad_entry", {"entry": entry, "form": form, "hint": hint})
    return before, separator, after, None
