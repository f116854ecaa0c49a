"""The «Hướng dẫn» sheet's text, rendered from the jinja2 template in ``templates/``."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from xl_dti.decimals import vn
from xl_dti.resources import templates_dir
from xl_dti.scheme.model import Scheme
from xl_dti.units import Unit
from xl_dti.workbook.layout import FormLayout, has_relative

TEMPLATE = "huong-dan.txt.j2"

_INPUT_HELP = {
    "points": "Chỉ số chấm điểm trực tiếp: nhập số điểm tự chấm, từ 0 đến điểm tối đa.",
    "yes_no": "Chỉ số Có/Không: chọn «Có» hoặc «Không» trong danh sách.",
    "choice": "Chỉ số nhiều mức: chọn đúng một mức trong danh sách.",
    "parts": "Chỉ số gồm nhiều nội dung: ở mỗi dòng nội dung bên dưới, chọn «Có» nếu đạt, «Không» nếu không đạt.",
    "ratio": "Chỉ số tỉ lệ: nhập tử số và mẫu số ở hai dòng bên dưới; điểm = tỉ lệ × điểm tối đa. Ô tử số tô "
    "cam khi tử số lớn hơn mẫu số: kiểm tra lại số liệu.",
    "steps": "Chỉ số theo mức: nhập số liệu (số lần, tỉ lệ %…); điểm theo mức đạt được.",
    "count": "Chỉ số đếm: nhập số lượng (số nguyên); mỗi đơn vị được cộng điểm, không quá điểm tối đa.",
    "relative": "Chỉ số so sánh: nhập số liệu; điểm tính theo đơn vị cao nhất trong nhóm khi tổng hợp.",
}
_RESULT_HELP = {
    "points": "Khi có chỉ số KĐG, kết quả được quy đổi về thang điểm tối đa: "
    "tổng điểm × điểm tối đa / điểm tối đa áp dụng.",
    "percent": "Kết quả là tỉ lệ phần trăm: tổng điểm / điểm tối đa áp dụng (đã trừ các chỉ số KĐG) × 100.",
    "index": "Kết quả là chỉ số từ 0 đến 1: tổng điểm / điểm tối đa áp dụng (đã trừ các chỉ số KĐG).",
    "weighted": "Kết quả là bình quân có trọng số giá trị các trụ cột.",
}
_RESULT_WORD = {"points": "điểm", "percent": "tỉ lệ phần trăm", "index": "giá trị chỉ số", "weighted": "giá trị chỉ số"}


@dataclass(frozen=True)
class GuideLine:
    """One line of the guide: a heading, a bullet or plain text."""

    text: str
    heading: bool = False


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(templates_dir())),
        undefined=StrictUndefined,
        autoescape=False,  # plain text written into cells as text, never HTML
        keep_trailing_newline=True,
    )


def guide_lines(layout: FormLayout, unit: Unit, year: int, deadline: str, contact: str) -> list[GuideLine]:
    """The guide for one unit, line by line (headings start with ``# `` in the template)."""
    scheme = layout.scheme
    kinds = sorted({n.scoring_rule.rule for n in scheme.tree.by_code.values() if n.is_leaf and n.max > 0})
    text = _environment().get_template(TEMPLATE).render(
        unit=unit,
        group=scheme.group(unit.group) if unit.group else None,
        scheme=scheme,
        year=year,
        deadline=deadline,
        contact=contact,
        input_help=[_INPUT_HELP[k] for k in kinds],
        has_na=any(n.na for n in scheme.tree.by_code.values()),
        not_applicable=not all(layout.applicable.values()),
        has_relative=has_relative(layout),
        result_help=_RESULT_HELP[scheme.result],
        result_word=_RESULT_WORD[scheme.result],
        grades=_bands(scheme),
    )
    lines = []
    for raw in text.splitlines():
        if raw.startswith("# "):
            lines.append(GuideLine(raw[2:], heading=True))
        else:
            lines.append(GuideLine(raw))
    return lines


@dataclass(frozen=True)
class _Band:
    label: str
    range: str


def _bands(scheme: Scheme) -> list[_Band]:
    bands: list[_Band] = []
    upper = None
    for band in scheme.grades:
        if band.min is None:
            text = f"dưới {vn(upper)}" if upper is not None else "mọi kết quả"
        elif upper is None:
            text = f"từ {vn(band.min)} trở lên"
        else:
            text = f"từ {vn(band.min)} đến dưới {vn(upper)}"
        bands.append(_Band(band.label, text))
        upper = band.min
    return bands
