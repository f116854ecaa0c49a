"""Read a unit's answers from a YAML, JSON or CSV file (indicator code → answer)."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from xl_dti.answers import is_na_word
from xl_dti.errors import AnswerError, Problem
from xl_dti.scheme.yamlsource import parse_yaml

CSV_COLUMNS = ("code", "answer", "evidence", "explanation")


def read_answers(path: Path) -> dict[str, Any]:
    """Read an answers file, choosing the format by its suffix (.yaml/.yml, .json, .csv).

    Returns:
        indicator code → raw answer, as ``xl_dti.score`` takes them.

    Raises:
        AnswerError: the file is missing, unreadable or not shaped as code → answer.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise AnswerError([Problem("file.not_found", str(path))]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AnswerError([Problem("file.unreadable", str(path), {"detail": exc})]) from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _from_csv(text, str(path))
    data = _from_json(text, str(path)) if suffix == ".json" else _from_yaml(text, str(path))
    if not isinstance(data, dict):
        found = "một danh sách" if isinstance(data, list) else "một giá trị đơn"
        raise AnswerError([Problem("answers.bad_shape", f"{path}:1", {"found": found})])
    return {str(k): _numbers(v) for k, v in data.items()}


_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_TEXT_KEYS = frozenset({"evidence", "explanation"})


def _numbers(value: Any) -> Any:
    """Text that is a plain number (as YAML and CSV give it) becomes a Decimal, as a typed cell would."""
    if isinstance(value, str):
        return Decimal(value) if _NUMBER.match(value) else value
    if isinstance(value, list | tuple):
        return type(value)(_numbers(v) for v in value)
    if isinstance(value, dict):
        return {k: v if k in _TEXT_KEYS else _numbers(v) for k, v in value.items()}
    return value


def _from_yaml(text: str, file: str) -> Any:
    source, problems = parse_yaml(text, file)
    if source is None:
        raise AnswerError(problems)
    return source.data


def _from_json(text: str, file: str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise AnswerError([Problem("answers.bad_file", f"{file}:{exc.lineno}", {"detail": exc.msg})]) from None


def _from_csv(text: str, file: str) -> dict[str, Any]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "code" not in header or "answer" not in header:
        detail = f"the first line has {', '.join(header) or 'nothing'}; it needs code and answer"
        raise AnswerError([Problem("answers.bad_file", f"{file}:1", {"detail": detail})])
    answers: dict[str, Any] = {}
    for row in reader:
        cells = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
        if not cells.get("code"):
            continue
        answers[cells["code"]] = {
            "value": _csv_value(cells.get("answer", "")),
            "evidence": cells.get("evidence", ""),
            "explanation": cells.get("explanation", ""),
        }
    return answers


def _csv_value(text: str) -> Any:
    """A CSV cell: ``12/15`` is a numerator/denominator pair; anything else stays text."""
    if not is_na_word(text) and text.count("/") == 1:
        numerator, denominator = (part.strip() for part in text.split("/"))
        if _is_number(numerator) and _is_number(denominator):
            return (numerator, denominator)
    return text


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True
