"""Translate between an engine answer and the input cells of a workbook row (both directions).

A unit's answer to a ``parts`` indicator is one «Có/Không» cell per part; a ``ratio`` answer is a
numerator cell and a denominator cell; every other rule has one ``value`` cell. The N/A mark,
the evidence and the explanation have cells of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from xl_dti.answers import Answer, is_na_word, to_answer
from xl_dti.excel import NA_MARK, NO, YES
from xl_dti.scheme.model import Indicator
from xl_dti.scheme.rules import PartsRule, RatioRule, normalize_label

CellValues = dict[str, Any]


def answer_to_cells(node: Indicator, raw: object) -> CellValues:
    """The cell values (input name → value) that express ``raw`` for this leaf.

    Values the rule cannot read are written as given: the workbook then shows what the unit typed.
    """
    answer = to_answer(raw)
    cells: CellValues = {}
    rule = node.scoring_rule
    if answer.na:
        cells["na"] = NA_MARK
    if isinstance(rule, PartsRule):
        if answer.value is not None:
            wanted = answer.value if isinstance(answer.value, list | tuple | set) else str(answer.value).split(";")
            ticked = {normalize_label(str(w)) for w in wanted if str(w).strip()}
            for i, part in enumerate(rule.parts, start=1):
                cells[f"part:{i}"] = YES if normalize_label(part.label) in ticked else NO
    elif isinstance(rule, RatioRule):
        if isinstance(answer.value, list | tuple) and len(answer.value) == 2:
            cells["numerator"], cells["denominator"] = answer.value
    elif answer.value is not None:
        cells["value"] = answer.value
    if answer.evidence:
        cells["evidence"] = answer.evidence
    if answer.explanation:
        cells["explanation"] = answer.explanation
    return cells


def cells_to_answer(node: Indicator, cells: Mapping[str, Any]) -> Answer:
    """The engine answer a row's cells express (blank cells are ``None``)."""
    rule = node.scoring_rule
    value: Any
    if isinstance(rule, PartsRule):
        ticks = [cells.get(f"part:{i}") for i in range(1, len(rule.parts) + 1)]
        if all(_blank(t) for t in ticks):
            value = None
        else:
            value = [p.label for p, t in zip(rule.parts, ticks, strict=True) if _is_yes(t)]
    elif isinstance(rule, RatioRule):
        pair = (cells.get("numerator"), cells.get("denominator"))
        value = None if all(_blank(v) for v in pair) else pair
    else:
        value = None if _blank(cells.get("value")) else cells.get("value")
    na = cells.get("na")
    marked = bool(na) and normalize_label(str(na)) == _NA_LABEL
    if is_na_word(value):  # «KĐG» typed into the value cell itself
        value, marked = None, True
    return Answer(
        value=value,
        na=marked,
        evidence=str(cells.get("evidence") or "").strip(),
        explanation=str(cells.get("explanation") or "").strip(),
    )


_NA_LABEL, _YES_LABEL = normalize_label(NA_MARK), normalize_label(YES)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_yes(value: object) -> bool:
    return isinstance(value, str) and normalize_label(value) == _YES_LABEL
