"""Write a scheme as a clean, editable rubric workbook (xlsx), deterministic for the same scheme."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from xl_dti import __version__
from xl_dti.atomic import write_bytes_atomic
from xl_dti.rubric.columns import IDENTITY, IDENTITY_FIELDS, INDICATORS, SHEETS, Column, SheetSpec
from xl_dti.rubric.flatten import CellValue, Row, RubricRows, rubric_rows
from xl_dti.scheme.model import Scheme
from xl_dti.workbook import styles
from xl_dti.workbook.build import save_deterministic
from xl_dti.workbook.row_heights import row_height

FIXED_TIME = datetime(2000, 1, 1)
SPARE_ROWS = 300
"""Rows below the last one that still get the dropdowns and text formats, for rows people add."""
TEXT_FORMAT = "@"
MAX_HEIGHT = 409.0  # the tallest row Excel allows
TEXT_KINDS = ("code", "codes", "valued", "steps", "text")
"""Columns formatted as Text, so a spreadsheet never turns 1.10 into 1.1 or 1.2 into a date."""


def export_rubric(scheme: Scheme, path: Path) -> Path:
    """Write the scheme's rubric workbook to ``path`` atomically.

    Args:
        scheme: a valid scheme.
        path: the .xlsx file to write.

    Returns:
        The path written.

    Raises:
        RubricError: the scheme has a label or code a rubric cell cannot hold.
    """
    write_bytes_atomic(path, rubric_bytes(scheme))
    return path


def rubric_bytes(scheme: Scheme) -> bytes:
    """The rubric workbook's bytes: the same scheme always gives the same bytes."""
    rows = rubric_rows(scheme)
    workbook = Workbook()
    workbook._named_styles["Normal"].font = styles.BODY  # the Normal style every untouched cell uses
    workbook.remove(workbook.active)
    for spec in SHEETS:
        ws = workbook.create_sheet(spec.title)
        _write_header(ws, spec)
        _write_rows(ws, spec, rows)
    _set_properties(workbook, scheme)
    return save_deterministic(workbook, FIXED_TIME)


def _write_header(ws: Worksheet, spec: SheetSpec) -> None:
    for position, column in enumerate(spec.columns, start=1):
        cell = ws.cell(row=1, column=position, value=column.key)
        cell.font, cell.fill, cell.border, cell.alignment = styles.BOLD, styles.HEADER_FILL, styles.GRID, styles.WRAP
        comment = Comment(_header_comment(column), "xl-dti")
        comment.width, comment.height = 320, 160
        cell.comment = comment
        ws.column_dimensions[cell.column_letter].width = column.width
    ws.freeze_panes = "C2" if spec is INDICATORS else "A2"
    _fit_height(ws, 1, [int(c.width * 0.8) for c in spec.columns])  # bold keys run wider, and break anywhere
    ws.print_title_rows = "1:1"  # printed: one page wide, the header on every page
    setup = ws.page_setup
    setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight = "landscape", ws.PAPERSIZE_A4, 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _header_comment(column: Column) -> str:
    required = " Bắt buộc." if column.required else ""
    choices = f" Chọn trong danh sách: {', '.join(column.choices)}." if column.choices else ""
    return f"{column.key}: {column.meaning}{required}{choices}"


def _write_rows(ws: Worksheet, spec: SheetSpec, rows: RubricRows) -> None:
    if spec is IDENTITY:
        _write_identity(ws, rows.identity)
        return
    if spec is INDICATORS:
        _write_indicators(ws, rows)
    else:
        listed = {"grades": rows.grades, "groups": rows.groups, "aggregates": rows.aggregates}[spec.holds]
        for number, row in enumerate(listed, start=2):
            _write_row(ws, spec, number, row)
    filled = max(ws.max_row, 2)
    for position, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(position)
        ws.column_dimensions[letter].font = styles.BODY  # rows people add are in the body font too
        if column.choices:
            _dropdown(ws, column.choices, f"{letter}2:{letter}{filled + SPARE_ROWS}")
        if column.kind in TEXT_KINDS:
            ws.column_dimensions[letter].number_format = TEXT_FORMAT
            for number in range(2, filled + 1):
                ws.cell(row=number, column=position).number_format = TEXT_FORMAT
    ws.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{filled}"


def _write_identity(ws: Worksheet, identity: list[tuple[str, CellValue]]) -> None:
    values = dict(identity)
    for number, field in enumerate(IDENTITY_FIELDS, start=2):
        _put(ws, number, 1, field.key).font = styles.BOLD
        target = _put(ws, number, 2, values.get(field.key))
        if field.kind in TEXT_KINDS:
            target.number_format = TEXT_FORMAT
        _put(ws, number, 3, field.meaning + (" Bắt buộc." if field.required else "")).font = styles.ITALIC
        if field.choices:
            _dropdown(ws, field.choices, f"B{number}")
        _fit_height(ws, number, [c.width for c in IDENTITY.columns])


def _write_indicators(ws: Worksheet, rows: RubricRows) -> None:
    ws.sheet_properties.outlinePr.summaryBelow = False  # parents sit above their children
    name_column = INDICATORS.position("name")
    for number, indicator in enumerate(rows.indicators, start=2):
        _write_row(ws, INDICATORS, number, indicator.cells)
        if indicator.depth:
            ws.row_dimensions[number].outlineLevel = min(indicator.depth, 7)
        name = ws.cell(row=number, column=name_column)
        name.alignment = Alignment(wrap_text=True, vertical="top", indent=indicator.depth * 2)
        if indicator.is_parent:
            for position in range(1, len(INDICATORS.columns) + 1):
                cell = ws.cell(row=number, column=position)
                cell.font, cell.fill = styles.BOLD, styles.PARENT_FILL


def _write_row(ws: Worksheet, spec: SheetSpec, number: int, row: Row) -> None:
    for position, column in enumerate(spec.columns, start=1):
        _put(ws, number, position, row.get(column.key))
    _fit_height(ws, number, [c.width for c in spec.columns])


def _fit_height(ws: Worksheet, row: int, widths: list[int]) -> None:
    """Set the row's height to fit its wrapped text (spreadsheets do not always do it on open)."""
    texts = [(ws.cell(row=row, column=position).value, width) for position, width in enumerate(widths, start=1)]
    ws.row_dimensions[row].height = min(MAX_HEIGHT, row_height(texts))


def _put(ws: Worksheet, row: int, column: int, value: CellValue) -> Cell:
    """Write one value in the body style; text is always text, never a formula."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    cell.font, cell.border, cell.alignment = styles.BODY, styles.GRID, styles.WRAP
    return cell


def _dropdown(ws: Worksheet, choices: tuple[str, ...], ref: str) -> None:
    validation = DataValidation(
        type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
        errorTitle="Giá trị không hợp lệ", error="Chọn một giá trị trong danh sách: " + ", ".join(choices) + ".",
        showErrorMessage=True,
    )
    validation.add(ref)
    ws.add_data_validation(validation)


def _set_properties(workbook: Workbook, scheme: Scheme) -> None:
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = f"xl-dti {__version__}"
    properties.title = f"Bộ chỉ số {scheme.id}"
    properties.subject = scheme.title
    properties.keywords = f"xl-dti; rubric; {scheme.id}"
    properties.created = properties.modified = FIXED_TIME
