"""``--formulas udf``: the footer formulas as written into the workbook give the engine's total, result, grade.

The fast twin of tests/test_udf_footer_args.py (which takes every other cell from real LibreOffice, slow): here the
form's points column holds what the workbook shows on each row (a leaf's points, a parent's sum, 0 on an N/A row,
«tính khi tổng hợp» on a relative row, nothing on an input row), the hidden flag column is read from the generated
workbook, and the footer's calls are evaluated through the Python functions xlwings would call
(tests/excel_eval.py). So a wrong range, a missing or wrong flag, a wrong N/A max or a missing cap shows as a
figure other than the engine's.
"""

from __future__ import annotations

import io
import random
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import make_scheme, scheme_yaml
from tests.excel_eval import Evaluator
from xl_dti import load_scheme, score
from xl_dti.demo.answers import unit_answers
from xl_dti.scheme import Scheme
from xl_dti.scheme.rules import RelativeRule
from xl_dti.udf_schemes import SCHEMES_FOLDER_ENV
from xl_dti.udfs import DTI_GRADE, DTI_RESULT, DTI_TOTAL
from xl_dti.units import Unit
from xl_dti.workbook.build import CompiledScheme, RoundOptions, build_workbook
from xl_dti.workbook.formulas import PENDING_TEXT
from xl_dti.workbook.layout import FORM_SHEET, Col, compute_layout
from xl_dti.workbook.udf_footer import scheme_reference, stored_name

UDF = RoundOptions(year=2022, formulas="udf")

# a scheme written here: percent result, grades, a bonus and a penalty, an N/A-able leaf, a parent N/A by a ratio
INLINE = """\
result: percent
decimals: 2
grades:
  - {label: Tốt, min: 80}
  - {label: Khá, min: 50}
  - {label: Yếu}
indicators:
  - code: "1"
    name: Hạ tầng
    max: 30
    children:
      - {code: "1.1", name: Máy tính, max: 10, rule: points, step: 0.5}
      - {code: "1.2", name: Mạng, max: 10, rule: yes_no, na: true}
      - {code: "1.3", name: Ký số, max: 10, rule: ratio, numerator: Ký số, denominator: Văn bản}
  - code: "2"
    name: Nhân lực
    max: 20
    children:
      - {code: "2.1", name: Cán bộ, max: 20, rule: count, each: 5}
  - {code: T, name: Điểm thưởng, max: 5, effect: bonus, rule: points}
  - {code: P, name: Điểm trừ, max: 5, effect: penalty, rule: points}
"""


def _functions(scheme: Scheme) -> dict[str, Any]:
    def total(points: list[Any], flags: list[Any]) -> Any:
        return DTI_TOTAL([[p] for p in points], [[f] for f in flags])

    def result(total_: Any, maximum: Any, na_max: Any, reference: str) -> Any:
        assert reference == scheme_reference(scheme), "the footer names the scheme the server can find"
        return DTI_RESULT(total_, maximum, na_max, [[reference]])

    return {stored_name("DTI_TOTAL").upper(): total, stored_name("DTI_RESULT").upper(): result,
            stored_name("DTI_GRADE").upper(): lambda value, reference: DTI_GRADE(value, [[reference]]),
            "MIN": lambda *values: min(values)}


def _figures(scheme: Scheme, group: str | None, answers: dict[str, Any]) -> dict[str, Any]:
    """Each footer figure as the workbook evaluates it: the xl-dti calls by their own formulas, the rest native."""
    layout = compute_layout(scheme, group)
    data = build_workbook(CompiledScheme(scheme), Unit("u", "Đơn vị", group), UDF, "ab" * 32, "pw").data
    form = load_workbook(io.BytesIO(data))[FORM_SHEET]
    expected = score(scheme, answers, group)
    cells: dict[str, Any] = {}
    for row in layout.rows:
        cells[f"{Col.SKIP}{row.row}"] = form[f"{Col.SKIP}{row.row}"].value
        node = expected.nodes[row.node.code]
        if row.kind == "indicator":
            pending = row.node.is_leaf and isinstance(row.node.rule, RelativeRule)
            shown = PENDING_TEXT if pending and layout.applicable[row.node.code] else node.points
            cells[f"{Col.POINTS}{row.row}"] = float(shown) if isinstance(shown, Decimal) else shown
    formulas = {}
    for name, address in layout.footer.items():
        written = form[address].value
        if isinstance(written, str) and "_xldudf_" in written:
            formulas[address] = written
        else:  # a native footer formula: its figure, as the differential tests prove the workbook computes it
            cells[address] = _number(getattr(expected, name))
    evaluate = Evaluator(cells, _functions(scheme), formulas)
    return {name: evaluate(formulas[address]) for name, address in layout.footer.items() if address in formulas}


