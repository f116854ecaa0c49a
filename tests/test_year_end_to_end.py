"""A whole year on a scheme written here, through the command line, with a real LibreOffice typing and saving.

N/A of every kind (marked «KĐG», outside ``applies_to``, a zero denominator), a bonus and a
penalty; units type into their workbooks in LibreOffice and save them as .xlsx or .ods; the council
appraises in LibreOffice (untouched and filled, .xlsx and .ods, in place); generate and appraise run
again into the same folders; every total below is worked out by hand.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from tests.lo_typing import Typing, needs_uno, type_and_save
from xl_dti.appraisal.layout import APPRAISAL_SHEET, appraisal_layout
from xl_dti.cli import app
from xl_dti.scheme import load_scheme
from xl_dti.workbook.cells import answer_to_cells
from xl_dti.workbook.maps import read_meta

SCHEME = """\
id: xa-phuong-2025
title: Bộ chỉ số đánh giá chuyển đổi số cấp xã, phường
issuer: UBND tỉnh Thử
decision: Quyết định số 12/QĐ-UBND ngày 10/01/2025
level: xa
year: 2025
result: points
decimals: 2
grades:
  - {label: Tốt, min: 40}
  - {label: Khá, min: 25}
  - {label: Trung bình}
groups:
  - {code: xa, name: Xã}
  - {code: phuong, name: Phường}
indicators:
  - code: "1"
    name: Nhận thức số
    max: 20
    children:
      - {code: "1.1", name: Thành lập Ban chỉ đạo chuyển đổi số, max: 10, rule: yes_no,
         evidence: Quyết định thành lập}
      - {code: "1.2", name: Tin bài tuyên truyền về chuyển đổi số, max: 10, rule: count, input: Số tin bài,
         unit: bài, each: 2}
  - code: "2"
    name: Hạ tầng và nền tảng số
    max: 30
    children:
      - {code: "2.1", name: Tỉ lệ cán bộ có máy tính, max: 10, rule: ratio, numerator: Số cán bộ có máy tính,
         denominator: Tổng số cán bộ}
      - {code: "2.2", name: Trang thông tin điện tử riêng, max: 10, rule: yes_no, na: true}
      - {code: "2.3", name: Tỉ lệ hồ sơ nộp trực tuyến, max: 10, rule: ratio, numerator: Hồ sơ trực tuyến,
         denominator: Tổng số hồ sơ}
  - code: "3"
    name: Đô thị thông minh
    max: 10
    applies_to: [phuong]
    children:
      - {code: "3.1", name: Điểm camera giám sát, max: 10, rule: points}
  - code: "4"
    name: Điểm thưởng
    max: 5
    effect: bonus
    children:
      - {code: "4.1", name: Sáng kiến chuyển đổi số được công nhận, max: 5, rule: points, step: 0.5}
  - code: "5"
    name: Điểm trừ
    max: 5
    effect: penalty
    children:
      - {code: "5.1", name: Sự cố mất an toàn thông tin, max: 5, rule: points}
