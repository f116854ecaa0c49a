"""Every sheet of every workbook xl-dti writes prints legibly on A4 from LibreOffice.

A round on a scheme written here (long names and descriptions that wrap, N/A by group, a bonus and a
penalty): the unit's workbook, master.xlsx and the council's appraisal workbook are printed to PDF by
a real LibreOffice. Each visible sheet's text must all be in the PDF, no row may be shorter than its
wrapped text (LibreOffice's own optimal height), every page is A4, and the page count stays bounded
(one page wide; a small sheet and its chart on one page).
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from tests.conftest import scheme_yaml
from tests.lo_print import Printed, print_workbooks
from tests.lo_typing import needs_uno
from xl_dti.appraisal.run import appraise
from xl_dti.consolidation.run import consolidate
from xl_dti.generate import generate
from xl_dti.registry import load_registry
from xl_dti.scheme import parse_scheme
from xl_dti.units import Unit
from xl_dti.workbook.fill import fill_workbook

LONG = ("Tỉ lệ văn bản đi được ký số và gửi trên môi trường điện tử qua hệ thống quản lý văn bản và điều hành "
        "của tỉnh, không kể văn bản mật")
SCHEME = f"""\
groups:
  - {{code: so, name: "Sở, ban, ngành"}}
  - {{code: xa, name: "UBND xã, phường"}}
grades:
  - {{label: Tốt, min: 80}}
  - {{label: Khá, min: 50}}
  - {{label: Yếu}}
indicators:
  - code: "1"
    name: Chỉ đạo, điều hành công tác chuyển đổi số của người đứng đầu cơ quan, đơn vị
    max: 60
    description: Đánh giá việc chỉ đạo, điều hành chuyển đổi số trong năm, căn cứ các văn bản của cơ quan.
    children:
      - code: "1.1"
        name: Người đứng đầu làm Trưởng Ban chỉ đạo chuyển đổi số
        max: 20
        rule: choice
        options:
          - {{label: Người đứng đầu, fraction: 1}}
          - {{label: Cấp phó, fraction: 0.5}}
          - {{label: Chưa thành lập, points: 0}}
        evidence: Quyết định thành lập Ban chỉ đạo (số, ngày, trích yếu)
      - code: "1.2"
        name: {LONG}
        max: 20
        description: Tử số là số văn bản đi được ký số; mẫu số là tổng số văn bản đi trong năm đánh giá.
        rule: ratio
        numerator: Số văn bản ký số
        denominator: Tổng số văn bản đi
      - {{code: "1.3", name: Dịch vụ công trực tuyến toàn trình, max: 20, applies_to: [xa], na: true}}
  - code: "2"
    name: Hạ tầng số
    max: 40
    children:
      - {{code: "2.1", name: "Máy chủ, đường truyền và thiết bị an toàn thông tin mạng", max: 40, rule: yes_no}}
  - {{code: T, name: Điểm thưởng sáng kiến chuyển đổi số được công nhận, max: 10, effect: bonus, rule: count,
      each: 5, input: Số sáng kiến}}
  - {{code: P, name: Điểm trừ sự cố mất an toàn thông tin, max: 10, effect: penalty, rule: count, each: 5,
      input: Số sự cố}}
"""
UNIT = Unit("so-tttt", "Sở Thông tin và Truyền thông (nay là Sở Khoa học và Công nghệ)", "so")
ANSWERS = {"1.1": "Người đứng đầu",
           "1.2": {"value": [180, 200], "evidence": "Báo cáo số …/BC-… về kết quả ký số văn bản đi năm 2024, "
                                                    "kèm danh mục văn bản trích xuất từ hệ thống"},
           "2.1": "Có", "T": 1, "P": 1}


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Printed]]:
    folder = tmp_path_factory.mktemp("printing")
    scheme, problems = parse_scheme(scheme_yaml(SCHEME), "in-an.yaml")
    assert scheme is not None, problems
    units = [UNIT, Unit("xa-a", "UBND xã A", "xa")]
    generated = generate(scheme, units, folder / "bieu-mau", year=2024, deadline="15/01/2025",
                         contact="Sở KH&CN, 0293 3 870 000")
    returned = folder / "gui-ve"
    returned.mkdir()
    fill_workbook(generated.files[0], returned / generated.files[0].name, scheme, ANSWERS)
    (returned / "bao-cao.xlsx").write_bytes(b"%PDF-1.4 a report saved under the wrong name")
    registry = load_registry(generated.registry)
    consolidate(scheme, returned, registry, folder / "tong-hop", jobs=1)
    appraise(scheme, returned, registry, folder / "tham-dinh", jobs=1)
    workbooks = {"unit": generated.files[0], "master": folder / "tong-hop" / "master.xlsx",
                 "appraisal": next((folder / "tham-dinh").glob("*.xlsx"))}
    results = print_workbooks(list(workbooks.values()), folder / "pdf")
    return {name: (path, result) for (name, path), result in zip(workbooks.items(), results, strict=True)}


KINDS = ["unit", "master", "appraisal"]


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _visible_texts(path: Path) -> dict[str, list[str]]:
    """Each visible sheet's text that is meant for paper: not in a hidden row or column, within the print area."""
    workbook = load_workbook(path)
    found = {}
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue
        area = sheet.print_area
        bounds = range_boundaries(str(area).split("!")[-1].replace("$", "")) if area else None
        found[sheet.title] = [
            c.value for row in sheet.iter_rows() for c in row
            if isinstance(c.value, str) and c.value.strip() and not c.value.startswith("=")
            and not sheet.row_dimensions[c.row].hidden and not sheet.column_dimensions[c.column_letter].hidden
            and (bounds is None or (bounds[0] <= c.column <= bounds[2] and bounds[1] <= c.row <= bounds[3]))
        ]
    return found


@needs_uno
@pytest.mark.parametrize("kind", KINDS)
def test_every_sheets_text_is_printed(printed: dict[str, tuple[Path, Printed]], kind: str) -> None:
    path, result = printed[kind]
    pdf = _squeezed("".join(page.extract_text() for page in pypdf.PdfReader(result.pdf).pages))
    missing = {sheet: [t for t in texts if _squeezed(t) not in pdf] for sheet, texts in _visible_texts(path).items()}
    assert not {s: m for s, m in missing.items() if m}


@needs_uno
@pytest.mark.parametrize("kind", KINDS)
def test_no_row_is_shorter_than_its_wrapped_text(printed: dict[str, tuple[Path, Printed]], kind: str) -> None:
    _, result = printed[kind]
    assert not {sheet: rows for sheet, rows in result.short_rows.items() if rows}


@needs_uno
@pytest.mark.parametrize("kind", KINDS)
def test_pages_are_a4_and_bounded(printed: dict[str, tuple[Path, Printed]], kind: str) -> None:
    _, result = printed[kind]
    pages = pypdf.PdfReader(result.pdf).pages
    sizes = {tuple(sorted((round(float(p.mediabox.width)), round(float(p.mediabox.height))))) for p in pages}
    assert sizes == {(595, 842)}  # A4, portrait or landscape
    assert len(pages) == sum(result.pages.values())
    # one page wide: a sheet of n rows takes at most 1 + n // 20 pages (a small table and its chart: one page)
    too_many = {s: (n, result.rows[s]) for s, n in result.pages.items() if n > 1 + result.rows[s] // 20}
    assert not too_many
