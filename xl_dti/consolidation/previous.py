"""Last year's results, from its ranking.json, ranking.csv or master.xlsx, matched by unit code."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from xl_dti.decimals import ZERO, divide, round_half_up
from xl_dti.errors import Problem, XlDtiError
from xl_dti.ranking import competition_ranks
from xl_dti.safe_text import bounded

RANKING_SHEET = "Xếp hạng"
MERGED_NOTE = "hình thành sau sắp xếp; so sánh với bình quân các đơn vị cũ"


class PreviousError(XlDtiError, ValueError):
    """Last year's results cannot be read."""


@dataclass(frozen=True)
class PreviousBasis:
    """Where a unit's last-year figures come from, when units were merged or renamed.

    ``method``: ``own`` (its own row), ``renamed`` (its one predecessor's row) or ``mean`` (the plain
    mean of its predecessors' results and main indices, the ministry's method for DTI 2024);
    ``missing``: predecessors last year's file lacks (then nothing is compared); ``rank``:
    ``recomputed`` when last year's ranking was worked out again over this year's units.
    """

    method: Literal["own", "renamed", "mean"]
    predecessors: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    rank: Literal["published", "recomputed"] = "published"

    @property
    def note(self) -> str:
        """What the master and the report say beside a merged unit's change."""
        return MERGED_NOTE if self.method == "mean" else ""

    def to_dict(self) -> dict[str, Any]:
        """The basis as ranking.json states it."""
        return {"method": self.method, "predecessors": list(self.predecessors), "missing": list(self.missing),
                "rank": self.rank, "note": self.note}


@dataclass(frozen=True)
class PreviousResult:
    """One unit's place last year."""

    unit_code: str
    group: str
    rank: int | None
    result: Decimal | None
    grade: str
    measures: dict[str, Decimal] = field(default_factory=dict)
    basis: PreviousBasis | None = None


# the columns of ranking.csv and the master's key row that are not main indices or aggregates
_NOT_MEASURES = frozenset({
    "group", "group_name", "rank", "unit_code", "unit_name", "total", "applicable_max", "result", "grade", "status",
    "previous_rank", "previous_result", "rank_change", "change", "result_change", "self_total", "appraised_total",
    "self_result",
})


@dataclass(frozen=True)
class Previous:
    """Last year's results: the scheme they were scored under (when the file says) and each unit's."""

    scheme: str | None
    units: dict[str, PreviousResult]

    def measure_codes(self) -> set[str]:
        """The main-index and aggregate codes last year's results carry."""
        return {code for unit in self.units.values() for code in unit.measures}


def load_previous(path: Path) -> Previous:
    """Last year's results, from a ranking.json, ranking.csv or master.xlsx, by unit code.

    Raises:
        PreviousError: the file is missing, not one of those, or holds a value that is not what its column
            means (a NaN or an infinite result, a rank that is not a whole number, a row that is not a
            row), with the place of the first one.
    """
    if not path.exists():
        raise PreviousError([Problem("file.not_found", str(path))])
    try:
        suffix = path.suffix.lower()
        scheme = None
        if suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("units"), list):
                raise ValueError("không có danh sách «units» của ranking.json")
            rows, scheme = _placed(data["units"], lambda i: f"units[{i}]"), data.get("scheme")
        elif suffix == ".csv":
            rows = _placed(list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))),
                           lambda i: f"dòng {i + 2}")
        elif suffix == ".xlsx":
            rows = _master_rows(path)
        else:
            raise ValueError("use ranking.json, ranking.csv or master.xlsx")
        units = {}
        for place, row in rows:
            if not isinstance(row, dict):
                raise _Misplaced(place, "không phải một dòng kết quả")
            if row.get("unit_code"):
                units[str(row["unit_code"])] = _previous(row, place)
        return Previous(str(scheme) if scheme else None, units)
    except _Misplaced as exc:
        raise PreviousError([Problem("previous.unreadable", f"{path} {exc.place}", {"detail": exc.detail})]) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, StopIteration, csv.Error,
            zipfile.BadZipFile) as exc:
        detail = bounded(f"{type(exc).__name__}: {exc}", 300)
        raise PreviousError([Problem("previous.unreadable", str(path), {"detail": detail})]) from None


class _Misplaced(Exception):
    """A value of last year's file that cannot be what its column means, and its place."""

    def __init__(self, place: str, detail: str) -> None:
        super().__init__(detail)
        self.place, self.detail = place, detail


def _placed(rows: list[Any], place: Callable[[int], str]) -> list[tuple[str, Any]]:
    return [(place(index), row) for index, row in enumerate(rows)]


def _previous(row: dict[str, object], place: str) -> PreviousResult:
    return PreviousResult(
        unit_code=str(row["unit_code"]),
        group=str(row.get("group") or ""),
        rank=_int(row.get("rank"), place),
        result=_decimal(row.get("result"), place, "result"),
        measures=_measures(row, place),
        grade=str(row.get("grade") or ""),
    )


def _measures(row: dict[str, object], place: str) -> dict[str, Decimal]:
    given = row.get("measures")
    pairs = given.items() if isinstance(given, dict) else ((k, v) for k, v in row.items() if k not in _NOT_MEASURES)
    found = {str(code): _decimal(value, place, str(code)) for code, value in pairs}
    return {code: value for code, value in found.items() if value is not None}


