"""score_units, indicator_points and the parent-answer checks, with expected values written down."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.conftest import make_scheme
from xl_dti import Submission, UsageError, indicator_points, result_of, score, score_units
from xl_dti.engine import result_ceiling

RELATIVE = """\
groups:
  - {code: so, name: Sở}
  - {code: huyen, name: Huyện}
indicators:
  - {code: "1", name: Hồ sơ trực tuyến, max: 10, rule: relative, input: Số hồ sơ}
  - code: "2"
    name: Nhận thức
    max: 20
    children:
      - {code: "2.1", name: Kế hoạch, max: 10}
      - {code: "2.2", name: Tuyên truyền, max: 10}
"""


def test_score_units_scores_relative_leaves_against_their_own_group_s_best() -> None:
    scheme = make_scheme(RELATIVE)
    results = score_units(scheme, [
        Submission("a", {"1": 50, "2.1": 5, "2.2": 5}, "so"),
        Submission("b", {"1": 100, "2.1": 5, "2.2": 5}, "so"),
        Submission("c", {"1": 20, "2.1": 5, "2.2": 5}, "huyen"),
    ])
    assert [(r.unit, r.nodes["1"].points, r.total, r.provisional) for r in results] == [
        ("a", Decimal("5.00"), Decimal("15.00"), False),
        ("b", Decimal("10.00"), Decimal("20.00"), False),
        ("c", Decimal("10.00"), Decimal("20.00"), False),
    ]


def test_score_units_applies_the_council_s_points_in_both_passes() -> None:
    scheme = make_scheme(RELATIVE)
    council = {"2.1": Decimal("2"), "1": Decimal("3")}
    (appraised, other) = score_units(scheme, [
        Submission("a", {"1": 50, "2.1": 9, "2.2": 5}, "so", council),
        Submission("b", {"1": 100, "2.1": 5, "2.2": 5}, "so"),
    ])
    assert (appraised.nodes["2.1"].points, appraised.nodes["2"].points) == (Decimal("2.00"), Decimal("7.00"))
    assert appraised.nodes["1"].points == Decimal("3.00"), "the council's points replace a relative leaf's too"
    assert appraised.total == Decimal("10.00") and other.total == Decimal("20.00")


def test_issues_keep_the_scheme_s_order_after_the_second_pass_unknown_codes_last() -> None:
    scheme = make_scheme(RELATIVE)
    (result,) = score_units(scheme, [Submission("a", {"zz": 1, "1": 5, "2.2": 5}, "so")])
    assert [(p.code, p.where) for p in result.issues] == [
        ("answer.missing", "2.1"), ("answer.unknown_code", "zz")]


@pytest.mark.parametrize(("answer", "issue", "severity"), [
    ("N/A", "answer.na_not_allowed", "error"),
    (5, "answer.on_parent", "warning"),
], ids=["na-on-a-parent-that-does-not-allow-it", "a-value-on-a-parent"])
def test_an_answer_on_a_parent(answer: object, issue: str, severity: str) -> None:
    scheme = make_scheme(RELATIVE)
    result = score(scheme, {"1": 5, "2": answer, "2.1": 4, "2.2": 6}, "so")
    assert [(p.code, p.where, p.severity, p.params) for p in result.issues if p.where == "2"] == [
        (issue, "2", severity, {"code": "2"})]
    assert result.nodes["2"].points == Decimal("10.00") and not result.nodes["2"].na


def test_indicator_points_scores_one_leaf() -> None:
    scheme = make_scheme(RELATIVE)
    node, issues = indicator_points(scheme, "2.1", "7.5")
    assert (node.code, node.points, node.applicable_max, node.na, issues) == ("2.1", Decimal("7.50"), 10, False, [])
    node, issues = indicator_points(scheme, "2.1", 12)
    assert node.points == 0 and [p.code for p in issues] == ["answer.out_of_range"]


@pytest.mark.parametrize("code", ["2", "9"], ids=["a-parent", "unknown"])
def test_indicator_points_refuses_what_is_not_a_leaf(code: str) -> None:
    scheme = make_scheme(RELATIVE)
    with pytest.raises(UsageError) as raised:
        indicator_points(scheme, code, 1)
    (problem,) = raised.value.problems
    assert (problem.code, problem.params) == ("usage.unknown_leaf", {"code": code, "scheme": "test-scheme"})


def test_result_of_refuses_a_weighted_scheme() -> None:
    scheme = make_scheme("""\
result: weighted
indicators:
  - {code: "1", name: A, max: 10}
