"""Write the council's master workbook: ranking, indices, detail, checks, missing units, statistics.

Every piece of text a unit provided is written as text, so nothing a unit typed can become a
formula or a link in the master.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter

from xl_dti.answers import Answer, answer_text
from xl_dti.appraisal.apply import Appraisal
from xl_dti.atomic import write_bytes_atomic
from xl_dti.consolidation.fast_rows import RenderedTables, render_rows, sheet_value
from xl_dti.consolidation.master_columns import group_name, ranking_columns
from xl_dti.consolidation.outcomes import FileOutcome
from xl_dti.consolidation.tables import GradeCount, RankingRow
from xl_dti.ranking import RankRow
from xl_dti.registry import RegistryUnit
from xl_dti.scheme.model import Scheme
from xl_dti.workbook import styles
from xl_dti.workbook.build import save_deterministic
from xl_dti.workbook.row_heights import line_height, row_height

RANKING_SHEET, INDICES_SHEET, DETAIL_SHEET = "Xếp hạng", "Chỉ số", "Chi tiết"
CHECKS_SHEET, MISSING_SHEET, STATS_SHEET = "Kiểm tra", "Chưa nộp", "Thống kê"
_OUTCOME_WORDS = {"accepted": "Chấp nhận", "superseded": "Thay thế bởi tệp mới hơn", "duplicate": "Trùng lặp",
                  "rejected": "Từ chối", "quarantined": "Chờ Hội đồng xem xét"}


@dataclass(frozen=True)
class MasterData:
    """Everything the master shows."""

    scheme: Scheme
    year: int
    rows: list[RankingRow]
    measure_ranks: dict[str, list[RankRow]]
    outcomes: list[FileOutcome]
    answers: dict[str, Mapping[str, Answer]]
    missing: list[RegistryUnit]
    grade_counts: list[GradeCount]
    generated: datetime
    appraisal: Appraisal | None = None


CELL_STYLE = "xl-dti-cell"
RowKind = Literal["cell", "header", "subtitle", "blank"]
HEADER_ROW = 4  # titles on rows 1–2, the ranking's machine keys on row 3, then the table


def write_master(path: Path, data: MasterData) -> None:
    """Write master.xlsx atomically, streaming its rows (the same data gives the same file)."""
    workbook = Workbook(write_only=True)  # rows stream to disk: a country's master never sits in memory
    workbook._named_styles["Normal"].font = styles.BODY  # Times New Roman throughout
    workbook.add_named_style(NamedStyle(CELL_STYLE, font=styles.BODY, border=styles.GRID,
                                        alignment=Alignment(wrap_text=True, vertical="top")))
    rendered = RenderedTables()  # the large tables, rendered to XML and put in place at save
    for title, write in ((RANKING_SHEET, _ranking), (INDICES_SHEET, _indices), (DETAIL_SHEET, _detail),
                         (CHECKS_SHEET, _checks), (MISSING_SHEET, _missing), (STATS_SHEET, _statistics)):
        write(_Sheet(workbook, title, rendered), data)
    workbook.properties.title = f"Kết quả đánh giá chỉ số chuyển đổi số năm {data.year}"
    workbook.properties.creator = "xl-dti"
    saved = save_deterministic(workbook, data.generated, rendered.put)
    rendered.check()
    write_bytes_atomic(path, saved)


class _Sheet:
    """A write-only sheet filled top to bottom (its layout is set before the first row)."""

    def __init__(self, workbook: Workbook, title: str, rendered: RenderedTables) -> None:
        self.ws = workbook.create_sheet(title)
        self.row = 0
        self.rendered = rendered  # the workbook's rendered tables (see ``table``)
        self.closed = False  # a rendered table ends its sheet: openpyxl numbers any later row itself
        self.widths: list[float] = []
        self._styles: dict[tuple[bool, bool], StyleArray] = {}
        self.ws.protection.sheet = True
        setup = self.ws.page_setup
        setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight = "landscape", "9", 1, 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True

    def layout(self, widths: Sequence[float], frozen: bool = True) -> None:
        """Column widths and the frozen header row; call before writing any row."""
        self.widths = list(widths)
        for column, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(column)].width = width
        if frozen:
            self.ws.freeze_panes = f"A{HEADER_ROW + 1}"
            self.ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"

    def height(self, values: Sequence[Any], font_size: float = 11) -> float | None:
        """The height a row of ``values`` needs for its wrapped text (``None``: the default height does)."""
        if font_size > 11:  # a title or subtitle: one line, overflowing to the right
            return line_height(font_size) + 4
        needed = row_height(zip(values, self.widths, strict=False), font_size)
        return needed if needed > line_height(font_size) + 2 else None

    def _set_height(self, values: Sequence[Any], font_size: float = 11) -> None:
        height = self.height(values, font_size)
        if height is not None:
            self.ws.row_dimensions[self.row + 1].height = height

    def line(self, values: Sequence[Any], font: Font | None = None) -> None:
        """A row of plain text or numbers (titles, subtitles, keys)."""
        if font is not None and font.sz:
            self._set_height(values, font.sz)
        cells = []
        for value in values:
            cell = WriteOnlyCell(self.ws, value=sheet_value(value))
            if isinstance(value, str):
                cell.data_type = "s"
            if font is not None:
                cell.font = font
            cells.append(cell)
        self._append(cells)

    def title(self, text: str, subtitle: str) -> None:
        """The sheet's title and subtitle (rows 1 and 2)."""
        self.line([text], styles.TITLE)
        self.line([subtitle], styles.ITALIC)

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[Any]],
              marked: Callable[[int], Collection[int]] = lambda _: (), render: bool = False) -> int:
        """A header row and the rows under it; text is always text. ``marked(i)`` gives the
        (1-based) columns of row ``i`` to highlight. With ``render``, the rows are rendered to XML
        here (``fast_rows``: for the largest table) and stand as one placeholder row until the save.
        Returns the number of rows written."""
        header = []
        for title in headers:
            cell = WriteOnlyCell(self.ws)
            styles.header(cell, title)
            header.append(cell)
        self._set_height(headers)
        self._append(header)
        if render:
            listed = list(rows)
            self.rendered_block([("cell", values) for values in listed], marked)
            return len(listed)
        count = 0
        for index, values in enumerate(rows):
            highlighted = marked(index)
            cells = []
            for column, value in enumerate(values, start=1):
                cell = WriteOnlyCell(self.ws, value=sheet_value(value))
                if isinstance(value, str):
                    cell.data_type = "s"
                fraction = isinstance(value, Decimal) and value != value.to_integral_value()
                cell._style = self._style(fraction, column in highlighted)
                cells.append(cell)
            self._set_height(values)
            self._append(cells)
            count += 1
        return count

    def rendered_block(self, rows: Sequence[tuple[RowKind, Sequence[Any]]],
                       marked: Callable[[int], Collection[int]] = lambda _: ()) -> None:
        """Rows rendered to XML (``fast_rows``: for the large tables), standing as one placeholder
        row until the save; they end the sheet. A row is a table row (``cell``, highlighted where
        ``marked`` says), a ``header`` row, a ``subtitle`` line or a ``blank`` line; ``marked`` counts
        table rows only."""
        ids: dict[object, int] = {}

        def style(key: object) -> int:
            found = ids.get(key)
            if found is None:
                found = ids[key] = int(self.ws.parent._cell_styles.add(self._kind_style(key)))
            return found

        table_row = -1

        def styles(index: int, values: Sequence[Any]) -> list[int]:
            nonlocal table_row
            kind = rows[index][0]
            if kind != "cell":
                return [style(kind)] * len(values) if values else []
            table_row += 1
            highlighted = marked(table_row)
            return [style((v.__class__ is Decimal and v != v.to_integral_value(), c in highlighted))
                    for c, v in enumerate(values, start=1)]

        def height(index: int, values: Sequence[Any]) -> float | None:
            kind = rows[index][0]
            return self.height(values, 12 if kind == "subtitle" else 11) if kind != "blank" else None

        first = self.row + 1
        rendered = render_rows([values for _, values in rows], first, styles, height)
        self.line([self.rendered.placeholder(rendered)])
        self.closed = True

    def _kind_style(self, key: object) -> StyleArray:
        if isinstance(key, tuple):
            return self._style(*key)
        cell = WriteOnlyCell(self.ws)
        if key == "header":
            styles.header(cell, "")
        elif key == "subtitle":
            cell.font = styles.SUBTITLE
        return cell._style

    def _style(self, fraction: bool, highlighted: bool) -> StyleArray:
        """A table cell's style, made once per kind and shared: styling cell by cell through the
        attributes costs more than writing the cell at a country's scale."""
        key = (fraction, highlighted)
        if key not in self._styles:
            cell = WriteOnlyCell(self.ws)
            cell.style = CELL_STYLE
            if fraction:
                cell.number_format = "0.00##"
            if highlighted:
                cell.fill = styles.MISSING_EVIDENCE_FILL
            self._styles[key] = cell._style
        return self._styles[key]

    def _append(self, cells: list[WriteOnlyCell]) -> None:
        assert not self.closed, "a rendered table must be the last rows of its sheet"
        self.ws.append(cells)
        self.row += 1


