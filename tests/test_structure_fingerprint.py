"""The structure fingerprint and the signature: what they cover, in what spelling, and that their format holds.

A generated workbook's fingerprint and signature are stored in the workbook and the round's registry; a returned
file is checked against them, possibly by a later version of xl-dti. So the spelling they hash is part of the
behaviour: the expected digests below are written down (or computed here with ``hashlib``/``hmac`` over the
text the docstrings promise), never by the functions under test.
"""

from __future__ import annotations

import hashlib
import hmac
from decimal import Decimal

import pytest
from openpyxl import Workbook

from xl_dti.workbook.layout import FORM_SHEET, GUIDE_SHEET, LISTS_SHEET, META_SHEET, SUMMARY_SHEET
from xl_dti.workbook.structure import (
    canonical_formula,
    canonical_value,
    fingerprint_of,
    signature,
    structure_content,
    structure_fingerprint,
    values_fingerprint,
)

# (id, formula as some application stored it, its one spelling)
FORMULAS = [
    ("spaces-outside-strings-dropped", "=SUM( A1 , 2 )", "=SUM(A1,2)"),
    ("libreoffice-drops-the-quotes-of-_lists", "='_lists'!A1", "=_lists!A1"),
    ("quotes-kept-where-a-name-needs-them", "='Tổng hợp'!A1", "='Tổnghợp'!A1"),
    ("spaces-inside-a-string-kept", '=IF(A1="a b",1,0)', '=IF(A1="a b",1,0)'),
    ("doubled-quotes-inside-a-string", '="say ""hi"" "&A1', '="say ""hi"" "&A1'),
    ("a-quoted-name-inside-a-string-untouched", "=IF('_lists'!B2=\"'x'!\",3,4)", "=IF(_lists!B2=\"'x'!\",3,4)"),
    ("gnumeric-long-decimal", "=A1*0.800000000000000000011", "=A1*0.8"),
    ("trailing-zeros-and-leading-point", "=1.50+.5", "=1.5+0.5"),
    ("exponents-written-out", "=1E+2+2.5e-3", "=100+0.0025"),
    ("a-trailing-point", "=A1+1.", "=A1+1"),
    ("references-and-function-names-are-not-numbers", "=E23+$E$1+LOG10(5)", "=E23+$E$1+LOG10(5)"),
    ("numbers-excel-keeps-apart-stay-apart", "=0.1+0.2", "=0.1+0.2"),
]


@pytest.mark.parametrize(("formula", "expected"), [f[1:] for f in FORMULAS], ids=[f[0] for f in FORMULAS])
def test_a_formula_in_its_one_spelling(formula: str, expected: str) -> None:
    assert canonical_formula(formula) == expected


# (id, a cell's value, as the fingerprint sees it)
VALUES: list[tuple[str, object, str]] = [
    ("true-is-not-1", True, "b:True"),
    ("false-is-not-0", False, "b:False"),
    ("an-integer", 1, "n:1"),
    ("a-float-equal-to-it", 1.0, "n:1"),
    ("a-decimal-padded", Decimal("2.50"), "n:2.5"),
    ("a-float-as-a-spreadsheet-holds-it", 0.800000000000000000011, "n:0.8"),
    ("fifteen-significant-digits", 12345678901234567890, "n:12345678901234600000"),
    ("minus-zero", -0.0, "n:0"),
    ("nan-equals-no-number", float("nan"), "n:nan"),
    ("a-formula", "=A1 + 1", "f:=A1+1"),
    ("text", "Có", "s:Có"),
    ("digits-as-text-are-text", "1", "s:1"),
]


@pytest.mark.parametrize(("value", "expected"), [v[1:] for v in VALUES], ids=[v[0] for v in VALUES])
def test_a_value_as_the_fingerprint_sees_it(value: object, expected: str) -> None:
    assert canonical_value(value) == expected


def _workbook(sheets: dict[str, dict[str, object]]) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, cells in sheets.items():
        sheet = workbook.create_sheet(title)
        for coordinate, value in cells.items():
            sheet[coordinate] = value
    return workbook