aggregates:
  - {code: CQS, name: Chính quyền số, of: ["1"], weight: 1}
""")
    with pytest.raises(UsageError) as raised:
        result_of(scheme, Decimal(5), Decimal(10))
    (problem,) = raised.value.problems
    assert (problem.code, problem.params) == ("usage.weighted_result", {"scheme": "test-scheme"})


# a relative leaf under a pillar only «Sở» are scored on
GROUPED = """\
groups:
  - {code: so, name: Sở}
  - {code: huyen, name: Huyện}
indicators:
  - code: "1"
    name: Dịch vụ công
    max: 20
    applies_to: [so]
    children:
      - {code: "1.1", name: Hồ sơ trực tuyến, max: 10, rule: relative, input: Số hồ sơ}
      - {code: "1.2", name: Cổng dịch vụ công, max: 10}
  - code: "2"
    name: Nhận thức
    max: 10
    children:
      - {code: "2.1", name: Kế hoạch, max: 10}
"""


def test_a_pillar_with_a_relative_leaf_waits_for_the_group_s_best_value() -> None:
    result = score(make_scheme(GROUPED), {"1.1": 40, "1.2": 5, "2.1": 5}, "so")
    nodes = result.nodes
    assert [(c, nodes[c].points, nodes[c].max, nodes[c].applicable_max, nodes[c].pending) for c in ("1.1", "1", "2")] \
        == [("1.1", 0, 10, 10, True), ("1", Decimal("5.00"), 20, 20, True), ("2", Decimal("5.00"), 10, 10, False)]
    assert (result.total, result.applicable_max, result.provisional) == (Decimal("10.00"), 30, True)
    assert [(p.code, p.where, p.severity, p.message) for p in result.issues] == [(
        "relative.pending", "1.1", "warning",
        "điểm tính theo đơn vị dẫn đầu, chỉ tính được khi tổng hợp; chưa cộng vào tổng điểm tạm tính.")]


def test_relative_leaves_are_settled_inside_a_pillar_limited_to_the_unit_s_group() -> None:
    results = score_units(make_scheme(GROUPED), [
        Submission("a", {"1.1": 40, "1.2": 5, "2.1": 5}, "so"),
        Submission("b", {"1.1": 80, "1.2": 5, "2.1": 5}, "so"),
    ])
    # a: 40 / 80 × 10 = 5; b: the best, 10
    assert [(r.nodes["1.1"].points, r.nodes["1"].points, r.nodes["1"].pending, r.total, r.provisional)
            for r in results] == [(Decimal("5.00"), Decimal("10.00"), False, Decimal("15.00"), False),
                                  (Decimal("10.00"), Decimal("15.00"), False, Decimal("20.00"), False)]


def test_answers_on_a_pillar_outside_the_unit_s_group_are_warned_about_and_score_nothing() -> None:
    result = score(make_scheme(GROUPED), {"1.1": 40, "1.2": 5, "2.1": 5}, "huyen")
    assert [(p.code, p.where, p.severity, p.message) for p in result.issues] == [
        ("answer.not_applicable", c, "warning",
         "chỉ số này không áp dụng cho nhóm đơn vị 'huyen'; câu trả lời bị bỏ qua.") for c in ("1.1", "1.2")]
    nodes = result.nodes
    assert [(c, nodes[c].points, nodes[c].max, nodes[c].applicable_max, nodes[c].na) for c in ("1.1", "1.2", "1")] \
        == [("1.1", 0, 10, 0, True), ("1.2", 0, 10, 0, True), ("1", 0, 20, 0, True)]
    assert (result.total, result.applicable_max, result.provisional) == (Decimal("5.00"), 10, False)


def test_an_unknown_code_is_a_warning_naming_the_code() -> None:
    result = score(make_scheme(GROUPED), {"1.1": 40, "1.2": 5, "2.1": 5, "9.9": 1}, "so")
    assert [(p.code, p.where, p.severity, p.message) for p in result.issues if p.where == "9.9"] == [
        ("answer.unknown_code", "9.9", "warning", "không có chỉ số mã '9.9' trong bộ chỉ số. Kiểm tra lại mã.")]


def test_score_units_refuses_first_results_that_do_not_match_the_submissions() -> None:
    scheme = make_scheme(GROUPED)
    submissions = [Submission("a", {"1.1": 40}, "so"), Submission("b", {"1.1": 80}, "so")]
    first = [score(scheme, {"1.1": 40}, "so", unit="a")]
    with pytest.raises(ValueError, match="zip"):
        score_units(scheme, submissions, first)


@pytest.mark.parametrize(("head", "ceiling"), [
    ("result: points\n", Decimal(30)),
    ("result: points\nallow_above_max: true\n", None),
    ("result: percent\n", Decimal(100)),
    ("result: index\n", Decimal(1)),
    ("result: weighted\naggregates:\n  - {code: CQS, name: Chính quyền số, of: ['1', '2'], weight: 1}\n", Decimal(1)),
], ids=["points", "points-above-max-allowed", "percent", "index", "weighted"])
def test_the_highest_result_a_scheme_can_give(head: str, ceiling: Decimal | None) -> None:
    scheme = make_scheme(head + "indicators:\n  - {code: '1', name: A, max: 10}\n  - {code: '2', name: B, max: 20}\n")
    assert result_ceiling(scheme) == ceiling


def test_the_council_s_points_keep_the_leaf_s_max_and_what_the_unit_reported() -> None:
    result = score(make_scheme(RELATIVE), {"1": 5, "2.1": 9, "2.2": 6}, "so", appraised={"2.1": Decimal("2.25")})
    assert result.scheme_id == "test-scheme"
    leaf = result.nodes["2.1"]
    assert (leaf.points, leaf.max, leaf.applicable_max, leaf.reading) == (Decimal("2.25"), 10, 10, Decimal(9))
    assert (result.nodes["2"].points, result.nodes["2"].max) == (Decimal("8.25"), 20)


def test_an_aggregate_of_indicators_worth_one_point_or_less_has_a_value() -> None:
    scheme = make_scheme("""\