def _ranking(sheet: _Sheet, data: MasterData) -> None:
    scheme = data.scheme
    measure_codes = list(data.rows[0].measures) if data.rows else []
    names = {n.code: n.name for n in scheme.tree.main_indices()} | {a.code: a.name for a in scheme.aggregates}
    columns = ranking_columns(scheme)
    keys = [key for key, *_ in columns] + measure_codes
    headers = [header for _, header, *_ in columns] + [f"{c}. {names.get(c, c)}" for c in measure_codes]
    sheet.layout([width for _, _, width, _ in columns] + [14] * len(measure_codes))
    sheet.ws.row_dimensions[3].hidden = True  # machine keys: last year's master is read back by them
    sheet.title(f"BẢNG XẾP HẠNG CHỈ SỐ CHUYỂN ĐỔI SỐ NĂM {data.year}", f"{scheme.title} — {scheme.decision}")
    sheet.line(keys)
    rows = [[value(r) for *_, value in columns] + [r.measures.get(c) for c in measure_codes] for r in data.rows]
    totals = (keys.index("self_total") + 1, keys.index("appraised_total") + 1)

    def changed(index: int) -> tuple[int, ...]:
        row = data.rows[index]
        own = row.self_result
        return totals if row.appraised and own is not None and own.total != row.result.total else ()

    sheet.table(headers, rows, changed, render=True)