def _number(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def _random(scheme: Scheme, seed: int, *na: str) -> dict[str, Any]:
    return {**unit_answers(scheme, random.Random(seed), 0.5), **dict.fromkeys(na, "N/A")}


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """xlwings Server's setting: schemes by built-in id or by name in the folder its administrator configured."""
    monkeypatch.setattr("xl_dti.udfs.SERVER", True)
    monkeypatch.setenv(SCHEMES_FOLDER_ENV, str(tmp_path))
    return tmp_path


# (id, scheme, group, answers, the footer figures the xl-dti calls must give, written down)
CASES: list[tuple[str, str, str | None, dict[str, Any], dict[str, Any]]] = [
    ("inline-bonus-penalty-and-na", INLINE, None,
     {"1.1": 7.5, "1.2": "N/A", "1.3": [3, 4], "2.1": 3, "T": 2, "P": 1},
     {"base_total": 30, "result": 77.5, "grade": "Khá"}),  # (30 + 2 - 1) / (50 - 10)
    ("inline-bonus-past-the-max-is-capped", INLINE, None,
     {"1.1": 10, "1.2": "Có", "1.3": [4, 4], "2.1": 4, "T": 5, "P": 0},
     {"base_total": 50, "result": 100, "grade": "Tốt"}),  # 50 + 5 capped at 50
    ("inline-everything-na-but-one", INLINE, None,
     {"1.1": 5, "1.2": "N/A", "1.3": [0, 0], "2.1": 0, "T": 0, "P": 0},
     {"base_total": 5, "result": 16.67, "grade": "Yếu"}),  # 5 / (50 - 10 - 10), rounded
]


@pytest.mark.parametrize(("scheme", "group", "answers", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_the_footer_calls_give_the_figures(server: Path, scheme: str, group: str | None, answers: dict[str, Any],
                                           expected: dict[str, Any]) -> None:
    (server / "mot-so.yaml").write_text(scheme_yaml(scheme), encoding="utf-8")
    assert _figures(load_scheme(str(server / "mot-so.yaml")), group, answers) == expected


# built-in schemes with random answers: the figures must be the engine's
BUILT_IN = [
    ("haugiang-so-with-na", "haugiang-2022-so", "nganh-doc", 5, ("1.4",)),
    ("haugiang-huyen-bonus-penalty-and-na", "haugiang-2022-huyen", "huyen", 3, ("5.1",)),
    ("haiduong-percent-with-na", "haiduong-2023-so", None, 7, ("2.3", "5.1")),
    ("quocgia-index-with-relative-rows", "quocgia-2022-tinh", None, 11, ()),
    ("quocgia-weighted", "quocgia-2020-tinh", None, 13, ()),
]


@pytest.mark.parametrize(("scheme_id", "group", "seed", "na"), [b[1:] for b in BUILT_IN], ids=[b[0] for b in BUILT_IN])
def test_the_footer_calls_give_the_engine_s_figures(server: Path, scheme_id: str, group: str | None, seed: int,
                                                    na: tuple[str, ...]) -> None:
    scheme = load_scheme(scheme_id)
    answers = _random(scheme, seed, *na)
    expected = score(scheme, answers, group)
    if na:
        assert expected.applicable_max < expected.max, "the N/A cases have something N/A"
    figures = _figures(scheme, group, answers)
    assert figures, "the footer calls the xl-dti functions"
    for name, found in figures.items():
        assert found == _number(getattr(expected, name)), name


@pytest.mark.parametrize(("scheme_id", "group", "calls"), [
    ("haugiang-2022-so", "so", {"total", "result", "grade"}),
    ("haugiang-2022-huyen", "huyen", {"base_total", "result", "grade"}),
    ("quocgia-2020-tinh", None, {"total"}),  # a weighted result needs every pillar: it stays native
])
def test_which_footer_figures_the_functions_compute(server: Path, scheme_id: str, group: str | None,
                                                    calls: set[str]) -> None:
    scheme = load_scheme(scheme_id)
    assert set(_figures(scheme, group, _random(scheme, 1))) == calls


def test_the_scheme_is_named_as_the_server_finds_it(tmp_path: Path) -> None:
    """A built-in by its id; a scheme file (even a built-in's copy, changed) by its name without .yaml."""
    assert scheme_reference(load_scheme("haugiang-2022-so")) == "haugiang-2022-so"
    source = load_scheme("haugiang-2022-so").file
    assert source is not None
    changed = tmp_path / "hau-giang-sua.yaml"
    text = Path(source).read_text(encoding="utf-8")
    changed.write_text(re.sub(r"^title: ", "title: Sửa ", text, count=1, flags=re.M), encoding="utf-8")
    assert scheme_reference(load_scheme(str(changed))) == "hau-giang-sua"
    assert scheme_reference(make_scheme(INLINE)) == "inline"
    built_in_python = Scheme.model_validate(make_scheme(INLINE).model_dump(exclude_none=True))
    assert (built_in_python.file, scheme_reference(built_in_python)) == ("", built_in_python.id)
