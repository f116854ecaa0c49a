"""The appraisal round on a scheme written here: every row kind, N/A of every kind, cells read like a unit's inputs."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import make_scheme
from tests.returned import set_cell_xml
from tests.tools import locate, needs
from xl_dti import Submission, score_units
from xl_dti.appraisal.fill import fill_appraisal
from xl_dti.appraisal.layout import APPRAISAL_SHEET, appraisal_layout
from xl_dti.appraisal.run import appraisal_name, appraise
from xl_dti.consolidation.run import Consolidation, consolidate
from xl_dti.generate import generate
from xl_dti.registry import Registry, load_registry
from xl_dti.scheme.model import Scheme
from xl_dti.units import Unit
from xl_dti.workbook.fill import fill_workbook
from xl_dti.workbook.structure import signature

SCHEME = """\
groups:
  - {code: xa, name: Xã}
  - {code: phuong, name: Phường}
indicators:
  - code: "1"
    name: Hạ tầng số
    max: 30
    children:
      - {code: "1.1", name: Số máy tính kết nối mạng, max: 10, rule: points, step: 0.5}
      - {code: "1.2", name: Có cổng thông tin điện tử riêng, max: 10, rule: yes_no, na: true}
      - {code: "1.3", name: Tỉ lệ hồ sơ trực tuyến, max: 10, rule: ratio, numerator: Hồ sơ trực tuyến,
         denominator: Tổng số hồ sơ}
  - code: "2"
    name: Đô thị thông minh
    max: 10
    applies_to: [phuong]
    children:
      - {code: "2.1", name: Camera giám sát giao thông, max: 10, rule: yes_no}
  - code: "3"
    name: Điểm thưởng
    max: 5
    effect: bonus
    children:
      - {code: "3.1", name: Sáng kiến chuyển đổi số, max: 5, rule: points}
  - code: "4"
    name: Điểm trừ
    max: 5
    effect: penalty
    children:
      - {code: "4.1", name: Sự cố mất an toàn thông tin, max: 5, rule: points}
"""
UNITS = [Unit("phuong-1", "Phường 1", "phuong"), Unit("xa-a", "Xã A", "xa")]
FULL = {"1.1": 8, "1.2": "Có", "1.3": [40, 50], "2.1": "Có", "3.1": 2, "4.1": 1}
# (group, answers): the N/A rows of each kind, one kind per unit
NA_KINDS = {
    "marked": ("phuong-1", {**FULL, "1.2": "KĐG"}),
    "applies_to": ("xa-a", {k: v for k, v in FULL.items() if k != "2.1"}),
    "zero_denominator": ("phuong-1", {**FULL, "1.3": [0, 0]}),
}


@dataclass
class Round:
    """A generated round of the inline scheme, and a folder of returned files."""

    scheme: Scheme
    registry: Registry
    blanks: Path
    returned: Path
    folder: Path

    def send(self, unit: str, answers: dict[str, Any]) -> Path:
        """The unit's workbook filled with ``answers``, in the returned folder."""
        target = self.returned / f"{unit}.xlsx"
        fill_workbook(self.blanks / self.registry.units[unit].file, target, self.scheme, answers)
        return target

    def appraise(self, out: str = "phieu") -> Path:
        """The appraisal workbooks of the accepted files."""
        appraise(self.scheme, self.returned, self.registry, self.folder / out, jobs=1)
        return self.folder / out

    def consolidate(self, appraisals: Path, out: str = "ket-qua") -> Consolidation:
        """The consolidation with the council's appraisals."""
        return consolidate(self.scheme, self.returned, self.registry, self.folder / out, appraisals=appraisals,
                           jobs=1)


@pytest.fixture
def year(tmp_path: Path) -> Round:
    scheme = make_scheme(SCHEME)
    report = generate(scheme, UNITS, tmp_path / "bieu-mau", year=2024)
    returned = tmp_path / "gui-ve"
    returned.mkdir()
    return Round(scheme, load_registry(report.registry), tmp_path / "bieu-mau", returned, tmp_path)


def _appraisal_outcomes(run: Consolidation) -> dict[str, Any]:
    return {o.reading.unit_code: o for o in run.outcomes if o.reading.name.startswith("thẩm định/")}