def _indices(sheet: _Sheet, data: MasterData) -> None:
    scheme = data.scheme
    names = {n.code: n.name for n in scheme.tree.main_indices()}
    names |= {a.code: f"Trụ cột {a.name}" for a in scheme.aggregates}
    unit_names = {r.unit_code: r.unit_name for r in data.rows}
    sheet.layout([18, 7, 16, 40, 12], frozen=False)
    sheet.title("XẾP HẠNG THEO CHỈ SỐ CHÍNH VÀ TRỤ CỘT", "Hạng tính trong từng nhóm đơn vị")
    rows: list[tuple[RowKind, Sequence[Any]]] = []
    for measure, places in data.measure_ranks.items():
        rows += [("blank", []), ("subtitle", [f"{measure}. {names.get(measure, measure)}"]),
                 ("header", ["Nhóm", "Hạng", "Mã đơn vị", "Tên đơn vị", "Giá trị"])]
        rows += [("cell", [group_name(scheme, p.group), p.rank, p.unit or "", unit_names.get(p.unit or "", ""),
                           p.value]) for p in places]
    if rows:
        sheet.rendered_block(rows)


DETAIL_HEADERS = ("Mã đơn vị", "Tên đơn vị", "Mã chỉ số", "Chỉ số", "Điểm tối đa", "Số liệu, lựa chọn", "KĐG",
                  "Điểm tự chấm (điểm trừ ghi số âm)", "Điểm thẩm định (điểm trừ ghi số âm)",
                  "Chênh lệch (thẩm định − tự chấm; âm: tổng điểm giảm)", "Ý kiến thẩm định", "Tài liệu kiểm chứng",
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
    indicators = [(code, scheme.tree.by_code[code], -1 if scheme.tree.effect[code] == "penalty" else 1)
                  for code in scheme.tree.order]  # (a penalty lowers the total)
    for row in data.rows:
        answers = data.answers.get(row.unit_code, {})
        own = row.self_result or row.result
        kept = set(data.appraisal.kept_self(scheme, row.unit_code)) if data.appraisal else set()
        unit_comments = comments.get(row.unit_code, {})
        for code, node, sign in indicators:
            official, self_score = row.result.nodes[code], own.nodes[code]
            answer = answers.get(code)
            note = unit_comments.get(code, "")
            if row.appraised and code in kept and not official.na:
                note = (note + "\n" if note else "") + "Chưa có điểm thẩm định: giữ điểm tự chấm."
            own_points = sign * self_score.points
            appraised = sign * official.points if row.appraised and not official.na else None
            yield ([row.unit_code, row.unit_name, code, node.name, node.max, answer_text(answer),
                    "KĐG" if official.na else "", None if self_score.na else own_points, appraised,
                    None if appraised is None else appraised - own_points, note,
                    answer.evidence if answer else "", answer.explanation if answer else ""],
                   appraised is not None and appraised != own_points)


def _detail(sheet: _Sheet, data: MasterData) -> None:
    sheet.layout([14, 26, 8, 40, 8, 22, 6, 9, 9, 9, 30, 34, 28])
    sheet.title("CHI TIẾT ĐIỂM THEO CHỈ SỐ", "Số liệu đơn vị nhập, điểm tự chấm tính lại từ số liệu và điểm thẩm định")
    sheet.line([])
    if not detail_fits(data):
        sheet.line([f"Quá nhiều dòng cho một trang tính: chi tiết ({len(data.rows)} đơn vị) ở tệp chi-tiet.csv."])
        return
    differs: list[bool] = []

    def rows() -> Iterator[list[Any]]:
        for row, changed in detail_rows(data):
            differs.append(changed)
            yield row

    sheet.table(DETAIL_HEADERS, rows(), lambda i: (8, 9, 10) if differs[i] else (), render=True)


def _checks(sheet: _Sheet, data: MasterData) -> None:
    sheet.layout([36, 16, 16, 28, 90, 20])
    sheet.title("KẾT QUẢ KIỂM TRA TỆP", "Mỗi tệp nhận được có đúng một kết quả; mã lỗi ổn định để tra cứu")
    sheet.line([])
    rows = (
        [o.reading.name, _OUTCOME_WORDS[o.outcome], o.reading.unit_code or "", ", ".join(o.codes),
         "\n".join(str(p) for p in o.problems), o.reading.sha256]
        for o in data.outcomes
    )
    headers = ["Tệp", "Kết quả", "Mã đơn vị", "Mã lỗi", "Nội dung (ô, lỗi, cách khắc phục)", "SHA-256"]
    count = sheet.table(headers, rows, render=True)
    sheet.ws.print_area = f"A1:E{HEADER_ROW + count}"  # the hash is for manifest.json, not for paper


def _missing(sheet: _Sheet, data: MasterData) -> None:
    scheme = data.scheme
    received: dict[str, list[str]] = {}
    for outcome in data.outcomes:
        if outcome.reading.unit_code:
            received.setdefault(outcome.reading.unit_code, []).append(
                f"{outcome.reading.name}: {_OUTCOME_WORDS[outcome.outcome]}")
    sheet.layout([16, 40, 18, 70])
    sheet.title("ĐƠN VỊ CHƯA CÓ TỆP HỢP LỆ", "Đơn vị được đánh giá nhưng chưa có tệp được chấp nhận")
    sheet.line([])
    rows = [[u.code, u.name, group_name(scheme, u.group), "\n".join(received.get(u.code, [])) or "Chưa nộp"]
            for u in data.missing]
    sheet.table(["Mã đơn vị", "Tên đơn vị", "Nhóm", "Tệp đã nhận"], rows, render=True)


def _statistics(sheet: _Sheet, data: MasterData) -> None:
    scheme = data.scheme
    sheet.layout([20, 14, 10, 10, 40], frozen=False)
    sheet.title("THỐNG KÊ XẾP LOẠI", f"Năm {data.year}")
    sheet.line([])
    rows = [[group_name(scheme, c.group), c.grade, c.count, c.of,
             f"{c.count}/{c.of} đơn vị xếp loại {c.grade}"] for c in data.grade_counts]
    count = sheet.table(["Nhóm", "Xếp loại", "Số đơn vị", "Tổng số", "Diễn giải"], rows)
    if count:
        chart = BarChart()
        chart.title = "Số đơn vị theo xếp loại"
        chart.add_data(Reference(sheet.ws, min_col=3, min_row=HEADER_ROW, max_row=HEADER_ROW + count),
                       titles_from_data=True)
        chart.set_categories(Reference(sheet.ws, min_col=2, min_row=HEADER_ROW + 1, max_row=HEADER_ROW + count))
        chart.legend = None
        sheet.ws.add_chart(chart, "G4")
