"""The workbook's own formulas, evaluated in Python, give the engine's figures: the fast twin of the differential tests.

Every formula of a generated and filled workbook (the form's rows, the number cells, the footer, the summary) is
evaluated by tests/excel_eval.py with Excel's semantics, and every output the workbook maps is compared with the
engine, as tests/test_differential.py and tests/test_workbook_caps_and_halves.py do after real LibreOffice and
Gnumeric recalculate (slow). Here it takes a fraction of a second a workbook, so every cap, exact half, N/A and
typed-as-text case is tried on every change (and mutation testing can run against it).
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.formula.tokenizer import Token, Tokenizer

from tests.conftest import make_scheme
from tests.excel_eval import Evaluator, ExcelError
from tests.test_differential import EVERY_RULE, TABLE
from tests.test_workbook_caps_and_halves import CASES as EDGES
from tests.workbooks import Case, _same, _unmapped, expected, official, write_case
from xl_dti import load_scheme, score
from xl_dti.decimals import round_half_up
from xl_dti.demo.answers import unit_answers
from xl_dti.results import UnitResult
from xl_dti.scheme import Scheme
from xl_dti.workbook.layout import FORM_SHEET, SUMMARY_SHEET, compute_layout
from xl_dti.workbook.maps import read_meta


def python_mismatches(case: Case, as_returned: bool = False) -> list[str]:
    """Every output where the workbook's formulas, evaluated here, disagree with the engine (empty: they agree);
    ``as_returned`` takes the engine's answers from the filled workbook, as consolidation reads them."""
    workbook = load_workbook(case.path)
    meta = read_meta(workbook)
    assert meta is not None
    cells: dict[str, Any] = {}
    formulas: dict[str, str] = {}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for found in row:
                value = getattr(found.value, "text", found.value)  # an array formula's text
                if value is not None:
                    (formulas if found.data_type == "f" else cells)[f"'{sheet.title}'!{found.coordinate}"] = value
    evaluate = Evaluator(cells, formulas=formulas)
    mapped: dict[tuple[str, str], Any] = {}
    for code, name, sheet_title, address in meta.outputs:
        try:
            mapped[(code, name)] = evaluate.cell(f"'{sheet_title}'!{address}")
        except ExcelError as error:
            mapped[(code, name)] = str(error)
    result = official(case) if as_returned else score(case.scheme, case.answers, case.group)
    problems = _unmapped(case, mapped)
    for key, value in mapped.items():
        want = expected(case, result, key)
        if not _same(value, want):
            problems.append(f"{case.path.name} {key}: workbook {value!r}, engine {want!r}")
    return problems + _summary_mismatches(case, evaluate, result)


def _summary_mismatches(case: Case, evaluate: Evaluator, result: UnitResult) -> list[str]:
    """«Tổng hợp»: each main index's and pillar's applicable max, points and ratio (rounded to the scheme's
    aggregate decimals, blank when nothing applies), as the engine gives them."""
    layout = compute_layout(case.scheme, case.group)
    assert layout.summary_row, "the summary has rows to compare"
    problems = []
    for code, row in layout.summary_row.items():
        if code in result.aggregates:
            figures = result.aggregates[code]
            applicable, points, ratio = figures.applicable_max, figures.points, figures.value
        else:
            node = result.nodes[code]
            applicable, points = node.applicable_max, node.points
            ratio = None if applicable == 0 else round_half_up(points / applicable, case.scheme.aggregate_decimals)
        for column, want in (("D", applicable), ("E", points), ("F", ratio)):
            try:
                found = evaluate.cell(f"'{SUMMARY_SHEET}'!{column}{row}")
            except ExcelError as error:
                found = str(error)
            if not _same(found, want):
                problems.append(f"{case.path.name} '{SUMMARY_SHEET}'!{column}{row} ({code}): workbook {found!r}, "
                                f"engine {want!r}")
    return problems


@pytest.mark.parametrize(("body", "answers", "figures"), [c[1:] for c in EDGES], ids=[c[0] for c in EDGES])
def test_every_cap_and_exact_half(tmp_path: Path, body: str, answers: dict[str, Any],
                                  figures: tuple[str, str, str]) -> None:
    case = write_case(make_scheme(body), answers, None, tmp_path, "edge")
    result = score(case.scheme, case.answers, case.group)
    assert (str(result.total), str(result.applicable_max), str(result.result)) == figures, "the case hits its edge"
    assert python_mismatches(case) == []


# answers to EVERY_RULE as units type them: text numbers, N/A on a leaf and on a parent, blanks, refusals
TYPED: list[tuple[str, dict[str, Any]]] = [
    ("all-full", {"1.1": 10, "1.2": "Có", "1.3": "Người đứng đầu", "1.4": ["Dự họp", "Chủ trì", "Báo cáo"],
                  "1.5": 4, "1.6": 20}),
    ("text-numbers-and-commas", {"1.1": "8,5", "1.2": "không", "1.3": "  cấp   PHÓ ", "1.4": ["Báo cáo"],
                                 "1.5": " 3 ", "1.6": "7"}),
    ("na-leaf-and-blank", {"1.1": "N/A", "1.2": "Có", "1.5": 2}),
    ("na-parent", {"1": "N/A"}),
    ("refused-answers-score-zero", {"1.1": 7.3, "1.2": "Có lẽ", "1.5": -1, "1.6": 2.5}),
    ("ambiguous-thousands-score-zero", {"1.1": "1.000", "1.5": "1.000", "1.6": "1,000"}),
    ("letters-among-digits-score-zero", {"1.1": "X7", "1.5": "3x", "1.6": "-2"}),
    ("signs-and-spaces", {"1.1": " +7,5 ", "1.5": "+3", "1.6": "\u00a04\u00a0", "2.1": ["-1", "5"]}),
]


