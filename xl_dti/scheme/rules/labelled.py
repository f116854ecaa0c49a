"""Rules over labelled entries: pick one option, or tick the parts met."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from xl_dti.decimals import ONE, ZERO, vn
from xl_dti.excel import YES, num
from xl_dti.scheme.rules.base import (
    FormulaRefs,
    InputSpec,
    InvalidAnswer,
    RuleBase,
    RuleProblem,
    normalize_label,
)


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


class ChoiceRule(RuleBase):
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
        # «=» compares exactly (no MATCH wildcards: «*», «?», «~» in a label are themselves), ignoring
        # case and spaces around and between words, as normalize_label does (the lists hold labels
        # trimmed the same way); no function is applied to the range, which Gnumeric would not repeat
        return f"IFERROR(SUMPRODUCT(({refs.labels}=TRIM({refs.inputs['value']}))*{refs.points}),0)"

    def problems(self, max_points: Decimal) -> list[RuleProblem]:
        return list(_valued_problems("options", self.options, max_points))


class PartsRule(RuleBase):
    """The unit ticks the parts it meets; their points add up, capped at the max."""

    rule: Literal["parts"] = "parts"
    parts: list[Valued]

    def input_specs(self, max_points: Decimal) -> list[InputSpec]:
        return [InputSpec(f"part:{i}", part.label, "tick") for i, part in enumerate(self.parts, start=1)]

    def formula(self, max_points: Decimal, refs: FormulaRefs) -> str:
        terms = [
            f'(TRIM({refs.inputs[f"part:{i}"]})="{YES}")*{num(part.value(max_points))}'
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
                raise InvalidAnswer("answer.unknown_part", value=str(item).strip(), options=self._labels())
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
