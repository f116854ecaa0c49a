"""Last year's results, from its ranking.json, ranking.csv or master.xlsx, matched by unit code."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from xl_dti.errors import Problem, XlDtiError
from xl_dti.safe_text import bounded

RANKING_SHEET = "Xếp hạng"


class PreviousError(XlDtiError, ValueError):
    """Last year's results cannot be read."""


@dataclass(frozen=True)
class PreviousResult:
    """One unit's place last year."""

    unit_code: str
    group: str
    rank: int | None
    result: Decimal | None
    grade: str
    measures: dict[str, Decimal] = field(default_factory=dict)


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
