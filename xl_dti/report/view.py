"""Everything the report page shows, as display-ready text and chart geometry (no HTML here)."""

from __future__ import annotations

from dataclasses import dataclass

from xl_dti.report.charts import GradeChart, ScoreChart, grade_chart, grade_colours, score_chart
from xl_dti.report.model import Ranking
from xl_dti.report.summary import biggest_gains, grade_sentence, last_places, top_three
from xl_dti.report.tables import (
    EvidenceRow,
    MeasureRow,
    RankingRow,
    Section,
    evidence_rows,
    measure_rows,
    ranking_rows,
    sections,
)
from xl_dti.report.vnformat import vn_number

RESULT_HEADERS = {"points": "Kết quả (thang {max} điểm)", "percent": "Kết quả (% điểm tối đa áp dụng)",
                  "index": "Chỉ số (0–1)", "weighted": "Chỉ số (0–1)"}


@dataclass(frozen=True)
class GroupView:
    """One group: its sentences, ranking table and score chart."""

    code: str
    name: str
    ranked: bool
    count: int
    grade_sentence: str
    top: list[str]
    gains: list[str]
    last: list[str]
    rows: list[RankingRow]
    chart: ScoreChart | None


@dataclass(frozen=True)
class MeasureTable:
    """One group's table for one measure."""

    group: str
    rows: list[MeasureRow]


@dataclass(frozen=True)
class MeasureView:
    """A main index or aggregate/pillar with one table per group."""

    code: str
    name: str
    kind: str
    max: str
    tables: list[MeasureTable]


@dataclass(frozen=True)
class MissingView:
    """A registered unit with no accepted file."""

    unit_code: str
    unit_name: str
    group: str


@dataclass(frozen=True)
class EvidenceView:
    """A unit's evidence appendix."""

    unit_code: str
    unit_name: str
    group: str
    rows: list[EvidenceRow]


COMPARISON_NOTES = {
    "crosswalk": " Các chỉ số chính và trụ cột được so sánh với năm trước theo bảng đối chiếu mã chỉ số.",
    "total_only": " Bộ chỉ số năm nay khác năm trước và không có bảng đối chiếu mã chỉ số, nên chỉ so sánh tổng "
                  "điểm, thứ hạng và xếp loại.",
    "totals_given": " Số liệu năm trước chỉ có tổng điểm, nên chỉ so sánh tổng điểm, thứ hạng và xếp loại.",
}


@dataclass(frozen=True)
class Page:
    """The whole report page."""

    headline: str
    scheme_title: str
    issuer: str
    decision: str
    year: int
    intro: str
    result_header: str
    show_result: bool
    has_bonus: bool
    has_penalty: bool
    has_appraisal: bool
    has_previous: bool
    groups: list[GroupView]
    grade_chart: GradeChart | None
    grade_colours: dict[str, str]
    measures: list[MeasureView]
    missing: list[MissingView]
    evidence: list[EvidenceView] | None


def build_page(ranking: Ranking, *, title: str | None = None, with_evidence: bool = False) -> Page:
    """Shape a ranking into the report page.

    Args:
        ranking: the loaded ranking.json.
        title: the headline; by default «Kết quả đánh giá, xếp hạng chỉ số chuyển đổi số năm YEAR».
        with_evidence: add the appendix of each unit's evidence.

    Returns:
        The page, ready for the template.
    """
    info = ranking.scheme_info
    parts = sections(ranking)
    labels = [band.label for band in info.grades]
    units = ranking.units
    penalties = {code for code, effect in info.effects.items() if effect == "penalty"}
    return Page(
        headline=title or f"Kết quả đánh giá, xếp hạng chỉ số chuyển đổi số năm {ranking.year}",
        scheme_title=info.title, issuer=info.issuer, decision=info.decision, year=ranking.year,
        intro=_intro(ranking, len(parts)) + COMPARISON_NOTES.get(ranking.comparison or "", ""),
        result_header=RESULT_HEADERS[ranking.result_mode].format(max=vn_number(info.max, 0)),
        show_result=ranking.result_mode != "points" or any(u.applicable_max != info.max for u in units),
        has_bonus="bonus" in info.effects.values(),
        has_penalty="penalty" in info.effects.values(),
        has_appraisal=any(unit.appraised_total is not None for unit in units),
        has_previous=any(unit.previous_rank is not None for unit in units),
        groups=[_group(ranking, part, labels) for part in parts],
        grade_chart=grade_chart(parts, labels),
        grade_colours=grade_colours(labels),
        measures=[
            MeasureView(m.code, m.name, m.kind, vn_number(m.max, 0 if m.max == m.max.to_integral_value() else 2),
                        [MeasureTable(part.name, measure_rows(ranking, part, m)) for part in parts])
            for m in info.measures
        ],
        missing=_missing(ranking, parts),
        evidence=[EvidenceView(u.unit_code, u.unit_name, part.name,
                               evidence_rows(u, ranking.points_decimals, penalties))
                  for part in parts for u in part.units] if with_evidence else None,
    )


def _intro(ranking: Ranking, groups: int) -> str:
    info = ranking.scheme_info
    basis = f"Căn cứ {info.decision}" if info.decision else "Căn cứ bộ chỉ số đánh giá"
    basis += f" của {info.issuer}" if info.issuer else ""
    basis += f" ban hành {info.title}" if info.title else ""
    count = len(ranking.units)
    evaluated = f"{count} đơn vị" + (f" thuộc {groups} nhóm" if groups > 1 else "")
    return f"{basis}, năm {ranking.year} có {evaluated} được đánh giá chỉ số chuyển đổi số."


def _group(ranking: Ranking, section: Section, labels: list[str]) -> GroupView:
    info, mode, year = ranking.scheme_info, ranking.result_mode, ranking.year
    return GroupView(
        code=section.code or "", name=section.name, ranked=section.ranked, count=len(section.units),
        grade_sentence=grade_sentence(section.units, info.grades),
        top=top_three(section.units, year, mode, info.decimals) if section.ranked else [],
        gains=biggest_gains(section.units) if section.ranked else [],
        last=last_places(section.units, mode, info.decimals) if section.ranked else [],
        rows=ranking_rows(ranking, section.units),
        chart=score_chart(section, labels, mode, info.decimals, info.max),
    )


def _missing(ranking: Ranking, parts: list[Section]) -> list[MissingView]:
    names = {g.code: g.name for g in ranking.scheme_info.groups} | {p.code: p.name for p in parts}
    return [MissingView(m.unit_code, m.unit_name, names.get(m.group, m.group or "")) for m in ranking.missing]
