"""Build the council's appraisal workbook for one accepted submission.

The unit's inputs, self-scores, evidence and explanations are shown locked; the council types
the appraised points (prefilled with the self-score, validated 0..max) and a comment per
indicator; totals, result and grade are recomputed natively from the appraised points. «_meta»
ties the workbook to the exact submission it appraises (its SHA-256) and is signed like the
unit workbooks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from xl_dti import __version__
from xl_dti.answers import Answer, answer_text
from xl_dti.appraisal.layout import (
    APPRAISAL_SHEET,
    FINGERPRINTED,
    FIRST_ROW,
    HEADER_ROW,
    HEADERS,
    KIND,
    META_KEYS,
    AppraisalLayout,
    Col,
)
from xl_dti.decimals import vn
from xl_dti.excel import NA_MARK
from xl_dti.registry import Registry, RegistryUnit
from xl_dti.results import UnitResult
from xl_dti.safe_text import xml_text
from xl_dti.workbook import styles
from xl_dti.workbook.build import save_deterministic
from xl_dti.workbook.formulas import footer_formulas
from xl_dti.workbook.layout import LISTS_SHEET, META_SHEET, cell, grade_rows
from xl_dti.workbook.protection import protect
from xl_dti.workbook.row_heights import line_height, row_height
from xl_dti.workbook.structure import fingerprint_of, signature, structure_content, values_fingerprint


@dataclass(frozen=True)
class SubmissionInfo:
    """The accepted submission an appraisal is about."""

    unit: RegistryUnit
    file: str
    sha256: str
    answers: Mapping[str, Answer]
    result: UnitResult


def build_appraisal(layout: AppraisalLayout, submission: SubmissionInfo, registry: Registry) -> bytes:
    """The appraisal workbook's bytes (the same inputs give the same file)."""
    workbook = Workbook()
    workbook._named_styles["Normal"].font = styles.BODY  # Times New Roman throughout
    sheet = workbook.active
    sheet.title = APPRAISAL_SHEET
    lists = workbook.create_sheet(LISTS_SHEET)
    meta = workbook.create_sheet(META_SHEET)
    _write_sheet(sheet, layout, submission, registry.year)
    for row, (minimum, label) in enumerate(grade_rows(layout.scheme), start=1):
        lists.cell(row=row, column=3, value=minimum)
        lists.cell(row=row, column=4, value=label).data_type = "s"
    inputs = {(APPRAISAL_SHEET, address) for address in layout.input_addresses()}
    content = list(structure_content(workbook, inputs, FINGERPRINTED))
    structure, values = fingerprint_of(content), values_fingerprint(content)
    unit = submission.unit
    signed = signature(unit.secret, unit.code, registry.year, registry.scheme_fingerprint, structure, submission.sha256,
                       values)
    identity = {
        "kind": KIND, "scheme_id": layout.scheme.id, "scheme_fingerprint": registry.scheme_fingerprint,
        "xl_dti_version": __version__, "unit_code": unit.code, "unit_name": unit.name, "unit_group": unit.group or "",
        "year": str(registry.year), "submission_file": submission.file, "submission_sha256": submission.sha256,
        "structure_fingerprint": structure, "values_fingerprint": values, "signature": signed,
    }
    for row, key in enumerate(META_KEYS, start=1):
        meta.cell(row=row, column=1, value=key).data_type = "s"
        meta.cell(row=row, column=2, value=identity[key]).data_type = "s"
    options = registry.round_options()
    protect(workbook, [sheet, lists, meta], unit.password, options.salt)
    lists.sheet_state = meta.sheet_state = "veryHidden"
    workbook.properties.title = f"Phiếu thẩm định — {unit.name}"
    workbook.properties.creator = f"xl-dti {__version__}"
    return save_deterministic(workbook, options.generated)


