"""Competition ranking (1, 2, 2, 4) of unit results within their groups."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from xl_dti.decimals import round_half_up
from xl_dti.errors import Problem, UsageError
from xl_dti.results import UnitResult
from xl_dti.scheme.model import Scheme

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class RankRow:
    """One unit's place on one measure: ``rank`` is ``None`` for unranked groups or no value."""

    unit: str | None
    group: str | None
    value: Decimal | None
    rank: int | None


def competition_ranks(values: Iterable[tuple[K, Decimal | None]]) -> dict[K, int | None]:
    """Competition ranks, highest value first: equal values share a rank and the next rank skips.

    Args:
        values: (key, value) pairs; a ``None`` value gets no rank.

    Returns:
        key → rank (1-based) or ``None``.
    """
    pairs = list(values)
    ordered = sorted((v for _, v in pairs if v is not None), reverse=True)
    first_place: dict[Decimal, int] = {}
    for place, value in enumerate(ordered, start=1):
        first_place.setdefault(value, place)
    return {key: None if value is None else first_place[value] for key, value in pairs}


def measures(scheme: Scheme) -> list[str]:
    """What can be ranked: ``result``, each main index code and each aggregate code."""
    return ["result", *scheme.tree.main_index_codes, *(a.code for a in scheme.aggregates)]


def measure_value(scheme: Scheme, result: UnitResult, measure: str) -> Decimal | None:
    """The value a unit is ranked on for ``measure``: the rounded result, a main index's points
    (rounded to the scheme's decimals; ``None`` when N/A), or an aggregate's value."""
    if measure == "result":
        return result.result
    if measure in result.aggregates:
        return result.aggregates[measure].value
    node = result.nodes.get(measure)
    if node is None or measure not in measures(scheme):
        known = ", ".join(measures(scheme))
        raise UsageError([Problem("usage.unknown_measure", params={"measure": measure, "known": known})])
    return None if node.na else round_half_up(node.points, scheme.decimals)


def rank(scheme: Scheme, results: Sequence[UnitResult], measure: str = "result") -> list[RankRow]:
    """Rank units within their groups on one measure.

    Units of a group with ``ranked: false`` carry no rank. Rows come group by group (in the
    scheme's order), then by rank, ties and unranked units by unit code.

    Args:
        scheme: the scheme the results were scored under.
        results: one result per unit (``unit`` set).
        measure: ``result``, a main index code, or an aggregate code (see ``measures``).

    Returns:
        One row per result.
    """
    group_order = {code: i for i, code in enumerate(scheme.group_codes)}
    rows: list[RankRow] = []
    for group in sorted({r.group for r in results}, key=lambda g: (group_order.get(g or "", -1), g or "")):
        members = [r for r in results if r.group == group]
        values = {r.unit: measure_value(scheme, r, measure) for r in members}
        info = scheme.group(group) if group is not None else None
        ranked = info is None or info.ranked
        ranks = competition_ranks(values.items()) if ranked else dict.fromkeys(values)
        group_rows = [RankRow(r.unit, group, values[r.unit], ranks[r.unit]) for r in members]
        group_rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.unit or ""))
        rows.extend(group_rows)
    return rows
