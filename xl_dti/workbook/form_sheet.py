"""Write the «Chấm điểm» sheet: one row per indicator, inputs unlocked and validated, live formulas."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from xl_dti.decimals import vn
from xl_dti.excel import absolute, num
from xl_dti.scheme.model import Indicator
from xl_dti.scheme.rules import InputSpec
from xl_dti.units import Unit
from xl_dti.workbook import styles
from xl_dti.workbook.formulas import PENDING_TEXT, footer_formulas, na_condition, number_formulas, row_formulas
from xl_dti.workbook.layout import (
    FIRST_ROW,
    FORM_HEADERS,
    HEADER_ROW,
    Col,
    FormLayout,
    FormRow,
    cell,
    footer_note_row,
    has_relative,
)
from xl_dti.workbook.row_heights import row_height
from xl_dti.workbook.udf_footer import SKIP, skipped_rows, udf_footer

NOT_APPLICABLE_TEXT = "Không áp dụng"


@dataclass(frozen=True)
class FormContext:
    """What the form shows about the unit and the evaluation round."""

    unit: Unit
    year: int
    deadline: str
    formulas: str = "native"


def write_form(ws: Worksheet, layout: FormLayout, context: FormContext) -> None:
    """Fill the form sheet (protection is applied by the caller, once every sheet is written)."""
    _write_title(ws, layout, context)
    _write_header(ws)
    validations = _Validations(layout)
    for form_row in layout.rows:
        if form_row.kind == "indicator":
            _write_indicator(ws, layout, form_row)
        else:
            _write_input_row(ws, layout, form_row)
        _fit_height(ws, form_row.row)
    for code, inputs in layout.inputs.items():
        node = layout.scheme.tree.by_code[code]
        specs = {s.name: s for s in node.scoring_rule.input_specs(node.max)}
        for name, address in inputs.items():
            validations.add(specs[name], address, code)
        na_cell = layout.na_cell(code)
        if na_cell:
            validations.add_na(na_cell)
    for code in layout.scheme.tree.order:
        na_cell = layout.na_cell(code)
        if na_cell and code not in layout.inputs:
            validations.add_na(na_cell)
    validations.attach(ws)
    for address, formula in number_formulas(layout).items():
        ws[address] = formula
        ws[address].font = styles.BODY
    _write_footer(ws, layout, context.formulas)
    _conditional_formats(ws, layout)
    _page_setup(ws, layout)


def title_lines(layout: FormLayout, context: FormContext) -> list[tuple[str, Font]]:
    """The form's title rows, from row 1: each text and its font (the second names the unit)."""
    scheme = layout.scheme
    deadline = f" · Hạn gửi: {context.deadline}" if context.deadline else ""
    return [
        (scheme.title.upper(), styles.TITLE),
        (f"Đơn vị: {context.unit.name} (mã {context.unit.code})", styles.SUBTITLE),
        (f"Năm đánh giá: {context.year} · {scheme.decision}{deadline}", styles.BODY),
        ("Chỉ nhập vào các ô nền trắng; điểm, tổng điểm và xếp loại tự tính. Xem trang «Hướng dẫn».", styles.ITALIC),
    ]


TITLE_WIDTH = sum(width for _, _, width in FORM_HEADERS[:9])
"""The title rows span the form's nine visible columns."""


def title_height(text: str, font: Font) -> float:
    """How tall a title row must be for its text to show whole."""
    return row_height([(text, TITLE_WIDTH)], font.sz or 11) + 2


def _write_title(ws: Worksheet, layout: FormLayout, context: FormContext) -> None:
    for row, (value, font) in enumerate(title_lines(layout, context), start=1):
        target = ws.cell(row=row, column=1, value=value)
        target.font = font
        target.data_type = "s"
        target.alignment = styles.WRAP
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=9)
        ws.row_dimensions[row].height = title_height(value, font)


