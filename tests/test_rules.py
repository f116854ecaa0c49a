"""Every rule kind, as tables of answer → points (or the issue code it raises)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.conftest import make_scheme, one_leaf
from xl_dti import score

NA = "N/A"

POINTS = "rule: points\nstep: 0.5"
YES_NO = "rule: yes_no"
YES_NO_35 = "rule: yes_no\nyes_points: 7"
CHOICE = """\
rule: choice
options:
  - {label: Người đứng đầu, fraction: 1}
  - {label: Cấp phó, fraction: 0.5}
  - {label: Chưa thành lập, points: 0}
"""
PARTS = """\
rule: parts
parts:
  - {label: Dự đầy đủ các cuộc họp, fraction: 0.5}
  - {label: Chủ trì họp, fraction: 0.5}
  - {label: Có báo cáo, points: 4}
"""
RATIO = "rule: ratio\nnumerator: Số văn bản ký số\ndenominator: Tổng số văn bản"
RATIO_ZERO = RATIO + "\nzero_denominator: zero"
RATIO_FULL = RATIO + "\nzero_denominator: full"
RATIO_TARGET = RATIO + "\ntarget: 0.8"
STEPS = """\
rule: steps
input: Số cuộc họp
unit: lần
steps: [{min: 4, points: 10}, {min: 3, points: 7.5}, {min: 2, points: 5}, {min: 1, points: 2.5}]
"""
COUNT = "rule: count\ninput: Số ứng dụng\neach: 1"
COUNT_HALF = "rule: count\ninput: Số ứng dụng\neach: 0.75"

# (rule, answer, expected points | NA | issue code)
CASES: list[tuple[str, str, Any, Any]] = [
    ("points-whole", POINTS, 7, "7"),
    ("points-half-step", POINTS, "8.5", "8.5"),
    ("points-zero", POINTS, 0, "0"),
    ("points-max", POINTS, 10, "10"),
    ("points-above-max", POINTS, 10.5, "answer.out_of_range"),
    ("points-negative", POINTS, -1, "answer.out_of_range"),
    ("points-off-step", POINTS, 7.3, "answer.not_step"),
    ("points-text", POINTS, "8.5đ", "answer.not_number"),
    ("points-comma", POINTS, "8,5", "answer.not_number"),
    ("points-bool", POINTS, True, "answer.not_number"),
    ("points-blank", POINTS, None, "answer.missing"),
    ("points-empty-string", POINTS, "", "answer.missing"),
    ("yes", YES_NO, "Có", "10"),
    ("yes-lowercase", YES_NO, "có", "10"),
    ("yes-bool", YES_NO, True, "10"),
    ("no", YES_NO, "Không", "0"),
    ("yes-points", YES_NO_35, "Có", "7"),
    ("yes-no-garbage", YES_NO, "Có lẽ", "answer.bad_yes_no"),
    ("choice-head", CHOICE, "Người đứng đầu", "10"),
    ("choice-deputy", CHOICE, "Cấp phó", "5"),
    ("choice-spaces-case", CHOICE, "  cấp   PHÓ ", "5"),
    ("choice-none", CHOICE, "Chưa thành lập", "0"),
    ("choice-unknown", CHOICE, "Phó chủ tịch", "answer.unknown_option"),
    ("parts-none-ticked", PARTS, [], "0"),
    ("parts-blank", PARTS, None, "answer.missing"),
    ("parts-one", PARTS, ["Chủ trì họp"], "5"),
    ("parts-two", PARTS, ["Chủ trì họp", "Dự đầy đủ các cuộc họp"], "10"),
    ("parts-capped", PARTS, ["Chủ trì họp", "Dự đầy đủ các cuộc họp", "Có báo cáo"], "10"),
    ("parts-semicolon-text", PARTS, "Chủ trì họp; Có báo cáo", "9"),
    ("parts-unknown", PARTS, ["Chủ trì"], "answer.unknown_part"),
    ("parts-mapping", PARTS, {"parts": ["Có báo cáo"]}, "4"),
    ("ratio-two-thirds", RATIO, [2, 3], "6.666666667"),  # not rounded: the scheme does not ask
    ("ratio-full", RATIO, [15, 15], "10"),
    ("ratio-capped", RATIO, [20, 15], "10"),
    ("ratio-mapping", RATIO, {"numerator": 1, "denominator": 4}, "2.5"),
    ("ratio-zero-denominator-na", RATIO, [0, 0], NA),
    ("ratio-zero-denominator-zero", RATIO_ZERO, [0, 0], "0"),
    ("ratio-zero-denominator-full", RATIO_FULL, [0, 0], "10"),
    ("ratio-target", RATIO_TARGET, [6, 10], "7.5"),
    ("ratio-target-reached", RATIO_TARGET, [9, 10], "10"),
    ("ratio-one-number", RATIO, 5, "answer.bad_ratio"),
    ("ratio-half-blank", RATIO, [5, None], "answer.bad_ratio"),
    ("ratio-negative", RATIO, [-1, 5], "answer.negative"),
    ("steps-4", STEPS, 4, "10"),
    ("steps-above-top", STEPS, 12, "10"),
    ("steps-3", STEPS, 3, "7.5"),
    ("steps-between", STEPS, 2.5, "5"),
    ("steps-below-all", STEPS, 0, "0"),
    ("steps-negative", STEPS, -1, "answer.negative"),
    ("count-3", COUNT, 3, "3"),
    ("count-capped", COUNT, 25, "10"),
    ("count-fractional-each", COUNT_HALF, 3, "2.25"),
    ("count-not-whole", COUNT, 2.5, "answer.not_whole"),
    ("count-zero", COUNT, 0, "0"),
]


@pytest.mark.parametrize(("rule", "answer", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule_table(rule: str, answer: Any, expected: str) -> None:
    scheme = one_leaf(rule, extra="na: true")
    result = score(scheme, {"1": answer})
    node = result.nodes["1"]
    if expected == NA:
        assert node.na and node.applicable_max == 0
        assert result.result is None
    elif expected[0].isdigit():
        assert not result.errors, result.errors
        assert node.points == Decimal(expected)
        assert result.total == Decimal(expected)
    else:
        assert [p.code for p in result.issues] == [expected]
        assert node.points == 0
        assert node.applicable_max == Decimal(10), "an invalid answer keeps the indicator in the max"


@pytest.mark.parametrize(
    ("answer", "codes"),
    [
        pytest.param("N/A", [], id="na-word"),
        pytest.param("KĐG", [], id="kdg"),
        pytest.param("Không đánh giá", [], id="full-words"),
        pytest.param({"na": True}, [], id="flag"),
        pytest.param({"na": True, "value": 5}, ["answer.na_with_value"], id="na-plus-value"),
    ],
)
def test_na_where_allowed(answer: Any, codes: list[str]) -> None:
    result = score(one_leaf(POINTS, extra="na: true"), {"1": answer})
    assert result.nodes["1"].na
    assert [p.code for p in result.errors] == codes


def test_na_where_not_allowed_is_an_error_and_scores_zero() -> None:
    result = score(one_leaf(POINTS), {"1": "N/A"})
    assert [p.code for p in result.errors] == ["answer.na_not_allowed"]
    assert not result.nodes["1"].na
    assert result.applicable_max == 10


def test_relative_alone_is_pending_and_left_out() -> None:
    scheme = one_leaf("rule: relative\ninput: Số hồ sơ trực tuyến")
    result = score(scheme, {"1": 40})
    assert result.nodes["1"].pending
    assert result.provisional
    assert result.total == 0
    assert [p.code for p in result.issues] == ["relative.pending"]


@pytest.mark.parametrize(
    ("points_decimals", "answer", "expected"),
    [("", [2, 3], "6.666666667"), ("points_decimals: 2", [2, 3], "6.67"), ("points_decimals: 0", [2, 3], "7"),
     ("points_decimals: 2", [2675, 10000], "2.68"), ("", [2675, 10000], "2.675"),
     ("points_decimals: 1", [1, 4], "2.5")],
    ids=["silent-no-rounding", "asked-2", "asked-0", "asked-half-up", "silent-keeps-2.675", "asked-exact"],
)
def test_leaf_points_are_rounded_only_when_the_scheme_asks(points_decimals: str, answer: list[int],
                                                           expected: str) -> None:
    scheme = make_scheme(f"""\
{points_decimals}
indicators:
  - {{code: "1", name: Tỉ lệ, max: 10, rule: ratio, numerator: Đạt, denominator: Tổng}}
