"""What scoring one unit produces: points per node and aggregate, the total, result and grade."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xl_dti.decimals import to_json_number
from xl_dti.errors import Problem
from xl_dti.pickling import pickled_by_fields


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class NodeScore:
    """The points of one indicator (leaf or parent) for one unit.

    Attributes:
        points: points earned (0 when N/A or pending); a penalty node's points are the
            points deducted, as a positive number.
        max: the indicator's max points.
        applicable_max: the max that counts: 0 when N/A, and for a parent the sum over its
            applicable children.
        na: not applicable (marked by the unit, by ``applies_to``, or by a zero denominator).
        pending: a ``relative`` indicator waiting for the group's best value.
        reading: the parsed answer of a leaf (what the rule read), for reports.
    """

    code: str
    points: Decimal
    max: Decimal
    applicable_max: Decimal
    na: bool = False
    pending: bool = False
    reading: Any = None


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class AggregateScore:
    """An aggregate's (pillar's) points over its members and its 0..1 value."""

    code: str
    points: Decimal
    applicable_max: Decimal
    value: Decimal | None


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class UnitResult:
    """Everything the engine says about one unit's answers.

    ``total`` is base points plus bonus minus penalty, kept within 0..applicable max (unless the
    scheme allows more); ``result`` is what grades and ranks compare, rounded half-up to the
    scheme's decimals; ``issues`` lists every problem found in the answers.
    """

    scheme_id: str
    unit: str | None
    group: str | None
    nodes: dict[str, NodeScore]
    base_total: Decimal
    bonus: Decimal
    penalty: Decimal
    total: Decimal
    max: Decimal
    applicable_max: Decimal
    result: Decimal | None
    grade: str | None
    aggregates: dict[str, AggregateScore]
    issues: tuple[Problem, ...] = field(default=())
    provisional: bool = False

    @property
    def errors(self) -> list[Problem]:
        """The issues of severity ``error``."""
        return [p for p in self.issues if p.severity == "error"]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (numbers as JSON numbers, issues with code, location and message)."""
        return {
            "scheme": self.scheme_id,
            "unit": self.unit,
            "group": self.group,
            "total": to_json_number(self.total),
            "base_total": to_json_number(self.base_total),
            "bonus": to_json_number(self.bonus),
            "penalty": to_json_number(self.penalty),
            "max": to_json_number(self.max),
            "applicable_max": to_json_number(self.applicable_max),
            "result": None if self.result is None else to_json_number(self.result),
            "grade": self.grade,
            "provisional": self.provisional,
            "aggregates": {c: None if a.value is None else to_json_number(a.value) for c, a in self.aggregates.items()},
            "indicators": {c: None if n.na else to_json_number(n.points) for c, n in self.nodes.items()},
            "not_applicable": [c for c, n in self.nodes.items() if n.na],
            "issues": [p.to_dict() for p in self.issues],
        }