result: weighted
decimals: 2
indicators:
  - {code: A, name: Hạ tầng, max: 1}
  - {code: B, name: Nhân lực, max: 0.5}
aggregates:
  - {code: X, name: Hạ tầng số, of: [A], weight: 0.75}
  - {code: Y, name: Nhân lực số, of: [B], weight: 0.25}
""")
    result = score(scheme, {"A": 0.5, "B": 0.5})
    assert [(a.code, a.points, a.applicable_max, a.value) for a in result.aggregates.values()] == [
        ("X", Decimal("0.5"), 1, Decimal("0.5")), ("Y", Decimal("0.5"), Decimal("0.5"), 1)]
    assert result.result == Decimal("0.63"), "0.75 × 0.5 + 0.25 × 1 = 0.625, rounded half-up"


LEAVES = """\
indicators:
  - code: "1"
    name: Hạ tầng số
    max: 20.5
    children:
      - {code: "1.1", name: Tỉ lệ văn bản ký số, max: 10, rule: ratio, numerator: Văn bản ký số,
         denominator: Tổng văn bản}
      - {code: "1.2", name: Có kế hoạch chuyển đổi số, max: 0.5, rule: yes_no, na: true}
      - {code: "1.3", name: Ghi nhận (không tính điểm), max: 0}
      - {code: "1.4", name: Tin bài, max: 10}
