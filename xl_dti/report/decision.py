"""The People's Committee decision announcing the results, as a Word draft (Decree 30/2020/NĐ-CP layout).

The secretariat edits the draft (number, dates, signer) and sends it for signature: the national
motto block, number and date line, «QUYẾT ĐỊNH Về việc công bố kết quả …», the «Căn cứ …» lines,
Điều 1–3, recipients, signature block, and the annex with one ranking table per unit group and its
grade counts in the published wording. Times New Roman on A4, margins as the decree sets them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from xl_dti.atomic import write_bytes_atomic
from xl_dti.report.model import Ranking, UnitEntry
from xl_dti.report.summary import grade_sentence
from xl_dti.report.tables import Section, change_of, sections
from xl_dti.report.vnformat import vn_result

FONT = "Times New Roman"
BODY_PT, TABLE_PT = 14, 12
NO_VALUE = "—"
CELL_STYLE, CENTRED_CELL_STYLE = "Ô bảng", "Ô bảng (giữa)"
_CELL_STYLE_IDS = {False: "Obang", True: "Obanggiua"}
BLANK_NUMBER = "Số:        /QĐ-UBND"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
ZIP_TIME = (2000, 1, 1, 0, 0, 0)  # every part gets the same date: the same ranking gives the same bytes


@dataclass(frozen=True)
class Issuer:
    """Who issues the decision, as its header and signature block name it."""

    body: str  # «ỦY BAN NHÂN DÂN TỈNH HẬU GIANG»
    place: str  # «Hậu Giang», for «Hậu Giang, ngày … tháng … năm …»
    committee: bool  # a People's Committee (signed «TM. ỦY BAN NHÂN DÂN»), not a ministry
    name: str  # «Ủy ban nhân dân tỉnh Hậu Giang», as a sentence names it

    @property
    def header_lines(self) -> list[str]:
        """The issuing body as the header block writes it: «ỦY BAN NHÂN DÂN» over «TỈNH HẬU GIANG»."""
        if self.committee:
            return ["ỦY BAN NHÂN DÂN", self.body.removeprefix("ỦY BAN NHÂN DÂN ")]
        return [self.body]


def issuer_of(issuer: str) -> Issuer:
    """``UBND tỉnh Hậu Giang`` → ``ỦY BAN NHÂN DÂN TỈNH HẬU GIANG``, place ``Hậu Giang``."""
    text = issuer.strip()
    for prefix in ("UBND ", "Ủy ban nhân dân ", "Uỷ ban nhân dân "):
        if text.lower().startswith(prefix.lower()):
            area = text[len(prefix):].strip()
            place = area
            for level in ("thành phố ", "tỉnh "):
                if place.lower().startswith(level):
                    place = place[len(level):]
            return Issuer(f"ỦY BAN NHÂN DÂN {area.upper()}", place, True, f"Ủy ban nhân dân {area}")
    return Issuer(text.upper(), "Hà Nội", False, text)


def write_decision(ranking: Ranking, out: Path, *, title: str | None = None) -> Path:
    """Write the decision draft for a loaded ranking to ``out`` (a .docx, replaced atomically).

    Args:
        ranking: the consolidation's ranking.json, loaded.
        out: the Word file to write.
        title: the subject after «Về việc» instead of the default one.

    Returns:
        The path written.
    """
    write_bytes_atomic(out, decision_bytes(ranking, title=title))
    return out


def decision_bytes(ranking: Ranking, *, title: str | None = None) -> bytes:
    """The decision draft as .docx bytes (see ``write_decision``)."""
    from docx import Document  # the Word library stays out of the core's import path

    document: Any = Document()  # python-docx types only part of its API
    _page_and_fonts(document, ranking.year)
    issuer = issuer_of(ranking.scheme_info.issuer)
    groups = sections(ranking)
    subject = title or ("công bố kết quả đánh giá, xếp hạng mức độ chuyển đổi số của các cơ quan, đơn vị "
                        f"năm {ranking.year}")
    _heading_block(document, issuer)
    _title(document, subject, issuer)
    _grounds(document, ranking, issuer)
    _articles(document, ranking, groups, issuer)
    _recipients_and_signature(document, issuer)
    document.add_page_break()
    _annex(document, ranking, groups, issuer)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_dates(buffer.getvalue())


# --- the pieces, top to bottom ----------------------------------------------------------------------


def _page_and_fonts(document: Any, year: int) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for name, alignment in ((CELL_STYLE, WD_ALIGN_PARAGRAPH.LEFT), (CENTRED_CELL_STYLE, WD_ALIGN_PARAGRAPH.CENTER)):
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)  # one style, not a format per cell
        style.element.styleId = _CELL_STYLE_IDS[alignment == WD_ALIGN_PARAGRAPH.CENTER]
        style.base_style = normal
        style.font.size = Pt(TABLE_PT)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.alignment = alignment
    properties = document.core_properties
    properties.author = properties.last_modified_by = "xl-dti"
    properties.created = properties.modified = datetime(year + 1, 1, 1)
    properties.revision = 1
    properties.title = f"Quyết định công bố kết quả đánh giá chuyển đổi số năm {year}"


def _heading_block(document: Any, issuer: Issuer) -> None:
    from docx.shared import Pt

    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _lines(left, [*((line, True, False) for line in issuer.header_lines), ("", False, False),
                  (BLANK_NUMBER, False, False)], size=Pt(13), centred=True)
    _lines(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False), ("Độc lập - Tự do - Hạnh phúc", True, False),
                   ("", False, False), (f"{issuer.place}, ngày      tháng      năm", False, True)],
           size=Pt(13), centred=True)
    _widths(table, [65, 100])


def _title(document: Any, subject: str, issuer: Issuer) -> None:
    _centred(document, "QUYẾT ĐỊNH", bold=True, before=12)
    _centred(document, f"Về việc {subject}", bold=True)
    _centred(document, issuer.body if issuer.committee else f"BỘ TRƯỞNG {issuer.body.removeprefix('BỘ ')}",
             bold=True, before=12)


def _grounds(document: Any, ranking: Ranking, issuer: Issuer) -> None:
    info = ranking.scheme_info
    local_law = ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;" if ranking.year >= 2025
                 else "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;")
    department = "Sở Khoa học và Công nghệ" if ranking.year >= 2025 else "Sở Thông tin và Truyền thông"
    lines = [
        local_law if issuer.committee else "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;",
        f"Căn cứ {info.decision} của {info.issuer} ban hành {_lower_first(info.title)};",
        f"Căn cứ kết quả thẩm định của Hội đồng đánh giá, xếp hạng mức độ chuyển đổi số năm {ranking.year};",
        f"Theo đề nghị của Giám đốc {department} tại Tờ trình số       /TTr-… ngày      tháng      năm       .",
    ]
    for line in lines:
        _indented(document, line, italic=True)
    _centred(document, "QUYẾT ĐỊNH:", bold=True, before=6)


def _articles(document: Any, ranking: Ranking, groups: Sequence[Section], issuer: Issuer) -> None:
    grades = ranking.scheme_info.grades
    counts = [f"{s.name}: {sentence}" for s in groups if (sentence := grade_sentence(s.units, grades))]
    _article(document, 1, f"Công bố kết quả đánh giá, xếp hạng mức độ chuyển đổi số năm {ranking.year} của các cơ "
             "quan, đơn vị (chi tiết tại Phụ lục kèm theo Quyết định này)." + (" Kết quả xếp loại: " if counts else ""))
    for line in counts:
        _indented(document, f"- {line}.")
    department = "Sở Khoa học và Công nghệ" if ranking.year >= 2025 else "Sở Thông tin và Truyền thông"
    _article(document, 2, f"{department} công bố kết quả trên Cổng thông tin điện tử; các cơ quan, đơn vị căn cứ "
             "kết quả đánh giá, xếp hạng để khắc phục hạn chế, nâng cao mức độ chuyển đổi số trong năm tiếp theo.")
    office = "Chánh Văn phòng Ủy ban nhân dân" if issuer.committee else "Chánh Văn phòng Bộ"
    _article(document, 3, f"Quyết định này có hiệu lực kể từ ngày ký. {office}, Giám đốc {department}, Thủ trưởng "
             "các cơ quan, đơn vị có tên tại Phụ lục và các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành "
             "Quyết định này./.")


def _recipients_and_signature(document: Any, issuer: Issuer) -> None:
    from docx.shared import Pt

    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    recipients = ["- Như Điều 3;", "- Bộ Khoa học và Công nghệ (để b/c);", "- Chủ tịch, các Phó Chủ tịch;",
                  "- Cổng thông tin điện tử;", "- Lưu: VT."]
    _lines(left, [("Nơi nhận:", True, True), *((line, False, False) for line in recipients)], size=Pt(11),
           centred=False)
    signer = (["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] if issuer.committee
              else ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"])
    _lines(right, [*((line, True, False) for line in signer), ("", False, False), ("", False, False),
                   ("", False, False), ("(Ký, ghi rõ họ tên)", False, True)])
    _widths(table, [85, 80])


def _annex(document: Any, ranking: Ranking, groups: Sequence[Section], issuer: Issuer) -> None:
    _centred(document, "Phụ lục", bold=True)
    _centred(document, f"KẾT QUẢ ĐÁNH GIÁ, XẾP HẠNG MỨC ĐỘ CHUYỂN ĐỔI SỐ NĂM {ranking.year}", bold=True)
    _centred(document, f"(Kèm theo Quyết định số       /QĐ-UBND ngày      tháng      năm       của {issuer.name})",
             italic=True)
    for number, section in enumerate(groups):
        heading = f"{ROMAN[number] if number < len(ROMAN) else number + 1}. {section.name.upper()}"
        paragraph = _indented(document, heading, bold=True, first_line=False)
        paragraph.paragraph_format.space_before = _points(12)
        if not section.ranked:
            _indented(document, "(Tham gia đánh giá nhưng không xếp hạng.)", italic=True, first_line=False)
        _ranking_table(document, ranking, section.units)
        sentence = grade_sentence(section.units, ranking.scheme_info.grades)
        if sentence:
            _indented(document, f"Tổng hợp: {sentence}.", first_line=False)


def _ranking_table(document: Any, ranking: Ranking, units: Sequence[UnitEntry]) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT

    header = ["Xếp hạng", "Đơn vị", "Kết quả", "Xếp loại", f"So với năm {ranking.year - 1}"]
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _cell(cell, text, bold=True, centred=True)
    _repeat_on_each_page(table.rows[0])
    decimals, mode = ranking.scheme_info.decimals, ranking.result_mode
    for unit in sorted(units, key=lambda u: (u.rank is None, u.rank or 0, u.unit_name)):
        change, _ = change_of(unit)
        values = [str(unit.rank) if unit.rank is not None else NO_VALUE, unit.unit_name,
                  vn_result(unit.result, mode, decimals), unit.grade or NO_VALUE, change]
        row = table.add_row().cells
        for index, (cell, text) in enumerate(zip(row, values, strict=True)):
            _cell(cell, text, centred=index != 1)
    _widths(table, [20, 70, 25, 25, 25])


# --- paragraphs and cells --------------------------------------------------------------------------


def _points(value: float) -> Any:
    from docx.shared import Pt

    return Pt(value)


def _centred(document: Any, text: str, *, bold: bool = False, italic: bool = False, before: float = 0) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = _points(before)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    return paragraph


def _indented(document: Any, text: str, *, bold: bool = False, italic: bool = False, first_line: bool = True) -> Any:
    from docx.shared import Cm

    paragraph = document.add_paragraph()
    if first_line:
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    return paragraph


def _article(document: Any, number: int, text: str) -> None:
    paragraph = _indented(document, "")
    paragraph.add_run(f"Điều {number}. ").bold = True
    paragraph.add_run(text)


def _lines(cell: Any, lines: Sequence[tuple[str, bool, bool]], size: Any = None, centred: bool = True) -> None:
    """A header, recipients or signature cell: lines, each (text, bold, italic)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    first = True
    for text, bold, italic in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
        paragraph.paragraph_format.space_after = _points(0)
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size is not None:
            run.font.size = size


def _cell(cell: Any, text: str, *, bold: bool = False, centred: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph._p.get_or_add_pPr().style = _CELL_STYLE_IDS[centred]  # by id: a lookup by name walks every style
    run = paragraph.add_run(text)
    if bold:
        run.bold = True


def _repeat_on_each_page(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _widths(table: Any, millimetres: Sequence[int]) -> None:
    from docx.shared import Mm

    table.autofit = False
    for column, width in zip(table.columns, millimetres, strict=True):
        column.width = Mm(width)  # the grid, which LibreOffice reads
    for cell, width in zip(table.rows[0].cells, millimetres, strict=True):
        cell.width = Mm(width)  # and the first row's cells, which Word reads (later rows follow the grid)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _fixed_dates(data: bytes) -> bytes:
    """The same package with every part dated alike (python-docx stamps the time of saving)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item.filename))
    return out.getvalue()
