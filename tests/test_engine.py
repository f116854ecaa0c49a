"""The engine's arithmetic beyond single rules: trees, N/A, groups, bonus/penalty, results, aggregates."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest

from tests.conftest import make_scheme
from xl_dti import Submission, UsageError, grade_value, load_scheme, score, score_units
from xl_dti.demo.answers import unit_answers

TREE = """\
groups:
  - {code: so, name: "Sở, ban, ngành"}
  - {code: nganh-doc, name: Cơ quan ngành dọc}
grades:
  - {label: Tốt, min: 80}
  - {label: Khá, min: 50}
  - {label: Yếu}
indicators:
  - code: "1"
    name: Nhận thức số
    max: 40
    children:
      - {code: "1.1", name: Ban chỉ đạo, max: 20, evidence: Quyết định thành lập}
      - {code: "1.2", name: Kế hoạch, max: 20, na: true}
  - code: "2"
    name: Dịch vụ công
    max: 60
    na: true
    children:
      - {code: "2.1", name: DVC trực tuyến, max: 30, applies_to: [so]}
      - {code: "2.2", name: Cổng thông tin, max: 30, rule: yes_no}
  - {code: T, name: Điểm thưởng, max: 10, effect: bonus}
  - {code: P, name: Điểm trừ, max: 10, effect: penalty, rule: count, each: 5, input: Số sự cố}
"""


def _score(result_mode: str, answers: dict[str, Any], group: str = "so", extra: str = "") -> Any:
    scheme = make_scheme(f"result: {result_mode}\n{extra}" + TREE)
    return score(scheme, answers, group)


EVIDENCE = "Quyết định số 12/QĐ-SNV ngày 02/3/2024"
FULL = {"1.1": {"value": 20, "evidence": EVIDENCE}, "1.2": 20, "2.1": 30, "2.2": "Có", "T": 0, "P": 0}


def test_parents_sum_their_children() -> None:
    result = _score("points", {**FULL, "1.1": 15, "2.1": 12.5})
    assert result.nodes["1"].points == 35
    assert result.nodes["2"].points == Decimal("42.5")
    assert result.total == Decimal("77.5")
    assert result.result == Decimal("77.50")
    assert result.grade == "Khá"


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("points", "93.75"), ("percent", "93.75"), ("index", "0.94")],
)
def test_na_leaves_the_max_and_each_result_mode_rescales(mode: str, expected: str) -> None:
    result = _score(mode, {**FULL, "1.2": "N/A", "1.1": 15})
    assert result.nodes["1.2"].na
    assert result.applicable_max == 80
    assert result.total == 75
    assert result.result == Decimal(expected)


def test_applies_to_makes_other_groups_na_and_warns_about_their_answers() -> None:
    result = _score("points", FULL, group="nganh-doc")
    assert result.nodes["2.1"].na
    assert result.applicable_max == 70
    assert result.total == 70
    assert result.result == 100
    assert [(p.code, p.where) for p in result.issues] == [("answer.not_applicable", "2.1")]


def test_parent_marked_na_makes_its_whole_subtree_na() -> None:
    result = _score("percent", {"1.1": 20, "1.2": 10, "2": "N/A", "T": 0, "P": 0})
    assert result.nodes["2"].na and result.nodes["2.1"].na and result.nodes["2.2"].na
    assert result.applicable_max == 40
    assert result.result == 75
    assert not result.errors


def test_answer_on_a_parent_that_may_not_be_na_is_reported() -> None:
    result = _score("points", {**FULL, "1": "N/A"})
    assert [p.code for p in result.errors] == ["answer.na_not_allowed"]
    assert result.applicable_max == 100


@pytest.mark.parametrize(
    ("bonus", "violations", "allow", "total"),
    [
        pytest.param(5, 0, False, "75", id="bonus-added"),
        pytest.param(0, 1, False, "65", id="penalty-subtracted"),
        pytest.param(10, 1, False, "75", id="both"),
        pytest.param(10, 0, True, "80", id="allowed-above-max-not-needed"),
    ],
)
def test_bonus_and_penalty(bonus: int, violations: int, allow: bool, total: str) -> None:
    answers = {**FULL, "1.1": {"value": 10, "evidence": EVIDENCE}, "2.1": 10, "T": bonus, "P": violations}
    extra = "allow_above_max: true\n" if allow else ""
    result = _score("points", answers, extra=extra)
    assert result.base_total == 70
    assert result.total == Decimal(total)


@pytest.mark.parametrize(("allow", "total"), [(False, "100"), (True, "108")])
def test_total_is_kept_within_max_unless_allowed(allow: bool, total: str) -> None:
    extra = "allow_above_max: true\n" if allow else ""
    result = _score("points", {**FULL, "T": 8}, extra=extra)
    assert result.bonus == 8
    assert result.total == Decimal(total)


def test_penalty_never_takes_the_total_below_zero() -> None:
    answers = {"1.1": 0, "1.2": 0, "2.1": 0, "2.2": "Không", "T": 0, "P": 2}
    result = _score("points", answers)
    assert result.penalty == 10
    assert result.total == 0


def test_missing_answers_and_evidence_are_reported_where_they_are() -> None:
    result = _score("points", {"1.1": 20, "2.2": "Có", "T": 0, "P": 0})
    codes = sorted((p.code, p.where, p.severity) for p in result.issues)
    assert codes == [
        ("answer.missing", "1.2", "warning"),
        ("answer.missing", "2.1", "warning"),
        ("evidence.missing", "1.1", "warning"),
    ]


def test_evidence_given_silences_the_warning() -> None:
    result = _score("points", FULL)
    assert result.issues == ()


def test_unknown_codes_are_warned_about() -> None:
    result = _score("points", {**FULL, "9.9": 5})
    assert [(p.code, p.where) for p in result.issues] == [("answer.unknown_code", "9.9")]


@pytest.mark.parametrize(("group", "code"), [(None, "na.group_required"), ("xa", "usage.unknown_group")])
def test_group_must_be_known(group: str | None, code: str) -> None:
    scheme = make_scheme("result: points\n" + TREE)
    with pytest.raises(UsageError) as caught:
        score(scheme, FULL, group)
    assert [p.code for p in caught.value.problems] == [code]


AGGREGATES = """\
result: weighted
decimals: 4
indicators:
  - {code: A, name: Nền tảng, max: 100}
  - {code: B, name: Chính quyền số, max: 200, na: true}
  - {code: C, name: Kinh tế số, max: 100}
