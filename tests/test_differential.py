"""The crown jewel: LibreOffice and Gnumeric, recalculating a generated workbook, score exactly like the engine."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.conftest import make_scheme
from tests.strategies import answers, schemes
from tests.workbooks import ENGINES, Case, mismatches, needs_gnumeric, needs_libreoffice, recalculate, write_case
from xl_dti import builtin_ids, load_scheme
from xl_dti.answers_file import read_answers
from xl_dti.demo.answers import unit_answers
from xl_dti.libreoffice import convert
from xl_dti.resources import samples_dir
from xl_dti.workbook.maps import read_meta

pytestmark = [needs_libreoffice, needs_gnumeric, pytest.mark.slow]

EVERY_RULE = make_scheme(
    """\
result: points
decimals: 2
grades:
  - {label: Tốt, min: 100}
  - {label: Khá, min: 60}
  - {label: Yếu}
groups:
  - {code: so, name: Sở}
  - {code: nganh-doc, name: Ngành dọc}
indicators:
  - code: "1"
    name: Nhận thức
    max: 60
    na: true
    children:
      - {code: "1.1", name: Điểm trực tiếp, max: 10, rule: points, step: 0.5, na: true, evidence: Văn bản}
      - {code: "1.2", name: Có không, max: 10, rule: yes_no, yes_points: 7}
      - code: "1.3"
        name: Mức
        max: 10
        rule: choice
        options: [{label: Người đứng đầu, fraction: 1}, {label: Cấp phó, fraction: 0.5}, {label: Không, points: 0}]
      - code: "1.4"
        name: Nội dung
        max: 10
        rule: parts
        parts: [{label: Dự họp, fraction: 0.5}, {label: Chủ trì, fraction: 0.5}, {label: Báo cáo, points: 3}]
      - {code: "1.5", name: Họp, max: 10, rule: steps, input: Số lần, unit: lần,
         steps: [{min: 4, points: 10}, {min: 3, points: 7.5}, {min: 1, points: 2.5}]}
      - {code: "1.6", name: Ứng dụng, max: 10, rule: count, each: 0.75, input: Số ứng dụng}
  - code: "2"
    name: Dịch vụ
    max: 50
    children:
      - {code: "2.1", name: Tỉ lệ NA, max: 10, rule: ratio, numerator: Đạt, denominator: Tổng}
      - {code: "2.2", name: Tỉ lệ zero, max: 10, rule: ratio, numerator: Đạt, denominator: Tổng,
         zero_denominator: zero, target: 0.8}
      - {code: "2.3", name: Tỉ lệ full, max: 10, rule: ratio, numerator: Đạt, denominator: Tổng,
         zero_denominator: full}
      - {code: "2.4", name: Chỉ cho sở, max: 10, rule: yes_no, applies_to: [so]}
      - {code: "2.5", name: So sánh, max: 10, rule: relative, input: Số hồ sơ, na: true}
  - {code: T, name: Thưởng, max: 10, effect: bonus, rule: count, each: 5, input: Sáng kiến}
  - {code: P, name: Trừ, max: 10, effect: penalty, rule: count, each: 5, input: Sự cố}
