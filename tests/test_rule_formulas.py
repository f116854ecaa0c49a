"""Each rule's Excel formula, on a table of what a unit can type: the points written down, evaluated in milliseconds.

The formulas are evaluated by tests/excel_eval.py with Excel's semantics (blank is 0, text compares ignoring case,
an error stops at IFERROR); the whole-workbook check by real LibreOffice and Gnumeric is tests/test_differential.py.
A formula must give the engine's points for every valid answer, and 0 for anything the engine refuses (blank,
text, negative, off-step, above the max), since a unit's workbook shows a figure before consolidation reads it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import yaml
from pydantic import TypeAdapter

from tests.excel_eval import Evaluator
from xl_dti.scheme.rules import FormulaRefs, Rule, RuleBase

MAX = Decimal(10)
VALUE, DENOMINATOR = "B5", "C5"
LABELS, POINTS = "'_lists'!$E$2:$E$4", "'_lists'!$F$2:$F$4"
REFS = FormulaRefs(inputs={"value": VALUE, "numerator": VALUE, "denominator": DENOMINATOR,
                           "part:1": "D1", "part:2": "D2", "part:3": "D3"}, labels=LABELS, points=POINTS)


def _rule(text: str) -> RuleBase:
    rule: RuleBase = TypeAdapter(Rule).validate_python(yaml.safe_load(text))
    return rule


POINTS_STEP = "rule: points\nstep: 0.5"
POINTS_ANY = "rule: points"
YES_NO_7 = "rule: yes_no\nyes_points: 7"
YES_NO = "rule: yes_no"
CHOICE = """\
rule: choice
options: [{label: Người đứng đầu, fraction: 1}, {label: Cấp phó, fraction: 0.5}, {label: Chưa có, points: 0}]
"""
# the lists sheet as the workbook writes it for CHOICE: trimmed labels and each option's points
CHOICE_LISTS = {"'_lists'!E2": "Người đứng đầu", "'_lists'!F2": 10, "'_lists'!E3": "Cấp phó", "'_lists'!F3": 5,
                "'_lists'!E4": "Chưa có", "'_lists'!F4": 0}
PARTS = ("rule: parts\nparts: [{label: Dự họp, fraction: 0.5}, {label: Chủ trì, fraction: 0.5}, "
         "{label: Báo cáo, points: 4}]")
RATIO = "rule: ratio\nnumerator: Số văn bản ký số\ndenominator: Tổng số văn bản"
RATIO_TARGET = RATIO + "\ntarget: 0.8"
RATIO_ZERO = RATIO + "\nzero_denominator: zero"
RATIO_FULL = RATIO + "\nzero_denominator: full"
STEPS = "rule: steps\nsteps: [{min: 4, points: 10}, {min: 3, points: 7.5}, {min: 1, points: 2.5}]"
COUNT = "rule: count\neach: 0.75"

# (id, rule, the cells typed, points the formula gives)
CASES: list[tuple[str, str, dict[str, Any], str]] = [
    ("points-whole", POINTS_STEP, {VALUE: 7}, "7"),
    ("points-on-a-half-step", POINTS_STEP, {VALUE: 8.5}, "8.5"),
    ("points-the-max", POINTS_STEP, {VALUE: 10}, "10"),
    ("points-zero", POINTS_STEP, {VALUE: 0}, "0"),
    ("points-off-step", POINTS_STEP, {VALUE: 7.3}, "0"),
    ("points-just-off-step", POINTS_STEP, {VALUE: 7.4999}, "0"),
    ("points-above-the-max", POINTS_STEP, {VALUE: 10.5}, "0"),
    ("points-negative", POINTS_STEP, {VALUE: -1}, "0"),
    ("points-text", POINTS_STEP, {VALUE: "8.5đ"}, "0"),
    ("points-blank", POINTS_STEP, {}, "0"),
    ("points-without-step-any-fraction", POINTS_ANY, {VALUE: 7.3}, "7.3"),
    ("points-without-step-above-the-max", POINTS_ANY, {VALUE: 10.01}, "0"),
    ("yes", YES_NO_7, {VALUE: "Có"}, "7"),
    ("yes-lowercase-spaced", YES_NO_7, {VALUE: "  có "}, "7"),
    ("yes-without-accent", YES_NO_7, {VALUE: "co"}, "7"),
    ("yes-x", YES_NO_7, {VALUE: "x"}, "7"),
    ("yes-dat", YES_NO_7, {VALUE: "Đạt"}, "7"),
    ("yes-the-number-1", YES_NO_7, {VALUE: 1}, "7"),
    ("yes-the-max-by-default", YES_NO, {VALUE: "Có"}, "10"),
    ("no", YES_NO_7, {VALUE: "Không"}, "0"),
    ("no-khong-dat", YES_NO_7, {VALUE: "Không đạt"}, "0"),
    ("yes-no-blank", YES_NO_7, {}, "0"),
    ("yes-no-garbage", YES_NO_7, {VALUE: "Có lẽ"}, "0"),
    ("a-true-cell-is-not-an-answer", YES_NO_7, {VALUE: True}, "0"),
    ("choice-head", CHOICE, {**CHOICE_LISTS, VALUE: "Người đứng đầu"}, "10"),
    ("choice-deputy", CHOICE, {**CHOICE_LISTS, VALUE: "Cấp phó"}, "5"),
    ("choice-spaces-and-case", CHOICE, {**CHOICE_LISTS, VALUE: "  cấp   PHÓ "}, "5"),
    ("choice-none", CHOICE, {**CHOICE_LISTS, VALUE: "Chưa có"}, "0"),
    ("choice-unknown", CHOICE, {**CHOICE_LISTS, VALUE: "Phó chủ tịch"}, "0"),
    ("choice-blank", CHOICE, CHOICE_LISTS, "0"),
    ("parts-none", PARTS, {}, "0"),
    ("parts-one", PARTS, {"D2": "Có"}, "5"),
    ("parts-a-fixed-and-a-fraction", PARTS, {"D1": "Có", "D3": "Có"}, "9"),
    ("parts-capped-at-the-max", PARTS, {"D1": "Có", "D2": "Có", "D3": "Có"}, "10"),
    ("parts-tick-spaced", PARTS, {"D3": " Có "}, "4"),
    ("parts-khong-is-not-a-tick", PARTS, {"D1": "Không", "D2": "Có"}, "5"),
    ("ratio-two-thirds", RATIO, {VALUE: 2, DENOMINATOR: 3}, "6.666666667"),
    ("ratio-full", RATIO, {VALUE: 15, DENOMINATOR: 15}, "10"),
    ("ratio-capped", RATIO, {VALUE: 20, DENOMINATOR: 15}, "10"),
    ("ratio-zero-numerator", RATIO, {VALUE: 0, DENOMINATOR: 4}, "0"),
    ("ratio-target", RATIO_TARGET, {VALUE: 6, DENOMINATOR: 10}, "7.5"),
    ("ratio-target-reached", RATIO_TARGET, {VALUE: 9, DENOMINATOR: 10}, "10"),
    ("ratio-zero-denominator-na-scores-0", RATIO, {VALUE: 0, DENOMINATOR: 0}, "0"),
    ("ratio-zero-denominator-zero", RATIO_ZERO, {VALUE: 0, DENOMINATOR: 0}, "0"),
    ("ratio-zero-denominator-full", RATIO_FULL, {VALUE: 0, DENOMINATOR: 0}, "10"),
    ("ratio-negative-numerator", RATIO_FULL, {VALUE: -1, DENOMINATOR: 5}, "0"),
    ("ratio-negative-denominator", RATIO_FULL, {VALUE: 1, DENOMINATOR: -5}, "0"),
    ("ratio-negative-over-zero", RATIO_FULL, {VALUE: -1, DENOMINATOR: 0}, "0"),
    ("ratio-half-blank", RATIO_FULL, {VALUE: 5}, "0"),
    ("ratio-denominator-only", RATIO_FULL, {DENOMINATOR: 5}, "0"),
    ("ratio-text", RATIO, {VALUE: "năm", DENOMINATOR: 10}, "0"),
    ("steps-top", STEPS, {VALUE: 4}, "10"),
    ("steps-above-the-top", STEPS, {VALUE: 12}, "10"),
    ("steps-middle", STEPS, {VALUE: 3}, "7.5"),
    ("steps-between", STEPS, {VALUE: 2.5}, "2.5"),
    ("steps-the-lowest", STEPS, {VALUE: 1}, "2.5"),
    ("steps-below-all", STEPS, {VALUE: 0.5}, "0"),
    ("steps-negative", STEPS, {VALUE: -1}, "0"),
    ("steps-text", STEPS, {VALUE: "bốn"}, "0"),
    ("steps-blank", STEPS, {}, "0"),
    ("count-3", COUNT, {VALUE: 3}, "2.25"),
    ("count-capped", COUNT, {VALUE: 25}, "10"),
    ("count-zero", COUNT, {VALUE: 0}, "0"),
    ("count-not-whole", COUNT, {VALUE: 2.5}, "0"),
    ("count-negative", COUNT, {VALUE: -2}, "0"),
    ("count-text", COUNT, {VALUE: "ba"}, "0"),
]


@pytest.mark.parametrize(("rule", "cells", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_formula_gives_the_points(rule: str, cells: dict[str, Any], expected: str) -> None:
    formula = _rule(rule).formula(MAX, REFS)
    assert formula is not None
    found = Evaluator(cells)(formula)
    assert isinstance(found, int | float) and not isinstance(found, bool), (formula, found)
    assert round(found, 9) == float(expected), formula


# (id, rule, cells, whether the row is N/A by its inputs alone)
NA_CASES: list[tuple[str, str, dict[str, Any], bool]] = [
    ("zero-over-zero", RATIO, {VALUE: 0, DENOMINATOR: 0}, True),
    ("something-over-zero", RATIO, {VALUE: 3, DENOMINATOR: 0}, True),
    ("negative-over-zero-is-an-error-not-na", RATIO, {VALUE: -1, DENOMINATOR: 0}, False),
    ("a-real-ratio", RATIO, {VALUE: 1, DENOMINATOR: 2}, False),
    ("blank-over-zero", RATIO, {DENOMINATOR: 0}, False),
    ("zero-over-blank", RATIO, {VALUE: 0}, False),
    ("both-blank", RATIO, {}, False),
]


@pytest.mark.parametrize(("rule", "cells", "expected"), [c[1:] for c in NA_CASES], ids=[c[0] for c in NA_CASES])
def test_the_na_condition(rule: str, cells: dict[str, Any], expected: bool) -> None:
    condition = _rule(rule).na_formula(REFS)
    assert condition is not None
    assert Evaluator(cells)(condition) is expected


@pytest.mark.parametrize("rule", [POINTS_STEP, YES_NO, CHOICE, PARTS, RATIO_ZERO, RATIO_FULL, STEPS, COUNT])
def test_only_a_ratio_that_says_na_has_an_na_condition(rule: str) -> None:
    assert _rule(rule).na_formula(REFS) is None


def test_a_relative_rule_has_no_formula() -> None:
    """Its points need the group's best value: the workbook shows it pending, consolidation scores it."""
    assert _rule("rule: relative").formula(MAX, REFS) is None
