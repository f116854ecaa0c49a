"""The rubric's cell syntax for lists: what each cell reads as, what it refuses, and that writing reads back."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_dti.rubric.cellsyntax import (
    code_issue,
    format_steps,
    format_valued,
    parse_codes,
    parse_steps,
    parse_valued,
    valued_label_issue,
)

D = Decimal


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        pytest.param("Người đứng đầu = 1; Cấp phó = 0.5", [{"label": "Người đứng đầu", "fraction": D(1)},
                                                          {"label": "Cấp phó", "fraction": D("0.5")}], id="fractions"),
        pytest.param("Có kế hoạch : 10", [{"label": "Có kế hoạch", "points": D(10)}], id="points"),
        pytest.param("A = 1\nB : 2;", [{"label": "A", "fraction": D(1)}, {"label": "B", "points": D(2)}],
                     id="line-breaks-and-trailing-separator"),
        pytest.param("Đạt TCVN 9250:2012 mức 2 : 10", [{"label": "Đạt TCVN 9250:2012 mức 2", "points": D(10)}],
                     id="colon-inside-label"),
        pytest.param("a = b = 0.25", [{"label": "a = b", "fraction": D("0.25")}], id="equals-inside-label"),
        pytest.param("Mức 1:5", [{"label": "Mức 1", "points": D(5)}], id="no-spaces"),
        pytest.param("Trừ : -2", [{"label": "Trừ", "points": D(-2)}], id="negative"),
        pytest.param(" ; ;", [], id="only-separators"),
    ],
)
def test_valued_cells_read(text: str, entries: list[dict[str, Any]]) -> None:
    found, issues = parse_valued(text)
    assert issues == []
    assert found == entries


@pytest.mark.parametrize(
    ("text", "entry", "hint"),
    [
        pytest.param("Người đứng đầu = 1; Cấp phó", "Cấp phó", "It has no", id="no-separator"),
        pytest.param("Cấp phó = một nửa", "Cấp phó = một nửa", "must be a number", id="not-a-number"),
        pytest.param("Cấp phó = 0,5", "Cấp phó = 0,5", "must be a number", id="decimal-comma"),
        pytest.param(": 5", ": 5", "Write the label", id="no-label"),
        pytest.param("Cấp phó = 1e3", "Cấp phó = 1e3", "must be a number", id="exponent"),
    ],
)
def test_valued_cells_refuse(text: str, entry: str, hint: str) -> None:
    _, issues = parse_valued(text)
    assert [i.code for i in issues] == ["rubric.bad_entry"]
    assert issues[0].params["entry"] == entry
    assert hint in issues[0].params["hint"]


@pytest.mark.parametrize(
    ("text", "steps", "bad"),
    [
        pytest.param("4 : 20; 3 : 15", [{"min": D(4), "points": D(20)}, {"min": D(3), "points": D(15)}], [],
                     id="steps"),
        pytest.param("0.5:1", [{"min": D("0.5"), "points": D(1)}], [], id="decimals"),
        pytest.param("bốn : 20", [], ["bốn : 20"], id="min-not-a-number"),
        pytest.param("4 = 20", [], ["4 = 20"], id="equals-is-not-a-step"),
        pytest.param("4 : 20; 3", [{"min": D(4), "points": D(20)}], ["3"], id="one-bad-of-two"),
    ],
)
def test_steps_cells(text: str, steps: list[dict[str, Any]], bad: list[str]) -> None:
    found, issues = parse_steps(text)
    assert found == steps
    assert [i.params["entry"] for i in issues] == bad


@pytest.mark.parametrize(
    ("text", "codes"),
    [("1, 2, 3", ["1", "2", "3"]), ("so; nganh-doc", ["so", "nganh-doc"]), ("1.1,\n 7 ,", ["1.1", "7"]), ("", [])],
)
def test_code_lists(text: str, codes: list[str]) -> None:
    assert parse_codes(text) == codes


@pytest.mark.parametrize(
    ("label", "code"),
    [
        pytest.param("Có; đầy đủ", "rubric.label_separator", id="semicolon"),
        pytest.param("Dòng 1\nDòng 2", "rubric.label_separator", id="line-break"),
        pytest.param(" Có", "rubric.edge_spaces", id="leading-space"),
        pytest.param("TCVN 9250:2012 = mức 2", None, id="colon-and-equals-are-fine"),
    ],
)
def test_labels_a_cell_cannot_hold(label: str, code: str | None) -> None:
    issue = valued_label_issue(label)
    assert (issue.code if issue else None) == code


@pytest.mark.parametrize(("code", "expected"), [("so", None), ("a,b", "rubric.label_separator"),
                                                ("so ", "rubric.edge_spaces")])
def test_codes_a_list_cell_cannot_hold(code: str, expected: str | None) -> None:
    issue = code_issue(code)
    assert (issue.code if issue else None) == expected


labels = st.text(alphabet="abcĐđạ ữ:=-,.()0123456789", min_size=1, max_size=20).filter(
    lambda t: t == t.strip() and t.strip() and valued_label_issue(t) is None
)
numbers = st.decimals(min_value=-100, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(labels, st.sampled_from(["points", "fraction"]), numbers), min_size=1, max_size=5))
def test_valued_cells_read_back_what_was_written(entries: list[tuple[str, str, Decimal]]) -> None:
    written = [{"label": label, kind: value} for label, kind, value in entries]
    found, issues = parse_valued(format_valued(written))
    assert issues == []
    assert found == written


@given(st.lists(st.tuples(numbers, numbers), min_size=1, max_size=5))
def test_steps_cells_read_back_what_was_written(pairs: list[tuple[Decimal, Decimal]]) -> None:
    written = [{"min": low, "points": points} for low, points in pairs]
    found, issues = parse_steps(format_steps(written))
    assert issues == []
    assert found == written
