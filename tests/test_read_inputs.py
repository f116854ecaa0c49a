"""What a returned workbook's input cells are read as: a table of what a unit (or its spreadsheet) leaves in a cell.

The cells are given as the file reader hands them over (``GridCell``: kind, exact value, formula), placed where the
layout of a scheme written here puts each input; each row writes down the answer read and every finding, with its
code, cell and severity. Numbers only where numbers belong; nothing ambiguous read as a number; nothing lost.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.conftest import make_scheme
from xl_dti.consolidation.grid import Grid, GridCell
from xl_dti.consolidation.inputs import read_inputs, read_number, where
from xl_dti.workbook.layout import FORM_SHEET, FormLayout, compute_layout

SCHEME = make_scheme("""\
groups:
  - {code: so, name: Sở}
  - {code: huyen, name: Huyện}
indicators:
  - code: "1"
    name: Hạ tầng
    max: 40
    na: true
    children:
      - {code: "1.1", name: Máy tính, max: 10, rule: points, step: 0.5, na: true, evidence: Văn bản}
      - {code: "1.2", name: Mạng, max: 10, rule: yes_no}
      - {code: "1.3", name: Ký số, max: 10, rule: ratio, numerator: Ký số, denominator: Văn bản}
      - code: "1.4"
        name: Nội dung
        max: 10
        rule: parts
        parts: [{label: Dự họp, fraction: 0.5}, {label: Chủ trì, fraction: 0.5}]
  - code: "2"
    name: Nhân lực
    max: 30
    children:
      - {code: "2.1", name: Cán bộ, max: 10, rule: count, each: 5}
      - {code: "2.2", name: Chỉ cấp huyện, max: 10, rule: yes_no, applies_to: [huyen]}
      - {code: "2.3", name: Lựa chọn, max: 10, rule: choice, options: [{label: A, points: 10}, {label: B, points: 5}]}
