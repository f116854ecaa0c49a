"""Rules over numbers the unit reports: a ratio, steps, a count, or a value compared with the best unit."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from xl_dti.decimals import ONE, ZERO, divide, vn
from xl_dti.excel import array_of, num
from xl_dti.scheme.rules.base import (
    PENDING,
    FormulaRefs,
    InputSpec,
    InvalidAnswer,
    RuleBase,
    RuleProblem,
    read_non_negative,
)


class RatioRule(RuleBase):
    """Points = max × min(1, (a / b) / target); a zero denominator follows ``zero_denominator``."""

    rule: Literal["ratio"] = "ratio"
    numerator: str = Field(min_length=1)
    denominator: str = Field(min_length=1)
    target: Decimal = Field(default=ONE, gt=0, le=1)
    zero_denominator: Literal["na", "zero", "full"] = "na"

    def input_specs(self, max_points: Decimal) -> list[InputSpec]:
        return [
            InputSpec("numerator", f"Tử số: {self.numerator}", "number", ZERO),
            InputSpec("denominator", f"Mẫu số: {self.denominator}", "number", ZERO),
        ]

    def formula(self, max_points: Decimal, refs: FormulaRefs) -> str:
        a, b, m = refs.inputs["numerator"], refs.inputs["denominator"], num(max_points)
        zero = {"na": "0", "zero": "0", "full": m}[self.zero_denominator]
        ratio = f"{a}/{b}" if self.target == ONE else f"{a}/{b}/{num(self.target)}"
        return f"IF(AND(ISNUMBER({a}),ISNUMBER({b})),IF(OR({a}<0,{b}<0),0,IF({b}=0,{zero},{m}*MIN(1,{ratio}))),0)"

    def na_formula(self, refs: FormulaRefs) -> str | None:
        if self.zero_denominator != "na":
            return None
        a, b = refs.inputs["numerator"], refs.inputs["denominator"]
        return f"AND(ISNUMBER({a}),ISNUMBER({b}),{b}=0,{a}>=0)"

    def read(self, value: object, max_points: Decimal) -> tuple[Decimal, Decimal]:
        pair = value
        if isinstance(value, dict):
            pair = (value.get("numerator"), value.get("denominator"))
        if not isinstance(pair, list | tuple) or len(pair) != 2 or any(v is None or v == "" for v in pair):
            raise InvalidAnswer("answer.bad_ratio", numerator=self.numerator, denominator=self.denominator)
        expected = "một số từ 0 trở lên"
        return read_non_negative(pair[0], expected), read_non_negative(pair[1], expected)

    def points(
        self, reading: tuple[Decimal, Decimal], max_points: Decimal, best: Decimal | None = None
    ) -> Decimal | None:
        a, b = reading
        if b == 0:
            return {"na": None, "zero": ZERO, "full": max_points}[self.zero_denominator]
        return max_points * min(ONE, divide(divide(a, b), self.target))

    def doubts(self, reading: tuple[Decimal, Decimal]) -> list[tuple[str, dict[str, object]]]:
        a, b = reading  # more documents signed than required: a typing slip that would earn full points
        if a > b > 0:
            return [("ratio.above_one", {"numerator": vn(a), "denominator": vn(b),
                                         "numerator_name": self.numerator, "denominator_name": self.denominator})]
        return []

    def expected(self, max_points: Decimal) -> str:
        return f"tử số ({self.numerator}) và mẫu số ({self.denominator})"

    def describe(self, max_points: Decimal) -> str:
        target = "" if self.target == ONE else f" / {vn(self.target * 100)}%"
        zero = {"na": "không đánh giá", "zero": "0 điểm", "full": "đạt điểm tối đa"}[self.zero_denominator]
        return (
            f"Điểm = ({self.numerator} / {self.denominator}){target} × {vn(max_points)}, "
            f"tối đa {vn(max_points)}; mẫu số bằng 0: {zero}"
        )


class Step(BaseModel):
    """From ``min`` upwards (until the next step), the value earns ``points``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min: Decimal
    points: Decimal = Field(ge=0)


class _NumberInput(RuleBase):
    input: str = "Giá trị"
    unit: str | None = None

    def _quantity(self) -> str:
        return f"{self.input}" + (f" ({self.unit})" if self.unit else "")


