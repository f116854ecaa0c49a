"""The report's tables as rows of display text: the ranking, each measure's ranking, evidence, missing units."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal

from xl_dti.ranking import competition_ranks
from xl_dti.report.model import MeasureInfo, Ranking, UnitEntry
from xl_dti.report.summary import places_gained
from xl_dti.report.vnformat import vn_number, vn_result

NOT_RANKED = "Không xếp hạng"
NO_VALUE = "—"


@dataclass(frozen=True)
class Section:
    """One group of units, ranked among themselves (or evaluated only)."""

    code: str | None
    name: str
    ranked: bool
    units: list[UnitEntry]


@dataclass(frozen=True)
class RankingRow:
    """One line of a group's ranking table, every cell as text."""

    rank: str
    unit_code: str
    unit_name: str
    self_total: str
    appraised_total: str
    main_total: str
    bonus: str
    penalty: str
    total: str
    applicable_max: str
    result: str
    result_note: str
    grade: str
    grade_index: int
    change: str
    change_kind: str


@dataclass(frozen=True)
class MeasureRow:
    """One line of a measure's table: competition rank within the group, unit, value."""

    rank: str
    unit_name: str
    value: str


@dataclass(frozen=True)
class EvidenceRow:
    """One indicator of a unit's evidence appendix."""

    code: str
    points: str
    evidence: str
    appraisal: str
    comment: str


def sections(ranking: Ranking) -> list[Section]:
    """The units group by group in the scheme's order; units of unknown or no group come last, in file order."""
    known = {g.code: g for g in ranking.scheme_info.groups}
    found: dict[str | None, list[UnitEntry]] = {}
    for unit in ranking.units:
        found.setdefault(unit.group, []).append(unit)
    result = [Section(g.code, g.name, g.ranked, found[g.code]) for g in ranking.scheme_info.groups if g.code in found]
    for code, units in found.items():
        if code not in known:
            name = units[0].group_name or code or "Các đơn vị"
            result.append(Section(code, name, any(u.status == "ranked" for u in units), units))
    return result


def change_of(unit: UnitEntry) -> tuple[str, str]:
    """The change column's text (``↑3``, ``↓1``, ``=``, ``mới``) and its kind (up, down, same, new, none)."""
    gained = places_gained(unit)
    text = unit.change if unit.change is not None else ("" if gained is None else _arrow(gained))
    if unit.rank is None or not text:
        return NO_VALUE, "none"
    kinds = {"↑": "up", "↓": "down", "=": "same"}
    return text, kinds.get(text[:1], "new")


def _arrow(gained: int) -> str:
    return "=" if gained == 0 else (f"↑{gained}" if gained > 0 else f"↓{-gained}")


def ranking_rows(ranking: Ranking, units: Sequence[UnitEntry]) -> list[RankingRow]:
    """A group's ranking table; the grade index (0 = highest band, -1 = none) picks the grade's colour."""
    info = ranking.scheme_info
    labels = [band.label for band in info.grades]
    decimals, points, mode = info.decimals, ranking.points_decimals, ranking.result_mode
    rows = []
    for unit in units:
        change, kind = change_of(unit)
        rows.append(RankingRow(
            rank=NOT_RANKED if unit.rank is None else str(unit.rank),
            unit_code=unit.unit_code,
            unit_name=unit.unit_name,
            self_total=_points(unit.self_total, points),
            appraised_total=_points(unit.appraised_total, points),
            main_total=_points(unit.main_total, points),
            bonus=_points(unit.bonus, points),
            penalty=_points(unit.penalty, points),
            total=_points(unit.total, points),
            applicable_max=vn_number(unit.applicable_max, _places(unit.applicable_max, points)),
            result=vn_result(unit.result, mode, decimals),
            result_note=unit.result_note,
            grade=unit.grade or NO_VALUE,
            grade_index=labels.index(unit.grade) if unit.grade in labels else -1,
            change=change,
            change_kind=kind,
        ))
    return rows


def _signed(value: Decimal | None, sign: int) -> Decimal | None:
    return value if value is None or value == 0 else sign * value


def _places(value: Decimal, decimals: int) -> int:
    return 0 if value == value.to_integral_value() else decimals  # a max is shown as 600, not 600,00


def _points(value: Decimal | None, decimals: int) -> str:
    return NO_VALUE if value is None else vn_number(value, decimals)


def measure_rows(ranking: Ranking, section: Section, measure: MeasureInfo) -> list[MeasureRow]:
    """One measure's table for one group, by competition rank (1, 2, 2, 4) on the already rounded values.

    Units of an unranked group get «Không xếp hạng»; units without a value (not applicable) no rank.
    """
    values = {i: unit.measures.get(measure.code) for i, unit in enumerate(section.units)}
    ranks = competition_ranks(values.items()) if section.ranked else dict.fromkeys(values)
    order = sorted(values, key=lambda i: (ranks[i] is None, ranks[i] or 0, i))
    decimals = ranking.points_decimals if measure.kind == "main" else ranking.scheme_info.aggregate_decimals
    rows = []
    for i in order:
        value, place = values[i], ranks[i]
        rank = str(place) if place is not None else (NO_VALUE if section.ranked else NOT_RANKED)
        shown = NO_VALUE if value is None else vn_number(value, decimals)
        rows.append(MeasureRow(rank, section.units[i].unit_name, shown))
    return rows


def evidence_rows(unit: UnitEntry, decimals: int, penalties: Collection[str] = ()) -> list[EvidenceRow]:
    """A unit's indicators in the scheme's order, with evidence, appraisal and the council's comment;
    the points of ``penalties`` (indicator codes) are shown negative, as they count in the total."""
    codes = list(dict.fromkeys([*unit.indicators, *unit.evidence, *unit.appraisal]))
    rows = []
    for code in codes:
        sign = -1 if code in penalties else 1
        points = _signed(unit.indicators.get(code), sign)
        finding = unit.appraisal.get(code)
        appraisal = ""
        if finding is not None and (finding.self_score is not None or finding.appraised is not None):
            before, after = _signed(finding.self_score, sign), _signed(finding.appraised, sign)
            appraisal = f"{_points(before, decimals)} → {_points(after, decimals)}"
        shown = "Không đánh giá" if code in unit.not_applicable else _points(points, decimals)
        rows.append(EvidenceRow(code, shown, unit.evidence.get(code, ""), appraisal,
                                finding.comment if finding is not None else ""))
    return rows
