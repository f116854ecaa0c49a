"""Where everything sits in a unit workbook: sheet names, columns, rows and every cell address.

The writer, the formulas, the reader and error messages all ask this module; nothing else does
cell arithmetic. A layout depends on the scheme and the unit's group only (``applies_to`` makes
rows not applicable per group), so it is computed once per (scheme, group) and shared by every
unit of that group.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from xl_dti.excel import on_sheet
from xl_dti.scheme.model import Indicator, Scheme
from xl_dti.scheme.rules import ChoiceRule, InputSpec, RelativeRule

GUIDE_SHEET = "Hướng dẫn"
FORM_SHEET = "Chấm điểm"
SUMMARY_SHEET = "Tổng hợp"
META_SHEET = "_meta"
LISTS_SHEET = "_lists"


class Col:
    """The columns of the form sheet."""

    CODE = "A"
    NAME = "B"
    MAX = "C"
    HOW = "D"
    INPUT = "E"
    NA = "F"
    POINTS = "G"
    EVIDENCE = "H"
    EXPLANATION = "I"
    APPLICABLE = "J"  # hidden: the applicable max of each row
    SKIP = "K"  # hidden, --formulas udf only: rows DTI_TOTAL leaves out
    NUMBER = "L"  # hidden: each number input as the formulas read it (text such as «8,5» as consolidation reads it)
    NUMBER_TEXT = "M"  # hidden: each number input's text, sign and spaces taken away (the step before NUMBER)


FORM_HEADERS: tuple[tuple[str, str, float], ...] = (
    (Col.CODE, "Mã", 8),
    (Col.NAME, "Chỉ số, tiêu chí", 46),
    (Col.MAX, "Điểm tối đa", 9),
    (Col.HOW, "Cách chấm điểm", 40),
    (Col.INPUT, "Số liệu, lựa chọn (đơn vị nhập)", 18),
    (Col.NA, "Không đánh giá (KĐG)", 10),
    (Col.POINTS, "Điểm tự chấm", 10),
    (Col.EVIDENCE, "Tài liệu kiểm chứng (số, ngày, trích yếu hoặc đường dẫn)", 36),
    (Col.EXPLANATION, "Giải trình", 30),
    (Col.APPLICABLE, "Điểm tối đa áp dụng", 10),
)
TITLE_ROWS = 4  # scheme title, unit, year and deadline, note
HEADER_ROW = 6
FIRST_ROW = 7

SUMMARY_HEADER_ROW = 3
SUMMARY_COLUMNS = ("A", "B", "C", "D", "E", "F")  # code, name, max, applicable max, self-score, ratio

META_KEYS: tuple[str, ...] = (
    "scheme_id", "scheme_version", "scheme_fingerprint", "xl_dti_version", "unit_code", "unit_name",
    "unit_group", "year", "deadline", "generated", "formulas", "structure_fingerprint", "signature",
)
INPUT_MAP_HEADER = ("indicator", "input", "sheet", "cell")
OUTPUT_MAP_HEADER = ("indicator", "output", "sheet", "cell")
FOOTER_CODE = "*"

RowKind = Literal["indicator", "input"]


def cell(column: str, row: int) -> str:
    """``cell("G", 12)`` → ``G12``."""
    return f"{column}{row}"


@lru_cache(maxsize=65536)
def row_column(coordinate: str) -> tuple[int, int]:
    """``G12`` → ``(12, 7)``: the order cells are read in (row, then column)."""
    letters = coordinate.rstrip("0123456789")
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(coordinate[len(letters):]), column


@dataclass(frozen=True)
class FormRow:
    """One row of the form: an indicator, or one input of a multi-input leaf under it."""

    row: int
    kind: RowKind
    node: Indicator
    input: InputSpec | None = None


@dataclass
class FormLayout:
    """Every address of one (scheme, group) workbook."""

    scheme: Scheme
    group: str | None
    rows: list[FormRow] = field(default_factory=list)
    node_row: dict[str, int] = field(default_factory=dict)
    applicable: dict[str, bool] = field(default_factory=dict)
    inputs: dict[str, dict[str, str]] = field(default_factory=dict)
    footer: dict[str, str] = field(default_factory=dict)
    footer_labels: dict[str, str] = field(default_factory=dict)
    options: dict[str, tuple[str, str]] = field(default_factory=dict)
    lists_cells: dict[str, str] = field(default_factory=dict)
    grade_ranges: tuple[str, str] | None = None
    summary_row: dict[str, int] = field(default_factory=dict)
    last_row: int = FIRST_ROW - 1
    _input_map: list[tuple[str, str, str, str]] | None = field(default=None, repr=False)
    _input_addresses: frozenset[str] | None = field(default=None, repr=False)

    # --- the form sheet -------------------------------------------------------------------------
    def points_cell(self, code: str) -> str:
        """The self-score cell of an indicator."""
        return cell(Col.POINTS, self.node_row[code])

    def applicable_cell(self, code: str) -> str:
        """The hidden applicable-max cell of an indicator."""
        return cell(Col.APPLICABLE, self.node_row[code])

    def na_cell(self, code: str) -> str | None:
        """The N/A input cell of an indicator, when the unit may mark it not applicable."""
        node = self.scheme.tree.by_code[code]
        return cell(Col.NA, self.node_row[code]) if node.na and self.applicable[code] else None

    def number_cells(self, code: str) -> dict[str, str]:
        """The hidden cell beside each number input of a leaf (input name → cell): what its formulas read."""
        node = self.scheme.tree.by_code[code]
        numeric = {s.name for s in node.scoring_rule.input_specs(node.max) if s.kind in ("number", "whole")}
        return {name: Col.NUMBER + address[len(Col.INPUT):]
                for name, address in self.inputs.get(code, {}).items() if name in numeric}

    def text_cells(self, code: str) -> dict[str, str]:
        """The evidence and explanation cells of a leaf."""
        row = self.node_row[code]
        return {"evidence": cell(Col.EVIDENCE, row), "explanation": cell(Col.EXPLANATION, row)}

    def input_map(self) -> list[tuple[str, str, str, str]]:
        """(indicator, input, sheet, cell) for every cell a unit fills, in form order."""
        if self._input_map is None:
            self._input_map = self._build_input_map()
        return self._input_map

    def input_addresses(self) -> frozenset[str]:
        """The form cells units fill (left out of the structure fingerprint)."""
        if self._input_addresses is None:
            self._input_addresses = frozenset(address for _, _, _, address in self.input_map())
        return self._input_addresses

    def _build_input_map(self) -> list[tuple[str, str, str, str]]:
        rows: list[tuple[str, str, str, str]] = []
        for code in self.scheme.tree.order:
            if not self.applicable[code]:
                continue
            for name, address in self.inputs.get(code, {}).items():
                rows.append((code, name, FORM_SHEET, address))
            na = self.na_cell(code)
            if na:
                rows.append((code, "na", FORM_SHEET, na))
            if self.scheme.tree.by_code[code].is_leaf:
                rows += [(code, name, FORM_SHEET, address) for name, address in self.text_cells(code).items()]
        return rows

    def output_map(self) -> list[tuple[str, str, str, str]]:
        """(indicator, output, sheet, cell) for every self-score and footer cell."""
        rows = [(code, "points", FORM_SHEET, self.points_cell(code)) for code in self.scheme.tree.order]
        rows += [(FOOTER_CODE, name, FORM_SHEET, address) for name, address in self.footer.items()]
        return rows

    # --- the lists sheet ------------------------------------------------------------------------
    def list_range(self, name: str) -> str:
        """A dropdown's source on the lists sheet, as a formula reference."""
        return on_sheet(LISTS_SHEET, self.lists_cells[name])


