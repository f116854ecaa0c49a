"""The scoring rule kinds: one small class each, reading a unit's answer and turning it into points.

Each class's fields are exactly the YAML keys that sit beside ``rule:`` on a leaf indicator.
Each class knows how to read a raw answer (``read``), how many points a reading earns
(``points``), how to say in Vietnamese what the unit must enter (``expected``) and how the
rule works (``describe``), and what is wrong with its own parameters (``problems``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from xl_dti.decimals import ONE, ZERO, divide, to_decimal, vn
from xl_dti.excel import YES, num

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


class _RuleBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def input_specs(self, max_points: Decimal) -> list[InputSpec]:
        """The input cells the rule needs, in order (the workbook's input map names them)."""
        return [InputSpec("value", "Giá trị", "number", ZERO, max_points)]

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

    def expected(self, max_points: Decimal) -> str:
        """What the unit must enter, in Vietnamese (ends without a full stop)."""
        raise NotImplementedError

    def describe(self, max_points: Decimal) -> str:
        """How the rule scores, in Vietnamese, for the form's «cách chấm» column."""
        raise NotImplementedError

    def problems(self, max_points: Decimal) -> list[RuleProblem]:
        """What is wrong with this rule's parameters for an indicator of ``max_points``."""
        return []


class Valued(BaseModel):
    """An option or part: a label worth fixed ``points`` or a ``fraction`` of the max."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(min_length=1)
    points: Decimal | None = None
    fraction: Decimal | None = None

    def value(self, max_points: Decimal) -> Decimal:
        """The points this entry is worth."""
        if self.points is not None:
            return self.points
        return (self.fraction or ZERO) * max_points


def _valued_problems(key: str, entries: Sequence[Valued], max_points: Decimal) -> Iterator[RuleProblem]:
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        what = f"'{entry.label}'"
        where: tuple[str | int, ...] = (key, i)
        if entry.points is not None and entry.fraction is not None:
            yield where, "rule.both_points_fraction", {"what": what}
        elif entry.points is None and entry.fraction is None:
            yield where, "rule.neither_points_fraction", {"what": what}
        elif entry.fraction is not None and not ZERO <= entry.fraction <= ONE:
            yield (*where, "fraction"), "rule.fraction_range", {"what": what, "fraction": vn(entry.fraction)}
        elif entry.value(max_points) > max_points:
            yield (*where, "points"), "rule.above_max", {"what": what, "points": entry.points, "max": max_points}
        elif entry.points is not None and entry.points < 0:
            yield (*where, "points"), "rule.positive", {"key": "points", "value": entry.points}
        label = normalize_label(entry.label)
        if label in seen:
            yield (*where, "label"), "rule.duplicate_label", {"label": entry.label}
        seen.add(label)
    if not entries:
        yield (key,), "rule.empty_list", {"key": key, "kind": "choice" if key == "options" else "parts"}


def _find_labels(labels: Sequence[Valued], wanted: str) -> int | None:
    key = normalize_label(wanted)
    for i, entry in enumerate(labels):
        if normalize_label(entry.label) == key:
            return i
    return None


class PointsRule(_RuleBase):
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


class YesNoRule(_RuleBase):
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
        return f'IF({refs.inputs["value"]}="{YES}",{num(self.yes_value(max_points))},0)'

    def problems(self, max_points: Decimal) -> list[RuleProblem]:
        if self.yes_value(max_points) > max_points:
            return [(("yes_points",), "rule.above_max", {"what": "Có", "points": self.yes_points, "max": max_points})]
        return []


class ChoiceRule(_RuleBase):
    """The unit picks one option; it earns that option's points (or fraction of the max)."""

    rule: Literal["choice"] = "choice"
    options: list[Valued]

    def read(self, value: object, max_points: Decimal) -> int:
        index = _find_labels(self.options, str(value))
        if index is None:
            raise InvalidAnswer("answer.unknown_option", value=value, options=self._labels())
        return index

    def points(self, reading: int, max_points: Decimal, best: Decimal | None = None) -> Decimal:
        return self.options[reading].value(max_points)

    def _labels(self) -> str:
        return "; ".join(f"«{o.label}»" for o in self.options)

    def expected(self, max_points: Decimal) -> str:
        return f"một lựa chọn trong danh sách: {self._labels()}"

    def describe(self, max_points: Decimal) -> str:
        return "Chọn một: " + "; ".join(f"{o.label}: {vn(o.value(max_points))} điểm" for o in self.options)

    def input_specs(self, max_points: Decimal) -> list[InputSpec]:
        return [InputSpec("value", "Lựa chọn", "choice")]

    def formula(self, max_points: Decimal, refs: FormulaRefs) -> str:
        return f"IFERROR(INDEX({refs.points},MATCH({refs.inputs['value']},{refs.labels},0)),0)"

    def problems(self, max_points: Decimal) -> list[RuleProblem]:
        return list(_valued_problems("options", self.options, max_points))


class PartsRule(_RuleBase):
    """The unit ticks the parts it meets; their points add up, capped at the max."""

    rule: Literal["parts"] = "parts"
    parts: list[Valued]

    def input_specs(self, max_points: Decimal) -> list[InputSpec]:
        return [InputSpec(f"part:{i}", part.label, "tick") for i, part in enumerate(self.parts, start=1)]

    def formula(self, max_points: Decimal, refs: FormulaRefs) -> str:
        terms = [
            f'({refs.inputs[f"part:{i}"]}="{YES}")*{num(part.value(max_points))}'
            for i, part in enumerate(self.parts, start=1)
        ]
        return f"MIN({num(max_points)},{'+'.join(terms)})"

    def read(self, value: object, max_points: Decimal) -> frozenset[int]:
        if isinstance(value, str):
            wanted: list[object] = [v for v in value.replace("\n", ";").split(";") if v.strip()]
        elif isinstance(value, list | tuple | set | frozenset):
            wanted = list(value)
        else:
            raise InvalidAnswer("answer.unknown_part", value=value, options=self._labels())
        ticked: set[int] = set()
        for item in wanted:
            index = _find_labels(self.parts, str(item))
            if index is None:
                raise InvalidAnswer("answer.unknown_part", value=item, options=self._labels())
            ticked.add(index)
        return frozenset(ticked)

    def points(self, reading: frozenset[int], max_points: Decimal, best: Decimal | None = None) -> Decimal:
        return min(max_points, sum((self.parts[i].value(max_points) for i in reading), ZERO))

    def _labels(self) -> str:
        return "; ".join(f"«{p.label}»" for p in self.parts)

    def expected(self, max_points: Decimal) -> str:
        return f"các nội dung đạt được (có thể không chọn nội dung nào) trong: {self._labels()}"

    def describe(self, max_points: Decimal) -> str:
        listed = "; ".join(f"{p.label}: {vn(p.value(max_points))} điểm" for p in self.parts)
        return f"Cộng điểm các nội dung đạt (tối đa {vn(max_points)}): {listed}"

    def problems(self, max_points: Decimal) -> list[RuleProblem]:
        return list(_valued_problems("parts", self.parts, max_points))


class RatioRule(_RuleBase):
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


class _NumberInput(_RuleBase):
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
        v = refs.inputs["value"]
        lookup = "0"
        for step in sorted(self.steps, key=lambda s: s.min):
            lookup = f"IF({v}>={num(step.min)},{num(step.points)},{lookup})"
        return f"IF(ISNUMBER({v}),IF({v}<0,0,{lookup}),0)"

    def problems(self, max_points: Decimal) -> list[RuleProblem]:
        found: list[RuleProblem] = []
        seen: set[Decimal] = set()
        for i, step in enumerate(self.steps):
            if step.points > max_points:
                found.append(
                    (("steps", i, "points"), "rule.above_max", {"what": f"the step from {step.min}",
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


Rule = Annotated[
    PointsRule | YesNoRule | ChoiceRule | PartsRule | RatioRule | StepsRule | CountRule | RelativeRule,
    Field(discriminator="rule"),
]
RULE_CLASSES: tuple[type[_RuleBase], ...] = (
    PointsRule, YesNoRule, ChoiceRule, PartsRule, RatioRule, StepsRule, CountRule, RelativeRule,
)
RULE_KINDS: tuple[str, ...] = tuple(cls.model_fields["rule"].default for cls in RULE_CLASSES)
RULE_KEYS: frozenset[str] = frozenset(k for cls in RULE_CLASSES for k in cls.model_fields)
"""Every key a rule may add to a leaf indicator (``rule`` itself included)."""
