"""What every scoring rule kind shares: the base class, answer reading, and the formula interfaces."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from xl_dti.decimals import to_decimal, vn

PENDING = "pending"
"""What ``RelativeRule.points`` returns while the best value of the group is not known."""


class InvalidAnswer(Exception):
    """A raw answer this rule cannot read; carries a message code and its parameters."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)


# (sub-path inside the indicator, message code, params) as found by ``Rule.problems``
RuleProblem = tuple[tuple[str | int, ...], str, dict[str, Any]]

InputKind = Literal["number", "whole", "yes_no", "choice", "tick"]


@dataclass(frozen=True)
class InputSpec:
    """One input cell a rule needs: its name in the input map, its label, and what it accepts."""

    name: str
    label: str
    kind: InputKind
    low: Decimal | None = None
    high: Decimal | None = None
    step: Decimal | None = None


@dataclass(frozen=True)
class FormulaRefs:
    """Where a rule's formula finds things: its input cells, and (for ``choice``) its option list."""

    inputs: Mapping[str, str]
    labels: str | None = None
    points: str | None = None


def normalize_label(text: str) -> str:
    """The form labels are compared in: NFC, trimmed, inner spaces collapsed, case folded."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def read_number(value: object, expected: str) -> Decimal:
    """Read a number from a raw answer, or raise ``answer.not_number``."""
    try:
        return to_decimal(value)
    except ValueError:
        raise InvalidAnswer("answer.not_number", value=value, expected=expected) from None


def read_non_negative(value: object, expected: str) -> Decimal:
    """Read a number that must be 0 or more."""
    number = read_number(value, expected)
    if number < 0:
        raise InvalidAnswer("answer.negative", value=vn(number))
    return number


class RuleBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def input_specs(self, max_points: Decimal) -> list[InputSpec]:
        """The input cells the rule needs, in order (the workbook's input map names them)."""
        raise NotImplementedError

    def formula(self, max_points: Decimal, refs: FormulaRefs) -> str | None:
        """The Excel expression for the points (before rounding); ``None`` when a single unit's
        workbook cannot compute it. Blank or invalid inputs give 0, as they do in ``points``."""
        raise NotImplementedError

    def na_formula(self, refs: FormulaRefs) -> str | None:
        """An Excel condition under which the inputs make the indicator not applicable, if any."""
        return None

    def read(self, value: object, max_points: Decimal) -> Any:
        """Parse and check a raw answer; raise ``InvalidAnswer`` when it cannot be scored."""
        raise NotImplementedError

    def points(self, reading: Any, max_points: Decimal, best: Decimal | None = None) -> Decimal | str | None:
        """Points for a reading: a Decimal, ``None`` for not applicable, or ``PENDING``."""
        raise NotImplementedError

    def doubts(self, reading: Any) -> list[tuple[str, dict[str, object]]]:
        """Warnings about a reading that scores but is unlikely (message code, params); none by default."""
        return []

    def expected(self, max_points: Decimal) -> str:
        """What the unit must enter, in Vietnamese (ends without a full stop)."""
        raise NotImplementedError

    def describe(self, max_points: Decimal) -> str:
        """How the rule scores, in Vietnamese, for the form's «cách chấm» column."""
        raise NotImplementedError

    def problems(self, max_points: Decimal) -> list[RuleProblem]:
        """What is wrong with this rule's parameters for an indicator of ``max_points``."""
        return []