@pytest.mark.parametrize("kind", list(NA_KINDS))
def test_an_untouched_appraisal_of_a_unit_with_na_rows_is_accepted(year: Round, kind: str) -> None:
    unit, answers = NA_KINDS[kind]
    year.send(unit, answers)
    run = year.consolidate(year.appraise())
    outcome = _appraisal_outcomes(run)[unit]
    assert outcome.outcome == "accepted", [str(p) for p in outcome.problems]
    (own,) = score_units(year.scheme, [Submission(unit, answers, next(u.group for u in UNITS if u.code == unit))])
    assert any(n.na for n in own.nodes.values()), "the case has an N/A row"
    row = next(r for r in run.rows if r.unit_code == unit)
    assert row.appraised and row.result.total == own.total


@pytest.mark.parametrize("kind", list(NA_KINDS))
def test_the_councils_points_on_a_unit_with_na_rows_count(year: Round, kind: str) -> None:
    unit, answers = NA_KINDS[kind]
    year.send(unit, answers)
    written = year.appraise()
    filled = year.folder / "da-tham-dinh"
    source = written / appraisal_name(2024, unit)
    fill_appraisal(source, filled / source.name, year.scheme, {"1.1": 4, "3.1": 0, "4.1": 3})
    run = year.consolidate(filled)
    assert _appraisal_outcomes(run)[unit].outcome == "accepted"
    group = next(u.group for u in UNITS if u.code == unit)
    council = {"1.1": Decimal(4), "3.1": Decimal(0), "4.1": Decimal(3)}
    (expected,) = score_units(year.scheme, [Submission(unit, answers, group, council)])
    row = next(r for r in run.rows if r.unit_code == unit)
    assert row.result.total == expected.total and row.result.nodes["1.1"].points == 4
    assert row.self_result is not None and row.self_result.total != expected.total


def test_points_typed_on_an_na_row_reject_the_appraisal_naming_the_cell(year: Round, tmp_path: Path) -> None:
    year.send("phuong-1", NA_KINDS["marked"][1])
    source = year.appraise() / appraisal_name(2024, "phuong-1")
    address = appraisal_layout(year.scheme).appraised_cell("1.2")
    filled = tmp_path / "da-tham-dinh"
    filled.mkdir()
    set_cell_xml(source, filled / source.name, "xl/worksheets/sheet1.xml", address, f'<c r="{address}"><v>5</v></c>')
    outcome = _appraisal_outcomes(year.consolidate(filled))["phuong-1"]
    assert outcome.outcome == "rejected" and outcome.codes == ["appraisal.na_row"]
    assert outcome.problems[0].where == f"'{APPRAISAL_SHEET}'!{address}"


def _typed(year: Round, tmp_path: Path, xml: str) -> Any:
    """An appraisal whose 1.1 cell holds ``xml`` (as a spreadsheet would store what the council typed)."""
    year.send("phuong-1", FULL)
    source = year.appraise() / appraisal_name(2024, "phuong-1")
    address = appraisal_layout(year.scheme).appraised_cell("1.1")
    filled = tmp_path / "da-tham-dinh"
    filled.mkdir()
    set_cell_xml(source, filled / source.name, "xl/worksheets/sheet1.xml", address,
                 xml.format(address=address))
    return _appraisal_outcomes(year.consolidate(filled))["phuong-1"], f"'{APPRAISAL_SHEET}'!{address}"


def test_a_decimal_comma_is_read_with_the_units_warning(year: Round, tmp_path: Path) -> None:
    outcome, where = _typed(year, tmp_path, '<c r="{address}" t="inlineStr"><is><t>1,5</t></is></c>')
    assert outcome.outcome == "accepted" and outcome.codes == ["input.decimal_comma"]
    assert outcome.problems[0].where == where and outcome.problems[0].severity == "warning"


@pytest.mark.parametrize(
    ("xml", "what"),
    [
        ('<c r="{address}"><f>F9*2</f><v>16</v></c>', "công thức"),
        ('<c r="{address}" t="inlineStr"><is><t>8 điểm</t></is></c>', "8 điểm"),
        ('<c r="{address}" t="inlineStr"><is><t>1.000</t></is></c>', "1.000"),
        ('<c r="{address}" t="b"><v>1</v></c>', "TRUE"),
        ('<c r="{address}" t="e"><v>#REF!</v></c>', "#REF!"),
    ],
    ids=["formula", "text", "thousands", "boolean", "error"],
)
def test_a_cell_that_is_not_a_number_rejects_the_appraisal_saying_what_to_type(
    year: Round, tmp_path: Path, xml: str, what: str
) -> None:
    outcome, where = _typed(year, tmp_path, xml)
    assert outcome.outcome == "rejected" and outcome.codes == ["appraisal.not_number"]
    problem = outcome.problems[0]
    assert problem.where == where and what in problem.message and "từ 0 đến 10" in problem.message
    assert "biểu mẫu gốc" not in problem.message


