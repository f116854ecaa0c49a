"""Write the supporting sheets: «Hướng dẫn», «Tổng hợp» with its chart, and the hidden lists."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from xl_dti.excel import NA_MARK, NO, YES
from xl_dti.workbook import styles
from xl_dti.workbook.formulas import summary_formulas
from xl_dti.workbook.guide import GuideLine
from xl_dti.workbook.layout import SUMMARY_HEADER_ROW, FormLayout, cell, grade_rows
from xl_dti.workbook.row_heights import line_height, row_height

GUIDE_WIDTH = 130


def guide_font(line: GuideLine) -> Font:
    return styles.SUBTITLE if line.heading else styles.BODY


def guide_height(line: GuideLine) -> float:
    """How tall a guide row must be for its line to show whole."""
    return row_height([(line.text, GUIDE_WIDTH)], guide_font(line).sz or 11)


def write_guide(ws: Worksheet, lines: list[GuideLine]) -> None:
    """The instructions, one line per row, headings in bold."""
    ws.column_dimensions["A"].width = GUIDE_WIDTH
    for row, line in enumerate(lines, start=1):
        target = ws.cell(row=row, column=1, value=line.text)
        target.data_type = "s"
        target.font = guide_font(line)
        target.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = guide_height(line)
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


_SUMMARY_HEADERS = (
    ("A", "Mã", 10), ("B", "Chỉ số chính, trụ cột", 50), ("C", "Điểm tối đa", 12),
    ("D", "Điểm tối đa áp dụng", 14), ("E", "Điểm tự chấm", 12), ("F", "Tỉ lệ đạt", 12),
)


def write_summary(ws: Worksheet, layout: FormLayout, unit_name: str) -> None:
    """Per main index and aggregate: max, applicable max, self-score and ratio, with a bar chart."""
    scheme = layout.scheme
    title = ws.cell(row=1, column=1, value=f"TỔNG HỢP KẾT QUẢ TỰ ĐÁNH GIÁ — {unit_name}")
    title.data_type = "s"
    title.font = styles.TITLE
    ws.row_dimensions[1].height = line_height(14) + 4
    for column, header, width in _SUMMARY_HEADERS:
        styles.header(ws[cell(column, SUMMARY_HEADER_ROW)], header)
        ws.column_dimensions[column].width = width
    ws.row_dimensions[SUMMARY_HEADER_ROW].height = row_height([(h, w) for _, h, w in _SUMMARY_HEADERS])
    names = {n.code: (n.name, n.max) for n in scheme.tree.main_indices()}
    for aggregate in scheme.aggregates:
        total = sum((scheme.tree.by_code[c].max for c in aggregate.of), start=scheme.total_max * 0)
        names[aggregate.code] = (f"Trụ cột: {aggregate.name}", total)
    for code, row in layout.summary_row.items():
        name, max_points = names[code]
        applicable, points, ratio = summary_formulas(layout, code)
        for column, value in (("A", code), ("B", name), ("C", max_points), ("D", applicable), ("E", points),
                              ("F", ratio)):
            target = ws[cell(column, row)]
            target.value = value
            if column in ("A", "B"):
                target.data_type = "s"
            target.font = styles.BODY
            target.border = styles.GRID
        ws[cell("E", row)].number_format = styles.POINTS_FORMAT
        ws[cell("F", row)].number_format = "0.00%"
        ws[cell("B", row)].alignment = styles.WRAP
        ws.row_dimensions[row].height = row_height([(name, 50)])
    if layout.summary_row:
        _chart(ws, min(layout.summary_row.values()), max(layout.summary_row.values()))
    # the table and its chart on one landscape page
    setup = ws.page_setup
    setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight = "landscape", ws.PAPERSIZE_A4, 1, 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _chart(ws: Worksheet, first: int, last: int) -> None:
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Tỉ lệ điểm tự chấm so với điểm tối đa áp dụng"
    chart.y_axis.title = "Tỉ lệ đạt"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.number_format = "0%"
    chart.legend = None
    data = Reference(ws, min_col=6, min_row=first - 1, max_row=last)
    categories = Reference(ws, min_col=2, min_row=first, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    chart.height = max(7.5, 0.8 * (last - first + 1) + 3)
    chart.width = 22
    ws.add_chart(chart, cell("H", SUMMARY_HEADER_ROW))


def write_lists(ws: Worksheet, layout: FormLayout) -> None:
    """The dropdown sources and the grade table, as ``layout`` places them."""
    ws["A1"], ws["A2"], ws["B1"] = YES, NO, NA_MARK
    for row, (minimum, label) in enumerate(grade_rows(layout.scheme), start=1):
        ws.cell(row=row, column=3, value=minimum)
        ws.cell(row=row, column=4, value=label).data_type = "s"
    for code, labels in layout.lists_cells.items():
        if not code.startswith("options:"):
            continue
        node = layout.scheme.tree.by_code[code.removeprefix("options:")]
        first = int(labels.split(":")[0].split("$")[-1])
        for offset, option in enumerate(node.rule.options):  # type: ignore[union-attr]
            label = " ".join(option.label.split())  # as TRIM leaves a value, so the choice formula's «=» finds it
            ws.cell(row=first + offset, column=5, value=label).data_type = "s"
            ws.cell(row=first + offset, column=6, value=option.value(node.max))