def compute_layout(scheme: Scheme, group: str | None) -> FormLayout:
    """Lay out the form, its footer, the lists sheet and the summary for one group's units."""
    layout = FormLayout(scheme, group)
    row = FIRST_ROW
    for top in scheme.indicators:
        row = _place(layout, top, row, applicable=True)
    layout.last_row = row - 1
    _place_footer(layout, row + 1)
    _place_lists(layout)
    _place_summary(layout)
    return layout


def _place(layout: FormLayout, node: Indicator, row: int, applicable: bool) -> int:
    applicable = applicable and (node.applies_to is None or layout.group in node.applies_to)
    layout.applicable[node.code] = applicable
    layout.node_row[node.code] = row
    layout.rows.append(FormRow(row, "indicator", node))
    row += 1
    if node.is_leaf:
        specs = node.scoring_rule.input_specs(node.max) if applicable else []
        if len(specs) == 1:
            layout.inputs[node.code] = {specs[0].name: cell(Col.INPUT, row - 1)}
        elif specs:
            layout.inputs[node.code] = {}
            for spec in specs:
                layout.rows.append(FormRow(row, "input", node, spec))
                layout.inputs[node.code][spec.name] = cell(Col.INPUT, row)
                row += 1
    for child in node.children:
        row = _place(layout, child, row, applicable)
    return row