""")
    assert score(scheme, {"1": answer}).nodes["1"].points == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "best", "expected"),
    [(40, 80, "5"), (80, 80, "10"), (0, 80, "0"), (0, 0, "0"), (1, 3, "3.333333333")],
)
def test_relative_with_best(value: int, best: int, expected: str) -> None:
    scheme = one_leaf("rule: relative\ninput: Số hồ sơ trực tuyến")
    result = score(scheme, {"1": value}, best={"1": Decimal(best)})
    assert result.nodes["1"].points == Decimal(expected)
    assert not result.provisional


@pytest.mark.parametrize(
    ("rule", "needle"),
    [
        (POINTS, "từ 0 đến 10"),
        (YES_NO, "Có: 10 điểm"),
        (CHOICE, "Cấp phó: 5 điểm"),
        (PARTS, "tối đa 10"),
        (RATIO, "mẫu số bằng 0: không đánh giá"),
        (STEPS, "từ 4 lần: 10 điểm"),
        (COUNT, "1 điểm cho mỗi"),
        ("rule: relative\ninput: Số hồ sơ", "tính khi tổng hợp"),
    ],
)
def test_every_rule_describes_itself_in_vietnamese(rule: str, needle: str) -> None:
    indicator = one_leaf(rule).indicators[0]
    assert needle in indicator.scoring_rule.describe(indicator.max)