ROUND: dict[str, dict[str, object]] = {
    GUIDE_SHEET: {"A1": "Hướng dẫn"},
    FORM_SHEET: {"A1": "Mã", "B1": None, "C1": 10, "A2": "", "B2": 4, "C2": "=MIN(B2,C1)"},
    META_SHEET: {"A1": "signature", "B1": "ab"},
    SUMMARY_SHEET: {"A1": "Tổng", "B1": "='Chấm điểm'!C2"},
    LISTS_SHEET: {"A1": "Có", "A2": "Không"},
}


def test_the_content_covers_the_form_summary_and_lists_sheets_in_order_except_the_inputs() -> None:
    content = list(structure_content(_workbook(ROUND), inputs={(FORM_SHEET, "B2"), (SUMMARY_SHEET, "Z9")}))
    assert content == [
        (FORM_SHEET, "A1", "s:Mã"), (FORM_SHEET, "C1", "n:10"), (FORM_SHEET, "C2", "f:=MIN(B2,C1)"),
        (SUMMARY_SHEET, "A1", "s:Tổng"), (SUMMARY_SHEET, "B1", "f:='Chấmđiểm'!C2"),
        (LISTS_SHEET, "A1", "s:Có"), (LISTS_SHEET, "A2", "s:Không"),
    ]


def test_an_input_is_left_out_only_on_its_own_sheet() -> None:
    content = list(structure_content(_workbook(ROUND), inputs={(SUMMARY_SHEET, "B2")}))
    assert (FORM_SHEET, "B2", "n:4") in content


def test_a_missing_sheet_leaves_the_others_covered() -> None:
    without_summary = {title: cells for title, cells in ROUND.items() if title != SUMMARY_SHEET}
    assert [(s, c) for s, c, _ in structure_content(_workbook(without_summary))] == [
        (FORM_SHEET, "A1"), (FORM_SHEET, "C1"), (FORM_SHEET, "B2"), (FORM_SHEET, "C2"),
        (LISTS_SHEET, "A1"), (LISTS_SHEET, "A2"),
    ]


# (id, the sheet and cell changed, the new value, whether the fingerprint must change)
EDITS = [
    ("a-max-point-on-the-form", FORM_SHEET, "C1", 20, True),
    ("a-formula-on-the-form", FORM_SHEET, "C2", "=B2", True),
    ("a-label-on-the-summary", SUMMARY_SHEET, "A1", "Tổng cộng", True),
    ("a-list-entry", LISTS_SHEET, "A2", "Có", True),
    ("a-blank-filled-on-the-form", FORM_SHEET, "B1", "x", True),
    ("the-unit-input", FORM_SHEET, "B2", 7, False),
    ("the-guide", GUIDE_SHEET, "A1", "Khác", False),
    ("the-meta-sheet-signed-apart", META_SHEET, "B1", "cd", False),
    ("an-empty-string-is-a-blank", FORM_SHEET, "B1", "", False),
    ("a-number-re-saved-by-gnumeric", FORM_SHEET, "C1", 10.000000000000000001, False),
    ("a-formula-re-saved-by-libreoffice", SUMMARY_SHEET, "B1", "= 'Chấm điểm'!C2", False),
]


@pytest.mark.parametrize(("sheet", "cell", "value", "changes"), [e[1:] for e in EDITS], ids=[e[0] for e in EDITS])
def test_which_edits_change_the_structure_fingerprint(sheet: str, cell: str, value: object, changes: bool) -> None:
    inputs = {(FORM_SHEET, "B2")}
    before = structure_fingerprint(_workbook(ROUND), inputs)
    edited = _workbook(ROUND)
    edited[sheet][cell] = value
    assert (structure_fingerprint(edited, inputs) != before) is changes


