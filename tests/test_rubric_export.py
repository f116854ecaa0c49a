"""The exported rubric workbook: its sheets, headers and notes, dropdowns, fonts, text cells, and what it refuses."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.conftest import make_scheme
from xl_dti.rubric.columns import IDENTITY_FIELDS, INDICATORS, RULE_PARAM_KEYS, SHEETS, SheetSpec
from xl_dti.rubric.errors import RubricError
from xl_dti.rubric.export import rubric_bytes
from xl_dti.scheme import load_scheme
from xl_dti.scheme.model import Aggregate, Grade, Group, Indicator, Scheme
from xl_dti.scheme.rules import RULE_KEYS, RULE_KINDS

LISTS = {"grades": Grade, "groups": Group, "aggregates": Aggregate}


def _workbook(scheme: Scheme) -> Workbook:
    return load_workbook(io.BytesIO(rubric_bytes(scheme)))


@pytest.fixture(scope="module")
def hau_giang() -> Workbook:
    return _workbook(load_scheme("haugiang-2022-so"))


def test_sheets_are_named_in_vietnamese_in_order(hau_giang: Workbook) -> None:
    assert hau_giang.sheetnames == ["Thông tin chung", "Chỉ số", "Xếp loại", "Nhóm đơn vị", "Trụ cột"]


@pytest.mark.parametrize("spec", SHEETS, ids=[s.title for s in SHEETS])
def test_every_column_has_its_key_as_header_and_a_note(hau_giang: Workbook, spec: SheetSpec) -> None:
    ws = hau_giang[spec.title]
    headers = [c.value for c in ws[1]]
    assert headers == [c.key for c in spec.columns]
    for cell in ws[1]:
        assert cell.comment is not None and cell.comment.text.startswith(f"{cell.value}: "), cell.coordinate


def test_columns_cover_every_key_of_the_language() -> None:
    indicator_keys = {c.key for c in INDICATORS.columns}
    assert indicator_keys == (set(Indicator.model_fields) - {"children"}) | RULE_KEYS | {"parent"}
    assert RULE_PARAM_KEYS | {"rule"} == RULE_KEYS
    assert {f.key for f in IDENTITY_FIELDS} == set(Scheme.model_fields) - {"grades", "groups", "indicators",
                                                                            "aggregates"}
    for spec in SHEETS:
        if spec.holds in LISTS:
            assert {c.key for c in spec.columns} == set(LISTS[spec.holds].model_fields), spec.title


def _validations(ws: Worksheet) -> dict[str, str]:
    return {str(v.sqref).split(":")[0]: v.formula1 for v in ws.data_validations.dataValidation}


def test_rule_kinds_are_a_dropdown(hau_giang: Workbook) -> None:
    ws = hau_giang["Chỉ số"]
    column = ws.cell(row=1, column=INDICATORS.position("rule")).column_letter
    assert _validations(ws)[f"{column}2"] == '"' + ",".join(RULE_KINDS) + '"'


def test_identity_choices_are_dropdowns(hau_giang: Workbook) -> None:
    ws = hau_giang["Thông tin chung"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    found = _validations(ws)
    assert found[f"B{rows['level']}"] == '"bo,tinh,so,huyen,xa"'
    assert found[f"B{rows['illustrative']}"] == '"Có,Không"'


def test_one_row_per_indicator_with_readable_rule_parameters(hau_giang: Workbook) -> None:
    ws = hau_giang["Chỉ số"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value}
    assert len(rows) == 29

    def value(code: str, key: str) -> object:
        return ws.cell(row=rows[code], column=INDICATORS.position(key)).value

    assert value("1.1", "options") == ("Người đứng đầu trực tiếp phụ trách = 1; Cấp phó được phân công phụ trách "
                                       "= 0.5; Chưa phân công lãnh đạo phụ trách : 0")
    assert value("1.3", "steps") == "4 : 10; 3 : 7.5; 2 : 5; 1 : 2.5"
    assert value("1.1", "parent") == "1" and value("1", "parent") is None
    assert value("1", "max") == 40 and value("1.1", "rule") == "choice"


def test_every_written_cell_is_times_new_roman(hau_giang: Workbook) -> None:
    fonts = {c.font.name for ws in hau_giang.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
    assert fonts == {"Times New Roman"}


def test_codes_are_text_and_text_is_never_a_formula() -> None:
    wb = _workbook(make_scheme('indicators:\n  - {code: "1.10", name: "=1+2", max: 10}\n'))
    ws = wb["Chỉ số"]
    assert (ws["A2"].value, ws["A2"].data_type, ws["A2"].number_format) == ("1.10", "s", "@")
    assert (ws["B2"].value, ws["B2"].data_type) == ("=1+2", "s")


@pytest.mark.parametrize(
    ("body", "code", "where"),
    [
        pytest.param("indicators:\n  - code: '1'\n    name: A\n    max: 10\n    rule: choice\n    options:\n"
                     "      - {label: 'Có; đủ', points: 10}\n", "rubric.label_separator",
                     "inline.yaml:8 indicators[0].options[0].label", id="semicolon-in-label"),
        pytest.param("groups:\n  - {code: so, name: Sở}\n"
                     "indicators:\n  - {code: '1', name: A, max: 10, applies_to: []}\n",
                     "rubric.empty_applies_to", "inline.yaml:10 indicators[0].applies_to", id="empty-applies-to"),
        pytest.param("indicators:\n  - {code: '1', name: A, max: 10}\n"
                     "aggregates:\n  - {code: ' X', name: X, of: ['1']}\n",
                     "rubric.edge_spaces", "inline.yaml aggregates[0].code", id="spaces-around-a-code"),
    ],
)
def test_a_scheme_the_cells_cannot_hold_is_refused_with_its_location(body: str, code: str, where: str) -> None:
    with pytest.raises(RubricError) as caught:
        rubric_bytes(make_scheme(body))
    assert [(p.code, p.where) for p in caught.value.problems] == [(code, where)]