def _write_header(ws: Worksheet) -> None:
    for column, title, width in FORM_HEADERS:
        styles.header(ws[cell(column, HEADER_ROW)], title)
        ws.column_dimensions[column].width = width
    for hidden in (Col.APPLICABLE, Col.NUMBER, Col.NUMBER_TEXT):
        ws.column_dimensions[hidden].hidden = True
    ws.row_dimensions[HEADER_ROW].height = max(48, row_height([(t, w) for _, t, w in FORM_HEADERS]))


def _set_text(ws: Worksheet, address: str, value: str) -> None:
    """Write scheme or unit text as text, never as a formula (even if it starts with '=')."""
    target = ws[address]
    target.value = value
    target.data_type = "s"


def _write_indicator(ws: Worksheet, layout: FormLayout, form_row: FormRow) -> None:
    node, row = form_row.node, form_row.row
    depth = len(node.path) // 2 - 1
    parent = bool(node.children)
    font = styles.BOLD if parent else styles.BODY
    _set_text(ws, cell(Col.CODE, row), node.code)
    _set_text(ws, cell(Col.NAME, row), node.name)
    ws[cell(Col.MAX, row)] = node.max
    how = how_text(node)
    if how:
        _set_text(ws, cell(Col.HOW, row), how)
    formulas = row_formulas(layout, node)
    ws[cell(Col.POINTS, row)] = formulas.points
    ws[cell(Col.APPLICABLE, row)] = formulas.applicable
    applicable = layout.applicable[node.code]
    if not applicable:
        _set_text(ws, cell(Col.NA, row), NOT_APPLICABLE_TEXT)
    for column in (Col.CODE, Col.NAME, Col.MAX, Col.HOW, Col.INPUT, Col.NA, Col.POINTS, Col.EVIDENCE,
                   Col.EXPLANATION, Col.APPLICABLE):
        target = ws[cell(column, row)]
        target.font = font
        target.border = styles.GRID
        target.alignment = styles.WRAP
        if parent:
            target.fill = styles.PARENT_FILL
        elif not applicable:
            target.fill = styles.NA_FILL
    ws[cell(Col.NAME, row)].alignment = Alignment(wrap_text=True, vertical="top", indent=max(depth, 0))
    ws[cell(Col.POINTS, row)].number_format = styles.POINTS_FORMAT
    if formulas.points == PENDING_TEXT:
        ws[cell(Col.POINTS, row)].font = styles.ITALIC
    if applicable:
        unlocked = list(layout.inputs.get(node.code, {}).values())
        if node.is_leaf and len(unlocked) == 1:
            _unlock(ws, unlocked[0])
        na_cell = layout.na_cell(node.code)
        if na_cell:
            _unlock(ws, na_cell)
        if node.is_leaf:
            for address in layout.text_cells(node.code).values():
                _unlock(ws, address)


def how_text(node: Indicator) -> str:
    """The «Cách chấm» cell: a leaf's rule in words, then the scheme's own description (what counts, how
    it is judged), so the unit reads the rubric where it types."""
    rule = node.scoring_rule.describe(node.max) + _effect_note(node) if node.is_leaf else ""
    return "\n".join(part for part in (rule, (node.description or "").strip()) if part)


def _effect_note(node: Indicator) -> str:
    return {"base": "", "bonus": " (điểm thưởng, cộng vào tổng điểm)", "penalty": " (điểm trừ, trừ vào tổng điểm)"}[
        node.effect
    ]


