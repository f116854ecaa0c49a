"""ranking.json, ranking.csv and manifest.json as written: a round built in the test (groups, one not ranked,
an N/A leaf, a bonus, a penalty, an appraisal with comments, last year's results with a merged unit), and
every field of every unit checked against values worked out by hand."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_scheme
from xl_dti import __version__, score
from xl_dti.answers import to_answer
from xl_dti.appraisal.apply import Appraisal
from xl_dti.consolidation.exports import (
    manifest_document,
    ranking_csv,
    ranking_document,
    write_json,
    write_readable_json,
)
from xl_dti.consolidation.outcomes import FileOutcome
from xl_dti.consolidation.package import Limits
from xl_dti.consolidation.previous import PreviousBasis, PreviousResult
from xl_dti.consolidation.reading import FileReading
from xl_dti.consolidation.tables import RankingRow, ranking_rows
from xl_dti.errors import Problem
from xl_dti.registry import RegistryUnit
from xl_dti.scheme.model import Scheme

SCHEME = """\
grades:
  - {label: Tốt, min: 80}
  - {label: Khá, min: 50}
  - {label: Yếu}
groups:
  - {code: so, name: "Sở, ban, ngành"}
  - {code: thu, name: Thử nghiệm, ranked: false}
indicators:
  - code: "1"
    name: Nhận thức
    max: 40
    children:
      - {code: "1.1", name: Ban chỉ đạo, max: 20, evidence: Quyết định}
      - {code: "1.2", name: Kế hoạch, max: 20, na: true}
  - {code: "2", name: Hạ tầng, max: 60}
  - {code: T, name: Điểm thưởng, max: 10, effect: bonus}
  - {code: P, name: Điểm trừ, max: 10, effect: penalty, rule: count, each: 5, input: Số sự cố}
aggregates:
  - {code: NT, name: Nền tảng, of: ["1"]}
