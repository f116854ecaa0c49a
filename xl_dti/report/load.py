"""Read ``OUTDIR/ranking.json`` into the typed ``Ranking``, or fail with every located problem at once."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from xl_dti.errors import Problem, XlDtiError
from xl_dti.report.model import Ranking

RANKING_FILE = "ranking.json"


class ReportError(XlDtiError, ValueError):
    """A ranking.json that cannot be read, or a report that cannot be written."""


def ranking_path(out_dir: Path) -> Path:
    """Where ``xl-dti consolidate --out OUT_DIR`` wrote its ranking."""
    return out_dir / RANKING_FILE


def load_ranking(out_dir: Path) -> Ranking:
    """Read and check ``OUT_DIR/ranking.json``.

    Args:
        out_dir: the folder ``xl-dti consolidate`` wrote to.

    Returns:
        The parsed ranking (numbers as exact decimals, text in NFC).

    Raises:
        ReportError: the file is missing, unreadable, not JSON, or not shaped as consolidate writes it;
            each problem is located (``out/ranking.json:12`` or ``out/ranking.json › units[3].result``).
    """
    path = ranking_path(out_dir)
    text = _read(path, out_dir)
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        where = f"{path}:{exc.lineno}"
        raise ReportError([Problem("report.bad_json", where, {"detail": f"{exc.msg}, column {exc.colno}"})]) from None
    try:
        return Ranking.model_validate(data)
    except ValidationError as exc:
        raise ReportError([_field_problem(path, error) for error in exc.errors()]) from None


def _read(path: Path, out_dir: Path) -> str:
    if not path.is_file():
        raise ReportError([Problem("report.no_ranking", str(path), {"folder": str(out_dir)})])
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError([Problem("report.unreadable", str(path), {"detail": str(exc)})]) from None


def _field_problem(path: Path, error: Any) -> Problem:
    """One pydantic error as a located problem in the file's own terms (``units[3].result``)."""
    location = json_path(error.get("loc", ()))
    where = f"{path} › {location}" if location else str(path)
    if error.get("type") == "missing":
        detail = "this field is missing"
    else:
        message = str(error.get("msg", "invalid value")).replace("a valid decimal", "a number")
        detail = message[:1].lower() + message[1:] + f", found {_shown(error.get('input'))}"
    return Problem("report.bad_field", where, {"detail": detail})


def json_path(location: tuple[int | str, ...]) -> str:
    """A pydantic location as a JSON path: ``("units", 3, "result")`` → ``units[3].result``."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    shown = json.dumps(value, ensure_ascii=False, default=str)
    return shown if len(shown) <= 40 else shown[:37] + "…"
