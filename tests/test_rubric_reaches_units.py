"""Units see the rubric: each indicator's description reaches the workbook, `xl-dti show` and the rubric export;
the workbook's instructions use neutral examples."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.conftest import scheme_yaml
from xl_dti.cli import app
from xl_dti.generate import generate
from xl_dti.rubric.export import export_rubric
from xl_dti.scheme import builtin_ids, load_scheme, parse_scheme
from xl_dti.units import Unit
from xl_dti.workbook.guide import guide_lines
from xl_dti.workbook.layout import FORM_SHEET, Col, compute_layout

runner = CliRunner()
DESCRIBED = {
    "1": "Đánh giá chung việc chỉ đạo chuyển đổi số của người đứng đầu.",
    "1.1": "Người đứng đầu làm Trưởng ban: đạt điểm tối đa; cấp phó: một nửa; chưa có: 0 điểm.",
    "1.2": "Tính trên các văn bản đi ban hành trong năm, không tính văn bản mật.",
}
BODY = f"""\
indicators:
  - code: "1"
    name: Chỉ đạo điều hành
    max: 20
    description: {DESCRIBED["1"]}
    children:
      - code: "1.1"
        name: Trưởng Ban chỉ đạo
        max: 10
        description: "{DESCRIBED["1.1"]}"
        rule: choice
        options:
          - {{label: Người đứng đầu, fraction: 1}}
          - {{label: Cấp phó, fraction: 0.5}}
          - {{label: Chưa có, points: 0}}
      - code: "1.2"
        name: Văn bản ký số
        max: 10
        description: {DESCRIBED["1.2"]}
        rule: ratio
        numerator: Văn bản ký số
        denominator: Văn bản đi
"""


@pytest.fixture(scope="module")
def scheme_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rubric") / "mo-ta.yaml"
    path.write_text(scheme_yaml(BODY), encoding="utf-8")
    return path


def _row_text(sheet: object, row: int) -> str:
    cells = [sheet.cell(row=row, column=c) for c in range(1, 20)]  # type: ignore[attr-defined]
    parts = [str(c.value) for c in cells if isinstance(c.value, str)]
    parts += [c.comment.text for c in cells if c.comment is not None]
    return "\n".join(parts)


def test_each_description_reaches_the_unit_in_its_row(scheme_file: Path, tmp_path: Path) -> None:
    scheme = load_scheme(scheme_file)
    report = generate(scheme, [Unit("so-a", "Sở A", None)], tmp_path / "out", year=2024)
    layout = compute_layout(scheme, None)
    workbook = load_workbook(report.files[0])
    sheet = workbook[FORM_SHEET]
    for code, text in DESCRIBED.items():
        assert text in _row_text(sheet, layout.node_row[code]), code
        row = layout.node_row[code]
        how = str(sheet[f"{Col.HOW}{row}"].value or "")
        if text in how:  # printed in the row: the row is tall enough for every line
            height = sheet.row_dimensions[row].height
            assert height is not None and height >= 15 * (how.count("\n") + 1)


def test_show_prints_each_description(scheme_file: Path) -> None:
    result = runner.invoke(app, ["show", str(scheme_file)])
    assert result.exit_code == 0
    shown = re.sub(r"[\s│├└─]+", " ", result.stdout)  # the tree wraps long lines at the console's width
    for text in DESCRIBED.values():
        assert text in shown


def test_rubric_export_carries_each_description(scheme_file: Path, tmp_path: Path) -> None:
    path = export_rubric(load_scheme(scheme_file), tmp_path / "rubric.xlsx")
    values = {str(c.value) for row in load_workbook(path).worksheets[1].iter_rows() for c in row if c.value}
    assert set(DESCRIBED.values()) <= values


DOCUMENT_NUMBER = re.compile(r"\b\d+/[A-ZĐ]{1,6}-[A-ZĐ]{2,}")  # «05/KH-SNV», «1949/QĐ-UBND»


@pytest.mark.parametrize("scheme_id", [*builtin_ids(), "inline"])
def test_instructions_use_neutral_examples(scheme_id: str) -> None:
    scheme = parse_scheme(scheme_yaml(BODY), "x.yaml")[0] if scheme_id == "inline" else load_scheme(scheme_id)
    assert scheme is not None
    group = scheme.groups[0].code if scheme.groups else None
    lines = guide_lines(compute_layout(scheme, group), Unit("xa-a", "UBND xã A", group), 2024, "15/01/2025", "")
    text = "\n".join(line.text for line in lines)
    decision = scheme.decision or ""
    assert not DOCUMENT_NUMBER.findall(text.replace(decision, ""))