"""
ANSWERS: dict[str, tuple[str, str, dict[str, Any]]] = {  # unit → (name, group, answers)
    "so-a": ("Sở A", "so", {"1.1": {"value": 20, "evidence": "QĐ 12/\x0bQĐ-SNV"}, "1.2": "N/A", "2": 45.5, "T": 4,
                           "P": 1}),
    "so-b": ("=Sở B", "so", {"1.1": 18, "1.2": "N/A", "2": 50, "T": 0, "P": 0}),
    "thu-1": ("Đơn vị thử", "thu", {"1.1": 5, "1.2": 5, "2": 5, "T": 0, "P": 3}),
}
COUNCIL = {"so-a": {"1.1": Decimal(15), "P": Decimal(10)},  # so-a's 1.1 down from 20, its penalty up from 5
           "thu-1": {"2": Decimal(4)}}  # appraised without a comment
COMMENTS = {"so-a": {"1.1": "Thiếu \x01chữ ký", "1.2": "Đúng là không áp dụng", "2": "Đạt"}}
MERGED = "hình thành sau sắp xếp; so sánh với bình quân các đơn vị cũ"


def _registry_unit(code: str, name: str, group: str) -> RegistryUnit:
    return RegistryUnit(code, name, group, f"{code}.xlsx", "", "", "", "", "")


def _round(appraised: bool = True) -> tuple[Scheme, list[RankingRow]]:
    """The scheme and its ranking rows: so-b first (85 of its 80 applicable points' scale), so-a second
    (appraised down to 54.5 of 80 → 68.13), thu-1 in a group that is not ranked."""
    scheme = make_scheme(SCHEME)
    council = COUNCIL if appraised else {}
    own = [score(scheme, answers, group, unit=code) for code, (_, group, answers) in ANSWERS.items()]
    results = [score(scheme, answers, group, unit=code, appraised=council.get(code))
               for code, (_, group, answers) in ANSWERS.items()]
    units = {code: _registry_unit(code, name, group) for code, (name, group, _) in ANSWERS.items()}
    previous = {"so-a": PreviousResult("so-a", "so", 1, Decimal("61.5"), "Khá", {"1": Decimal(30)},
                                       PreviousBasis("mean", ("cu-1", "cu-2"))),
                "so-b": PreviousResult("so-b", "so", None, None, "")}
    measures = {"so-a": {"1": Decimal(30), "NT": Decimal("0.5")}}
    return scheme, ranking_rows(scheme, results, units, previous, own, set(council), measures)


def _document(tmp_path: Path, appraised: bool = True) -> dict[str, Any]:
    scheme, rows = _round(appraised)
    answers = {code: {c: to_answer(v) for c, v in given.items()} for code, (_, _, given) in ANSWERS.items()}
    appraisal = Appraisal(points=COUNCIL, comments=COMMENTS) if appraised else None
    missing = [_registry_unit("so-x", "Sở X", "so")]
    write_json(tmp_path / "ranking.json", ranking_document(scheme, 2024, rows, missing, answers, appraisal, "2023"))
    document: dict[str, Any] = json.loads((tmp_path / "ranking.json").read_text(encoding="utf-8"))
    return document


SO_B = {
    "group": "so", "group_name": "Sở, ban, ngành", "rank": 1, "unit_code": "so-b", "unit_name": "=Sở B",
    "main_total": 68, "bonus": 0, "penalty": 0, "total": 68, "applicable_max": 80, "result": 85,
    "result_note": "×100/80", "grade": "Tốt", "status": "ranked",
    "previous_rank": None, "previous_result": None, "rank_change": None, "change": "mới", "result_change": None,
    "self_total": 68, "self_result": 85, "appraised_total": None, "evidence": {}, "appraisal": {},
    "measures": {"1": 18, "2": 50, "NT": 0.9}, "previous_measures": {}, "previous_basis": None, "measure_changes": {},
    "aggregates": {"NT": 0.9}, "indicators": {"1": 18, "1.1": 18, "1.2": None, "2": 50, "T": 0, "P": 0},
    "not_applicable": ["1.2"],
}
SO_A = {
    "group": "so", "group_name": "Sở, ban, ngành", "rank": 2, "unit_code": "so-a", "unit_name": "Sở A",
    # 15 + 45.5 = 60.5, + 4 bonus − 10 penalty = 54.5 of 80 applicable → 68.125 → 68.13
    "main_total": 60.5, "bonus": 4, "penalty": 10, "total": 54.5, "applicable_max": 80, "result": 68.13,
    "result_note": "×100/80", "grade": "Khá", "status": "ranked",
    "previous_rank": 1, "previous_result": 61.5, "rank_change": -1, "change": f"↓1 ({MERGED})", "result_change": 6.63,
    # its own: 20 + 45.5 + 4 − 5 = 64.5 of 80 → 80.625 → 80.63
    "self_total": 64.5, "self_result": 80.63, "appraised_total": 54.5,
    "evidence": {"1.1": "QĐ 12/QĐ-SNV"},
    "appraisal": {
        "1": {"self": 20, "appraised": 15, "change": -5, "comment": ""},
        "1.1": {"self": 20, "appraised": 15, "change": -5, "comment": "Thiếu chữ ký"},
        "1.2": {"self": None, "appraised": None, "change": None, "comment": "Đúng là không áp dụng"},
        "2": {"self": 45.5, "appraised": 45.5, "change": 0, "comment": "Đạt"},
        "P": {"self": 5, "appraised": 10, "change": -5, "comment": ""},  # a heavier penalty lowers the total
    },
    "measures": {"1": 15, "2": 45.5, "NT": 0.75}, "previous_measures": {"1": 30, "NT": 0.5},
    "previous_basis": {"method": "mean", "predecessors": ["cu-1", "cu-2"], "missing": [], "rank": "published",
                       "note": MERGED},
    "measure_changes": {"1": -15, "NT": 0.25},
    "aggregates": {"NT": 0.75}, "indicators": {"1": 15, "1.1": 15, "1.2": None, "2": 45.5, "T": 4, "P": 10},
    "not_applicable": ["1.2"],
}
THU_1 = {
    "group": "thu", "group_name": "Thử nghiệm", "rank": None, "unit_code": "thu-1", "unit_name": "Đơn vị thử",
    # 5 + 5 + 4 (the council's, 5 its own) = 14; 3 incidents × 5 = 15, kept at the penalty's max of 10
    "main_total": 14, "bonus": 0, "penalty": 10, "total": 4, "applicable_max": 100, "result": 4,
    "result_note": "", "grade": "Yếu", "status": "not_ranked",
    "previous_rank": None, "previous_result": None, "rank_change": None, "change": "", "result_change": None,
    "self_total": 5, "self_result": 5, "appraised_total": 4, "evidence": {},
    "appraisal": {"2": {"self": 5, "appraised": 4, "change": -1, "comment": ""}},
    "measures": {"1": 10, "2": 4, "NT": 0.25}, "previous_measures": {}, "previous_basis": None, "measure_changes": {},
    "aggregates": {"NT": 0.25}, "indicators": {"1": 10, "1.1": 5, "1.2": 5, "2": 4, "T": 0, "P": 10},
    "not_applicable": [],
}


def _issues(unit: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(i["code"], i["severity"], i["where"]) for i in unit.pop("issues")]


def test_ranking_json_units(tmp_path: Path) -> None:
    units = _document(tmp_path)["units"]
    assert [_issues(u) for u in units] == [[("evidence.missing", "warning", "1.1")], [],
                                           [("evidence.missing", "warning", "1.1")]]
    assert units == [SO_B, SO_A, THU_1]


def test_ranking_json_without_an_appraisal(tmp_path: Path) -> None:
    """No appraisal: the units' own points are the official ones, and nothing is said about an appraisal."""
    units = {u["unit_code"]: u for u in _document(tmp_path, appraised=False)["units"]}
    so_a = units["so-a"]
    assert (so_a["total"], so_a["self_total"], so_a["appraised_total"], so_a["result"], so_a["self_result"]) == (
        64.5, 64.5, None, 80.63, 80.63)
    assert [u["appraisal"] for u in units.values()] == [{}, {}, {}]


GROUPLESS = """\
indicators:
  - {code: "1", name: Hạ tầng, max: 10}
  - {code: "2", name: Nhân lực, max: 10}
"""


def test_a_scheme_without_groups_or_grades(tmp_path: Path) -> None:
    """No group and no grade: empty in the CSV, null in the JSON; a unit whose answers are not at hand has no
    evidence listed."""
    scheme = make_scheme(GROUPLESS)
    results = [score(scheme, {"1": 7, "2": 8}, unit="a"), score(scheme, {"1": 10, "2": 10}, unit="b")]
    units = {"a": _registry_unit("a", "Đơn vị A", ""), "b": _registry_unit("b", "Đơn vị B", "")}
    rows = ranking_rows(scheme, results, units, None)
    text = ranking_csv(rows, ["1", "2"])
    assert list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))[1:] == [
        ["", "1", "b", "Đơn vị B", "20", "0", "0", "20", "20", "20", "", "", "ranked", "", "", "20", "", "10", "10"],
        ["", "2", "a", "Đơn vị A", "15", "0", "0", "15", "20", "15", "", "", "ranked", "", "", "15", "", "7", "8"],
    ]
    write_json(tmp_path / "ranking.json", ranking_document(scheme, 2024, rows, [], {}, None))
    document = json.loads((tmp_path / "ranking.json").read_text(encoding="utf-8"))
    assert [(u["unit_code"], u["group"], u["group_name"], u["grade"], u["evidence"], u["appraisal"])
            for u in document["units"]] == [("b", None, None, None, {}, {}), ("a", None, None, None, {}, {})]
    assert (document["scheme_info"]["groups"], document["scheme_info"]["grades"]) == ([], [])


