"""Write ranking.csv, ranking.json and manifest.json (atomically, identical on a re-run)."""

from __future__ import annotations

import csv
import io
import json
import platform
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from xl_dti import __version__
from xl_dti.answers import Answer
from xl_dti.appraisal.apply import Appraisal
from xl_dti.atomic import open_atomic
from xl_dti.consolidation.master import DETAIL_HEADERS
from xl_dti.consolidation.outcomes import FileOutcome
from xl_dti.consolidation.package import Limits
from xl_dti.consolidation.tables import RankingRow
from xl_dti.decimals import plain, to_json_number
from xl_dti.errors import Problem
from xl_dti.registry import RegistryUnit
from xl_dti.safe_text import bounded, xml_text
from xl_dti.scheme.model import Scheme

BASE_COLUMNS = ("group", "rank", "unit_code", "unit_name", "main_total", "bonus", "penalty", "total", "applicable_max",
                "result", "result_note", "grade", "status", "previous_rank", "rank_change", "self_total",
                "appraised_total")
"""main_total + bonus − penalty = total (the note says when the total was kept within 0..applicable max);
total, self_total and appraised_total are points out of applicable_max; result is on the scheme's scale
(result_note: ``×100/70`` when not-applicable indicators rescaled it)."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(text: str) -> str:
    """OWASP's CSV-injection rule: text that a spreadsheet would run as a formula gets a leading '; and
    nothing a writer or a spreadsheet cannot hold (``xml_text``) is passed on from a unit's file."""
    text = xml_text(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_cell(value: object) -> str:
    """A value as CSV text: numbers exact, text neutralised, nothing for None."""
    return "" if value is None else plain(value) if isinstance(value, Decimal) else neutralise(str(value))


def _number(value: Decimal | None) -> str:
    return "" if value is None else plain(value)


def csv_row(row: RankingRow, measure_codes: list[str]) -> list[str]:
    """One ranking row as CSV cells (numbers exact, text neutralised)."""
    result = row.result
    base = [
        neutralise(row.group or ""), "" if row.rank is None else str(row.rank), neutralise(row.unit_code),
        neutralise(row.unit_name), plain(row.main_total), plain(result.bonus), plain(result.penalty),
        plain(result.total), plain(result.applicable_max), _number(result.result), neutralise(row.result_note),
        neutralise(result.grade or ""), row.status,
        "" if row.previous is None or row.previous.rank is None else str(row.previous.rank),
        "" if row.rank_change is None else str(row.rank_change),
        plain((row.self_result or result).total), plain(result.total) if row.appraised else "",
    ]
    return base + [_number(row.measures.get(code)) for code in measure_codes]


def ranking_csv(rows: list[RankingRow], measure_codes: list[str]) -> str:
    """ranking.csv: UTF-8 with BOM so Excel shows Vietnamese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*BASE_COLUMNS, *measure_codes])
    for row in rows:
        writer.writerow(csv_row(row, measure_codes))
    return "\ufeff" + buffer.getvalue()


def _json_number(value: Decimal | None) -> int | float | None:
    """A JSON number, or null for nothing and for what JSON cannot hold (NaN, infinities)."""
    return None if value is None or not value.is_finite() else to_json_number(value)


def ranking_document(
    scheme: Scheme, year: int, rows: list[RankingRow], missing: list[RegistryUnit],
    answers: dict[str, Mapping[str, Answer]], appraisal: Appraisal | None, comparison: str | None = None,
) -> dict[str, Any]:
    """ranking.json: the CSV's columns plus per-indicator points, evidence, appraisal and issues, per unit
    (the units come from a generator: a country's worth is written out one unit at a time)."""
    return {
        "scheme": scheme.id, "scheme_version": scheme.version, "year": year, "result_mode": scheme.result,
        "comparison": comparison,
        "scheme_info": {
            "title": scheme.title, "issuer": scheme.issuer, "decision": scheme.decision, "max": to_json_number(
                scheme.total_max), "decimals": scheme.decimals, "points_decimals": scheme.points_decimals,
            "aggregate_decimals": scheme.aggregate_decimals,
            "grades": [{"label": g.label, "min": _json_number(g.min)} for g in scheme.grades],
            "groups": [{"code": g.code, "name": g.name, "ranked": g.ranked} for g in scheme.groups],
            "effects": {c: e for c, e in scheme.tree.effect.items() if e != "base"},
            "measures": [{"code": n.code, "name": n.name, "kind": "main", "max": to_json_number(n.max)}
                         for n in scheme.tree.main_indices()]
            + [{"code": a.code, "name": a.name, "kind": "aggregate", "max": 1} for a in scheme.aggregates],
        },
        "units": _unit_entries(scheme, rows, answers, appraisal),
        "missing": [{"unit_code": u.code, "unit_name": u.name, "group": u.group} for u in missing],
    }


def _unit_entries(scheme: Scheme, rows: list[RankingRow], answers: dict[str, Mapping[str, Answer]],
                  appraisal: Appraisal | None) -> Iterator[dict[str, Any]]:
    for row in rows:
        detail = row.result.to_dict()
        own = row.self_result or row.result
        group = scheme.group(row.group) if row.group else None
        yield {
            "group": row.group, "group_name": group.name if group else None,
            "rank": row.rank, "unit_code": row.unit_code, "unit_name": row.unit_name,
            "main_total": detail["base_total"], "bonus": detail["bonus"], "penalty": detail["penalty"],
            "total": detail["total"], "applicable_max": detail["applicable_max"], "result": detail["result"],
            "result_note": row.result_note, "grade": detail["grade"], "status": row.status,
            "previous_rank": None if row.previous is None else row.previous.rank,
            "previous_result": None if row.previous is None else _json_number(row.previous.result),
            "rank_change": row.rank_change, "change": row.change_text,
            "result_change": _json_number(row.result_change),
            "self_total": to_json_number(own.total), "self_result": _json_number(own.result),
            "appraised_total": to_json_number(row.result.total) if row.appraised else None,
            "evidence": {c: xml_text(a.evidence) for c, a in answers.get(row.unit_code, {}).items() if a.evidence},
            "appraisal": _appraisal_detail(scheme, row, appraisal),
            "measures": {code: _json_number(value) for code, value in row.measures.items()},
            "previous_measures": {code: _json_number(v) for code, v in row.previous_measures.items()},
            "previous_basis": None if row.previous is None or row.previous.basis is None
            else row.previous.basis.to_dict(),
            "measure_changes": {code: _json_number(v) for code, v in row.measure_changes.items()},
            "aggregates": detail["aggregates"], "indicators": detail["indicators"],
            "not_applicable": detail["not_applicable"], "issues": detail["issues"],
        }


def write_readable_json(handle: TextIO, data: Mapping[str, Any]) -> None:
    """JSON with one list entry per line: readable, diff-friendly, and written by the C encoder (an
    indented dump falls back to pure Python and costs seconds on a country's worth of units). A list
    may come as any iterable: its entries are written as they come."""
    handle.write("{")
    for index, (key, value) in enumerate(data.items()):
        handle.write(("," if index else "") + f"\n  {_compact(key)}: ")
        if isinstance(value, Iterable) and not isinstance(value, str | dict):
            _write_entries(handle, value)
        else:
            handle.write(_compact(value))
    handle.write("\n}\n")


def _write_entries(handle: TextIO, entries: Iterable[Any]) -> None:
    separator = "[\n    "
    for entry in entries:
        handle.write(separator + _compact(entry))
        separator = ",\n    "
    handle.write("[]" if separator.startswith("[") else "\n  ]")


def _compact(value: Any) -> str:
    # a NaN or an infinity would make the document invalid JSON: one that slipped through is a bug, loudly
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _appraisal_detail(scheme: Scheme, row: RankingRow, appraisal: Appraisal | None) -> dict[str, Any]:
    """Where the council's points differ or it commented; ``change`` is the effect on the total."""
    if appraisal is None or row.self_result is None:
        return {}
    comments = appraisal.comments.get(row.unit_code, {})
    detail: dict[str, Any] = {}
    for code, node in row.result.nodes.items():
        own = row.self_result.nodes[code]
        if node.points != own.points or code in comments:
            sign = -1 if scheme.tree.effect[code] == "penalty" else 1
            change = None if node.na or own.na else sign * (node.points - own.points)
            detail[code] = {"self": _json_number(None if own.na else own.points),
                            "appraised": _json_number(None if node.na else node.points),
                            "change": _json_number(change),
                            "comment": xml_text(comments.get(code, ""))}
    return detail


MANIFEST_PROBLEMS = 100  # per file: a hostile file's thousands of findings never make a megabyte of manifest
MANIFEST_TEXT = 1000  # characters of one message or location


def manifest_document(outcomes: list[FileOutcome], limits: Limits) -> dict[str, Any]:
    """manifest.json: every input file with its size, hash, unit, outcome and codes; versions; limits.
    Each file lists at most ``MANIFEST_PROBLEMS`` findings (and how many more there were), each message
    bounded and safe text."""
    files = (
        {"name": xml_text(o.reading.name), "size": o.reading.size, "sha256": o.reading.sha256,
         "unit_code": None if o.reading.unit_code is None else bounded(o.reading.unit_code, 100),
         "outcome": o.outcome, "codes": o.codes, "problems": [_problem(p) for p in o.problems[:MANIFEST_PROBLEMS]],
         **({"problems_omitted": len(o.problems) - MANIFEST_PROBLEMS} if len(o.problems) > MANIFEST_PROBLEMS else {})}
        for o in outcomes
    )
    return {"tool": {"name": "xl-dti", "version": __version__}, "versions": _versions(), "limits": asdict(limits),
            "files": files}


def _problem(problem: Problem) -> dict[str, str]:
    return {key: bounded(value, MANIFEST_TEXT) for key, value in problem.to_dict().items()}


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version()}
    for name in ("openpyxl", "defusedxml", "pydantic", "jinja2"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def write_detail_csv(target: Path, rows: Iterable[tuple[list[Any], bool]]) -> None:
    """chi-tiet.csv, streamed: the master's «Chi tiết» rows, for rounds too large for one sheet."""
    with open_atomic(target) as handle:
        handle.write("\ufeff")
        csv.writer(handle, lineterminator="\r\n").writerow(DETAIL_HEADERS)
        fields = _CsvFields()  # a country has millions of cells, and few distinct values
        remaining = iter(rows)
        while chunk := list(islice(remaining, 4096)):
            handle.write("".join([",".join(map(fields.__getitem__, row)) + "\r\n" for row, _ in chunk]))


class _CsvFields(dict[object, str]):
    """Each distinct value as a CSV field (``_csv_cell``, quoted as ``csv.writer`` quotes it), worked
    out once. Values are text, decimals or ``None``, as ``detail_rows`` gives them: equal decimals
    have the same text however they are spelled, and no text equals a decimal (a bool or int, which
    could equal one, never comes)."""

    def __init__(self) -> None:
        super().__init__()
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def __missing__(self, value: object) -> str:
        assert value is None or type(value) in (str, Decimal), value
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow((_csv_cell(value), ""))  # (a field alone on its row is quoted when empty)
        field = self._buffer.getvalue()[:-3]  # without the empty field's ",\r\n"
        if len(self) < 100_000:
            self[value] = field
        return field


def write_json(target: Path, document: Mapping[str, Any]) -> None:
    """A document (``ranking_document``, ``manifest_document``) written atomically as readable JSON."""
    with open_atomic(target) as handle:
        write_readable_json(handle, document)