"""
ABOVE_ONE = ("tử số (Văn bản ký số: 12) lớn hơn mẫu số (Tổng văn bản: 10) nên chỉ số được tính điểm tối đa. "
             "Kiểm tra lại số liệu: tử số thường không vượt mẫu số.")
ZERO_DENOMINATOR = "mẫu số bằng 0 nên chỉ số này không đánh giá (theo quy định của bộ chỉ số)."

# (id, answers, the issues (code, where, severity, message) in the tree's order, leaf → (points, max, applicable, na))
LEAF_CASES: list[tuple[str, dict[str, object], list[tuple[str, str, str, str]],
                       dict[str, tuple[str, str, str, bool]]]] = [
    ("numerator-above-denominator-na-marked-out-of-range",
     {"1.1": [12, 10], "1.2": "KĐG", "1.4": 11},
     [("ratio.above_one", "1.1", "warning", ABOVE_ONE),
      ("answer.out_of_range", "1.4", "error", "11 nằm ngoài khoảng cho phép (0 đến 10). Nhập số điểm từ 0 đến 10.")],
     {"1.1": ("10", "10", "10", False), "1.2": ("0", "0.5", "0", True), "1.3": ("0", "0", "0", False),
      "1.4": ("0", "10", "10", False)}),
    ("zero-denominator-na-with-a-value-blank",
     {"1.1": [0, 0], "1.2": {"na": True, "value": "Có"}},
     [("ratio.zero_denominator_na", "1.1", "warning", ZERO_DENOMINATOR),
      ("answer.na_with_value", "1.2", "error", "vừa đánh dấu «Không đánh giá» vừa nhập giá trị. Chọn một trong hai."),
      ("answer.missing", "1.4", "warning", "chưa có câu trả lời. Nhập số điểm từ 0 đến 10.")],
     {"1.1": ("0", "10", "0", True), "1.2": ("0", "0.5", "0", True), "1.3": ("0", "0", "0", False),
      "1.4": ("0", "10", "10", False)}),
    ("a-half-point-leaf-left-blank",
     {"1.1": [5, 10], "1.4": 5},
     [("answer.missing", "1.2", "warning", "chưa có câu trả lời. Nhập Có hoặc Không.")],
     {"1.1": ("5", "10", "10", False), "1.2": ("0", "0.5", "0.5", False), "1.3": ("0", "0", "0", False),
      "1.4": ("5", "10", "10", False)}),
]


@pytest.mark.parametrize(("answers", "issues", "leaves"), [c[1:] for c in LEAF_CASES], ids=[c[0] for c in LEAF_CASES])
def test_each_leaf_s_issues_and_score(answers: dict[str, object], issues: list[tuple[str, str, str, str]],
                                      leaves: dict[str, tuple[str, str, str, bool]]) -> None:
    """A leaf worth nothing (1.3) left blank is not missing; every issue names its leaf and says what to do."""
    result = score(make_scheme(LEAVES), answers)
    assert [(p.code, p.where, p.severity, p.message) for p in result.issues] == issues
    found = {c: (result.nodes[c].points, result.nodes[c].max, result.nodes[c].applicable_max, result.nodes[c].na)
             for c in leaves}
    assert found == {c: (Decimal(p), Decimal(m), Decimal(a), na) for c, (p, m, a, na) in leaves.items()}


@pytest.mark.parametrize(("answer", "reading"), [([12, 10], (12, 10)), ([0, 0], (0, 0))],
                         ids=["scored", "not-applicable"])
def test_a_ratio_leaf_keeps_the_numbers_it_read(answer: list[int], reading: tuple[int, int]) -> None:
    result = score(make_scheme(LEAVES), {"1.1": answer})
    assert result.nodes["1.1"].reading == tuple(Decimal(n) for n in reading)


# (id, scheme head, the group given, code, message)
GROUP_ERRORS = [
    ("group-required", "groups:\n  - {code: so, name: Sở}\n  - {code: huyen, name: Huyện}\n", None,
     "na.group_required", "cần 'group': bộ chỉ số này có các nhóm (so, huyen)."),
    ("unknown-group", "groups:\n  - {code: so, name: Sở}\n  - {code: huyen, name: Huyện}\n", "xa",
     "usage.unknown_group", "'xa' không phải nhóm của bộ chỉ số này. Các nhóm: so, huyen."),
    ("a-group-for-a-scheme-without", "", "so", "usage.unknown_group",
     "'so' không phải nhóm của bộ chỉ số này. Các nhóm: (không có)."),
]


@pytest.mark.parametrize(("head", "group", "code", "message"), [g[1:] for g in GROUP_ERRORS],
                         ids=[g[0] for g in GROUP_ERRORS])
def test_a_missing_or_unknown_group_is_refused_naming_the_scheme_s_groups(head: str, group: str | None, code: str,
                                                                         message: str) -> None:
    scheme = make_scheme(head + "indicators:\n  - {code: '1', name: A, max: 10}\n")
    with pytest.raises(UsageError) as raised:
        score(scheme, {"1": 5}, group)
    assert [(p.code, p.message) for p in raised.value.problems] == [(code, message)]


@pytest.mark.parametrize(("points", "warned"), [(0, False), (0.5, True), (10, True)],
                         ids=["nothing-earned", "half-a-point", "full"])
def test_points_earned_without_the_evidence_asked_for_are_warned_about(points: float, warned: bool) -> None:
    scheme = make_scheme("""\
indicators:
  - {code: "1", name: Ban chỉ đạo, max: 10, step: 0.5, evidence: Quyết định thành lập}
""")
    result = score(scheme, {"1": points})
    expected = [("evidence.missing", "1", "warning", f"tự chấm {str(points).replace('.', ',')} điểm nhưng chưa nêu "
                 "tài liệu kiểm chứng (Quyết định thành lập). Bổ sung số, ngày, trích yếu văn bản hoặc đường dẫn.")]
    assert [(p.code, p.where, p.severity, p.message) for p in result.issues] == (expected if warned else [])
    assert score(scheme, {"1": {"value": points, "evidence": "QĐ 12/QĐ-UBND"}}).issues == ()
