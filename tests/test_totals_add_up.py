"""Numbers that add up: main indices + bonus − penalty = total in master.xlsx, ranking.csv/json and the report."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import make_scheme
from xl_dti.appraisal.apply import Appraisal
from xl_dti.consolidation.exports import ranking_csv, ranking_document, write_json
from xl_dti.consolidation.master import DETAIL_SHEET, RANKING_SHEET, MasterData, write_master
from xl_dti.consolidation.tables import grade_counts, measure_rankings, ranking_rows
from xl_dti.engine import Submission, score_units
from xl_dti.ranking import measures
from xl_dti.registry import RegistryUnit
from xl_dti.report.load import load_ranking
from xl_dti.report.render import render_ranking

SCHEME = """\
result: points
grades:
  - {label: Tốt, min: 80}
  - {label: Yếu}
indicators:
  - code: "1"
    name: Nhận thức số
    max: 60
    children:
      - {code: "1.1", name: Ban chỉ đạo, max: 30}
      - {code: "1.2", name: Kế hoạch, max: 30, na: true}
  - code: "2"
    name: Hạ tầng số
    max: 40
    children:
      - {code: "2.1", name: Máy chủ, max: 40}
  - {code: T, name: Điểm thưởng, max: 10, effect: bonus, rule: count, each: 5, input: Sáng kiến}
  - {code: P, name: Điểm trừ, max: 10, effect: penalty, rule: count, each: 5, input: Số sự cố}