"""
UNITS_CSV = """\
code,name,group
phuong-1,Phường 1,phuong
phuong-2,Phường 2,phuong
phuong-3,Phường 3,phuong
xa-a,Xã A,xa
xa-b,Xã B,xa
xa-c,Xã C,xa
"""
DECISION = {"value": "Có", "evidence": "Quyết định số 5/QĐ-UBND ngày 02/02/2025"}
# what each unit types, the format LibreOffice saves it in, and (by hand) its points
ANSWERS: dict[str, tuple[str, dict[str, Any]]] = {
    # no N/A: 10 + 4×2 + 18/20×10 + 10 + 30/40×10 + 6 = 50.5; + 2 − 1 = 51.5 of 60
    "phuong-1": ("xlsx", {"1.1": DECISION, "1.2": 4, "2.1": [18, 20], "2.2": "Có", "2.3": [30, 40], "3.1": 6,
                          "4.1": 2, "5.1": 1}),
    # 2.2 marked «KĐG»: 10 + 2 + 2.5 + 10 + 3 = 27.5 of 50 → 27.5 × 60 / 50 = 33
    "phuong-2": ("xlsx", {"1.1": DECISION, "1.2": 1, "2.1": [5, 20], "2.2": "KĐG", "2.3": [10, 10], "3.1": 3,
                          "4.1": 0, "5.1": 0}),
    # 2.3 a zero denominator: 10 + 10 + 10 + 10 + 10 = 50, + 5 = 55, kept within the applicable 50 → 60
    "phuong-3": ("ods", {"1.1": DECISION, "1.2": 5, "2.1": [20, 20], "2.2": "Có", "2.3": [0, 0], "3.1": 10,
                         "4.1": 5, "5.1": 0}),
    # 3 outside applies_to, 2.2 «KĐG», 2.3 0/0: 10 + 6 + 9 = 25, + 2,5 − 2 = 25.5 of 30 → × 60 / 30 = 51
    "xa-a": ("ods", {"1.1": DECISION, "1.2": 3, "2.1": [9, 10], "2.2": "KĐG", "2.3": [0, 0], "4.1": "2,5",
                     "5.1": 2}),
    # 3 outside applies_to: 0 + 0 + 3/12×10 + 0 + 5/20×10 = 5 of 50 → 5 × 60 / 50 = 6
    "xa-c": ("xlsx", {"1.1": "Không", "1.2": 0, "2.1": [3, 12], "2.2": "Không", "2.3": [5, 20], "4.1": 0,
                      "5.1": 0}),
}
SELF = {"phuong-1": ("51.5", "51.5", "Tốt"), "phuong-2": ("27.5", "33", "Khá"), "phuong-3": ("50", "60", "Tốt"),
        "xa-a": ("25.5", "51", "Tốt"), "xa-c": ("5", "6", "Trung bình")}
# the council, in LibreOffice, saving in place: (format, points typed, comment)
COUNCIL: dict[str, tuple[str, dict[str, object], dict[str, str]]] = {
    "phuong-2": ("xlsx", {}, {}),  # opened and saved, untouched
    "xa-c": ("ods", {}, {}),  # saved as .ods, untouched
    # 1.2 → 4, bonus typed «1,5», penalty → 3: 10 + 4 + 9 = 23, + 1.5 − 3 = 21.5 of 30 → 43
    "xa-a": ("ods", {"1.2": 4, "4.1": "1,5", "5.1": 3}, {"1.2": "Chỉ 2 tin bài đạt yêu cầu"}),
    # 3.1 → 7, bonus → 2: 10 + 10 + 10 + 10 + 7 = 47, + 2 = 49 of 50 → 49 × 60 / 50 = 58.8
    "phuong-3": ("xlsx", {"3.1": 7, "4.1": 2}, {"3.1": "Chỉ 7 điểm camera hoạt động"}),
}
# (total, result, grade, rank): phuong-1's appraisal workbook was never opened, so it is its self-score
FINAL = {"phuong-1": ("51.5", "51.5", "Tốt", 2), "phuong-2": ("27.5", "33", "Khá", 3),
         "phuong-3": ("49", "58.8", "Tốt", 1), "xa-a": ("21.5", "43", "Tốt", 1), "xa-c": ("5", "6", "Trung bình", 2)}

runner = CliRunner()


def _run(*args: str) -> Result:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result


def _units_typing(blanks: Path, returned: Path, registry: dict[str, Any], scheme_path: Path) -> list[Typing]:
    scheme = load_scheme(str(scheme_path))
    jobs = []
    for unit, (suffix, answers) in ANSWERS.items():
        source = blanks / registry["units"][unit]["file"]
        meta = read_meta(load_workbook(source))
        assert meta is not None
        job = Typing(source, returned / f"{unit}.{suffix}")
        for code, raw in answers.items():
            places = meta.input_cells(code)
            for name, value in answer_to_cells(scheme.tree.by_code[code], raw).items():
                job.type(*places[name], value)
        jobs.append(job)
    return jobs


def _council_typing(folder: Path, scheme_path: Path) -> list[Typing]:
    layout = appraisal_layout(load_scheme(str(scheme_path)))
    jobs = []
    for unit, (suffix, points, comments) in COUNCIL.items():
        source = folder / f"2025_{unit}_tham-dinh.xlsx"
        job = Typing(source, source.with_suffix("." + suffix))
        for code, value in points.items():
            job.type(APPRAISAL_SHEET, layout.appraised_cell(code), value)
        for code, text in comments.items():
            job.type(APPRAISAL_SHEET, layout.comment_cell(code), text)
        jobs.append(job)
    return jobs


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _ranking(folder: Path) -> dict[str, dict[str, Any]]:
    document = json.loads((folder / "ranking.json").read_text(encoding="utf-8"))
    return {u["unit_code"]: u for u in document["units"]}


def _number(value: Any) -> Decimal:
    return Decimal(str(value))


@needs_uno
@pytest.mark.slow
def test_a_whole_year(tmp_path: Path) -> None:
    scheme = tmp_path / "xa-phuong-2025.yaml"
    scheme.write_text(SCHEME, encoding="utf-8")
    units = tmp_path / "don-vi.csv"
    units.write_text(UNITS_CSV, encoding="utf-8")
    blanks, returned, first, forms, final = (tmp_path / n for n in ("bieu-mau", "nhan-ve", "tong-hop", "phieu",
                                                                    "ket-qua"))
    generate = ("generate", str(scheme), "--units", str(units), "--year", "2025", "--out", str(blanks),
                "--deadline", "15/01/2026")
    generated = _run(*generate)
    assert generated.exit_code == 0, generated.output
    registry_path = blanks / "registry.json"
    registry = json.loads(registry_path.read_text(encoding="utf-8"))

    # units type into their workbooks in LibreOffice and save them as .xlsx or .ods
    returned.mkdir()
    type_and_save(_units_typing(blanks, returned, registry, scheme))
    consolidated = _run("consolidate", str(scheme), str(returned), "--registry", str(registry_path),
                        "--out", str(first))
    assert consolidated.exit_code == 0, consolidated.output
    assert "Xã B [xa-b]" in consolidated.stdout and "Không được chấp nhận" not in consolidated.stdout
    manifest = json.loads((first / "manifest.json").read_text(encoding="utf-8"))
    outcomes = {f["unit_code"]: f for f in manifest["files"]}
    assert {u: f["outcome"] for u, f in outcomes.items()} == dict.fromkeys(ANSWERS, "accepted")
    assert "input.decimal_comma" in outcomes["xa-a"]["codes"]
    for unit, (total, result, grade) in SELF.items():
        row = _ranking(first)[unit]
        assert (_number(row["total"]), _number(row["result"]), row["grade"]) == \
            (Decimal(total), Decimal(result), grade), unit

    # the council appraises in LibreOffice, in place; an .ods replaces its .xlsx
    appraised = _run("appraise", str(scheme), str(returned), "--registry", str(registry_path), "--out", str(forms))
    assert appraised.exit_code == 0, appraised.output
    assert "5 phiếu thẩm định" in appraised.stdout and "Tiếp theo:" in appraised.stdout
    type_and_save(_council_typing(forms, scheme))
    for unit, (suffix, _, _) in COUNCIL.items():
        if suffix == "ods":
            (forms / f"2025_{unit}_tham-dinh.xlsx").unlink()
    result = _run("consolidate", str(scheme), str(returned), "--registry", str(registry_path), "--out", str(final),
                  "--appraisals", str(forms))
    assert result.exit_code == 0, result.output
    manifest = json.loads((final / "manifest.json").read_text(encoding="utf-8"))
    council = {f["unit_code"]: f for f in manifest["files"] if f["name"].startswith("thẩm định/")}
    assert {u: f["outcome"] for u, f in council.items()} == dict.fromkeys(ANSWERS, "accepted"), council
    assert "input.decimal_comma" in council["xa-a"]["codes"]
    ranking = _ranking(final)
    for unit, (total, result_value, grade, rank) in FINAL.items():
        row = ranking[unit]
        assert (_number(row["total"]), _number(row["result"]), row["grade"], row["rank"]) == \
            (Decimal(total), Decimal(result_value), grade, rank), unit
        assert _number(row["self_total"]) == Decimal(SELF[unit][0]) and row["appraised_total"] is not None
    assert "xa-b" not in ranking

    # generate and appraise again into the same folders: nothing the secretariat holds changes
    before_blanks, before_forms = _files(blanks), _files(forms)
    again = _run(*generate)
    assert again.exit_code == 0, again.output
    assert _files(blanks) == before_blanks
    again = _run("appraise", str(scheme), str(returned), "--registry", str(registry_path), "--out", str(forms))
    assert again.exit_code == 0, again.output
    assert "giữ nguyên 4" in again.stdout and "--force" in again.stderr
    assert _files(forms) == before_forms
    refused = _run("consolidate", str(scheme), str(returned), "--registry", str(registry_path), "--out", str(final),
                   "--appraisals", str(forms))
    assert refused.exit_code == 2 and "--force" in refused.stderr
    rerun = _run("consolidate", str(scheme), str(returned), "--registry", str(registry_path), "--out", str(final),
                 "--appraisals", str(forms), "--force")
    assert rerun.exit_code == 0 and _ranking(final) == ranking
    report = _run("report", str(final), "--out", str(tmp_path / "bao-cao.html"))
    assert report.exit_code == 0, report.output