aggregates:
  - {code: CQS, name: Chính quyền số, of: [A, B], weight: 0.6}
  - {code: KTS, name: Kinh tế số, of: [A, C], weight: 0.4}
"""


def test_aggregates_and_weighted_result() -> None:
    result = score(make_scheme(AGGREGATES), {"A": 50, "B": 150, "C": 25})
    assert result.aggregates["CQS"].value == Decimal("0.6667")
    assert result.aggregates["KTS"].value == Decimal("0.375")
    # 0.6 × 200/300 + 0.4 × 75/200 = 0.4 + 0.15
    assert result.result == Decimal("0.55")


def test_weighted_result_renormalises_over_aggregates_with_a_value() -> None:
    scheme = make_scheme(AGGREGATES.replace("of: [A, B]", "of: [B]"))
    result = score(scheme, {"A": 50, "B": "N/A", "C": 25})
    assert result.aggregates["CQS"].value is None
    assert result.result == Decimal("0.375")


def test_score_units_computes_relative_against_the_groups_best() -> None:
    scheme = make_scheme(
        """\
groups:
  - {code: so, name: Sở}
  - {code: huyen, name: Huyện}
indicators:
  - {code: "1", name: Hồ sơ trực tuyến, max: 10, rule: relative, input: Số hồ sơ}
  - {code: "2", name: Khác, max: 10}
"""
    )
    units = [
        Submission("a", {"1": 50, "2": 5}, "so"),
        Submission("b", {"1": 100, "2": 5}, "so"),
        Submission("c", {"1": 20, "2": 5}, "huyen"),
        Submission("d", {"1": "abc", "2": 5}, "huyen"),
    ]
    results = {r.unit: r for r in score_units(scheme, units)}
    assert {u: results[u].nodes["1"].points for u in results} == {
        "a": Decimal(5), "b": Decimal(10), "c": Decimal(10), "d": Decimal(0)
    }
    assert not any(r.provisional for r in results.values())
    assert [p.code for p in results["d"].errors] == ["answer.not_number"]


@pytest.mark.parametrize(
    ("value", "grade"),
    [("79.99", "Khá"), ("79.995", "Tốt"), ("80", "Tốt"), ("49.994", "Yếu"), ("0", "Yếu")],
)
def test_grade_value_rounds_before_grading(value: str, grade: str) -> None:
    scheme = make_scheme("result: points\n" + TREE)
    assert grade_value(scheme, value) == grade


@pytest.mark.parametrize("scheme_id", ["quocgia-2022-tinh", "hatinh-2023-huyen", "haugiang-2022-huyen"])
def test_second_pass_equals_scoring_each_unit_afresh_with_the_best_values(scheme_id: str) -> None:
    """score_units recomputes only the pending leaves and their ancestors: the same as a full rescore."""
    scheme = load_scheme(scheme_id)
    rng = random.Random(7)
    groups = scheme.group_codes or [None]
    units = []
    for i in range(24):
        answers = unit_answers(scheme, rng, rng.random())
        for code in rng.sample(sorted(answers), 6):  # blanks, N/A marks, nonsense and missing evidence
            answers[code] = rng.choice([None, "N/A", "abc", {"value": answers[code].get("value")}])
        parent = rng.choice([c for c, n in scheme.tree.by_code.items() if not n.is_leaf])
        answers[parent] = rng.choice(["N/A", 7])  # answers on a parent: an error or a warning, kept
        units.append(Submission(f"u{i}", answers, groups[i % len(groups)]))
    first = [score(scheme, s.inputs, s.group, unit=s.unit) for s in units]
    best: dict[tuple[str | None, str], Decimal] = {}
    for result in first:
        for code, node in result.nodes.items():
            if node.pending and scheme.tree.by_code[code].is_leaf:
                best[(result.group, code)] = max(best.get((result.group, code), Decimal(0)), node.reading)
    relative = {code for r in first for code, n in r.nodes.items() if n.pending and scheme.tree.by_code[code].is_leaf}
    assert relative, "the scheme has relative indicators that wait for the best value"
    afresh = [score(scheme, s.inputs, s.group, unit=s.unit, best={c: best.get((s.group, c), Decimal(0))
                                                                  for c in relative}) for s in units]
    assert score_units(scheme, units) == afresh
    assert score_units(scheme, units, first) == afresh
    assert any(r.issues for r in afresh)


def test_second_pass_reads_answers_keyed_by_numbers_as_scoring_does() -> None:
    scheme = make_scheme("""\
indicators:
  - {code: "1", name: Hồ sơ trực tuyến, max: 10, rule: relative, input: Số hồ sơ}
""")
    results = score_units(scheme, [Submission("a", {1: 50}), Submission("b", {1: 100})])
    assert [r.nodes["1"].points for r in results] == [Decimal(5), Decimal(10)]
