"""Rules where the unit states the answer directly: its own points, or Có/Không."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from xl_dti.decimals import ZERO, vn
from xl_dti.excel import num, text
from xl_dti.scheme.rules.base import (
    FormulaRefs,
    InputSpec,
    InvalidAnswer,
    RuleBase,
    RuleProblem,
    normalize_label,
    read_number,
)


class PointsRule(RuleBase):
    """The unit enters its points directly, from 0 to max (in multiples of ``step`` if set)."""

    rule: Literal["points"] = "points"
    step: Decimal | None = Field(default=None, gt=0)

    def read(self, value: object, max_points: Decimal) -> Decimal:
        number = read_number(value, self.expected(max_points))
        if not ZERO <= number <= max_points:
            raise InvalidAnswer(
                "answer.out_of_range", value=vn(number), low=0, high=vn(max_points), expected=self.expected(max_points)
            )
        if self.step is not None and number % self.step != 0:
            raise InvalidAnswer("answer.not_step", value=vn(number), step=vn(self.step), high=vn(max_points))
        return number

    def points(self, reading: Decimal, max_points: Decimal, best: Decimal | None = None) -> Decimal:
        return reading

    def expected(self, max_points: Decimal) -> str:
        step = f" (bước {vn(self.step)})" if self.step is not None else ""
        return f"số điểm từ 0 đến {vn(max_points)}{step}"

    def describe(self, max_points: Decimal) -> str:
        return f"Đơn vị tự chấm từ 0 đến {vn(max_points)} điểm" + (
            f", bước {vn(self.step)}" if self.step is not None else ""
        )

    def input_specs(self, max_points: Decimal) -> list[InputSpec]:
        return [InputSpec("value", "Điểm tự chấm", "number", ZERO, max_points, self.step)]

    def formula(self, max_points: Decimal, refs: FormulaRefs) -> str:
        v, m = refs.inputs["value"], num(max_points)
        conditions = [f"{v}>=0", f"{v}<={m}"]
        if self.step is not None:
            s = num(self.step)
            conditions.append(f"ABS({v}/{s}-ROUND({v}/{s},0))<0.000000001")
        return f"IF(ISNUMBER({v}),IF(AND({','.join(conditions)}),{v},0),0)"


YES_WORDS = frozenset(normalize_label(w) for w in ("Có", "co", "yes", "y", "true", "x", "1", "đạt"))
NO_WORDS = frozenset(normalize_label(w) for w in ("Không", "khong", "no", "n", "false", "0", "không đạt"))


class YesNoRule(RuleBase):
    """Có earns ``yes_points`` (the max unless set); Không earns 0."""

    rule: Literal["yes_no"] = "yes_no"
    yes_points: Decimal | None = Field(default=None, ge=0)

    def read(self, value: object, max_points: Decimal) -> bool:
        if isinstance(value, bool):
            return value
        word = normalize_label(str(value))
        if word in YES_WORDS:
            return True
        if word in NO_WORDS:
            return False
        raise InvalidAnswer("answer.bad_yes_no", value=value)

    def points(self, reading: bool, max_points: Decimal, best: Decimal | None = None) -> Decimal:
        return self.yes_value(max_points) if reading else ZERO

    def yes_value(self, max_points: Decimal) -> Decimal:
        """The points a «Có» earns."""
        return max_points if self.yes_points is None else self.yes_points

    def expected(self, max_points: Decimal) -> str:
        return "Có hoặc Không"

    def describe(self, max_points: Decimal) -> str:
        return f"Có: {vn(self.yes_value(max_points))} điểm; Không: 0 điểm"

    def input_specs(self, max_points: Decimal) -> list[InputSpec]:
        return [InputSpec("value", "Có/Không", "yes_no")]

    def formula(self, max_points: Decimal, refs: FormulaRefs) -> str:
        # every word the engine reads as «Có», so a value pasted past the dropdown scores as it will
        # officially; a TRUE/FALSE cell is not an answer (consolidation refuses it)
        # (one comparison per word: Gnumeric does not compare with an array constant inside OR)
        v = refs.inputs["value"]
        words = ",".join(f"TRIM({v})={text(w)}" for w in sorted(YES_WORDS))
        return f"IF(ISTEXT({v})+ISNUMBER({v}),IF(OR({words}),{num(self.yes_value(max_points))},0),0)"

    def problems(self, max_points: Decimal) -> list[RuleProblem]:
        if self.yes_value(max_points) > max_points:
            return [(("yes_points",), "rule.above_max", {"what": "Có", "points": self.yes_points, "max": max_points})]
        return []
