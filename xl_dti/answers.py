"""A unit's answer to one indicator: the raw value, the N/A mark, evidence and explanation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from xl_dti.decimals import plain
from xl_dti.pickling import pickled_by_fields
from xl_dti.scheme.rules import normalize_label

NA_WORDS = frozenset(
    normalize_label(w) for w in ("N/A", "NA", "KĐG", "KDG", "Không đánh giá", "Khong danh gia", "Không áp dụng")
)
_VALUE_KEYS = ("value", "answer", "points")


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Answer:
    """What a unit answered for one indicator.

    Attributes:
        value: the raw answer (a number, Có/Không, an option label, ticked part labels, a
            numerator/denominator pair); ``None`` when blank.
        na: the unit marked the indicator «Không đánh giá» (not applicable).
        evidence: the cited evidence (tài liệu kiểm chứng).
        explanation: the unit's explanation (giải trình).
    """

    value: Any = None
    na: bool = False
    evidence: str = ""
    explanation: str = ""

    @property
    def is_blank(self) -> bool:
        """No value was given (blank text counts as none; an empty list of parts is an answer: none ticked)."""
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


def is_na_word(value: object) -> bool:
    """Whether a raw value is one of the ways of writing «not applicable»."""
    return isinstance(value, str) and normalize_label(value) in NA_WORDS


def to_answer(raw: object) -> Answer:
    """Turn what an answers file or a caller gives for one indicator into an ``Answer``.

    Accepts a bare value, ``"N/A"`` (or KĐG, Không đánh giá), a ``[numerator, denominator]``
    pair, or a mapping with ``value`` (or ``numerator``/``denominator``, or ``parts``), ``na``,
    ``evidence`` and ``explanation``.
    """
    if isinstance(raw, Answer):
        return raw
    if isinstance(raw, Mapping):
        return _from_mapping(raw)
    if is_na_word(raw):
        return Answer(na=True)
    return Answer(value=raw)


def _from_mapping(raw: Mapping[str, Any]) -> Answer:
    if "numerator" in raw or "denominator" in raw:
        value: Any = (raw.get("numerator"), raw.get("denominator"))
        if all(v is None or v == "" for v in value):
            value = None
    elif "parts" in raw:
        value = raw["parts"] if raw["parts"] is not None else []
    else:
        value = next((raw[k] for k in _VALUE_KEYS if k in raw), None)
    na = _truthy(raw.get("na")) or is_na_word(value)
    if is_na_word(value):
        value = None
    return Answer(
        value=value,
        na=na,
        evidence=str(raw.get("evidence") or "").strip(),
        explanation=str(raw.get("explanation") or "").strip(),
    )


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return normalize_label(value) in {"true", "yes", "có", "x", "1"} or is_na_word(value)
    return bool(value)


def answer_text(answer: Answer | None) -> str:
    """An answer's value as a person reads it: ``12 / 15``, ``Có``, parts joined by «; »."""
    if answer is None or answer.value is None:
        return ""
    value = answer.value
    if isinstance(value, list | tuple | set | frozenset):
        parts = [_plain_value(v) for v in value]
        return " / ".join(parts) if isinstance(value, tuple) else "; ".join(parts)
    return _plain_value(value)


def _plain_value(value: object) -> str:
    return plain(value) if isinstance(value, Decimal) else str(value)
