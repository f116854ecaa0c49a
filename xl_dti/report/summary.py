"""The announcement's sentences for one group: grade counts, top three, biggest gains, last places."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from xl_dti.report.model import GradeBand, ResultMode, UnitEntry
from xl_dti.report.vnformat import score_phrase

TOP = 3


def places_gained(unit: UnitEntry) -> int | None:
    """Places gained since last year (positive: up); ``None`` without a rank this year and last."""
    if unit.rank is None or unit.previous_rank is None:
        return None
    return unit.rank_change if unit.rank_change is not None else unit.previous_rank - unit.rank


def grade_sentence(units: Sequence[UnitEntry], grades: Sequence[GradeBand]) -> str:
    """``26/30 đơn vị xếp loại Tốt, 4 đơn vị xếp loại Khá``: non-zero grades only, in the bands' order.

    Args:
        units: the group's evaluated units (ranked or not).
        grades: the scheme's bands, highest first.

    Returns:
        The sentence, or ``""`` when no unit has a grade.
    """
    tally = Counter(unit.grade for unit in units)
    parts = [(band.label, tally[band.label]) for band in grades if tally[band.label]]
    texts = [f"{count} đơn vị xếp loại {label}" for label, count in parts]
    if texts:
        texts[0] = f"{parts[0][1]}/{len(units)} đơn vị xếp loại {parts[0][0]}"
    return ", ".join(texts)


def ranked_in_order(units: Sequence[UnitEntry]) -> list[UnitEntry]:
    """The units that have a rank, best first (ties keep the file's order)."""
    return sorted((u for u in units if u.rank is not None), key=lambda u: u.rank or 0)


def top_three(units: Sequence[UnitEntry], year: int, mode: ResultMode, decimals: int) -> list[str]:
    """One sentence for each unit ranked 1 to 3, comparing with last year where it is known.

    Example: ``Kho bạc Nhà nước vươn lên 3 bậc so với năm 2021 và giữ vị trí đứng đầu với 989 điểm``.
    """
    return [
        _standing(unit, year - 1, score_phrase(unit.result, mode, decimals))
        for unit in ranked_in_order(units)
        if (unit.rank or 0) <= TOP
    ]


def _standing(unit: UnitEntry, last_year: int, score: str) -> str:
    rank, name = unit.rank or 0, unit.unit_name
    placed = "giữ vị trí đứng đầu" if rank == 1 else f"xếp thứ {rank}"
    gained = places_gained(unit)
    if gained is None:
        return f"{name} {'đứng đầu' if rank == 1 else placed} với {score}"
    if gained > 0:
        return f"{name} vươn lên {gained} bậc so với năm {last_year} và {placed} với {score}"
    if gained < 0:
        return f"{name} giảm {-gained} bậc so với năm {last_year}, {placed} với {score}"
    kept = "vị trí đứng đầu" if rank == 1 else f"vị trí thứ {rank}"
    return f"{name} giữ vững {kept} như năm {last_year} với {score}"


def biggest_gains(units: Sequence[UnitEntry], limit: int = TOP) -> list[str]:
    """The units that climbed most since last year (ties with the last one kept): ``Sở X vươn lên 5 bậc (…)``."""
    climbers = [(gain, unit) for unit in ranked_in_order(units) if (gain := places_gained(unit) or 0) > 0]
    climbers.sort(key=lambda pair: -pair[0])
    if len(climbers) > limit:
        cutoff = climbers[limit - 1][0]
        climbers = [pair for pair in climbers if pair[0] >= cutoff]
    return [
        f"{unit.unit_name} vươn lên {gain} bậc (từ thứ {unit.previous_rank} lên thứ {unit.rank})"
        for gain, unit in climbers
    ]


def last_places(units: Sequence[UnitEntry], mode: ResultMode, decimals: int, count: int = TOP) -> list[str]:
    """The bottom ``count`` places not already among the top three (ties kept): ``Sở Y xếp thứ 30/30 với …``."""
    ranked = ranked_in_order(units)
    if not ranked:
        return []
    cutoff = ranked[max(len(ranked) - count, 0)].rank or 0
    return [
        f"{unit.unit_name} xếp thứ {unit.rank}/{len(ranked)} với {score_phrase(unit.result, mode, decimals)}"
        for unit in ranked
        if (unit.rank or 0) >= cutoff and (unit.rank or 0) > TOP
    ]
