"""`xl-dti report OUT --out quyet-dinh.docx`: the decision announcing the results, read back as Word sees it."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from typer.testing import CliRunner

from tests.test_report_fixtures import ranking_dict, write_ranking
from tests.tools import needs
from xl_dti.cli import app
from xl_dti.libreoffice import convert
from xl_dti.report.decision import issuer_of

runner = CliRunner()
MERGED = "= (hình thành sau sắp xếp; so sánh với bình quân các đơn vị cũ)"


def _ranking() -> dict[str, Any]:
    data = ranking_dict()
    data["units"][0]["change"] = MERGED  # a unit formed by a merger, compared with its predecessors' mean
    return data


@pytest.fixture(scope="module")
def decision(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_ranking(tmp_path_factory.mktemp("ket-qua"), _ranking())
    out = folder / "quyet-dinh.docx"
    result = runner.invoke(app, ["report", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def test_the_decision_has_the_decree_30_layout(decision: Path) -> None:
    document = Document(str(decision))
    header = [c.text for c in document.tables[0].rows[0].cells]
    assert header[0].splitlines() == ["ỦY BAN NHÂN DÂN", "TỈNH HẬU GIANG", "", "Số:        /QĐ-UBND"]
    assert header[1].splitlines()[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert header[1].splitlines()[-1].startswith("Hậu Giang, ngày")
    text = _paragraphs(decision)
    subject = "Về việc công bố kết quả đánh giá, xếp hạng mức độ chuyển đổi số của các cơ quan, đơn vị năm 2022"
    assert text[:3] == ["QUYẾT ĐỊNH", subject, "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG"]
    grounds = [t for t in text if t.startswith("Căn cứ ")]
    assert "Căn cứ Quyết định số 1949/QĐ-UBND ngày 23/11/2022 của UBND tỉnh Hậu Giang ban hành bộ chỉ số đánh giá " \
           "chuyển đổi số các cơ quan cấp tỉnh;" in grounds
    assert [t[:7] for t in text if t.startswith("Điều ")] == ["Điều 1.", "Điều 2.", "Điều 3."]
    signature = [c.text for c in document.tables[1].rows[0].cells]
    assert signature[0].startswith("Nơi nhận:\n- Như Điều 3;")
    assert signature[1].startswith("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")


def test_the_annex_has_a_ranking_table_and_grade_counts_per_group(decision: Path) -> None:
    document = Document(str(decision))
    annex = document.tables[2:]
    assert len(annex) == 3  # Sở, ban, ngành; Cơ quan ngành dọc; Đơn vị khác (not ranked)
    rows = [[c.text for c in row.cells] for row in annex[0].rows]
    assert rows[0] == ["Xếp hạng", "Đơn vị", "Kết quả", "Xếp loại", "So với năm 2021"]
    assert rows[1] == ["1", "Sở Nội vụ", "234,66", "Xuất sắc", MERGED]
    assert len(rows) == 1 + 12
    assert [r[0] for r in [[c.text for c in row.cells] for row in annex[2].rows][1:]] == ["—", "—"]
    text = _paragraphs(decision)
    assert "Tổng hợp: 3/12 đơn vị xếp loại Xuất sắc, 2 đơn vị xếp loại Tốt, 3 đơn vị xếp loại Khá, " \
           "3 đơn vị xếp loại Trung bình, 1 đơn vị xếp loại Yếu." in text
    assert "- Cơ quan ngành dọc: 3/4 đơn vị xếp loại Xuất sắc, 1 đơn vị xếp loại Tốt." in text  # in Điều 1
    assert "(Tham gia đánh giá nhưng không xếp hạng.)" in text
    assert annex[0].rows[0]._tr.trPr.xpath("./w:tblHeader"), "the header row repeats on every page"


def test_times_new_roman_on_a4(decision: Path) -> None:
    document = Document(str(decision))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(f"{{{fonts.nsmap['w']}}}{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"}
    runs = [r for p in document.paragraphs for r in p.runs] + [
        r for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert {r.font.name for r in runs} == {None}, "every run takes the document's font"


def test_the_same_ranking_gives_the_same_bytes(decision: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.docx"
    assert runner.invoke(app, ["report", str(decision.parent), "--out", str(again)]).exit_code == 0
    assert again.read_bytes() == decision.read_bytes()
    assert all(i.date_time == (2000, 1, 1, 0, 0, 0) for i in zipfile.ZipFile(again).infolist())


@pytest.mark.parametrize(("issuer", "body", "place", "committee"), [
    ("UBND tỉnh Hậu Giang", "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG", "Hậu Giang", True),
    ("UBND thành phố Hà Nội", "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "Hà Nội", True),
    ("Ủy ban nhân dân tỉnh Phú Thọ", "ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ", "Phú Thọ", True),
    ("Bộ Khoa học và Công nghệ", "BỘ KHOA HỌC VÀ CÔNG NGHỆ", "Hà Nội", False),
])
def test_the_issuing_body_is_named_as_the_header_writes_it(issuer: str, body: str, place: str,
                                                           committee: bool) -> None:
    found = issuer_of(issuer)
    assert (found.body, found.place, found.committee) == (body, place, committee)


@pytest.mark.slow
@needs("libreoffice-writer")
def test_libreoffice_converts_the_decision_to_an_a4_pdf(decision: Path, tmp_path: Path) -> None:
    (pdf,) = convert([decision], tmp_path, "pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    sizes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", data)
    boxes = {(round(float(w)), round(float(h))) for w, h in sizes}
    assert boxes == {(595, 842)}, "every page is A4 (210 × 297 mm in points)"
    if shutil.which("gs"):
        text = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=txtwrite", "-sOutputFile=-", str(pdf)],
                              capture_output=True, text=True, check=True).stdout
        for needle in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "QUYẾT ĐỊNH:", "Điều 3.", "Sở Thông tin và Truyền thông",
                       "Phụ lục"):
            assert needle in text