def _int(value: object, place: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    try:
        return int(str(value))
    except ValueError:
        if isinstance(value, str):  # a mark such as «—»: no rank
            return None
        raise _Misplaced(f"{place} cột rank", f"thứ hạng '{bounded(str(value), 40)}' không phải số nguyên") from None


def _decimal(value: object, place: str, column: str) -> Decimal | None:
    """A number of last year's file, or ``None`` for text; a NaN, an infinity or a list is refused."""
    if value in (None, "") or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        if isinstance(value, str):  # text, such as «—», is no number
            return None
        raise _Misplaced(f"{place} cột {column}", f"'{bounded(str(value), 40)}' không phải số") from None
    if not number.is_finite() or number.adjusted() > 308:
        raise _Misplaced(f"{place} cột {column}", f"'{bounded(str(value), 40)}' không phải số hữu hạn")
    return number


def _master_rows(path: Path) -> list[tuple[str, Any]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    rows = list(workbook[RANKING_SHEET].iter_rows(values_only=True))
    workbook.close()
    header_index = next(i for i, r in enumerate(rows) if r and "unit_code" in r)
    header = [str(h) if h is not None else "" for h in rows[header_index]]
    return [(f"'{RANKING_SHEET}' dòng {header_index + 2 + offset}", dict(zip(header, r, strict=False)))
            for offset, r in enumerate(rows[header_index + 1:]) if any(v is not None for v in r)]


@dataclass(frozen=True)
class Successor:
    """A unit of this year as the comparison needs it: its group and last year's units it continues."""

    code: str
    group: str | None
    predecessors: tuple[str, ...] = ()


def previous_for_successors(previous: Previous, units: Sequence[Successor],
                            decimals: int) -> tuple[Previous, list[Problem]]:
    """Last year's results re-keyed to this year's units, after mergers and renames.

    A unit without predecessors keeps its own row; one predecessor is a renamed unit; several are a
    merger, whose result and main indices are the plain mean of its predecessors' (rounded half-up
    to the published decimals). A unit whose predecessor is missing from last year's file gets no
    last-year figures and a warning. In each group holding a merged or renamed unit, last year's
    ranking is recomputed over this year's units, so a rank change compares like with like.

    Args:
        previous: last year's results, by last year's codes.
        units: this year's units.
        decimals: the decimals of the scheme's result.

    Returns:
        Last year's results by this year's codes (unchanged when nobody has predecessors), and the
        warnings.
    """
    if not any(u.predecessors for u in units):
        return previous, []
    found: dict[str, PreviousResult] = {}
    problems: list[Problem] = []
    for unit in units:
        row = _successor_row(previous, unit, decimals)
        if row is not None and row.basis is not None and row.basis.missing:
            problems.append(Problem("previous.predecessor_missing", unit.code, {
                "unit": unit.code, "predecessors": ", ".join(unit.predecessors),
                "missing": ", ".join(row.basis.missing)}, "warning"))
        if row is not None:
            found[unit.code] = row
    return Previous(previous.scheme, _recomputed_ranks(found, units)), problems


def _successor_row(previous: Previous, unit: Successor, decimals: int) -> PreviousResult | None:
    if not unit.predecessors:
        own = previous.units.get(unit.code)
        return None if own is None else replace(own, basis=PreviousBasis("own"))
    rows = [previous.units[p] for p in unit.predecessors if p in previous.units]
    missing = tuple(p for p in unit.predecessors if p not in previous.units)
    method: Literal["renamed", "mean"] = "renamed" if len(unit.predecessors) == 1 else "mean"
    if missing:
        basis = PreviousBasis(method, unit.predecessors, missing)
        return PreviousResult(unit.code, unit.group or "", None, None, "", {}, basis)
    basis = PreviousBasis(method, unit.predecessors)
    if method == "renamed":
        return replace(rows[0], unit_code=unit.code, basis=basis)
    results = [r.result for r in rows]
    result = None if None in results else round_half_up(_mean(results), decimals)  # type: ignore[arg-type]
    shared = set.intersection(*(set(r.measures) for r in rows))
    measures = {code: _published_mean([r.measures[code] for r in rows]) for code in sorted(shared)}
    return PreviousResult(unit.code, unit.group or "", None, result, "", measures, basis)


def _mean(values: Sequence[Decimal]) -> Decimal:
    return divide(sum(values, ZERO), Decimal(len(values)))


def _published_mean(values: Sequence[Decimal]) -> Decimal:
    """The mean, rounded half-up to as many decimals as the values were published with."""
    decimals = max(-int(v.as_tuple().exponent) for v in values)
    return round_half_up(_mean(values), max(decimals, 0))


def _recomputed_ranks(rows: Mapping[str, PreviousResult], units: Sequence[Successor]) -> dict[str, PreviousResult]:
    """Last year's ranks worked out again over this year's units, in each group a merger touched."""
    changed_groups = {u.group for u in units if u.predecessors}
    result = dict(rows)
    for group in changed_groups:
        members = [u.code for u in units if u.group == group and u.code in rows]
        ranks = competition_ranks((code, rows[code].result) for code in members)
        for code in members:
            basis = rows[code].basis or PreviousBasis("own")
            result[code] = replace(rows[code], rank=ranks[code], basis=replace(basis, rank="recomputed"))
    return result