def _place_footer(layout: FormLayout, row: int) -> None:
    scheme = layout.scheme
    effects = {top.effect for top in scheme.indicators}
    entries: list[tuple[str, str]] = []
    if effects != {"base"}:
        entries.append(("base_total", "Điểm cơ bản"))
        if "bonus" in effects:
            entries.append(("bonus", "Điểm thưởng"))
        if "penalty" in effects:
            entries.append(("penalty", "Điểm trừ"))
    entries += [("total", "Tổng điểm tự chấm"), ("applicable_max", "Điểm tối đa áp dụng (trừ chỉ số KĐG)")]
    entries.append(("result", _RESULT_LABELS[scheme.result]))
    if scheme.grades:
        entries.append(("grade", "Xếp loại"))
    for offset, (name, label) in enumerate(entries):
        layout.footer[name] = cell(Col.POINTS, row + offset)
        layout.footer_labels[name] = label


_RESULT_LABELS = {
    "points": "Kết quả (điểm quy đổi theo điểm tối đa)",
    "percent": "Kết quả (% so với điểm tối đa áp dụng)",
    "index": "Chỉ số (điểm / điểm tối đa áp dụng)",
    "weighted": "Chỉ số (bình quân có trọng số các trụ cột)",
}


def footer_note_row(layout: FormLayout) -> int:
    """The row under the footer where the provisional-total note goes (when needed)."""
    return max(int(a.lstrip("G")) for a in layout.footer.values()) + 2


def has_relative(layout: FormLayout) -> bool:
    """Whether some applicable indicator can only be scored at consolidation."""
    return any(
        isinstance(n.rule, RelativeRule) and layout.applicable[n.code]
        for n in layout.scheme.tree.by_code.values()
        if n.is_leaf
    )


def _place_lists(layout: FormLayout) -> None:
    """Column A: Có/Không; B: KĐG; C–D: grade bands (ascending min, label); E–F: each choice's options."""
    layout.lists_cells["yes_no"] = "$A$1:$A$2"
    layout.lists_cells["na"] = "$B$1:$B$1"
    if layout.scheme.grades:
        count = len(layout.scheme.grades)
        layout.grade_ranges = (
            on_sheet(LISTS_SHEET, f"$C$1:$C${count}"),
            on_sheet(LISTS_SHEET, f"$D$1:$D${count}"),
        )
    row = 1
    for code in layout.scheme.tree.order:
        node = layout.scheme.tree.by_code[code]
        if node.is_leaf and isinstance(node.rule, ChoiceRule) and layout.applicable[code]:
            last = row + len(node.rule.options) - 1
            labels, points = f"$E${row}:$E${last}", f"$F${row}:$F${last}"
            layout.lists_cells[f"options:{code}"] = labels
            layout.options[code] = (on_sheet(LISTS_SHEET, labels), on_sheet(LISTS_SHEET, points))
            row = last + 1


def grade_rows(scheme: Scheme) -> list[tuple[Decimal, str]]:
    """The grade bands as the lists sheet holds them: ascending (min, label), the lowest from -1E+9."""
    rows = [(band.min if band.min is not None else Decimal("-1E+9"), band.label) for band in scheme.grades]
    return list(reversed(rows))


def _place_summary(layout: FormLayout) -> None:
    row = SUMMARY_HEADER_ROW + 1
    for node in layout.scheme.tree.main_indices():
        layout.summary_row[node.code] = row
        row += 1
    for aggregate in layout.scheme.aggregates:
        layout.summary_row[aggregate.code] = row
        row += 1
