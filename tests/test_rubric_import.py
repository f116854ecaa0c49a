"""Importing a rubric workbook: every problem collected and located at its cell; secretariats' own tables.

Each test writes its input workbook inline, one markdown table per sheet (pyxform's habit): a
cell that looks like a number is written as a number, as a person typing it would get; a cell
starting with ``'`` is written as the text after it.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from xl_dti.rubric.importer import read_rubric
from xl_dti.scheme.loader import scheme_to_data

IDENTITY = """
| key      | value                   |
| id       | test-scheme             |
| title    | Bộ chỉ số thử nghiệm    |
| issuer   | UBND tỉnh Thử           |
| decision | Quyết định số 1/QĐ-UBND |
| level    | so                      |
| year     | 2024                    |
"""
INDICATORS = """
| code | name          | parent | max | rule   | options                           | numerator | denominator | na |
| 1    | Nhận thức số  |        | 20  |        |                                   |           |             |    |
| 1.1  | Trưởng ban    | 1      | 10  | choice | Người đứng đầu = 1; Cấp phó = 0.5 |           |             |    |
| 1.2  | Văn bản ký số | 1      | 10  | ratio  |                                   | Số ký số  | Tổng số     |    |
| 2    | Hạ tầng       |        | 10  | yes_no |                                   |           |             | Có |
"""
GRADES = """
| label | min |
| Tốt   | 20  |
| Khá   | 10  |
| Yếu   |     |
"""
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _typed(text: str) -> Any:
    if text.startswith("'"):
        return text[1:]
    if NUMBER.match(text):
        return float(text) if "." in text else int(text)
    return text


def _rows(table: str) -> list[list[str]]:
    lines = [line.strip() for line in table.strip().splitlines() if line.strip().startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]


def write_rubric(path: Path, **sheets: str | None) -> Path:
    """A workbook with one sheet per markdown table (``None`` leaves the sheet out)."""
    tables = {"Thông tin chung": IDENTITY, "Chỉ số": INDICATORS, "Xếp loại": None}
    tables.update({k.replace("_", " "): v for k, v in sheets.items()})
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, table in tables.items():
        if table is None:
            continue
        ws = workbook.create_sheet(title)
        for r, cells in enumerate(_rows(table), start=1):
            for c, text in enumerate(cells, start=1):
                if text:
                    ws.cell(row=r, column=c, value=_typed(text))
    workbook.save(path)
    return path


def edit(table: str, old: str, new: str) -> str:
    assert old in table, old
    return table.replace(old, new, 1)


def test_a_clean_rubric_imports(tmp_path: Path) -> None:
    scheme, problems = read_rubric(write_rubric(tmp_path / "rubric.xlsx", Xếp_loại=GRADES))
    assert problems == []
    assert scheme is not None
    data = scheme_to_data(scheme)
    assert [n["code"] for n in data["indicators"]] == ["1", "2"]
    assert data["indicators"][0]["children"][0] == {
        "code": "1.1", "name": "Trưởng ban", "max": 10, "rule": "choice",
        "options": [{"label": "Người đứng đầu", "fraction": 1}, {"label": "Cấp phó", "fraction": 0.5}],
    }
    assert data["indicators"][1]["na"] is True
    assert data["grades"] == [{"label": "Tốt", "min": 20}, {"label": "Khá", "min": 10}, {"label": "Yếu"}]


# (id, sheets, code, cell): the one problem the workbook has, and where
CASES = [
    ("unknown-column", {"Chỉ_số": edit(INDICATORS, "| na |", "| na | maxx |")},
     "rubric.unknown_column", "'Chỉ số'!J1"),
    ("duplicate-column", {"Chỉ_số": edit(INDICATORS, "| na |", "| na | MAX |")},
     "rubric.duplicate_column", "'Chỉ số'!J1"),
    ("duplicate-code", {"Chỉ_số": edit(INDICATORS, "| 1.2  | Văn", "| 1.1  | Văn")},
     "rubric.duplicate_code", "'Chỉ số'!A4"),
    ("children-not-adding-up", {"Chỉ_số": edit(INDICATORS, "| 20  |", "| 25  |")},
     "max.sum_mismatch", "'Chỉ số'!D2"),
    ("unknown-rule-kind", {"Chỉ_số": edit(INDICATORS, "| yes_no |", "| yesno  |")},
     "value.invalid", "'Chỉ số'!E5"),
    ("missing-parameter", {"Chỉ_số": edit(INDICATORS, "| Số ký số  |", "|           |")},
     "key.missing", "'Chỉ số'!G4"),
    ("parameter-of-another-rule", {"Chỉ_số": edit(INDICATORS, "| yes_no |                                   |",
                                                  "| yes_no | A : 1                             |")},
     "key.unknown", "'Chỉ số'!F5"),
    ("bad-option", {"Chỉ_số": edit(INDICATORS, "Cấp phó = 0.5", "Cấp phó      ")},
     "rubric.bad_entry", "'Chỉ số'!F3"),
    ("option-above-max", {"Chỉ_số": edit(INDICATORS, "Cấp phó = 0.5", "Cấp phó : 50 ")},
     "rule.above_max", "'Chỉ số'!F3"),
    ("unknown-parent", {"Chỉ_số": edit(INDICATORS, "| 1.2  | Văn bản ký số | 1 ", "| 1.2  | Văn bản ký số | 9 ")},
     "rubric.unknown_parent", "'Chỉ số'!C4"),
    ("parent-below", {"Chỉ_số": edit(INDICATORS, "| 1.2  | Văn bản ký số | 1 ", "| 1.2  | Văn bản ký số | 2 ")},
     "rubric.parent_below", "'Chỉ số'!C4"),
    ("parent-itself", {"Chỉ_số": edit(INDICATORS, "| 1.1  | Trưởng ban    | 1 ", "| 1.1  | Trưởng ban    | '1.1")},
     "rubric.parent_self", "'Chỉ số'!C3"),
    ("not-yes-no", {"Chỉ_số": edit(INDICATORS, "| Có |", "| Hmm |")}, "rubric.not_yes_no", "'Chỉ số'!I5"),
    ("max-not-a-number", {"Chỉ_số": edit(INDICATORS, "| Hạ tầng       |        | 10  |", "| Hạ tầng | | mười |")},
     "value.invalid", "'Chỉ số'!D5"),
    ("missing-name", {"Chỉ_số": edit(INDICATORS, "| Hạ tầng       |", "|               |")},
     "key.missing", "'Chỉ số'!B5"),
    ("unknown-identity-key", {"Thông_tin_chung": IDENTITY + "| yeer | 2024 |\n"},
     "rubric.unknown_key", "'Thông tin chung'!A8"),
    ("duplicate-identity-key", {"Thông_tin_chung": IDENTITY + "| year | 2025 |\n"},
     "rubric.duplicate_key", "'Thông tin chung'!A8"),
    ("bad-level", {"Thông_tin_chung": edit(IDENTITY, "| so ", "| tỉnh ")}, "value.invalid", "'Thông tin chung'!B6"),
    ("missing-title", {"Thông_tin_chung": edit(IDENTITY, "| title    | Bộ chỉ số thử nghiệm    |\n", "")},
     "key.missing", "'Thông tin chung'!A1"),
    ("scheme-max", {"Thông_tin_chung": IDENTITY + "| max | 99 |\n"}, "max.scheme_mismatch", "'Thông tin chung'!B8"),
    ("grades-order", {"Xếp_loại": edit(GRADES, "| Khá   | 10  |", "| Khá   | 25  |")},
     "grades.order", "'Xếp loại'!B3"),
    ("unknown-group", {"Chỉ_số": edit(edit(INDICATORS, "| na |", "| na | applies_to |"), "| Có |", "| Có | xa |"),
                       "Nhóm_đơn_vị": "| code | name |\n| so | Sở |"},
     "applies_to.unknown_group", "'Chỉ số'!J5"),
    ("aggregate-unknown-member", {"Trụ_cột": "| code | name | of |\n| X | Trụ X | 1, 9 |"},
     "aggregate.unknown_code", "'Trụ cột'!C2"),
    ("unnamed-column", {"Chỉ_số": edit(edit(INDICATORS, "| na |", "| na |    |"), "| Có |", "| Có | ? |")},
     "rubric.unnamed_column", "'Chỉ số'!J5"),
    ("bad-step", {"Chỉ_số": edit(edit(INDICATORS, "| na |", "| na | steps |"), "| yes_no |", "| steps  |")
                  .replace("| Có |", "| Có | 4 - 10 |")},
     "rubric.bad_entry", "'Chỉ số'!J5"),
]


@pytest.mark.parametrize(("sheets", "code", "cell"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_problem_is_located_at_its_cell(tmp_path: Path, sheets: dict[str, str], code: str, cell: str) -> None:
    path = write_rubric(tmp_path / "rubric.xlsx", **sheets)
    scheme, problems = read_rubric(path)
    assert scheme is None
    assert [(p.code, p.where) for p in problems] == [(code, f"{path} › {cell}")], [str(p) for p in problems]


def test_a_misspelt_column_is_both_unknown_and_missing(tmp_path: Path) -> None:
    path = write_rubric(tmp_path / "rubric.xlsx", Chỉ_số=edit(INDICATORS, "| max |", "| maxx |"))
    _, problems = read_rubric(path)
    assert [(p.code, p.where.split(" › ")[1]) for p in problems] == [
        ("rubric.missing_column", "'Chỉ số'!A1"),
        ("rubric.unknown_column", "'Chỉ số'!D1"),
    ]
    assert "did you mean 'max'?" in problems[1].message


def test_a_missing_sheet_is_named(tmp_path: Path) -> None:
    path = write_rubric(tmp_path / "rubric.xlsx", Chỉ_số=None)
    _, problems = read_rubric(path)
    assert [(p.code, p.where, p.params["sheet"]) for p in problems] == [("rubric.missing_sheet", str(path), "Chỉ số")]


def test_every_problem_is_collected_in_sheet_order(tmp_path: Path) -> None:
    indicators = edit(edit(INDICATORS, "| 20  |", "| 25  |"), "| Có |", "| Hmm |")
    path = write_rubric(tmp_path / "rubric.xlsx", Chỉ_số=indicators,
                        Thông_tin_chung=edit(IDENTITY, "| so ", "| tỉnh "),
                        Xếp_loại=edit(GRADES, "| Khá   | 10  |", "| Khá   | 25  |"))
    _, problems = read_rubric(path)
    assert [(p.code, p.where.split(" › ")[1]) for p in problems] == [
        ("value.invalid", "'Thông tin chung'!B6"),
        ("rubric.not_yes_no", "'Chỉ số'!I5"),
    ]  # pydantic stops the type-valid checks (sums, bands) until the values are right, as for YAML
    _, problems = read_rubric(write_rubric(tmp_path / "again.xlsx", Chỉ_số=edit(indicators, "| Hmm |", "| Có  |"),
                                           Xếp_loại=edit(GRADES, "| Khá   | 10  |", "| Khá   | 25  |")))
    assert [(p.code, p.where.split(" › ")[1]) for p in problems] == [
        ("max.sum_mismatch", "'Chỉ số'!D2"),
        ("grades.order", "'Xếp loại'!B3"),
    ]


def test_a_secretariats_own_table_imports(tmp_path: Path) -> None:
    table = """
