"""The consolidated results as rows: the ranking per group, each measure's ranking, and statistics."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from xl_dti.consolidation.previous import PreviousResult
from xl_dti.decimals import vn
from xl_dti.ranking import RankRow, measure_value, measures, rank
from xl_dti.registry import RegistryUnit
from xl_dti.results import UnitResult
from xl_dti.scheme.model import Scheme


@dataclass(frozen=True)
class RankingRow:
    """One evaluated unit in the master ranking."""

    group: str | None
    rank: int | None
    unit_code: str
    unit_name: str
    result: UnitResult
    status: str
    previous: PreviousResult | None
    measures: dict[str, Decimal | None] = field(default_factory=dict)
    self_result: UnitResult | None = None
    previous_measures: dict[str, Decimal] = field(default_factory=dict)
    result_note: str = ""

    @property
    def main_total(self) -> Decimal:
        """The main indices' points together (before bonus and penalty)."""
        return self.result.base_total

    @property
    def measure_changes(self) -> dict[str, Decimal]:
        """Each main index's and pillar's change since last year, where both years have a value."""
        return {code: value - self.previous_measures[code] for code, value in self.measures.items()
                if value is not None and code in self.previous_measures}

    @property
    def appraised(self) -> bool:
        """Whether the council's points are in this unit's result."""
        return self.self_result is not None

    @property
    def rank_change(self) -> int | None:
        """Places gained since last year (positive: up), when both ranks are known."""
        if self.rank is None or self.previous is None or self.previous.rank is None:
            return None
        return self.previous.rank - self.rank

    @property
    def change_text(self) -> str:
        """``↑3``, ``↓1``, ``=`` or ``mới`` (no rank last year); empty when not ranked now. A merged
        unit's change says it is measured against its predecessors' mean."""
        if self.rank is None:
            return ""
        basis = self.previous.basis if self.previous is not None else None
        if basis is not None and basis.missing:
            return ""  # a predecessor is missing from last year's file: nothing meaningful to show
        if self.previous is None or self.previous.rank is None:
            return "mới"
        change = self.rank_change or 0
        text = "=" if change == 0 else (f"↑{change}" if change > 0 else f"↓{-change}")
        return f"{text} ({basis.note})" if basis is not None and basis.note else text

    @property
    def result_change(self) -> Decimal | None:
        """The result's change since last year."""
        if self.result.result is None or self.previous is None or self.previous.result is None:
            return None
        return self.result.result - self.previous.result


@dataclass(frozen=True)
class GradeCount:
    """How many units of a group got a grade: «26/30 đơn vị xếp loại Tốt»."""

    group: str | None
    grade: str
    count: int
    of: int


def result_note(scheme: Scheme, result: UnitResult) -> str:
    """How the result was reached when it is not simply the total: ``110 → 100`` when the total was
    kept within 0..applicable max, ``×100/70`` when N/A indicators rescaled the result."""
    notes = []
    summed = result.base_total + result.bonus - result.penalty
    if summed != result.total:
        notes.append(f"{vn(summed)} → {vn(result.total)}")
    applicable = result.applicable_max
    if applicable != result.max and applicable > 0 and scheme.result != "weighted" and result.result is not None:
        factor = {"points": vn(scheme.total_max), "percent": "100"}.get(scheme.result)
        notes.append(f"×{factor}/{vn(applicable)}" if factor else f"÷{vn(applicable)}")
    return "; ".join(notes)


def ranking_rows(
    scheme: Scheme, results: list[UnitResult], units: dict[str, RegistryUnit],
    previous: dict[str, PreviousResult] | None, self_results: list[UnitResult] | None = None,
    appraised: set[str] | None = None, previous_measures: dict[str, dict[str, Decimal]] | None = None,
) -> list[RankingRow]:
    """The master ranking: group by group, by rank, ties and unranked units by code.

    ``self_results`` are the same units scored without the appraisal; ``appraised`` names the
    units whose appraisal was applied (their rows carry their self result beside the official one).
    """
    own = {r.unit: r for r in self_results or []}
    by_unit = {r.unit: r for r in results}
    rows = []
    for place in rank(scheme, results):
        result = by_unit[place.unit]
        code = place.unit or ""
        group = scheme.group(place.group) if place.group else None
        status = "ranked" if group is None or group.ranked else "not_ranked"
        values = {m: measure_value(scheme, result, m) for m in measures(scheme) if m != "result"}
        rows.append(RankingRow(place.group, place.rank, code, units[code].name if code in units else code,
                               result, status, (previous or {}).get(code), values,
                               own.get(code) if code in (appraised or set()) else None,
                               (previous_measures or {}).get(code, {}), result_note(scheme, result)))
    return rows


def measure_rankings(scheme: Scheme, results: list[UnitResult]) -> dict[str, list[RankRow]]:
    """Each main index's and aggregate's own ranking within the groups."""
    return {m: rank(scheme, results, m) for m in measures(scheme) if m != "result"}


def grade_counts(scheme: Scheme, rows: list[RankingRow]) -> list[GradeCount]:
    """Per group, how many units got each grade (bands in the scheme's order)."""
    counts: list[GradeCount] = []
    groups = list(dict.fromkeys(r.group for r in rows))
    for group in groups:
        members = [r for r in rows if r.group == group]
        tally = Counter(r.result.grade for r in members)
        counts += [GradeCount(group, band.label, tally[band.label], len(members)) for band in scheme.grades]
    return counts
