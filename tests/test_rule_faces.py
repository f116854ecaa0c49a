"""What each rule tells people: its «cách chấm» text, what a unit must enter, its input cells, its own mistakes.

The texts are written down as a unit reads them on the form (Vietnamese, decimal comma); the mistakes as the
codes and places the scheme author sees. Rules are written inline, as a scheme author writes them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import yaml
from pydantic import TypeAdapter

from xl_dti.errors import Problem
from xl_dti.scheme.rules import InputSpec, InvalidAnswer, Rule, RuleBase

MAX = Decimal(10)


def _rule(text: str) -> RuleBase:
    rule: RuleBase = TypeAdapter(Rule).validate_python(yaml.safe_load(text))
    return rule


CHOICE = ("rule: choice\noptions: [{label: Người đứng đầu, fraction: 1}, {label: Cấp phó, fraction: 0.5}, "
          "{label: Chưa có, points: 0}]")
PARTS = ("rule: parts\nparts: [{label: Dự họp, fraction: 0.5}, {label: Chủ trì, fraction: 0.5}, "
         "{label: Báo cáo, points: 4}]")
RATIO = "rule: ratio\nnumerator: Số văn bản ký số\ndenominator: Tổng số văn bản"

# (id, rule, «cách chấm», what the unit must enter)
TEXTS = [
    ("points-with-step", "rule: points\nstep: 0.5", "Đơn vị tự chấm từ 0 đến 10 điểm, bước 0,5",
     "số điểm từ 0 đến 10 (bước 0,5)"),
    ("points", "rule: points", "Đơn vị tự chấm từ 0 đến 10 điểm", "số điểm từ 0 đến 10"),
    ("yes-no-own-points", "rule: yes_no\nyes_points: 7", "Có: 7 điểm; Không: 0 điểm", "Có hoặc Không"),
    ("yes-no", "rule: yes_no", "Có: 10 điểm; Không: 0 điểm", "Có hoặc Không"),
    ("choice", CHOICE, "Chọn một: Người đứng đầu: 10 điểm; Cấp phó: 5 điểm; Chưa có: 0 điểm",
     "một lựa chọn trong danh sách: «Người đứng đầu»; «Cấp phó»; «Chưa có»"),
    ("parts", PARTS, "Cộng điểm các nội dung đạt (tối đa 10): Dự họp: 5 điểm; Chủ trì: 5 điểm; Báo cáo: 4 điểm",
     "các nội dung đạt được (có thể không chọn nội dung nào) trong: «Dự họp»; «Chủ trì»; «Báo cáo»"),
    ("ratio", RATIO, "Điểm = (Số văn bản ký số / Tổng số văn bản) × 10, tối đa 10; mẫu số bằng 0: không đánh giá",
     "tử số (Số văn bản ký số) và mẫu số (Tổng số văn bản)"),
    ("ratio-target", RATIO + "\ntarget: 0.8",
     "Điểm = (Số văn bản ký số / Tổng số văn bản) / 80% × 10, tối đa 10; mẫu số bằng 0: không đánh giá",
     "tử số (Số văn bản ký số) và mẫu số (Tổng số văn bản)"),
    ("ratio-zero", RATIO + "\nzero_denominator: zero",
     "Điểm = (Số văn bản ký số / Tổng số văn bản) × 10, tối đa 10; mẫu số bằng 0: 0 điểm",
     "tử số (Số văn bản ký số) và mẫu số (Tổng số văn bản)"),
    ("ratio-full", RATIO + "\nzero_denominator: full",
     "Điểm = (Số văn bản ký số / Tổng số văn bản) × 10, tối đa 10; mẫu số bằng 0: đạt điểm tối đa",
     "tử số (Số văn bản ký số) và mẫu số (Tổng số văn bản)"),
    ("steps", "rule: steps\nsteps: [{min: 1, points: 2.5}, {min: 4, points: 10}, {min: 3, points: 7.5}]",
     "Theo giá trị: từ 4: 10 điểm; từ 3: 7,5 điểm; từ 1: 2,5 điểm; thấp hơn: 0 điểm",
     "Giá trị: một số từ 0 trở lên"),
    ("steps-with-unit",
     "rule: steps\ninput: Số cuộc họp\nunit: lần\nsteps: [{min: 4, points: 10}, {min: 1, points: 2.5}]",
     "Theo số cuộc họp: từ 4 lần: 10 điểm; từ 1 lần: 2,5 điểm; thấp hơn: 0 điểm",
     "Số cuộc họp (lần): một số từ 0 trở lên"),
    ("count", "rule: count\neach: 0.75", "0,75 điểm cho mỗi đơn vị (giá trị), tối đa 10 điểm",
     "Giá trị: một số nguyên từ 0 trở lên"),
    ("count-with-unit", "rule: count\ninput: Số ứng dụng\nunit: ứng dụng\neach: 1",
     "1 điểm cho mỗi ứng dụng (số ứng dụng), tối đa 10 điểm", "Số ứng dụng (ứng dụng): một số nguyên từ 0 trở lên"),
    ("relative", "rule: relative\ninput: Số dịch vụ\nunit: dịch vụ",
     "Điểm = số dịch vụ / giá trị cao nhất trong nhóm × 10 (tính khi tổng hợp)",
     "Số dịch vụ (dịch vụ): một số từ 0 trở lên"),
]


@pytest.mark.parametrize(("rule", "describe", "expected"), [t[1:] for t in TEXTS], ids=[t[0] for t in TEXTS])
def test_what_the_rule_says_on_the_form(rule: str, describe: str, expected: str) -> None:
    assert (_rule(rule).describe(MAX), _rule(rule).expected(MAX)) == (describe, expected)


Z = Decimal(0)
# (id, rule, the input cells it needs: name, label, kind, low, high, step)
SPECS: list[tuple[str, str, list[InputSpec]]] = [
    ("points", "rule: points\nstep: 0.5", [InputSpec("value", "Điểm tự chấm", "number", Z, MAX, Decimal("0.5"))]),
    ("yes-no", "rule: yes_no", [InputSpec("value", "Có/Không", "yes_no")]),
    ("choice", CHOICE, [InputSpec("value", "Lựa chọn", "choice")]),
    ("parts", PARTS, [InputSpec("part:1", "Dự họp", "tick"), InputSpec("part:2", "Chủ trì", "tick"),
                      InputSpec("part:3", "Báo cáo", "tick")]),
    ("ratio", RATIO, [InputSpec("numerator", "Tử số: Số văn bản ký số", "number", Z),
                      InputSpec("denominator", "Mẫu số: Tổng số văn bản", "number", Z)]),
    ("steps", "rule: steps\ninput: Số cuộc họp\nunit: lần\nsteps: [{min: 1, points: 2}]",
     [InputSpec("value", "Số cuộc họp (lần)", "number", Z)]),
    ("count", "rule: count\ninput: Số ứng dụng\neach: 1", [InputSpec("value", "Số ứng dụng", "whole", Z)]),
    ("relative", "rule: relative", [InputSpec("value", "Giá trị", "number", Z)]),
]


@pytest.mark.parametrize(("rule", "specs"), [s[1:] for s in SPECS], ids=[s[0] for s in SPECS])
def test_the_input_cells_a_rule_needs(rule: str, specs: list[InputSpec]) -> None:
    assert _rule(rule).input_specs(MAX) == specs


# (id, rule, [(where inside the indicator, code, params)]) for an indicator of max 10
PROBLEMS: list[tuple[str, str, list[tuple[tuple[str | int, ...], str, dict[str, Any]]]]] = [
    ("options-every-mistake",
     "rule: choice\noptions: [{label: A, points: 2, fraction: 0.5}, {label: B}, {label: C, fraction: 1.5}, "
     "{label: D, fraction: -0.1}, {label: E, points: 12}, {label: F, points: -1}, {label: ' a ', points: 1}, "
     "{label: G, fraction: 1}, {label: H, points: 10}, {label: I, points: 0}, {label: J, fraction: 0}]",
     [(("options", 0), "rule.both_points_fraction", {"what": "'A'"}),
      (("options", 1), "rule.neither_points_fraction", {"what": "'B'"}),
      (("options", 2, "fraction"), "rule.fraction_range", {"what": "'C'", "fraction": "1,5"}),
      (("options", 3, "fraction"), "rule.fraction_range", {"what": "'D'", "fraction": "-0,1"}),
      (("options", 4, "points"), "rule.above_max", {"what": "'E'", "points": Decimal(12), "max": MAX}),
      (("options", 5, "points"), "rule.positive", {"key": "points", "value": Decimal(-1)}),
      (("options", 6, "label"), "rule.duplicate_label", {"label": " a "})]),
    ("options-empty", "rule: choice\noptions: []", [(("options",), "rule.empty_list", {"key": "options",
                                                                                     "kind": "choice"})]),
    ("parts-empty", "rule: parts\nparts: []", [(("parts",), "rule.empty_list", {"key": "parts", "kind": "parts"})]),
    ("parts-fraction-above-the-max-by-points", "rule: parts\nparts: [{label: A, points: 10.5}]",
     [(("parts", 0, "points"), "rule.above_max", {"what": "'A'", "points": Decimal("10.5"), "max": MAX})]),
    ("yes-points-above-the-max", "rule: yes_no\nyes_points: 12",
     [(("yes_points",), "rule.above_max", {"what": "Có", "points": Decimal(12), "max": MAX})]),
    ("yes-points-the-max", "rule: yes_no\nyes_points: 10", []),
    ("steps", "rule: steps\nsteps: [{min: 1, points: 11}, {min: 1, points: 2}, {min: 2, points: 10}]",
     [(("steps", 0, "points"), "rule.above_max", {"what": "bậc từ 1", "points": Decimal(11), "max": MAX}),
      (("steps", 1, "min"), "rule.duplicate_step", {"min": Decimal(1)})]),
    ("steps-empty", "rule: steps\nsteps: []", [(("steps",), "rule.empty_list", {"key": "steps", "kind": "steps"})]),
    ("points", "rule: points", []),
    ("count", "rule: count\neach: 1", []),
]


@pytest.mark.parametrize(("rule", "problems"), [p[1:] for p in PROBLEMS], ids=[p[0] for p in PROBLEMS])
def test_a_rule_s_own_mistakes(rule: str, problems: list[tuple[tuple[str | int, ...], str, dict[str, Any]]]) -> None:
    assert _rule(rule).problems(MAX) == problems


# (id, rule, what was typed, the message the unit reads (code, text))
REFUSED: list[tuple[str, str, Any, str, str]] = [
    ("points-text", "rule: points\nstep: 0.5", "8.5đ", "answer.not_number",
     "'8.5đ' không phải là số. Nhập số điểm từ 0 đến 10 (bước 0,5)."),
    ("points-above-the-max", "rule: points\nstep: 0.5", 10.5, "answer.out_of_range",
     "10,5 nằm ngoài khoảng cho phép (0 đến 10). Nhập số điểm từ 0 đến 10 (bước 0,5)."),
    ("points-negative", "rule: points\nstep: 0.5", -1, "answer.out_of_range",
     "-1 nằm ngoài khoảng cho phép (0 đến 10). Nhập số điểm từ 0 đến 10 (bước 0,5)."),
    ("points-off-step", "rule: points\nstep: 0.5", 7.3, "answer.not_step",
     "7,3 không phải là bội số của 0,5. Nhập một số là bội số của 0,5, từ 0 đến 10."),
    ("yes-no", "rule: yes_no", "Có lẽ", "answer.bad_yes_no", "'Có lẽ' không hợp lệ. Chọn Có hoặc Không."),
    ("choice", CHOICE, "Phó chủ tịch", "answer.unknown_option",
     "'Phó chủ tịch' không có trong danh sách. Chọn một trong: «Người đứng đầu»; «Cấp phó»; «Chưa có»."),
    ("parts-one-unknown-among-known", PARTS, "Chủ trì; Họp", "answer.unknown_part",
     "'Họp' không có trong các nội dung chấm điểm. Chọn trong: «Dự họp»; «Chủ trì»; «Báo cáo»."),
    ("parts-not-text-nor-list", PARTS, 5, "answer.unknown_part",
     "'5' không có trong các nội dung chấm điểm. Chọn trong: «Dự họp»; «Chủ trì»; «Báo cáo»."),
    ("ratio-one-number", RATIO, 5, "answer.bad_ratio",
     "cần nhập cả tử số (Số văn bản ký số) và mẫu số (Tổng số văn bản)."),
    ("ratio-half-empty", RATIO, [5, ""], "answer.bad_ratio",
     "cần nhập cả tử số (Số văn bản ký số) và mẫu số (Tổng số văn bản)."),
    ("ratio-mapping-half-given", RATIO, {"numerator": 1}, "answer.bad_ratio",
     "cần nhập cả tử số (Số văn bản ký số) và mẫu số (Tổng số văn bản)."),
    ("ratio-negative", RATIO, [-1, 5], "answer.negative", "-1 là số âm. Nhập một số từ 0 trở lên."),
    ("ratio-numerator-text", RATIO, ["a", 1], "answer.not_number", "'a' không phải là số. Nhập một số từ 0 trở lên."),
    ("ratio-denominator-text", RATIO, [1, "a"], "answer.not_number",
     "'a' không phải là số. Nhập một số từ 0 trở lên."),
    ("count-not-whole", "rule: count\neach: 1", 2.5, "answer.not_whole",
     "2,5 không phải là số nguyên. Nhập một số nguyên từ 0 trở lên."),
    ("count-negative", "rule: count\neach: 1", -2, "answer.negative", "-2 là số âm. Nhập một số từ 0 trở lên."),
    ("count-text", "rule: count\ninput: Số ứng dụng\neach: 1", "ba", "answer.not_number",
     "'ba' không phải là số. Nhập Số ứng dụng: một số nguyên từ 0 trở lên."),
    ("steps-text", "rule: steps\nsteps: [{min: 1, points: 2}]", "x", "answer.not_number",
     "'x' không phải là số. Nhập Giá trị: một số từ 0 trở lên."),
    ("relative-negative", "rule: relative", -1, "answer.negative", "-1 là số âm. Nhập một số từ 0 trở lên."),
    ("relative-text", "rule: relative\ninput: Số dịch vụ", "x", "answer.not_number",
     "'x' không phải là số. Nhập Số dịch vụ: một số từ 0 trở lên."),
]


@pytest.mark.parametrize(("rule", "typed", "code", "message"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_what_a_refused_answer_tells_the_unit(rule: str, typed: Any, code: str, message: str) -> None:
    with pytest.raises(InvalidAnswer) as refused:
        _rule(rule).read(typed, MAX)
    assert (refused.value.code, Problem(refused.value.code, "", refused.value.params).message) == (code, message)
    assert str(refused.value) == code, "an answer error not caught names its code"


# (id, rule, what was typed, the reading)
READ: list[tuple[str, str, Any, Any]] = [
    ("parts-one-per-line", PARTS, "Chủ trì\nBáo cáo", frozenset({1, 2})),
    ("parts-semicolons-and-lines", PARTS, "Dự họp;\n Báo cáo ;", frozenset({0, 2})),
    ("ratio-mapping", RATIO, {"numerator": 1, "denominator": 4}, (Decimal(1), Decimal(4))),
    ("ratio-pair", RATIO, ("3", 4.0), (Decimal(3), Decimal(4))),
]


@pytest.mark.parametrize(("rule", "typed", "reading"), [r[1:] for r in READ], ids=[r[0] for r in READ])
def test_what_an_answer_is_read_as(rule: str, typed: Any, reading: Any) -> None:
    assert _rule(rule).read(typed, MAX) == reading


# (numerator, denominator, whether it warns that more were done than asked: a typing slip earning full points)
DOUBTS = [(2, 1, True), (1, Decimal("0.5"), True), (1, 1, False), (1, 0, False), (0, 0, False), (1, 2, False)]


@pytest.mark.parametrize(("numerator", "denominator", "warns"), DOUBTS, ids=[f"{a}-over-{b}" for a, b, _ in DOUBTS])
def test_a_ratio_above_one_is_doubted(numerator: int, denominator: Decimal, warns: bool) -> None:
    doubts = _rule(RATIO).doubts((Decimal(numerator), Decimal(denominator)))
    expected = [("ratio.above_one", {"numerator": str(numerator), "denominator": str(denominator).replace(".", ","),
                                     "numerator_name": "Số văn bản ký số", "denominator_name": "Tổng số văn bản"})]
    assert doubts == (expected if warns else [])


@pytest.mark.parametrize(("value", "best", "points"), [
    ("5", None, "pending"), ("5", "0", "0"), ("0.25", "0.5", "5"), ("3", "6", "5"), ("8", "4", "10"), ("0", "4", "0"),
], ids=["no-best-yet", "best-zero", "best-below-one", "half-the-best", "above-the-best-capped", "zero"])
def test_a_relative_value_against_the_group_s_best(value: str, best: str | None, points: str) -> None:
    found = _rule("rule: relative").points(Decimal(value), MAX, None if best is None else Decimal(best))
    assert found == (points if points == "pending" else Decimal(points))
