"""Compare this year's results with last year's: totals always, main indices and pillars when they match.

Main indices and aggregates are compared by code when last year used the same scheme, through a
crosswalk (``xl-dti scheme diff --crosswalk``) when the scheme changed; without either, or when last
year's file holds totals only, only the total, rank and grade are compared, and the outputs say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

from xl_dti.consolidation.previous import Previous
from xl_dti.scheme import builtin_ids, load_scheme
from xl_dti.scheme.model import Scheme
from xl_dti.versions.crosswalk import CrosswalkError, check_crosswalk, load_crosswalk, measure_codes, rekey

Mode = Literal["same_scheme", "crosswalk", "total_only", "totals_given"]


@dataclass(frozen=True)
class YearComparison:
    """How last year is compared, and each unit's last-year main-index and pillar values."""

    mode: Mode
    measures: dict[str, dict[str, Decimal]] = field(default_factory=dict)


def compare_years(scheme: Scheme, previous: Previous, crosswalk: Path | None) -> YearComparison:
    """Decide how to compare with last year and re-key last year's values to this scheme's codes.

    Raises:
        CrosswalkError: the crosswalk does not fit the two schemes (every problem, located).
    """
    current = set(measure_codes(scheme))
    if crosswalk is not None:
        walk = load_crosswalk(crosswalk)
        old = load_scheme(previous.scheme) if previous.scheme in builtin_ids() else None
        problems = check_crosswalk(walk, old, scheme) if old else [
            p for p in check_crosswalk(walk, scheme, scheme) if p.params.get("side") == "new"
        ]
        if problems:
            raise CrosswalkError(problems)
        return YearComparison("crosswalk", {code: rekey(u.measures, walk) for code, u in previous.units.items()})
    codes = previous.measure_codes()
    if not codes:
        return YearComparison("totals_given")  # last year's file holds totals only
    if previous.scheme == scheme.id or (previous.scheme is None and codes <= current):
        return YearComparison("same_scheme", {
            code: {c: v for c, v in u.measures.items() if c in current} for code, u in previous.units.items()
        })
    return YearComparison("total_only")
