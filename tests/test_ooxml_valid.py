"""Every part of every file xl-dti writes validates against the OOXML schemas, hostile-but-legal inputs included.

One round is run on a scheme written here to be awkward (wildcard characters in labels, a 70-step
rule, a name as long as a cell holds in UTF-16 units, bonus, penalty, N/A), for units with long
Vietnamese names and a long Vietnamese password: unit workbooks (native and ``--formulas udf``), the units' returned
files, master.xlsx, the appraisal workbooks and the rubric workbook. Each is checked part by part.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import make_scheme
from tests.ooxml import limit_problems, problems
from tests.test_protection import _protections, _sha512
from xl_dti.appraisal.run import appraise
from xl_dti.consolidation.run import consolidate
from xl_dti.generate import generate
from xl_dti.registry import load_registry
from xl_dti.rubric.export import rubric_bytes
from xl_dti.units import Unit
from xl_dti.workbook.fill import fill_workbook
from xl_dti.workbook.layout import FORM_SHEET, compute_layout

STEPS = ", ".join(f"{{min: {n}, points: {n / 10}}}" for n in range(1, 71))
LONG = "Nội dung rất dài của hướng dẫn chấm điểm; " * 770  # 32,340 characters: almost all a cell holds

HOSTILE = make_scheme(
    f"""\
result: points
decimals: 2
grades:
  - {{label: "Tốt (*)", min: 80}}
  - {{label: "Khá ~ trung bình?", min: 50}}
  - {{label: Yếu}}
indicators:
  - code: "1"
    name: "Nhận thức * và ? kỹ năng ~"
    max: 27
    na: true
    children:
      - code: "1.1"
        name: Mức độ
        max: 10
        description: "{LONG}"
        rule: choice
        options: [{{label: "Đạt mức ~1", points: 2}}, {{label: "Đạt mức (*)", points: 10}}, {{label: "?", points: 5}}]
      - code: "1.2"
        name: Nội dung
        max: 10
        rule: parts
        parts: [{{label: "*", points: 3}}, {{label: "Dự họp (~)", points: 3}}, {{label: "Báo cáo?", points: 4}}]
      - {{code: "1.3", name: "{"Tên rất dài 😀 " * 2184}", max: 7, rule: steps, input: Số lần, steps: [{STEPS}]}}
  - {{code: T, name: Thưởng, max: 5, effect: bonus, rule: count, each: 1, input: Sáng kiến}}
  - {{code: P, name: Trừ, max: 5, effect: penalty, rule: yes_no}}
"""
)
UNITS = [
    Unit("so-a", "Sở Thông tin và Truyền thông tỉnh Hậu Giang — đơn vị thử nghiệm có tên rất dài " * 3, None),
    Unit("so-b", "Ủy ban nhân dân huyện Châu Thành A (*)", None),
]
ANSWERS = {"1.1": "Đạt mức (*)", "1.2": ["*", "Báo cáo?"], "1.3": 64, "T": 2, "P": "Không",
           "1.1 evidence": "😀" * 16384}  # a hostile file: more UTF-16 units than Excel lets a cell hold
PASSWORD = "Mật khẩu của Văn phòng Ủy ban nhân dân tỉnh 2024 ~*?"


def _put_evidence(path: Path, text: str) -> None:
    workbook = load_workbook(path)
    layout = compute_layout(HOSTILE, None)
    workbook[FORM_SHEET][layout.text_cells("1.1")["evidence"]] = text
    workbook.save(path)


@pytest.fixture(scope="module")
def round_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    root = tmp_path_factory.mktemp("ooxml")
    native = generate(HOSTILE, UNITS, root / "native", year=2024, deadline="15/01/2025", password=PASSWORD)
    udf = generate(HOSTILE, UNITS, root / "udf", year=2024, formulas="udf")
    returned = root / "returned"
    returned.mkdir()
    for path, unit in zip(native.files, UNITS, strict=True):
        fill_workbook(path, returned / f"{unit.code}.xlsx", HOSTILE, {k: v for k, v in ANSWERS.items() if " " not in k})
        _put_evidence(returned / f"{unit.code}.xlsx", ANSWERS["1.1 evidence"])
    registry = load_registry(native.registry)
    consolidate(HOSTILE, returned, registry, root / "master", jobs=1)
    appraise(HOSTILE, returned, registry, root / "appraisal", jobs=1)
    rubric = root / "rubric.xlsx"
    rubric.write_bytes(rubric_bytes(HOSTILE))
    return {
        "unit workbook": native.files,
        "udf workbook": udf.files,
        "returned workbook": sorted(returned.glob("*.xlsx")),
        "master": [root / "master" / "master.xlsx"],
        "appraisal workbook": sorted((root / "appraisal").glob("*.xlsx")),
        "rubric workbook": [rubric],
    }


@pytest.mark.parametrize(
    "kind", ["unit workbook", "udf workbook", "returned workbook", "master", "appraisal workbook", "rubric workbook"]
)
def test_every_part_validates(round_files: dict[str, list[Path]], kind: str) -> None:
    paths = round_files[kind]
    assert paths, f"no {kind} was written"
    found = [f"{path.name} › {problem}" for path in paths for problem in problems(path)]
    assert found == []


@pytest.mark.parametrize("kind", ["unit workbook", "udf workbook", "master", "appraisal workbook", "rubric workbook"])
def test_nothing_passes_excel_limits(round_files: dict[str, list[Path]], kind: str) -> None:
    # (the returned workbooks are left out: one holds the hostile unit's over-long evidence on purpose)
    found = [f"{path.name} › {problem}" for path in round_files[kind] for problem in limit_problems(path)]
    assert found == []


@pytest.mark.parametrize("kind", ["unit workbook", "returned workbook", "appraisal workbook"])
def test_the_long_vietnamese_password_protects_every_sheet_as_excel_verifies(round_files: dict[str, list[Path]],
                                                                             kind: str) -> None:
    for path in round_files[kind]:
        protections = _protections(path)
        assert protections and all(p.get("algorithmname") == "SHA-512" for p in protections)
        for stored in protections:
            salt = base64.b64decode(stored["saltvalue"])
            assert stored["hashvalue"] == _sha512(PASSWORD, salt, int(stored["spincount"]))