def _write_input_row(ws: Worksheet, layout: FormLayout, form_row: FormRow) -> None:
    assert form_row.input is not None
    row = form_row.row
    _set_text(ws, cell(Col.NAME, row), f"– {form_row.input.label}")
    for column in (Col.CODE, Col.NAME, Col.MAX, Col.HOW, Col.INPUT, Col.NA, Col.POINTS, Col.EVIDENCE,
                   Col.EXPLANATION, Col.APPLICABLE):
        target = ws[cell(column, row)]
        target.font = styles.ITALIC if column == Col.NAME else styles.BODY
        target.border = styles.GRID
        target.alignment = styles.WRAP
    ws[cell(Col.NAME, row)].alignment = Alignment(wrap_text=True, vertical="top", indent=len(form_row.node.path) // 2)
    _unlock(ws, layout.inputs[form_row.node.code][form_row.input.name])


_WIDTHS = {column: width for column, _, width in FORM_HEADERS}
def _fit_height(ws: Worksheet, row: int) -> None:
    """Set the row's height to fit its wrapped text (spreadsheets do not always do it on open)."""
    texts = [(ws[cell(column, row)].value, width) for column, width in _WIDTHS.items() if column != Col.APPLICABLE]
    ws.row_dimensions[row].height = row_height(texts)


def _unlock(ws: Worksheet, address: str) -> None:
    target = ws[address]
    target.protection = styles.UNLOCKED
    target.fill = styles.INPUT_FILL
    target.font = styles.BODY


class _Validations:
    """Data validation rules, one per distinct rule so the file stays small."""

    def __init__(self, layout: FormLayout) -> None:
        self.layout = layout
        self.groups: dict[tuple[object, ...], list[str]] = defaultdict(list)
        self.made: dict[tuple[object, ...], DataValidation] = {}

    def add(self, spec: InputSpec, address: str, code: str) -> None:
        key: tuple[object, ...]
        if spec.kind in ("yes_no", "tick"):
            key = ("list", self.layout.list_range("yes_no"), "Chọn «Có» hoặc «Không» trong danh sách.")
        elif spec.kind == "choice":
            key = ("list", self.layout.list_range(f"options:{code}"), "Chọn một mức trong danh sách.")
        elif spec.kind == "whole":
            key = ("whole", spec.low, spec.high, None)
        elif spec.step is not None:
            key = ("custom", spec.low, spec.high, spec.step, address)  # a step needs a formula of its own cell
        else:
            key = ("decimal", spec.low, spec.high, None)
        self.groups[key].append(address)

    def add_na(self, address: str) -> None:
        prompt = "Chọn «KĐG» nếu chỉ số không thuộc phạm vi của đơn vị; để trống nếu có đánh giá."
        key = ("list", self.layout.list_range("na"), prompt)
        self.groups[key].append(address)

    def attach(self, ws: Worksheet) -> None:
        for key, addresses in self.groups.items():
            validation = _validation(key)
            for address in addresses:
                validation.add(address)
            ws.add_data_validation(validation)


def _validation(key: tuple[object, ...]) -> DataValidation:
    if key[0] == "list":
        _, source, prompt = key
        return DataValidation(
            type="list", formula1=str(source), allow_blank=True, showDropDown=False,
            promptTitle="Chọn trong danh sách", prompt=str(prompt)[:255], showInputMessage=True,
            errorTitle="Giá trị không hợp lệ", error="Chỉ được chọn giá trị có trong danh sách.", showErrorMessage=True,
        )
    kind, low, high, step = key[:4]
    low_text = vn(low) if low is not None else "0"  # type: ignore[arg-type]
    if high is not None:
        operator, formula1, formula2 = "between", str(low or 0), str(high)
        bounds = f"từ {low_text} đến {vn(high)}"  # type: ignore[arg-type]
    else:
        operator, formula1, formula2 = "greaterThanOrEqual", str(low or 0), None
        bounds = f"từ {low_text} trở lên"
    what = "một số nguyên" if kind == "whole" else "một số"
    step_text = f", là bội số của {vn(step)}" if step is not None else ""  # type: ignore[arg-type]
    if kind == "custom":
        v, s = str(key[4]), num(step)  # type: ignore[arg-type]
        formula1 = f"AND(ISNUMBER({v}),{v}>={formula1},{v}<={formula2},ABS({v}/{s}-ROUND({v}/{s},0))<0.000000001)"
        operator, formula2 = None, None  # type: ignore[assignment]
    return DataValidation(
        type=str(kind), operator=operator, formula1=formula1, formula2=formula2, allow_blank=True,
        promptTitle="Nhập số liệu", prompt=f"Nhập {what} {bounds}{step_text}.", showInputMessage=True,
        errorTitle="Số liệu không hợp lệ", error=f"Giá trị phải là {what} {bounds}{step_text}.", showErrorMessage=True,
    )


def _write_footer(ws: Worksheet, layout: FormLayout, mode: str) -> None:
    formulas = footer_formulas(layout)
    if mode == "udf":
        formulas = udf_footer(layout, formulas)
        for row in skipped_rows(layout):
            ws[cell(Col.SKIP, row)] = SKIP
        ws.column_dimensions[Col.SKIP].hidden = True
    decimals = layout.scheme.decimals
    for name, address in layout.footer.items():
        row = int(address[1:])
        label = ws.cell(row=row, column=2)
        _set_text(ws, cell(Col.NAME, row), layout.footer_labels[name])
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
        label.font = styles.BOLD
        label.alignment = Alignment(horizontal="right", vertical="center")
        target = ws[address]
        target.value = formulas[name]
        target.font = styles.BOLD
        target.fill = styles.FOOTER_FILL
        target.border = styles.GRID
        if name != "grade":
            target.number_format = "0" + ("." + "0" * decimals if decimals and name == "result" else ".00")
    if has_relative(layout):
        note = cell(Col.NAME, footer_note_row(layout))
        _set_text(ws, note, "Tổng điểm là điểm tạm tính: chưa gồm các chỉ số «tính khi tổng hợp» "
                            "(chấm theo đơn vị dẫn đầu trong nhóm).")
        ws[note].font = styles.ITALIC


def _conditional_formats(ws: Worksheet, layout: FormLayout) -> None:
    """Unanswered inputs yellow; a positive score without required evidence orange, as is a numerator above its
    denominator; N/A rows grey."""
    for code, inputs in layout.inputs.items():
        node = layout.scheme.tree.by_code[code]
        na = na_condition(layout, node, fixed=True)
        for address in inputs.values():
            unanswered = f"AND(ISBLANK({absolute(address)}),NOT({na}))" if na else f"ISBLANK({absolute(address)})"
            ws.conditional_formatting.add(address, FormulaRule(formula=[unanswered], fill=styles.UNANSWERED_FILL))
        if {"numerator", "denominator"} <= set(inputs):  # more done than required: a typing slip, flagged
            a, b = absolute(inputs["numerator"]), absolute(inputs["denominator"])
            above = f"AND(ISNUMBER({a}),ISNUMBER({b}),{b}>0,{a}>{b})"
            ws.conditional_formatting.add(inputs["numerator"], FormulaRule(formula=[above],
                                                                           fill=styles.MISSING_EVIDENCE_FILL))
        row = layout.node_row[code]
        if node.evidence:
            points, evidence = absolute(cell(Col.POINTS, row)), absolute(cell(Col.EVIDENCE, row))
            missing = f"AND(ISNUMBER({points}),{points}>0,LEN(TRIM({evidence}))=0)"
            ws.conditional_formatting.add(
                cell(Col.EVIDENCE, row), FormulaRule(formula=[missing], fill=styles.MISSING_EVIDENCE_FILL)
            )
        if na:
            last = max([row, *(int(a[1:]) for a in inputs.values())])
            ws.conditional_formatting.add(
                f"{Col.CODE}{row}:{Col.EXPLANATION}{last}", FormulaRule(formula=[na], fill=styles.NA_FILL)
            )


def _page_setup(ws: Worksheet, layout: FormLayout) -> None:
    ws.freeze_panes = cell(Col.MAX, FIRST_ROW)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = f"A1:{Col.EXPLANATION}{footer_note_row(layout)}"