"""
)

# (id, group, answers): valid, blank, invalid and not-applicable cases for every rule kind
TABLE: list[tuple[str, str, dict[str, Any]]] = [
    ("full-marks", "so", {"1.1": 10, "1.2": "Có", "1.3": "Người đứng đầu", "1.4": ["Dự họp", "Chủ trì"],
                          "1.5": 5, "1.6": 20, "2.1": [3, 3], "2.2": [8, 10], "2.3": [1, 1], "2.4": "Có",
                          "2.5": 9, "T": 0, "P": 0}),
    ("middling", "so", {"1.1": 7.5, "1.2": "Không", "1.3": "Cấp phó", "1.4": ["Báo cáo"], "1.5": 3,
                        "1.6": 3, "2.1": [2, 3], "2.2": [3, 8], "2.3": [7, 9], "2.4": "Không", "T": 1, "P": 1}),
    ("blanks", "so", {}),
    ("invalid-values", "so", {"1.1": 12, "1.2": "Có lẽ", "1.5": -1, "1.6": 2.5, "2.1": [5, -1],
                              "2.2": ["abc", 3], "T": 1, "P": 9}),
    ("off-step", "so", {"1.1": 7.3, "2.1": [1, 8]}),
    ("zero-denominators", "so", {"2.1": [0, 0], "2.2": [0, 0], "2.3": [0, 0]}),
    ("marked-na", "so", {"1.1": "N/A", "2.5": "N/A", "1.2": "Có", "2.1": [1, 2]}),
    ("parent-na", "so", {"1": "N/A", "2.1": [1, 2], "2.2": [1, 2], "2.3": [1, 2], "2.4": "Có"}),
    ("other-group", "nganh-doc", {"1.1": 10, "1.2": "Có", "2.1": [1, 3], "2.4": "Có"}),
    ("rounding-edges", "so", {"2.1": [3, 40], "2.2": [1, 3], "2.3": [2, 7], "1.6": 7, "1.1": 9.5}),
    ("penalty-floor", "so", {"1.2": "Không", "P": 2}),
    ("bonus-capped", "so", {"1.1": 10, "1.2": "Có", "1.3": "Người đứng đầu", "1.4": ["Dự họp", "Chủ trì"],
                            "1.5": 4, "1.6": 14, "2.1": [1, 1], "2.2": [1, 1], "2.3": [1, 1], "2.4": "Có", "T": 2}),
]


def _check(cases: list[Case], folder: Path, as_returned: bool = False) -> None:
    problems = []
    for engine, recalculate_in in ENGINES.items():
        for case, recalculated in zip(cases, recalculate_in(cases, folder), strict=True):
            problems += mismatches(case, recalculated, engine, as_returned)
    assert problems == []


def test_every_rule_kind_agrees_with_the_engine(tmp_path: Path) -> None:
    cases = [write_case(EVERY_RULE, answers_, group, tmp_path, name) for name, group, answers_ in TABLE]
    _check(cases, tmp_path)


TRICKY = make_scheme(
    """\
decimals: 2
indicators:
  - code: "1"
    name: Nhãn có ký tự đại diện
    max: 20
    children:
      - code: "1.1"
        name: Mức
        max: 10
        rule: choice
        options: [{label: "Mức (cơ bản)", points: 2}, {label: "Mức (*)", points: 10}, {label: A, points: 1},
                  {label: "?", points: 5}, {label: "~*", points: 4}, {label: "Đạt ~ một nửa", points: 6}]
      - code: "1.2"
        name: Nội dung
        max: 10
        rule: parts
        parts: [{label: "*", points: 3}, {label: "Dự họp (~)", points: 3}, {label: "Báo cáo?", points: 4}]
  - code: "2"
    name: Giá trị dán vào
    max: 50
    children:
      - {code: "2.1", name: Có không, max: 10, rule: yes_no, yes_points: 7}
      - {code: "2.2", name: Điểm, max: 10, rule: points, step: 0.5}
      - {code: "2.3", name: Bậc, max: 10, rule: steps, steps: [{min: 1, points: 2.5}, {min: 3, points: 7.5}]}
      - {code: "2.4", name: Đếm, max: 10, rule: count, each: 0.75}
      - {code: "2.5", name: Tỉ lệ, max: 10, rule: ratio, numerator: Đạt, denominator: Tổng}