def test_ranking_json_round_and_scheme(tmp_path: Path) -> None:
    document = _document(tmp_path)
    del document["units"]
    assert document == {
        "scheme": "test-scheme", "scheme_version": "1", "year": 2024, "result_mode": "points", "comparison": "2023",
        "scheme_info": {
            "title": "Bộ chỉ số thử nghiệm", "issuer": "UBND tỉnh Thử",
            "decision": "Quyết định số 1/QĐ-UBND ngày 01/01/2024", "max": 100, "decimals": 2,
            "points_decimals": None, "aggregate_decimals": 4,
            "grades": [{"label": "Tốt", "min": 80}, {"label": "Khá", "min": 50}, {"label": "Yếu", "min": None}],
            "groups": [{"code": "so", "name": "Sở, ban, ngành", "ranked": True},
                       {"code": "thu", "name": "Thử nghiệm", "ranked": False}],
            "effects": {"T": "bonus", "P": "penalty"},
            "measures": [{"code": "1", "name": "Nhận thức", "kind": "main", "max": 40},
                         {"code": "2", "name": "Hạ tầng", "kind": "main", "max": 60},
                         {"code": "NT", "name": "Nền tảng", "kind": "aggregate", "max": 1}],
        },
        "missing": [{"unit_code": "so-x", "unit_name": "Sở X", "group": "so"}],
    }


def test_ranking_csv() -> None:
    _, rows = _round()
    text = ranking_csv(rows, ["1", "2", "NT"])
    assert text.startswith("\ufeff") and text.endswith("\r\n") and "\r\n\r\n" not in text
    assert list(csv.reader(io.StringIO(text.removeprefix("\ufeff")))) == [
        ["group", "rank", "unit_code", "unit_name", "main_total", "bonus", "penalty", "total", "applicable_max",
         "result", "result_note", "grade", "status", "previous_rank", "rank_change", "self_total", "appraised_total",
         "1", "2", "NT"],
        ["so", "1", "so-b", "'=Sở B", "68", "0", "0", "68", "80", "85", "×100/80", "Tốt", "ranked", "", "", "68", "",
         "18", "50", "0.9"],
        ["so", "2", "so-a", "Sở A", "60.5", "4", "10", "54.5", "80", "68.13", "×100/80", "Khá", "ranked", "1", "-1",
         "64.5", "54.5", "15", "45.5", "0.75"],
        ["thu", "", "thu-1", "Đơn vị thử", "14", "0", "10", "4", "100", "4", "", "Yếu", "not_ranked", "", "", "5", "4",
         "10", "4", "0.25"],
    ]


