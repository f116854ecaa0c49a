"""The master's «Xếp hạng» columns: machine key, a header that says its scale, width, and value."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xl_dti.consolidation.tables import RankingRow
from xl_dti.decimals import vn
from xl_dti.scheme.model import Scheme

STATUS_WORDS = {"ranked": "Xếp hạng", "not_ranked": "Đánh giá, không xếp hạng"}
RESULT_SCALES = {"points": "thang {max} điểm, quy đổi khi có chỉ số không đánh giá",
                 "percent": "% điểm tối đa áp dụng", "index": "chỉ số 0–1 trên điểm tối đa áp dụng",
                 "weighted": "chỉ số 0–1, bình quân gia quyền"}
Column = tuple[str, str, float, Callable[[RankingRow], Any]]


def group_name(scheme: Scheme, code: str | None) -> str:
    """A group's name (its code when the scheme does not know it)."""
    group = scheme.group(code) if code else None
    return group.name if group else (code or "")


def result_header(scheme: Scheme) -> str:
    """The result column's header, saying its scale."""
    return f"Kết quả ({RESULT_SCALES[scheme.result].format(max=vn(scheme.total_max))})"


def ranking_columns(scheme: Scheme) -> list[Column]:
    """The ranking's columns before the measures: main indices + bonus − penalty = total (points out of
    the applicable max), then the result on the scheme's scale with the note saying how it was reached."""
    applicable = "trên điểm tối đa áp dụng"
    return [
        ("group", "Nhóm", 18, lambda r: group_name(scheme, r.group)),
        ("rank", "Hạng", 7, lambda r: r.rank),
        ("unit_code", "Mã đơn vị", 16, lambda r: r.unit_code),
        ("unit_name", "Tên đơn vị", 40, lambda r: r.unit_name),
        ("main_total", "Điểm các chỉ số chính", 11, lambda r: r.main_total),
        ("bonus", "Điểm thưởng (+)", 9, lambda r: r.result.bonus),
        ("penalty", "Điểm trừ (−)", 9, lambda r: r.result.penalty),
        ("total", f"Tổng điểm = chính + thưởng − trừ ({applicable})", 13, lambda r: r.result.total),
        ("applicable_max", "Điểm tối đa áp dụng", 11, lambda r: r.result.applicable_max),
        ("result", result_header(scheme), 13, lambda r: r.result.result),
        ("result_note", "Ghi chú cách tính", 12, lambda r: r.result_note),
        ("grade", "Xếp loại", 12, lambda r: r.result.grade or ""),
        ("status", "Trạng thái", 14, lambda r: STATUS_WORDS[r.status]),
        ("previous_rank", "Hạng năm trước", 10, lambda r: None if r.previous is None else r.previous.rank),
        ("rank_change", "Tăng/giảm hạng", 10, lambda r: r.rank_change),
        ("change", "Thay đổi hạng", 10, lambda r: r.change_text),
        ("result_change", "Thay đổi kết quả so với năm trước (thang kết quả)", 12, lambda r: r.result_change),
        ("self_total", f"Tổng điểm tự chấm ({applicable})", 11, lambda r: (r.self_result or r.result).total),
        ("appraised_total", f"Tổng điểm thẩm định ({applicable})", 11,
         lambda r: r.result.total if r.appraised else None),
    ]