| BỘ CHỈ SỐ ĐÁNH GIÁ CHUYỂN ĐỔI SỐ |
| STT | Chỉ số       | Điểm tối đa | Cách tính điểm | Tài liệu kiểm chứng | Nguồn dữ liệu | Đơn vị xác minh |
| 1   | Nhận thức số | 20          |                |                     |               |                 |
| 1.1 | Trưởng ban   | 10          | Có: 10 điểm    | Quyết định          | Báo cáo       | Sở KH&CN        |
| 1.2 | Họp          | 10          | Mỗi cuộc 2 điểm |                    |               |                 |
| 2   | Hạ tầng      | 10          |                |                     |               |                 |
"""
    scheme, problems = read_rubric(write_rubric(tmp_path / "rubric.xlsx", Chỉ_số=table))
    assert problems == []
    assert scheme is not None
    assert scheme.tree.parent == {"1": None, "1.1": "1", "1.2": "1", "2": None}
    node = scheme.tree.by_code["1.1"]
    assert (node.description, node.evidence, node.source, node.verifier) == ("Có: 10 điểm", "Quyết định", "Báo cáo",
                                                                           "Sở KH&CN")


def _patched(path: Path, sheet: str, cell: str, value: Any) -> Path:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    workbook[sheet][cell] = value
    workbook.save(path)
    return path


@pytest.mark.parametrize(
    ("cell", "value", "code"),
    [
        pytest.param("A3", datetime(2024, 2, 1), "rubric.date_cell", id="code-became-a-date"),
        pytest.param("D3", "=5+5", "rubric.formula_not_calculated", id="formula-never-calculated"),
        pytest.param("D3", "#REF!", "rubric.error_value", id="error-value"),
    ],
)
def test_cells_a_spreadsheet_spoiled(tmp_path: Path, cell: str, value: Any, code: str) -> None:
    path = _patched(write_rubric(tmp_path / "rubric.xlsx"), "Chỉ số", cell, value)
    _, problems = read_rubric(path)
    assert (problems[0].code, problems[0].where) == (code, f"{path} › 'Chỉ số'!{cell}")


@pytest.mark.parametrize(
    ("name", "code"),
    [("rubric.xls", "rubric.not_xlsx"), ("missing.xlsx", "file.not_found")],
)
def test_files_that_cannot_be_read(tmp_path: Path, name: str, code: str) -> None:
    scheme, problems = read_rubric(tmp_path / name)
    assert scheme is None and [p.code for p in problems] == [code]
