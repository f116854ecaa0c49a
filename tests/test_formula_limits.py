"""A scheme that validates gives formulas Excel can hold (nesting 64, length 8,192, 255 arguments);
one that cannot is refused by ``validate`` at the indicator's line."""

from __future__ import annotations

import html
import io
import zipfile

import pytest

from tests.conftest import make_scheme, problems_of
from tests.ooxml import formula_problems
from tests.workbooks import OPTIONS, PASSWORD, SECRET
from xl_dti.excel import formula_limits
from xl_dti.units import Unit
from xl_dti.workbook.build import CompiledScheme, build_workbook


def _steps(count: int) -> str:
    return "[" + ", ".join(f"{{min: {n}, points: {n / 100}}}" for n in range(1, count + 1)) + "]"


def _parts(count: int) -> str:
    return "[" + ", ".join(f"{{label: Nội dung thứ {n}, points: 0.01}}" for n in range(1, count + 1)) + "]"


def _children(count: int) -> str:
    return "\n".join(f"      - {{code: '1.{n}', name: Ý {n}, max: 1, rule: yes_no}}" for n in range(1, count + 1))


WITHIN_LIMITS = [
    ("70-steps", f"indicators:\n  - {{code: '1', name: A, max: 10, rule: steps, steps: {_steps(70)}}}\n"),
    ("300-parts", f"indicators:\n  - {{code: '1', name: A, max: 10, rule: parts, parts: {_parts(300)}}}\n"),
    ("300-children", f"indicators:\n  - code: '1'\n    name: A\n    max: 300\n    children:\n{_children(300)}\n"),
]


def _workbook_formulas(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))
    return [f for f in text.split("<f>")[1:]]


@pytest.mark.parametrize("body", [b for _, b in WITHIN_LIMITS], ids=[i for i, _ in WITHIN_LIMITS])
def test_a_scheme_that_validates_writes_formulas_within_excel_limits(body: str) -> None:
    scheme = make_scheme(body)
    built = build_workbook(CompiledScheme(scheme), Unit("u", "Đơn vị", None), OPTIONS, SECRET, PASSWORD)
    formulas = [html.unescape(f.split("</f>")[0]) for f in _workbook_formulas(built.data)]
    assert formulas
    assert [p for f in formulas for p in formula_problems(f)] == []


TOO_BIG = [
    ("1000-steps", f"indicators:\n  - {{code: '1', name: A, max: 10, rule: steps, steps: {_steps(1000)}}}\n",
     "8 chỉ số 1 (indicators[0])"),
    ("800-parts", f"indicators:\n  - code: '1'\n    name: A\n    max: 10\n    rule: parts\n    parts: {_parts(800)}\n",
     "8 chỉ số 1 (indicators[0])"),
]


@pytest.mark.parametrize(("body", "where"), [c[1:] for c in TOO_BIG], ids=[c[0] for c in TOO_BIG])
def test_a_formula_excel_cannot_hold_is_refused_at_the_indicator(body: str, where: str) -> None:
    found = problems_of(body)
    assert [(p.code, p.where.split(":", 1)[1].strip()) for p in found] == [("formula.limits", where)]
    assert found[0].params["detail"].startswith("dài ") and "(Excel cho phép tối đa 8192)" in found[0].message


@pytest.mark.parametrize(
    ("formula", "exceeded"),
    [
        ("=SUM(A1,A2)", {}),
        ("=" + "IF(A1," * 65 + "0" + ")" * 65, {"nesting": 65}),
        ('="' + "(" * 100 + '"', {}),  # parentheses inside text are not nesting
        ("=SUM(" + ",".join(["A1"] * 256) + ")", {"arguments": 256}),
        ("=LOOKUP(A1,{" + ",".join(["1"] * 300) + "},{" + ",".join(["2"] * 300) + "})", {}),
        ("=" + "1+" * 4096 + "1", {"length": 8193}),
    ],
    ids=["plain", "deep", "quoted", "wide", "array-constant", "long"],
)
def test_formula_limits(formula: str, exceeded: dict[str, int]) -> None:
    assert formula_limits(formula) == exceeded