WEIGHTED = """\
result: weighted
decimals: 4
indicators:
  - {code: "1", name: Hạ tầng, max: 10, na: true}
  - {code: "2", name: Nhân lực, max: 30}
  - {code: "3", name: Dịch vụ, max: 20}
aggregates:
  - {code: X, name: Chỉ để xem, of: ["1", "2"]}
  - {code: A, name: Trụ cột A, of: ["1", "2"], weight: 0.25}
  - {code: B, name: Trụ cột B, of: ["3"], weight: 0.75}
"""


@pytest.mark.parametrize(("answers", "result"), [
    ({"1": 5, "2": 15, "3": 20}, "0.8750"),  # 0.25 × 20/40 + 0.75 × 20/20
    ({"1": "N/A", "2": 3, "3": 4}, "0.1750"),  # 0.25 × 3/30 + 0.75 × 4/20
], ids=["all-applicable", "a-pillar-partly-na"])
def test_a_weighted_result_with_a_pillar_shown_but_not_weighted(tmp_path: Path, answers: dict[str, Any],
                                                                result: str) -> None:
    case = write_case(make_scheme(WEIGHTED), answers, None, tmp_path, "weighted")
    assert str(score(case.scheme, case.answers).result) == result
    assert python_mismatches(case) == []


def test_conditional_formats_refer_to_fixed_cells(tmp_path: Path) -> None:
    """A format spanning a row's cells must test that row's inputs from every cell: no relative reference."""
    case = write_case(EVERY_RULE, {}, "so", tmp_path, "formats")
    formats = load_workbook(case.path)[FORM_SHEET].conditional_formatting
    references = [token.value for rules in formats for rule in rules.rules for formula in rule.formula
                  for token in Tokenizer("=" + formula).items if token.subtype == Token.RANGE]
    assert references and all(re.fullmatch(r"(?:.*!)?\$[A-Z]+\$\d+(?::\$[A-Z]+\$\d+)?", r) for r in references), [
        r for r in references if "$" not in r]


@pytest.mark.parametrize(("group", "answers"), [t[1:] for t in TABLE], ids=[t[0] for t in TABLE])
def test_the_differential_table(tmp_path: Path, group: str, answers: dict[str, Any]) -> None:
    """tests/test_differential.py's table (valid, blank, invalid and N/A answers for every rule kind)."""
    assert python_mismatches(write_case(EVERY_RULE, answers, group, tmp_path, "table")) == []


@pytest.mark.parametrize("answers", [t[1] for t in TYPED], ids=[t[0] for t in TYPED])
def test_answers_as_units_type_them(tmp_path: Path, answers: dict[str, Any]) -> None:
    assert python_mismatches(write_case(EVERY_RULE, answers, "so", tmp_path, "typed"), as_returned=True) == []


# (scheme, group, seed): the weighted national scheme is the slowest to build, so it is tried once
BUILT_IN = [("haugiang-2022-so", "so", 1), ("haugiang-2022-so", "nganh-doc", 2), ("haugiang-2022-huyen", "huyen", 1),
            ("haugiang-2022-huyen", "huyen", 2), ("haiduong-2023-so", None, 1), ("haiduong-2023-so", None, 2),
            ("quocgia-2020-tinh", None, 1), ("quocgia-2022-tinh", None, 1), ("hanoi-2025-xa", None, 1)]


@pytest.mark.parametrize(("scheme_id", "group", "seed"), BUILT_IN, ids=[f"{b[0]}-{b[1]}-{b[2]}" for b in BUILT_IN])
def test_built_in_schemes_with_random_answers(tmp_path: Path, scheme_id: str, group: str | None, seed: int) -> None:
    scheme: Scheme = load_scheme(scheme_id)
    answers = unit_answers(scheme, random.Random(seed), 0.5)
    assert python_mismatches(write_case(scheme, answers, group, tmp_path, scheme_id)) == []


def test_a_row_that_does_not_apply_to_the_group_shows_zero_of_zero(tmp_path: Path) -> None:
    """2.4 applies to «sở» only: a unit of «ngành dọc» sees it with 0 points of 0 applicable, not blanks."""
    case = write_case(EVERY_RULE, {}, "nganh-doc", tmp_path, "other-group")
    layout = compute_layout(case.scheme, case.group)
    form = load_workbook(case.path)[FORM_SHEET]
    assert (form[layout.points_cell("2.4")].value, form[layout.applicable_cell("2.4")].value) == (0, 0)