def test_the_sheets_covered_can_be_narrowed() -> None:
    edited = _workbook(ROUND)
    edited[SUMMARY_SHEET]["A1"] = "Đã sửa"
    assert structure_fingerprint(edited, sheets=(FORM_SHEET,)) == structure_fingerprint(_workbook(ROUND),
                                                                                        sheets=(FORM_SHEET,))
    assert structure_fingerprint(edited) != structure_fingerprint(_workbook(ROUND))


def test_the_fingerprint_is_sha256_over_separated_fields() -> None:
    """The text hashed: sheet, cell and value separated by US (0x1F), each cell ended by RS (0x1E)."""
    content = [("Chấm điểm", "C8", "n:10"), ("_lists", "A1", "s:Có")]
    text = "Chấm điểm\x1fC8\x1fn:10\x1e_lists\x1fA1\x1fs:Có\x1e"
    assert fingerprint_of(content) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert fingerprint_of([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert fingerprint_of([("A", "B1", "s:x")]) != fingerprint_of([("AB", "1", "s:x")])


def test_the_values_fingerprint_sees_a_formula_only_as_one() -> None:
    """What an honest re-save as .ods keeps: formulas are respelled, values and places are not."""
    content = [("Thẩm định", "D5", "f:=SUM(D6:D9)"), ("Thẩm định", "E5", "n:10")]
    text = "Thẩm định\x1fD5\x1ff\x1eThẩm định\x1fE5\x1fn:10\x1e"
    assert values_fingerprint(content) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    respelled = [("Thẩm định", "D5", "f:=D6+D7+D8+D9"), ("Thẩm định", "E5", "n:10")]
    assert values_fingerprint(respelled) == values_fingerprint(content)
    for changed in ([("Thẩm định", "D5", "n:12"), content[1]], [content[0], ("Thẩm định", "E5", "n:20")],
                    [content[0], ("Thẩm định", "E6", "n:10")]):
        assert values_fingerprint(changed) != values_fingerprint(content), changed


SECRET = "0f" * 32


def test_the_signature_is_an_hmac_over_the_identity_lines() -> None:
    """HMAC-SHA256 keyed with the unit's secret over unit, year, scheme, structure (and extras), one per line."""
    message = "so-noi-vu\n2022\nscheme-fp\nstructure-fp\nsubmission-sha"
    expected = hmac.new(bytes.fromhex(SECRET), message.encode("utf-8"), hashlib.sha256).hexdigest()
    assert signature(SECRET, "so-noi-vu", 2022, "scheme-fp", "structure-fp", "submission-sha") == expected
    assert signature(SECRET, "sở", 2022, "s", "t") == hmac.new(bytes.fromhex(SECRET), "sở\n2022\ns\nt".encode(),
                                                                 hashlib.sha256).hexdigest()


# (id, the arguments after the secret) each differing from BASE in one field the signature must cover
BASE = ("so-noi-vu", 2022, "scheme-fp", "structure-fp", "submission-sha")
FIELDS = [
    ("another-unit", ("so-tu-phap", 2022, "scheme-fp", "structure-fp", "submission-sha")),
    ("another-year", ("so-noi-vu", 2023, "scheme-fp", "structure-fp", "submission-sha")),
    ("another-scheme", ("so-noi-vu", 2022, "scheme-fp2", "structure-fp", "submission-sha")),
    ("another-structure", ("so-noi-vu", 2022, "scheme-fp", "structure-fp2", "submission-sha")),
    ("another-submission", ("so-noi-vu", 2022, "scheme-fp", "structure-fp", "other-sha")),
    ("no-submission", ("so-noi-vu", 2022, "scheme-fp", "structure-fp")),
]


@pytest.mark.parametrize("arguments", [f[1] for f in FIELDS], ids=[f[0] for f in FIELDS])
def test_the_signature_covers_every_field(arguments: tuple[object, ...]) -> None:
    assert signature(SECRET, *arguments) != signature(SECRET, *BASE)  # type: ignore[arg-type]
    assert signature("1f" * 32, *BASE) != signature(SECRET, *BASE)
