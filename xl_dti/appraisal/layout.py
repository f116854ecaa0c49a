"""Where everything sits in an appraisal workbook (the council's sheet for one unit's submission)."""

from __future__ import annotations

from dataclasses import dataclass, field

from xl_dti.excel import on_sheet
from xl_dti.scheme.model import Scheme
from xl_dti.workbook.layout import LISTS_SHEET, META_SHEET, cell

APPRAISAL_SHEET = "Thẩm định"
SHEETS = (APPRAISAL_SHEET, LISTS_SHEET, META_SHEET)
FINGERPRINTED = (APPRAISAL_SHEET, LISTS_SHEET)
HEADER_ROW, FIRST_ROW = 6, 7
META_KEYS = ("kind", "scheme_id", "scheme_fingerprint", "xl_dti_version", "unit_code", "unit_name", "unit_group",
             "year", "submission_file", "submission_sha256", "structure_fingerprint", "values_fingerprint",
             "signature")
KIND = "appraisal"


class Col:
    """The columns of the appraisal sheet."""

    CODE, NAME, MAX, ANSWER, NA, SELF = "A", "B", "C", "D", "E", "F"
    EVIDENCE, EXPLANATION, APPRAISED, COMMENT, APPLICABLE = "G", "H", "I", "J", "K"
    COUNTED = "L"  # hidden: the points that count (appraised, else the self-score)


HEADERS: tuple[tuple[str, str, float], ...] = (
    (Col.CODE, "Mã", 8), (Col.NAME, "Chỉ số, tiêu chí", 42), (Col.MAX, "Điểm tối đa", 9),
    (Col.ANSWER, "Số liệu đơn vị nhập", 22), (Col.NA, "KĐG", 6), (Col.SELF, "Điểm tự chấm", 10),
    (Col.EVIDENCE, "Tài liệu kiểm chứng", 34), (Col.EXPLANATION, "Giải trình", 26),
    (Col.APPRAISED, "Điểm thẩm định", 11), (Col.COMMENT, "Ý kiến thẩm định", 34),
    (Col.APPLICABLE, "Điểm tối đa áp dụng", 10), (Col.COUNTED, "Điểm được tính", 10),
)


@dataclass
class AppraisalLayout:
    """Every address of the appraisal workbooks of one scheme (the rows follow the indicator tree)."""

    scheme: Scheme
    node_row: dict[str, int] = field(default_factory=dict)
    footer: dict[str, str] = field(default_factory=dict)
    footer_labels: dict[str, str] = field(default_factory=dict)
    grade_ranges: tuple[str, str] | None = None

    def points_cell(self, code: str) -> str:
        """The points that count for an indicator: a leaf's appraised points, or its self-score when
        the council left the cell blank (hidden column); a parent's sum."""
        column = Col.COUNTED if self.scheme.tree.by_code[code].is_leaf else Col.APPRAISED
        return cell(column, self.node_row[code])

    def appraised_cell(self, code: str) -> str:
        """Where the council types an indicator's appraised points."""
        return cell(Col.APPRAISED, self.node_row[code])

    def applicable_cell(self, code: str) -> str:
        """The (hidden) applicable max of an indicator."""
        return cell(Col.APPLICABLE, self.node_row[code])

    def comment_cell(self, code: str) -> str:
        """The council's comment on an indicator."""
        return cell(Col.COMMENT, self.node_row[code])

    def na_mark_cell(self, code: str) -> str:
        """Where a row says the indicator is not evaluated («KĐG»): locked, part of the structure."""
        return cell(Col.NA, self.node_row[code])

    def input_addresses(self) -> frozenset[str]:
        """The cells the structure fingerprint leaves out: every leaf's appraised points and every row's
        comment. The same for every unit: an N/A row's appraised cell is locked, and the reader checks
        it still says «KĐG» (the row's own N/A mark is structure)."""
        tree = self.scheme.tree
        return frozenset([self.appraised_cell(c) for c in tree.order if tree.by_code[c].is_leaf]
                         + [self.comment_cell(c) for c in tree.order])


def appraisal_layout(scheme: Scheme) -> AppraisalLayout:
    """Rows in tree order from ``FIRST_ROW``, then the footer; the grade table on the lists sheet."""
    layout = AppraisalLayout(scheme)
    for offset, code in enumerate(scheme.tree.order):
        layout.node_row[code] = FIRST_ROW + offset
    row = FIRST_ROW + len(scheme.tree.order) + 1
    entries = [("self_total", "Tổng điểm tự chấm (tính lại từ số liệu)")]
    effects = {top.effect for top in scheme.indicators}
    if effects != {"base"}:
        entries.append(("base_total", "Điểm cơ bản thẩm định"))
        entries += [(e, f"Điểm {'thưởng' if e == 'bonus' else 'trừ'} thẩm định") for e in ("bonus", "penalty")
                    if e in effects]
    entries += [("total", "Tổng điểm thẩm định"), ("applicable_max", "Điểm tối đa áp dụng"),
                ("result", "Kết quả thẩm định")]
    if scheme.grades:
        entries.append(("grade", "Xếp loại theo điểm thẩm định"))
        count = len(scheme.grades)
        layout.grade_ranges = (on_sheet(LISTS_SHEET, f"$C$1:$C${count}"), on_sheet(LISTS_SHEET, f"$D$1:$D${count}"))
    for offset, (name, label) in enumerate(entries):
        layout.footer[name] = cell(Col.APPRAISED, row + offset)
        layout.footer_labels[name] = label
    return layout
