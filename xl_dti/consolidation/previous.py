"""Last year's results, from its ranking.json, ranking.csv or master.xlsx, matched by unit code."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from xl_dti.errors import Problem, XlDtiError

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
        PreviousError: the file is missing or not one of those.
    """
    if not path.exists():
        raise PreviousError([Problem("file.not_found", str(path))])
    try:
        suffix = path.suffix.lower()
        scheme = None
        if suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            rows, scheme = data["units"], data.get("scheme")
        elif suffix == ".csv":
            rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        elif suffix == ".xlsx":
            rows = _master_rows(path)
        else:
            raise ValueError("use ranking.json, ranking.csv or master.xlsx")
        units = {str(r["unit_code"]): _previous(r) for r in rows if r.get("unit_code")}
        return Previous(str(scheme) if scheme else None, units)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PreviousError([Problem("previous.unreadable", str(path), {"detail": exc})]) from None


def _previous(row: dict[str, object]) -> PreviousResult:
    return PreviousResult(
        unit_code=str(row["unit_code"]),
        group=str(row.get("group") or ""),
        rank=_int(row.get("rank")),
        result=_decimal(row.get("result")),
        measures=_measures(row),
        grade=str(row.get("grade") or ""),
    )


def _measures(row: dict[str, object]) -> dict[str, Decimal]:
    given = row.get("measures")
    pairs = given.items() if isinstance(given, dict) else ((k, v) for k, v in row.items() if k not in _NOT_MEASURES)
    found = {str(code): _decimal(value) for code, value in pairs}
    return {code: value for code, value in found.items() if value is not None}


def _int(value: object) -> int | None:
    try:
        return int(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _decimal(value: object) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _master_rows(path: Path) -> list[dict[str, object]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    rows = list(workbook[RANKING_SHEET].iter_rows(values_only=True))
    workbook.close()
    header_index = next(i for i, r in enumerate(rows) if r and "unit_code" in r)
    header = [str(h) if h is not None else "" for h in rows[header_index]]
    return [dict(zip(header, r, strict=False)) for r in rows[header_index + 1:] if any(v is not None for v in r)]