def _write_sheet(ws: Worksheet, layout: AppraisalLayout, submission: SubmissionInfo, year: int) -> None:
    scheme, result = layout.scheme, submission.result
    titles = [
        (f"PHIẾU THẨM ĐỊNH KẾT QUẢ TỰ ĐÁNH GIÁ CHỈ SỐ CHUYỂN ĐỔI SỐ NĂM {year}", styles.TITLE),
        (f"Đơn vị: {submission.unit.name} (mã {submission.unit.code})", styles.SUBTITLE),
        (f"{scheme.title} — {scheme.decision}", styles.BODY),
        ("Hội đồng nhập điểm thẩm định (một số, ví dụ 7,5) và ý kiến ở các ô nền trắng; điểm thẩm định ban đầu "
         "bằng điểm tự chấm, để trống thì giữ điểm tự chấm. Dòng «KĐG» (không đánh giá) không có điểm thẩm định.",
         styles.ITALIC),
    ]
    for row, (text, font) in enumerate(titles, start=1):
        target = ws.cell(row=row, column=1, value=text)
        target.data_type, target.font = "s", font
        ws.row_dimensions[row].height = line_height(font.sz or 11) + 4  # the line overflows to the right
    for column, header, width in HEADERS:
        styles.header(ws[cell(column, HEADER_ROW)], header)
        ws.column_dimensions[column].width = width
    ws.row_dimensions[HEADER_ROW].height = row_height([(header, width) for _, header, width in HEADERS])
    ws.column_dimensions[Col.APPLICABLE].hidden = ws.column_dimensions[Col.COUNTED].hidden = True
    validations: dict[str, DataValidation] = {}
    for code in scheme.tree.order:
        _write_row(ws, layout, code, submission, validations)
    for validation in validations.values():
        ws.add_data_validation(validation)
    formulas = footer_formulas(layout)
    formulas["self_total"] = result.total  # type: ignore[assignment]
    for name, address in layout.footer.items():
        row = int(address[1:])
        label = ws.cell(row=row, column=2, value=layout.footer_labels[name])
        label.data_type, label.font = "s", styles.BOLD
        target = ws[address]
        target.value, target.font, target.fill, target.border = formulas[name], styles.BOLD, styles.FOOTER_FILL, \
            styles.GRID
    ws.freeze_panes = cell(Col.MAX, FIRST_ROW)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _write_row(ws: Worksheet, layout: AppraisalLayout, code: str, submission: SubmissionInfo,
               validations: dict[str, DataValidation]) -> None:
    node = layout.scheme.tree.by_code[code]
    score = submission.result.nodes[code]
    answer = submission.answers.get(code)
    row = layout.node_row[code]
    texts = {Col.CODE: code, Col.NAME: node.name, Col.ANSWER: answer_text(answer) if node.is_leaf else "",
             Col.NA: NA_MARK if score.na else "", Col.EVIDENCE: answer.evidence if answer else "",
             Col.EXPLANATION: answer.explanation if answer else ""}
    for column, text in texts.items():
        target = ws[cell(column, row)]
        target.value, target.data_type = xml_text(text), "s"  # a unit's text may hold what XML cannot
    ws[cell(Col.MAX, row)] = node.max
    ws[cell(Col.SELF, row)] = None if score.na else score.points
    appraised = ws[cell(Col.APPRAISED, row)]
    if node.children:
        children = ",".join(layout.points_cell(c.code) for c in node.children)
        applicable = ",".join(layout.applicable_cell(c.code) for c in node.children)
        appraised.value = f"=SUM({children})"
        ws[cell(Col.APPLICABLE, row)] = f"=SUM({applicable})"
    else:
        ws[cell(Col.APPLICABLE, row)] = score.applicable_max
        typed, own = appraised.coordinate, cell(Col.SELF, row)
        ws[cell(Col.COUNTED, row)] = f"=IF(ISNUMBER({typed}),{typed},N({own}))"
        appraised.value = NA_MARK if score.na else score.points
        if not score.na:
            appraised.protection = styles.UNLOCKED
            _validation(validations, node.max).add(appraised.coordinate)
    ws[cell(Col.COMMENT, row)].protection = styles.UNLOCKED
    for column, _, _ in HEADERS:
        target = ws[cell(column, row)]
        target.font = styles.BOLD if node.children else styles.BODY
        target.border, target.alignment = styles.GRID, Alignment(wrap_text=True, vertical="top")
        if node.children:
            target.fill = styles.PARENT_FILL
        elif score.na:
            target.fill = styles.NA_FILL
    widths = {column: width for column, _, width in HEADERS}
    ws.row_dimensions[row].height = row_height([(text, widths[column]) for column, text in texts.items()])


def _validation(validations: dict[str, DataValidation], max_points: object) -> DataValidation:
    key = str(max_points)
    if key not in validations:
        validations[key] = DataValidation(
            type="decimal", operator="between", formula1="0", formula2=key, allow_blank=True,
            promptTitle="Điểm thẩm định", prompt=f"Nhập điểm thẩm định từ 0 đến {vn(max_points)}.",  # type: ignore[arg-type]
            showInputMessage=True, errorTitle="Điểm không hợp lệ",
            error=f"Điểm thẩm định phải từ 0 đến {vn(max_points)}.", showErrorMessage=True,  # type: ignore[arg-type]
        )
    return validations[key]