def test_ranking_csv_blanks_a_measure_without_a_value() -> None:
    _, rows = _round()
    row = rows[0]
    blank = RankingRow(row.group, row.rank, row.unit_code, row.unit_name, row.result, row.status, row.previous,
                       {"1": None, "2": Decimal("50.0")})
    (line,) = list(csv.reader(io.StringIO(ranking_csv([blank], ["1", "2"]).removeprefix("\ufeff"))))[1:]
    assert line[-2:] == ["", "50"]


def test_readable_json_layout() -> None:
    """One list entry per line, any iterable written as a list, nothing else indented."""
    handle = io.StringIO()
    write_readable_json(handle, {"a": iter([{"x": 1, "y": "ă"}, [2]]), "b": [], "c": {"k": [1, 2]}, "d": "chữ",
                                 "e": None, "f": (n for n in range(0))})
    assert handle.getvalue() == (
        '{\n  "a": [\n    {"x":1,"y":"ă"},\n    [2]\n  ],\n  "b": [],\n  "c": {"k":[1,2]},\n  "d": "chữ",\n'
        '  "e": null,\n  "f": []\n}\n')


def test_readable_json_refuses_what_json_cannot_hold() -> None:
    with pytest.raises(ValueError, match="JSON compliant"):
        write_readable_json(io.StringIO(), {"a": [float("nan")]})


def _outcome(name: str, unit: str | None, problems: list[Problem]) -> FileOutcome:
    return FileOutcome(FileReading(name, 1234, "ab" * 32, unit_code=unit), "rejected", problems=problems)


def test_manifest_bounds_what_a_hostile_file_says() -> None:
    many = [Problem("generic", f"'Biểu'!A{n}", {"text": f"lỗi {n}"}) for n in range(1, 103)]
    long = Problem("generic", "x" * 1500, {"text": "dài\x02" + "ơ" * 1200}, "warning")
    document = manifest_document([
        _outcome("\x07hostile.xlsx", "u" * 150, many),
        _outcome("dài.xlsx", None, [long]),
        _outcome("vừa.xlsx", "so-a", many[:100]),
    ], Limits(max_entries=50))
    files = list(document["files"])
    hostile, lengthy, exactly = files
    assert {k: v for k, v in hostile.items() if k != "problems"} == {
        "name": "hostile.xlsx", "size": 1234, "sha256": "ab" * 32, "unit_code": "u" * 99 + "…",
        "outcome": "rejected", "codes": ["generic"], "problems_omitted": 2}
    assert len(hostile["problems"]) == 100
    assert hostile["problems"][99] == {"code": "generic", "severity": "error", "where": "'Biểu'!A100",
                                       "message": "lỗi 100"}
    (problem,) = lengthy["problems"]
    assert (lengthy["unit_code"], problem["severity"], problem["where"]) == (None, "warning", "x" * 999 + "…")
    assert problem["message"] == "dài" + "ơ" * 996 + "…"
    assert "problems_omitted" not in exactly and len(exactly["problems"]) == 100
    assert document["limits"] == {"max_file_bytes": 20 * 1024 * 1024, "max_entries": 50,
                                  "max_uncompressed_bytes": 100 * 1024 * 1024, "max_ratio": 100.0,
                                  "timeout_seconds": 60.0, "memory_mb": 1024}


def test_manifest_names_the_tool_and_the_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata
    from importlib.metadata import PackageNotFoundError

    def version(name: str) -> str:
        if name == "jinja2":
            raise PackageNotFoundError(name)
        return f"{name}-1.0"

    monkeypatch.setattr(importlib.metadata, "version", version)
    monkeypatch.setattr("platform.python_version", lambda: "3.11.2")
    document = manifest_document([], Limits())
    assert document["tool"] == {"name": "xl-dti", "version": __version__}
    assert document["versions"] == {"python": "3.11.2", "openpyxl": "openpyxl-1.0", "defusedxml": "defusedxml-1.0",
                                    "pydantic": "pydantic-1.0", "jinja2": "not installed"}
    assert list(document["files"]) == []