def test_a_formula_in_a_comment_is_not_ignored(year: Round, tmp_path: Path) -> None:
    year.send("phuong-1", FULL)
    source = year.appraise() / appraisal_name(2024, "phuong-1")
    address = appraisal_layout(year.scheme).comment_cell("1.1")
    filled = tmp_path / "da-tham-dinh"
    filled.mkdir()
    set_cell_xml(source, filled / source.name, "xl/worksheets/sheet1.xml", address,
                 f'<c r="{address}" t="str"><f>"Đạt"&amp;"!"</f><v>Đạt!</v></c>')
    outcome = _appraisal_outcomes(year.consolidate(filled))["phuong-1"]
    assert outcome.outcome == "rejected" and outcome.codes == ["appraisal.comment_formula"]
    assert outcome.problems[0].where == f"'{APPRAISAL_SHEET}'!{address}"


def test_an_appraisal_with_a_sheet_added_is_rejected_in_the_councils_words(year: Round, tmp_path: Path) -> None:
    year.send("phuong-1", FULL)
    source = year.appraise() / appraisal_name(2024, "phuong-1")
    filled = tmp_path / "da-tham-dinh"
    filled.mkdir()
    workbook = load_workbook(source)
    workbook.create_sheet("Ghi chú của tổ thẩm định")
    workbook.save(filled / source.name)
    outcome = _appraisal_outcomes(year.consolidate(filled))["phuong-1"]
    assert outcome.outcome == "rejected" and outcome.codes == ["appraisal.sheets"]
    assert "Ghi chú của tổ thẩm định" in outcome.problems[0].message
    assert "biểu mẫu gốc" not in outcome.problems[0].message


def test_an_appraisal_workbook_from_before_the_ods_fingerprint_is_still_accepted(year: Round, tmp_path: Path) -> None:
    year.send("phuong-1", FULL)
    source = year.appraise() / appraisal_name(2024, "phuong-1")
    filled = tmp_path / "da-tham-dinh"
    filled.mkdir()
    workbook = load_workbook(source)
    meta = {row[0].value: row[1] for row in workbook["_meta"].iter_rows()}
    unit = year.registry.units["phuong-1"]
    meta["values_fingerprint"].value = None  # signed as the earlier version signed it
    meta["signature"].value = signature(unit.secret, unit.code, 2024, year.registry.scheme_fingerprint,
                                        meta["structure_fingerprint"].value, meta["submission_sha256"].value)
    workbook.save(filled / source.name)
    outcome = _appraisal_outcomes(year.consolidate(filled))["phuong-1"]
    assert outcome.outcome == "accepted", [str(p) for p in outcome.problems]


def test_a_rejected_appraisal_is_attributed_to_its_unit_in_the_manifest(year: Round, tmp_path: Path) -> None:
    year.send("phuong-1", FULL)
    source = year.appraise() / appraisal_name(2024, "phuong-1")
    filled = tmp_path / "da-tham-dinh"
    filled.mkdir()
    workbook = load_workbook(source)  # the council edits a locked cell: the structure changed
    workbook[APPRAISAL_SHEET]["C7"] = 99
    workbook.save(filled / source.name)
    year.consolidate(filled)
    manifest = json.loads((year.folder / "ket-qua" / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = [f for f in manifest["files"] if f["name"].startswith("thẩm định/")]
    assert entry["outcome"] == "rejected" and entry["unit_code"] == "phuong-1"


@needs("gnumeric")
@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_an_appraisal_saved_by_gnumeric_is_accepted(year: Round, tmp_path: Path, suffix: str) -> None:
    unit, answers = NA_KINDS["applies_to"]
    year.send(unit, answers)
    source = year.appraise() / appraisal_name(2024, unit)
    saved = tmp_path / "da-tham-dinh" / (source.stem + suffix)
    saved.parent.mkdir()
    subprocess.run([locate("gnumeric"), str(source), str(saved)], check=True, capture_output=True, timeout=120)
    outcome = _appraisal_outcomes(year.consolidate(saved.parent))[unit]
    assert outcome.outcome == "accepted", [str(p) for p in outcome.problems]