"""
ANSWERS = {
    # N/A 1.2: the applicable max is 70, the result rescaled ×100/70
    "don-vi-a": {"1.1": 30, "1.2": "N/A", "2.1": 40, "T": 1, "P": 1},
    # a penalty of 5 that the council raises to 10
    "don-vi-b": {"1.1": 20, "1.2": 10, "2.1": 30, "T": 0, "P": 1},
    # clamped: 100 + 10 bonus is kept at 100
    "don-vi-c": {"1.1": 30, "1.2": 30, "2.1": 40, "T": 2, "P": 0},
}
APPRAISED = {"don-vi-b": {"1.1": Decimal(20), "1.2": Decimal(10), "2.1": Decimal(30), "T": Decimal(0),
                          "P": Decimal(10)}}
# by hand: (main indices, bonus, penalty, total, applicable max, result, note)
EXPECTED = {
    "don-vi-a": ("70", "5", "5", "70", "70", "100", "×100/70"),
    "don-vi-b": ("60", "0", "10", "50", "100", "50", ""),
    "don-vi-c": ("100", "10", "0", "100", "100", "100", "110 → 100"),
}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    scheme = make_scheme(SCHEME)
    folder = tmp_path_factory.mktemp("totals")
    units = {code: RegistryUnit(code, f"Đơn vị {code[-1].upper()}", None, f"{code}.xlsx", "", "", "", "", "")
             for code in ANSWERS}
    own = score_units(scheme, [Submission(code, answers) for code, answers in ANSWERS.items()])
    official = score_units(scheme, [Submission(code, answers, None, APPRAISED.get(code))
                                    for code, answers in ANSWERS.items()])
    rows = ranking_rows(scheme, official, units, None, own, set(APPRAISED))
    appraisal = Appraisal(points=APPRAISED)
    data = MasterData(scheme, 2024, rows, measure_rankings(scheme, official), [], {}, [],
                      grade_counts(scheme, rows), datetime(2025, 1, 2), appraisal)
    write_master(folder / "master.xlsx", data)
    write_json(folder / "ranking.json", ranking_document(scheme, 2024, rows, [], {}, appraisal))
    codes = [m for m in measures(scheme) if m != "result"]
    return {"folder": folder, "csv": ranking_csv(rows, codes), "mains": codes}


def _number(text: object) -> Decimal:
    return Decimal(str(text).replace("−", "-").replace(",", ".")) if text not in (None, "") else Decimal(0)


def test_ranking_csv_has_bonus_and_penalty_columns_that_add_up(outputs: dict[str, Any]) -> None:
    read = {r["unit_code"]: r for r in csv.DictReader(io.StringIO(outputs["csv"].lstrip("\ufeff")))}
    for unit, (main, bonus, penalty, total, applicable, result, note) in EXPECTED.items():
        row = read[unit]
        got = (row["main_total"], row["bonus"], row["penalty"], row["total"], row["applicable_max"])
        assert tuple(map(_number, got)) == tuple(map(Decimal, (main, bonus, penalty, total, applicable)))
        assert _number(row["result"]) == Decimal(result)
        assert row["result_note"] == note
        assert sum(_number(row[m]) for m in outputs["mains"]) == Decimal(main)


def test_ranking_json_has_bonus_and_penalty_fields_that_add_up(outputs: dict[str, Any]) -> None:
    ranking = load_ranking(outputs["folder"])
    for entry in ranking.units:
        main, bonus, penalty, total, _, _, note = EXPECTED[entry.unit_code]
        assert (entry.main_total, entry.bonus, entry.penalty, entry.total) == tuple(
            map(Decimal, (main, bonus, penalty, total)))
        assert entry.result_note == note
    b = next(u for u in ranking.units if u.unit_code == "don-vi-b")
    assert (b.self_total, b.appraised_total) == (Decimal(55), Decimal(50))
    assert b.appraisal["P"].change == Decimal(-5)  # the council's penalty lowers the total


def _sheet_rows(path: Path, sheet: str) -> list[list[Any]]:
    workbook = load_workbook(path, read_only=True)
    rows = [list(r) for r in workbook[sheet].iter_rows(values_only=True)]
    workbook.close()
    return rows


def test_master_ranking_has_bonus_and_penalty_columns_that_add_up(outputs: dict[str, Any]) -> None:
    rows = _sheet_rows(outputs["folder"] / "master.xlsx", RANKING_SHEET)
    keys = rows[2]
    table = [dict(zip(keys, r, strict=False)) for r in rows[4:]]
    by_unit = {r["unit_code"]: r for r in table}
    for unit, (main, bonus, penalty, total, _, result, note) in EXPECTED.items():
        row = by_unit[unit]
        assert [_number(row[k]) for k in ("main_total", "bonus", "penalty", "total", "result")] == [
            Decimal(v) for v in (main, bonus, penalty, total, result)]
        assert (row["result_note"] or "") == note
    headers = dict(zip(keys, rows[3], strict=False))
    scales = [headers[k] for k in ("total", "self_total", "appraised_total", "result")]
    assert len(set(scales)) == 4 and all("(" in h for h in scales)  # each says its scale


def test_master_detail_shows_a_raised_penalty_as_a_loss(outputs: dict[str, Any]) -> None:
    rows = _sheet_rows(outputs["folder"] / "master.xlsx", DETAIL_SHEET)
    header = next(i for i, r in enumerate(rows) if r and r[0] == "Mã đơn vị")
    table = [dict(zip(rows[header], r, strict=False)) for r in rows[header + 1:]]
    penalty = next(r for r in table if r["Mã đơn vị"] == "don-vi-b" and r["Mã chỉ số"] == "P")
    change = next(k for k in penalty if k and str(k).startswith("Chênh lệch"))
    assert _number(penalty[change]) == -5


def test_report_shows_bonus_penalty_and_the_rescaling(outputs: dict[str, Any]) -> None:
    html = render_ranking(load_ranking(outputs["folder"]), with_evidence=True)
    headers = re.findall(r"<th[^>]*>(.*?)</th>", html)
    assert any("Điểm thưởng" in h for h in headers) and any("Điểm trừ" in h for h in headers)
    assert "×100/70" in html
    assert re.search(r"<td class=\"text\"><span class=\"appraisal\">-5(,0+)? → -10(,0+)?</span>", html)