""")


def _layout() -> FormLayout:
    """A layout of its own for each reading (the reader remembers its plan per layout object)."""
    return compute_layout(SCHEME, "so")


def _number(value: str) -> GridCell:
    return GridCell("number", Decimal(value))


def _text(value: str) -> GridCell:
    return GridCell("text", value)


# where each input of the scheme above is, by the layout (asserted below, so the table reads plainly)
PLACES = {"E8": ("1.1", "value"), "F8": ("1.1", "na"), "H8": ("1.1", "evidence"), "I8": ("1.1", "explanation"),
          "E9": ("1.2", "value"), "E11": ("1.3", "numerator"), "E12": ("1.3", "denominator"),
          "E14": ("1.4", "part:1"), "E15": ("1.4", "part:2"), "F7": ("1", "na"), "E17": ("2.1", "value"),
          "E19": ("2.3", "value")}


def test_the_cells_read_are_the_layout_s() -> None:
    found = read_inputs(Grid({FORM_SHEET: {}}), _layout())
    assert {address: (code, name) for code, cells in found.cells.items() for name, address in cells.items()} == {
        **PLACES, "H9": ("1.2", "evidence"), "I9": ("1.2", "explanation"), "H10": ("1.3", "evidence"),
        "I10": ("1.3", "explanation"), "H13": ("1.4", "evidence"), "I13": ("1.4", "explanation"),
        "H17": ("2.1", "evidence"), "I17": ("2.1", "explanation"), "H19": ("2.3", "evidence"),
        "I19": ("2.3", "explanation")}
    assert "2.2" not in found.answers, "an indicator that does not apply to the group is not read"
    assert "1" not in found.answers and "2" not in found.answers, "a parent is read only when marked KĐG"
    assert found.problems == []


W, E = "warning", "error"
# (id, cell address, the cell, the indicator, (value, na, evidence, explanation) read, [(code, severity)])
CASES: list[tuple[str, str, GridCell, str, tuple[Any, bool, str, str], list[tuple[str, str]]]] = [
    ("a-number", "E8", _number("7.5"), "1.1", (Decimal("7.5"), False, "", ""), []),
    ("a-decimal-comma", "E8", _text("8,5"), "1.1", (Decimal("8.5"), False, "", ""), [("input.decimal_comma", W)]),
    ("spaces-around", "E8", _text(" 9 "), "1.1", (Decimal("9"), False, "", ""), [("input.spaces", W)]),
    ("ambiguous-thousands", "E8", _text("1.000"), "1.1", (None, False, "", ""), [("input.ambiguous", E)]),
    ("an-exponent", "E8", _text("1e2"), "1.1", (None, False, "", ""), [("input.not_plain_number", E)]),
    ("infinity-as-text", "E8", _text("Infinity"), "1.1", (None, False, "", ""), [("input.not_plain_number", E)]),
    ("a-full-width-digit", "E8", _text("９"), "1.1", (None, False, "", ""), [("input.not_plain_number", E)]),
    ("nan", "E8", _number("NaN"), "1.1", (None, False, "", ""), [("input.not_finite", E)]),
    ("infinity", "E8", _number("Infinity"), "1.1", (None, False, "", ""), [("input.not_finite", E)]),
    ("a-boolean", "E8", GridCell("bool", True), "1.1", (None, False, "", ""), [("input.boolean", E)]),
    ("a-date", "E8", GridCell("date", "2023-01-01"), "1.1", (None, False, "", ""), [("input.date", E)]),
    ("an-error-value", "E8", GridCell("error", "#N/A"), "1.1", (None, False, "", ""), [("input.error_value", E)]),
    ("a-formula", "E8", GridCell("number", Decimal(5), "=2+3"), "1.1", (None, False, "", ""),
     [("input.formula", E)]),
    ("a-formula-in-a-text-input", "E9", GridCell("text", "Có", '="Có"'), "1.2", (None, False, "", ""),
     [("input.formula", E)]),
    ("a-formula-in-a-tick", "E14", GridCell("text", "Có", '="Có"'), "1.4", (None, False, "", ""),
     [("input.formula", E)]),
    ("only-invisible-characters-is-blank", "E8", _text("\u200b"), "1.1", (None, False, "", ""), []),
    ("a-number-stored-as-text", "E8", _text("9"), "1.1", (Decimal("9"), False, "", ""),
     [("input.number_as_text", W)]),
    ("text-goes-to-the-engine-as-typed", "E8", _text("năm"), "1.1", ("năm", False, "", ""), []),
    ("yes", "E9", _text("Có"), "1.2", ("Có", False, "", ""), []),
    ("yes-trimmed", "E9", _text(" có "), "1.2", ("có", False, "", ""), []),
    ("a-number-in-a-text-input-is-its-text", "E9", _number("1"), "1.2", ("1", False, "", ""), []),
    ("invisible-in-a-text-input-is-blank", "E9", _text("\u200b"), "1.2", (None, False, "", ""), []),
    ("an-option", "E19", _text("  B "), "2.3", ("B", False, "", ""), []),
    ("a-numerator", "E11", _number("3"), "1.3", ((Decimal(3), None), False, "", ""), []),
    ("a-denominator-with-a-comma", "E12", _text("3,5"), "1.3", ((None, Decimal("3.5")), False, "", ""),
     [("input.decimal_comma", W)]),
    ("a-count", "E17", _number("4"), "2.1", (Decimal(4), False, "", ""), []),
    ("a-tick", "E14", _text("Có"), "1.4", (["Dự họp"], False, "", ""), []),
    ("a-tick-trimmed-any-case", "E15", _text(" có "), "1.4", (["Chủ trì"], False, "", ""), []),
    ("not-ticked", "E14", _text("Không"), "1.4", ([], False, "", ""), []),
    ("a-tick-of-another-word", "E14", _text("x"), "1.4", (None, False, "", ""), [("input.bad_choice", E)]),
    ("a-tick-as-a-number", "E14", _number("1"), "1.4", (None, False, "", ""), [("input.bad_choice", E)]),
    ("na", "F8", _text("KĐG"), "1.1", (None, True, "", ""), []),
    ("na-trimmed-any-case", "F8", _text(" kđg "), "1.1", (None, True, "", ""), []),
    ("na-in-english-is-not-the-mark", "F8", _text("N/A"), "1.1", (None, False, "", ""), [("input.bad_choice", E)]),
    ("na-as-a-number", "F8", _number("0"), "1.1", (None, False, "", ""), [("input.bad_choice", E)]),
    ("na-invisible-is-blank", "F8", _text("\u00ad"), "1.1", (None, False, "", ""), []),
    ("a-parent-na", "F7", _text("KĐG"), "1", (None, True, "", ""), []),
    ("evidence-trimmed-inner-spaces-kept", "H8", _text("  Quyết định  số 12 "), "1.1",
     (None, False, "Quyết định  số 12", ""), []),
    ("evidence-as-a-number", "H8", _number("12.50"), "1.1", (None, False, "12.5", ""), []),
    ("evidence-decomposed-is-nfc", "H8", _text("Nghi\u0301 định"), "1.1", (None, False, "Nghí định", ""), []),
    ("evidence-invisible-is-missing", "H8", _text("\u00ad\u200b"), "1.1", (None, False, "", ""), []),
    ("an-explanation", "I8", _text("Đã đủ"), "1.1", (None, False, "", "Đã đủ"), []),
]


@pytest.mark.parametrize(("address", "cell", "code", "answer", "problems"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_what_a_cell_is_read_as(address: str, cell: GridCell, code: str, answer: tuple[Any, bool, str, str],
                                problems: list[tuple[str, str]]) -> None:
    found = read_inputs(Grid({FORM_SHEET: {address: cell}}), _layout())
    read = found.answers[code]
    assert (read.value, read.na, read.evidence, read.explanation) == answer
    assert [(p.code, p.severity) for p in found.problems] == problems
    assert all(p.where == f"'{FORM_SHEET}'!{address}" for p in found.problems)


def test_a_finding_shows_what_was_typed() -> None:
    cells = {"E8": GridCell("number", Decimal(5), "=2+3"), "E11": _text("1.000"), "E12": _text("3,5"),
             "F8": _text("N/A"), "E14": _text("x")}
    found = read_inputs(Grid({FORM_SHEET: cells}), _layout())
    assert [(p.where, p.params) for p in found.problems] == [
        ("'Chấm điểm'!E8", {"value": "=2+3"}),
        ("'Chấm điểm'!F8", {"value": "N/A", "options": "«KĐG»"}),
        ("'Chấm điểm'!E11", {"value": "1.000"}),
        ("'Chấm điểm'!E12", {"value": "3,5", "number": "3,5"}),
        ("'Chấm điểm'!E14", {"value": "x", "options": "«Có», «Không»"}),
    ]


def test_every_input_of_a_filled_form_is_read_together() -> None:
    cells = {"E8": _number("7"), "H8": _text("QĐ 12"), "E9": _text("Có"), "E11": _number("3"), "E12": _number("4"),
             "E14": _text("Có"), "E15": _text("Có"), "E17": _number("2"), "E19": _text("A")}
    found = read_inputs(Grid({FORM_SHEET: cells}), _layout())
    assert {code: a.value for code, a in found.answers.items()} == {
        "1.1": Decimal(7), "1.2": "Có", "1.3": (Decimal(3), Decimal(4)), "1.4": ["Dự họp", "Chủ trì"],
        "2.1": Decimal(2), "2.3": "A"}
    assert found.answers["1.1"].evidence == "QĐ 12" and found.problems == []


def test_a_layout_read_twice_gives_the_same_and_another_layout_its_own() -> None:
    cells, layout = {"E8": _number("7"), "F7": _text("KĐG")}, _layout()
    first = read_inputs(Grid({FORM_SHEET: cells}), layout)
    again = read_inputs(Grid({FORM_SHEET: cells}), layout)
    assert first.answers == again.answers and first.cells == again.cells
    huyen = compute_layout(SCHEME, "huyen")
    assert "2.2" in read_inputs(Grid({FORM_SHEET: {}}), huyen).answers


# (id, the cell, the number read, [(code, severity)]): the council's appraised points are read like a unit's numbers
NUMBERS: list[tuple[str, GridCell, Any, list[tuple[str, str]]]] = [
    ("a-number", _number("2.5"), Decimal("2.5"), []),
    ("a-decimal-comma", _text("2,5"), Decimal("2.5"), [("input.decimal_comma", W)]),
    ("blank-text", _text("  "), None, []),
    ("ambiguous", _text("1.000"), None, [("input.ambiguous", E)]),
    ("a-formula", GridCell("number", Decimal(5), "=2+3"), None, [("input.formula", E)]),
    ("a-boolean", GridCell("bool", False), None, [("input.boolean", E)]),
    ("words-as-typed", _text("năm"), "năm", []),
]


@pytest.mark.parametrize(("cell", "number", "problems"), [n[1:] for n in NUMBERS], ids=[n[0] for n in NUMBERS])
def test_a_number_read_anywhere(cell: GridCell, number: Any, problems: list[tuple[str, str]]) -> None:
    found: list[Any] = []
    assert read_number(cell, "'Thẩm định'!G9", found) == number
    assert [(p.code, p.severity, p.where) for p in found] == [(c, s, "'Thẩm định'!G9") for c, s in problems]


@pytest.mark.parametrize(("cell", "shown"), [(GridCell("number", Decimal(5), "=2+3"), "=2+3"),
                                             (GridCell("bool", False), False), (_text("1.000"), "1.000")],
                         ids=["a-formula-shows-the-formula", "a-boolean", "ambiguous"])
def test_a_number_refused_anywhere_shows_what_was_typed(cell: GridCell, shown: Any) -> None:
    found: list[Any] = []
    read_number(cell, "'Thẩm định'!G9", found)
    assert [p.params for p in found] == [{"value": shown}]


def test_a_file_without_the_form_sheet_has_every_answer_blank() -> None:
    found = read_inputs(Grid({"Sheet1": {"E8": _number("7")}}), _layout())
    assert all(a.value is None and not a.na for a in found.answers.values()) and found.problems == []


@pytest.mark.parametrize(("sheet", "address", "expected"), [
    ("Chấm điểm", "E12", "'Chấm điểm'!E12"),
    ("Sổ của 'Hội đồng'", "A1", "'Sổ của ''Hội đồng'''!A1"),
])
def test_a_place_in_excel_s_own_syntax(sheet: str, address: str, expected: str) -> None:
    assert where(address, sheet) == expected
