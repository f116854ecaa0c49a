"""Write the council's master workbook: ranking, indices, detail, checks, missing units, statistics.

Every piece of text a unit provided is written as text, so nothing a unit typed can become a
formula or a link in the master.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, NamedStyle
from openpyxl.worksheet.worksheet import Worksheet

from xl_dti.answers import Answer, answer_text
from xl_dti.appraisal.apply import Appraisal
from xl_dti.atomic import write_bytes_atomic
from xl_dti.consolidation.outcomes import FileOutcome
from xl_dti.consolidation.tables import GradeCount, RankingRow
from xl_dti.ranking import RankRow
from xl_dti.registry import RegistryUnit
from xl_dti.scheme.model import Scheme
from xl_dti.workbook import styles
from xl_dti.workbook.build import save_deterministic

RANKING_SHEET, INDICES_SHEET, DETAIL_SHEET = "Xếp hạng", "Chỉ số", "Chi tiết"
CHECKS_SHEET, MISSING_SHEET, STATS_SHEET = "Kiểm tra", "Chưa nộp", "Thống kê"
_OUTCOME_WORDS = {"accepted": "Chấp nhận", "superseded": "Thay thế bởi tệp mới hơn", "duplicate": "Trùng lặp",
                  "rejected": "Từ chối", "quarantined": "Chờ Hội đồng xem xét"}
_STATUS_WORDS = {"ranked": "Xếp hạng", "not_ranked": "Đánh giá, không xếp hạng"}


@dataclass(frozen=True)
class MasterData:
    """Everything the master shows."""

    scheme: Scheme
    year: int
    rows: list[RankingRow]
    measure_ranks: dict[str, list[RankRow]]
    outcomes: list[FileOutcome]
    answers: dict[str, dict[str, Answer]]
    missing: list[RegistryUnit]
    grade_counts: list[GradeCount]
    generated: datetime
    appraisal: Appraisal | None = None


CELL_STYLE = "xl-dti-cell"


def write_master(path: Path, data: MasterData) -> None:
    """Write master.xlsx atomically (the same data gives the same file)."""
    workbook = Workbook()
    workbook._named_styles["Normal"].font = styles.BODY  # Times New Roman throughout
    workbook.add_named_style(NamedStyle(CELL_STYLE, font=styles.BODY, border=styles.GRID,
                                        alignment=Alignment(wrap_text=True, vertical="top")))
    sheets = [workbook.active]
    for title in (INDICES_SHEET, DETAIL_SHEET, CHECKS_SHEET, MISSING_SHEET, STATS_SHEET):
        sheets.append(workbook.create_sheet(title))
    sheets[0].title = RANKING_SHEET
    _ranking(sheets[0], data)
    _indices(sheets[1], data)
    _detail(sheets[2], data)
    _checks(sheets[3], data)
    _missing(sheets[4], data)
    _statistics(sheets[5], data)
    for sheet in sheets:
        sheet.protection.sheet = True
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    workbook.properties.title = f"Kết quả đánh giá chỉ số chuyển đổi số năm {data.year}"
    workbook.properties.creator = "xl-dti"
    write_bytes_atomic(path, save_deterministic(workbook, data.generated))


def _title(ws: Worksheet, text: str, subtitle: str) -> None:
    ws["A1"], ws["A2"] = text, subtitle
    ws["A1"].font, ws["A2"].font = styles.TITLE, styles.ITALIC
    for address in ("A1", "A2"):
        ws[address].data_type = "s"


def _table(ws: Worksheet, top: int, headers: Sequence[str], rows: Sequence[Sequence[Any]],
           widths: Sequence[float] = ()) -> int:
    """Write a header row and rows from ``top``; text is always text. Returns the next free row."""
    for column, header in enumerate(headers, start=1):
        styles.header(ws.cell(row=top, column=column), header)
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=top + offset, column=column, value=_cell_value(value))
            if isinstance(value, str):
                cell.data_type = "s"
            cell.style = CELL_STYLE  # one named style: per-attribute styling costs 30× more at scale
            if isinstance(value, Decimal) and value != value.to_integral_value():
                cell.number_format = "0.00##"
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=top, column=column).column_letter].width = width
    ws.freeze_panes = ws.cell(row=top + 1, column=1).coordinate
    ws.row_dimensions[top].height = 45
    return top + len(rows) + 2


def _cell_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return value


def _group_name(scheme: Scheme, code: str | None) -> str:
    group = scheme.group(code) if code else None
    return group.name if group else (code or "")


def _ranking(ws: Worksheet, data: MasterData) -> None:
    scheme = data.scheme
    _title(ws, f"BẢNG XẾP HẠNG CHỈ SỐ CHUYỂN ĐỔI SỐ NĂM {data.year}", f"{scheme.title} — {scheme.decision}")
    measure_codes = list(data.rows[0].measures) if data.rows else []
    keys = ["group", "rank", "unit_code", "unit_name", "total", "applicable_max", "result", "grade", "status",
            "previous_rank", "rank_change", "change", "result_change", "self_total", "appraised_total",
            *measure_codes]
    for column, key in enumerate(keys, start=1):
        ws.cell(row=3, column=column, value=key).data_type = "s"
    ws.row_dimensions[3].hidden = True  # machine keys: last year's master is read back by them
    names = {n.code: n.name for n in scheme.tree.main_indices()} | {a.code: a.name for a in scheme.aggregates}
    headers = ["Nhóm", "Hạng", "Mã đơn vị", "Tên đơn vị", "Tổng điểm", "Điểm tối đa áp dụng", "Kết quả",
               "Xếp loại", "Trạng thái", "Hạng năm trước", "Tăng/giảm hạng", "Thay đổi hạng", "Thay đổi điểm",
               "Tổng điểm tự chấm", "Tổng điểm thẩm định", *(f"{c}. {names.get(c, c)}" for c in measure_codes)]
    rows = [
        [_group_name(scheme, r.group), r.rank, r.unit_code, r.unit_name, r.result.total, r.result.applicable_max,
         r.result.result, r.result.grade or "", _STATUS_WORDS[r.status],
         None if r.previous is None else r.previous.rank, r.rank_change, r.change_text, r.result_change,
         (r.self_result or r.result).total, r.result.total if r.appraised else None,
         *(r.measures.get(c) for c in measure_codes)]
        for r in data.rows
    ]
    _table(ws, 4, headers, rows, [18, 7, 16, 40, 11, 11, 11, 12, 14, 10, 10, 10, 10, 11, 11]
           + [14] * len(measure_codes))
    for offset, r in enumerate(data.rows, start=5):
        if r.appraised and r.self_result is not None and r.self_result.total != r.result.total:
            for column in (15, 16):
                ws.cell(row=offset, column=column).fill = styles.MISSING_EVIDENCE_FILL


def _indices(ws: Worksheet, data: MasterData) -> None:
    scheme = data.scheme
    _title(ws, "XẾP HẠNG THEO CHỈ SỐ CHÍNH VÀ TRỤ CỘT", "Hạng tính trong từng nhóm đơn vị")
    names = {n.code: n.name for n in scheme.tree.main_indices()}
    names |= {a.code: f"Trụ cột {a.name}" for a in scheme.aggregates}
    unit_names = {r.unit_code: r.unit_name for r in data.rows}
    top = 4
    for measure, places in data.measure_ranks.items():
        ws.cell(row=top, column=1, value=f"{measure}. {names.get(measure, measure)}").data_type = "s"
        ws.cell(row=top, column=1).font = styles.SUBTITLE
        rows = [[_group_name(scheme, p.group), p.rank, p.unit or "", unit_names.get(p.unit or "", ""), p.value]
                for p in places]
        top = _table(ws, top + 1, ["Nhóm", "Hạng", "Mã đơn vị", "Tên đơn vị", "Giá trị"], rows, [18, 7, 16, 40, 12])
    ws.freeze_panes = None


DETAIL_HEADERS = ("Mã đơn vị", "Tên đơn vị", "Mã chỉ số", "Chỉ số", "Điểm tối đa", "Số liệu, lựa chọn", "KĐG",
                  "Điểm tự chấm", "Điểm thẩm định", "Chênh lệch", "Ý kiến thẩm định", "Tài liệu kiểm chứng",
                  "Giải trình")
DETAIL_ROWS_IN_MASTER = 30_000
"""Above this many unit × indicator rows the detail goes to chi-tiet.csv (a country's worth would
pass Excel's row limit and make the master slow to open)."""


def detail_fits(data: MasterData) -> bool:
    """Whether the per-indicator detail goes into the master (else into chi-tiet.csv)."""
    return len(data.rows) * len(data.scheme.tree.order) <= DETAIL_ROWS_IN_MASTER


def detail_rows(data: MasterData) -> Iterator[tuple[list[Any], bool]]:
    """One row per unit and indicator (``DETAIL_HEADERS``), with whether the council changed its points
    (a generator: a country's worth of rows is written out as it is made, never held)."""
    scheme = data.scheme
    comments = data.appraisal.comments if data.appraisal else {}
    for row in data.rows:
        answers = data.answers.get(row.unit_code, {})
        own = row.self_result or row.result
        kept = set(data.appraisal.kept_self(scheme, row.unit_code)) if data.appraisal else set()
        for code in scheme.tree.order:
            node = scheme.tree.by_code[code]
            official, self_score = row.result.nodes[code], own.nodes[code]
            answer = answers.get(code)
            note = comments.get(row.unit_code, {}).get(code, "")
            if row.appraised and code in kept and not official.na:
                note = (note + "\n" if note else "") + "Chưa có điểm thẩm định: giữ điểm tự chấm."
            appraised = official.points if row.appraised and not official.na else None
            yield ([row.unit_code, row.unit_name, code, node.name, node.max, answer_text(answer),
                    "KĐG" if official.na else "", None if self_score.na else self_score.points, appraised,
                    None if appraised is None else appraised - self_score.points, note,
                    answer.evidence if answer else "", answer.explanation if answer else ""],
                   appraised is not None and appraised != self_score.points)


def _detail(ws: Worksheet, data: MasterData) -> None:
    _title(ws, "CHI TIẾT ĐIỂM THEO CHỈ SỐ", "Số liệu đơn vị nhập, điểm tự chấm tính lại từ số liệu và điểm thẩm định")
    if not detail_fits(data):
        ws["A4"] = f"Quá nhiều dòng cho một trang tính: chi tiết ({len(data.rows)} đơn vị) ở tệp chi-tiet.csv."
        ws["A4"].data_type = "s"
        return
    rows, differs = zip(*detail_rows(data), strict=True) if data.rows else ((), ())
    _table(ws, 4, DETAIL_HEADERS, list(rows), [14, 26, 8, 40, 8, 22, 6, 9, 9, 9, 30, 34, 28])
    for offset, changed in enumerate(differs, start=5):
        if changed:
            for column in (8, 9, 10):
                ws.cell(row=offset, column=column).fill = styles.MISSING_EVIDENCE_FILL


def _checks(ws: Worksheet, data: MasterData) -> None:
    _title(ws, "KẾT QUẢ KIỂM TRA TỆP", "Mỗi tệp nhận được có đúng một kết quả; mã lỗi ổn định để tra cứu")
    rows = [
        [o.reading.name, _OUTCOME_WORDS[o.outcome], o.reading.unit_code or "", ", ".join(o.codes),
         "\n".join(str(p) for p in o.problems), o.reading.sha256]
        for o in data.outcomes
    ]
    _table(ws, 4, ["Tệp", "Kết quả", "Mã đơn vị", "Mã lỗi", "Nội dung (ô, lỗi, cách khắc phục)", "SHA-256"],
           rows, [36, 16, 16, 28, 90, 20])


def _missing(ws: Worksheet, data: MasterData) -> None:
    scheme = data.scheme
    _title(ws, "ĐƠN VỊ CHƯA CÓ TỆP HỢP LỆ", "Đơn vị được đánh giá nhưng chưa có tệp được chấp nhận")
    received: dict[str, list[str]] = {}
    for outcome in data.outcomes:
        if outcome.reading.unit_code:
            received.setdefault(outcome.reading.unit_code, []).append(
                f"{outcome.reading.name}: {_OUTCOME_WORDS[outcome.outcome]}")
    rows = [[u.code, u.name, _group_name(scheme, u.group), "\n".join(received.get(u.code, [])) or "Chưa nộp"]
            for u in data.missing]
    _table(ws, 4, ["Mã đơn vị", "Tên đơn vị", "Nhóm", "Tệp đã nhận"], rows, [16, 40, 18, 70])


def _statistics(ws: Worksheet, data: MasterData) -> None:
    scheme = data.scheme
    _title(ws, "THỐNG KÊ XẾP LOẠI", f"Năm {data.year}")
    rows = [[_group_name(scheme, c.group), c.grade, c.count, c.of,
             f"{c.count}/{c.of} đơn vị xếp loại {c.grade}"] for c in data.grade_counts]
    end = _table(ws, 4, ["Nhóm", "Xếp loại", "Số đơn vị", "Tổng số", "Diễn giải"], rows, [20, 14, 10, 10, 40])
    ws.freeze_panes = None
    if rows:
        chart = BarChart()
        chart.title = "Số đơn vị theo xếp loại"
        chart.add_data(Reference(ws, min_col=3, min_row=4, max_row=end - 2), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=2, min_row=5, max_row=end - 2))
        chart.legend = None
        ws.add_chart(chart, "G4")
