"""Last year's results, from its ranking.json, ranking.csv or master.xlsx, matched by unit code."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
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


def load_previous(path: Path) -> dict[str, PreviousResult]:
    """unit code → last year's result, from a ranking.json, ranking.csv or master.xlsx.

    Raises:
        PreviousError: the file is missing or not one of those.
    """
    if not path.exists():
        raise PreviousError([Problem("file.not_found", str(path))])
    try:
        suffix = path.suffix.lower()
        if suffix == ".json":
            rows = json.loads(path.read_text(encoding="utf-8"))["units"]
        elif suffix == ".csv":
            rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        elif suffix == ".xlsx":
            rows = _master_rows(path)
        else:
            raise ValueError("use ranking.json, ranking.csv or master.xlsx")
        return {str(r["unit_code"]): _previous(r) for r in rows if r.get("unit_code")}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PreviousError([Problem("previous.unreadable", str(path), {"detail": exc})]) from None


def _previous(row: dict[str, object]) -> PreviousResult:
    return PreviousResult(
        unit_code=str(row["unit_code"]),
        group=str(row.get("group") or ""),
        rank=_int(row.get("rank")),
        result=_decimal(row.get("result")),
        grade=str(row.get("grade") or ""),
    )


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