class StepsRule(_NumberInput):
    """One number; it earns the points of the highest step whose ``min`` it reaches, else 0."""

    rule: Literal["steps"] = "steps"
    steps: list[Step]

    def read(self, value: object, max_points: Decimal) -> Decimal:
        return read_non_negative(value, self.expected(max_points))

    def points(self, reading: Decimal, max_points: Decimal, best: Decimal | None = None) -> Decimal:
        reached = [s for s in self.steps if s.min <= reading]
        return max(reached, key=lambda s: s.min).points if reached else ZERO

    def expected(self, max_points: Decimal) -> str:
        return f"{self._quantity()}: một số từ 0 trở lên"

    def describe(self, max_points: Decimal) -> str:
        unit = f" {self.unit}" if self.unit else ""
        ordered = sorted(self.steps, key=lambda s: s.min, reverse=True)
        listed = "; ".join(f"từ {vn(s.min)}{unit}: {vn(s.points)} điểm" for s in ordered)
        return f"Theo {self.input.lower()}: {listed}; thấp hơn: 0 điểm"

    def input_specs(self, max_points: Decimal) -> list[InputSpec]:
        return [InputSpec("value", self._quantity(), "number", ZERO)]

    def formula(self, max_points: Decimal, refs: FormulaRefs) -> str:
        # a lookup over the steps, not nested IFs: any number of steps stays within Excel's 64 levels
        v = refs.inputs["value"]
        ordered = sorted(self.steps, key=lambda s: s.min)
        mins, points = array_of(s.min for s in ordered), array_of(s.points for s in ordered)
        return f"IF(ISNUMBER({v}),IF({v}<0,0,IFERROR(LOOKUP({v},{mins},{points}),0)),0)"

    def problems(self, max_points: Decimal) -> list[RuleProblem]:
        found: list[RuleProblem] = []
        seen: set[Decimal] = set()
        for i, step in enumerate(self.steps):
            if step.points > max_points:
                found.append(
                    (("steps", i, "points"), "rule.above_max", {"what": f"bậc từ {vn(step.min)}",
                                                                "points": step.points, "max": max_points})
                )
            if step.min in seen:
                found.append((("steps", i, "min"), "rule.duplicate_step", {"min": step.min}))
            seen.add(step.min)
        if not self.steps:
            found.append((("steps",), "rule.empty_list", {"key": "steps", "kind": "steps"}))
        return found


class CountRule(_NumberInput):
    """A whole number of items, ``each`` points apiece, capped at the max."""

    rule: Literal["count"] = "count"
    each: Decimal = Field(gt=0)

    def read(self, value: object, max_points: Decimal) -> Decimal:
        number = read_non_negative(value, self.expected(max_points))
        if number != number.to_integral_value():
            raise InvalidAnswer("answer.not_whole", value=vn(number))
        return number

    def points(self, reading: Decimal, max_points: Decimal, best: Decimal | None = None) -> Decimal:
        return min(max_points, reading * self.each)

    def expected(self, max_points: Decimal) -> str:
        return f"{self._quantity()}: một số nguyên từ 0 trở lên"

    def input_specs(self, max_points: Decimal) -> list[InputSpec]:
        return [InputSpec("value", self._quantity(), "whole", ZERO)]

    def formula(self, max_points: Decimal, refs: FormulaRefs) -> str:
        v, m = refs.inputs["value"], num(max_points)
        return f"IF(ISNUMBER({v}),IF(AND({v}>=0,{v}=INT({v})),MIN({m},{v}*{num(self.each)}),0),0)"

    def describe(self, max_points: Decimal) -> str:
        unit = self.unit or "đơn vị"
        return f"{vn(self.each)} điểm cho mỗi {unit} ({self.input.lower()}), tối đa {vn(max_points)} điểm"


class RelativeRule(_NumberInput):
    """Points = max × value / the best value among the group's evaluated units (consolidation only)."""

    rule: Literal["relative"] = "relative"

    def read(self, value: object, max_points: Decimal) -> Decimal:
        return read_non_negative(value, self.expected(max_points))

    def points(self, reading: Decimal, max_points: Decimal, best: Decimal | None = None) -> Decimal | str:
        if best is None:
            return PENDING
        if best <= 0:
            return ZERO
        return max_points * min(ONE, divide(reading, best))

    def expected(self, max_points: Decimal) -> str:
        return f"{self._quantity()}: một số từ 0 trở lên"

    def input_specs(self, max_points: Decimal) -> list[InputSpec]:
        return [InputSpec("value", self._quantity(), "number", ZERO)]

    def formula(self, max_points: Decimal, refs: FormulaRefs) -> None:
        return None

    def describe(self, max_points: Decimal) -> str:
        return (
            f"Điểm = {self.input.lower()} / giá trị cao nhất trong nhóm × {vn(max_points)} "
            "(tính khi tổng hợp)"
        )