"""
)

# labels MATCH would read as wildcards; values pasted past the dropdowns and number formats
TRICKY_TABLE: list[tuple[str, dict[str, Any]]] = [
    ("star", {"1.1": "Mức (*)", "1.2": ["*", "Báo cáo?"]}),
    ("question-mark", {"1.1": "?", "1.2": ["Báo cáo?"]}),
    ("tilde", {"1.1": "~*", "1.2": ["Dự họp (~)"]}),
    ("tilde-words", {"1.1": "Đạt ~ một nửa"}),
    ("plain-label", {"1.1": "A"}),
    ("choice-with-spaces-and-case", {"1.1": "  mức   (*) "}),
    ("yes-in-english", {"2.1": "Yes"}),
    ("yes-with-a-space", {"2.1": " Có"}),
    ("yes-lower-case", {"2.1": "có"}),
    ("yes-as-x", {"2.1": "x"}),
    ("yes-as-one", {"2.1": 1}),
    ("no-in-english", {"2.1": "No"}),
    ("numbers-as-text", {"2.2": "8", "2.3": "3", "2.4": "2", "2.5": ["1", "4"]}),
    ("decimal-comma-text", {"2.2": "7,5", "2.5": ["0,5", "2"]}),
    ("decimal-point-text", {"2.2": " 7.5 ", "2.4": "+3"}),
    ("signed-text", {"2.2": "-1", "2.3": "-3"}),
    ("thousands-or-decimal-text", {"2.3": "1.000", "2.4": "2,500"}),  # consolidation: ambiguous, so blank
    ("not-a-number-text", {"2.2": "tám", "2.4": "1e3", "2.5": ["1/2", "5%"]}),
]


def test_labels_and_pasted_values_score_as_consolidation_reads_them(tmp_path: Path) -> None:
    cases = [write_case(TRICKY, answers_, None, tmp_path, name) for name, answers_ in TRICKY_TABLE]
    _check(cases, tmp_path, as_returned=True)


@pytest.mark.parametrize("scheme_id", ["haugiang-2022-so"])
def test_sample_units_agree_with_the_engine(tmp_path: Path, scheme_id: str) -> None:
    folder = samples_dir() / "answers" / scheme_id
    scheme = load_scheme(scheme_id)
    cases = [
        write_case(scheme, read_answers(path), path.stem.split("__")[0], tmp_path, path.stem.split("__")[1])
        for path in sorted(folder.glob("*.yaml"))
    ]
    _check(cases, tmp_path)


def test_every_builtin_scheme_agrees_with_the_engine(tmp_path: Path) -> None:
    rng = random.Random(1949)
    cases = []
    for scheme_id in builtin_ids():
        scheme = load_scheme(scheme_id)
        group = scheme.group_codes[-1] if scheme.groups else None
        cases.append(write_case(scheme, unit_answers(scheme, rng, 0.5), group, tmp_path, scheme_id))
    _check(cases, tmp_path)


@st.composite
def batches(draw: st.DrawFn) -> list[tuple[Any, dict[str, Any]]]:
    pairs = []
    for _ in range(12):
        scheme = draw(schemes(modes=("points", "percent", "index")))
        pairs.append((scheme, draw(answers(scheme))))
    return pairs


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                HealthCheck.function_scoped_fixture])
@given(batches())
def test_random_schemes_and_answers_agree_with_the_engine(tmp_path: Path, batch: list[tuple[Any, Any]]) -> None:
    folder = tmp_path / f"batch-{id(batch)}"
    folder.mkdir()
    cases = [write_case(scheme, answers_, None, folder, f"u{i}") for i, (scheme, answers_) in enumerate(batch)]
    _check(cases, folder)


ERROR_VALUES = ("#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:")


def test_libreoffice_opens_blank_and_filled_workbooks_without_errors(tmp_path: Path) -> None:
    cases = [write_case(EVERY_RULE, answers_, group, tmp_path, name) for name, group, answers_ in TABLE[:3]]
    blank = [Case(c.scheme, {}, c.group, c.path.with_name("blank-" + c.path.name)) for c in cases[:1]]
    for path in recalculate(cases + blank, tmp_path):
        workbook = load_workbook(path, data_only=True)
        errors = [
            f"'{ws.title}'!{c.coordinate}: {c.value}"
            for ws in workbook.worksheets
            for row in ws.iter_rows()
            for c in row
            if isinstance(c.value, str) and c.value.startswith(ERROR_VALUES)
        ]
        assert errors == [], path.name


def test_a_workbook_resaved_by_libreoffice_still_shows_the_same_totals(tmp_path: Path) -> None:
    name, group, answers_ = TABLE[1]
    case = write_case(EVERY_RULE, answers_, group, tmp_path, name)
    (once,) = recalculate([case], tmp_path)
    (twice,) = convert([once], tmp_path / "resaved")
    assert mismatches(case, twice) == []
    assert read_meta(load_workbook(twice)) is not None, "the hidden identity survives a LibreOffice re-save"
