"""The appraisal round: workbooks for the council, and their points back into the consolidation."""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.returned import Kit, make_kit, replace_in_part, touch
from tests.workbooks import needs_libreoffice
from xl_dti import Submission, score_units
from xl_dti.appraisal.fill import fill_appraisal
from xl_dti.appraisal.layout import APPRAISAL_SHEET, appraisal_layout
from xl_dti.appraisal.run import appraisal_name, appraise
from xl_dti.cli import app
from xl_dti.consolidation.run import consolidate
from xl_dti.libreoffice import convert

COUNCIL = {"1.4": 5, "2.4": 2}
COMMENTS = {"1.4": "Chỉ 10 tin bài đạt yêu cầu", "2.4": "Chưa có quyết định giao dự toán"}


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return make_kit(tmp_path_factory.mktemp("appraisal"))


def _returned(kit: Kit, folder: Path) -> Path:
    returned = folder / "returned"
    returned.mkdir()
    for unit in ("so-noi-vu", "so-tu-phap", "kho-bac"):
        touch(kit.filled(returned / f"{unit}.xlsx", unit), __import__("datetime").datetime(2023, 1, 2))
    return returned


def _appraised(kit: Kit, folder: Path, returned: Path) -> Path:
    written = folder / "appraisals"
    appraise(kit.scheme, returned, kit.registry, written, jobs=1)
    filled = folder / "filled"
    filled.mkdir()
    source = written / appraisal_name(2022, "so-noi-vu")
    fill_appraisal(source, filled / source.name, kit.scheme, COUNCIL, COMMENTS, blank=("3.1",))
    return filled


def test_one_locked_signed_appraisal_workbook_per_accepted_submission(kit: Kit, tmp_path: Path) -> None:
    returned = _returned(kit, tmp_path)
    (returned / "junk.xlsx").write_bytes(b"%PDF")
    report = appraise(kit.scheme, returned, kit.registry, tmp_path / "out", jobs=1)
    assert sorted(p.name for p in report.files) == sorted(appraisal_name(2022, u) for u in
                                                          ("so-noi-vu", "so-tu-phap", "kho-bac"))
    workbook = load_workbook(tmp_path / "out" / appraisal_name(2022, "kho-bac"))
    assert [ws.sheet_state for ws in workbook.worksheets] == ["visible", "veryHidden", "veryHidden"]
    assert all(ws.protection.sheet for ws in workbook.worksheets) and workbook.security.lockStructure
    sheet = workbook[APPRAISAL_SHEET]
    layout = appraisal_layout(kit.scheme)
    unlocked = {c.coordinate for row in sheet.iter_rows() for c in row if not c.protection.locked}
    na_leaf = layout.appraised_cell("3.3")  # Kho bạc marked 3.3 «KĐG»: nothing to appraise there
    assert na_leaf not in unlocked and sheet[na_leaf].value == "KĐG"
    assert layout.appraised_cell("1.1") in unlocked and layout.comment_cell("1") in unlocked
    assert sheet[layout.appraised_cell("1.1")].value == 10, "prefilled with the self-score"
    assert sheet[layout.points_cell("1")].value.startswith("=SUM(")
    meta = {r[0]: r[1] for r in workbook["_meta"].iter_rows(values_only=True)}
    assert meta["kind"] == "appraisal" and meta["unit_code"] == "kho-bac" and len(meta["submission_sha256"]) == 64


def test_appraised_points_replace_self_points(kit: Kit, tmp_path: Path) -> None:
    returned = _returned(kit, tmp_path)
    filled = _appraised(kit, tmp_path, returned)
    run = consolidate(kit.scheme, returned, kit.registry, tmp_path / "out", appraisals=filled, jobs=1)
    row = next(r for r in run.rows if r.unit_code == "so-noi-vu")
    answers = kit.answers("so-noi-vu")
    council = {k: Decimal(v) for k, v in COUNCIL.items()}
    (expected,) = score_units(kit.scheme, [Submission("so-noi-vu", answers, "so", council)])
    (own,) = score_units(kit.scheme, [Submission("so-noi-vu", answers, "so")])
    assert row.result.total == expected.total and row.self_result is not None and row.self_result.total == own.total
    assert row.result.nodes["3.1"].points == own.nodes["3.1"].points, "a blank appraisal keeps the self-score"
    other = next(r for r in run.rows if r.unit_code == "so-tu-phap")
    assert not other.appraised
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "ranking.csv").read_text(encoding="utf-8-sig"))))
    noi_vu = next(r for r in rows if r["unit_code"] == "so-noi-vu")
    assert (noi_vu["self_total"], noi_vu["appraised_total"]) == (str(own.total), str(expected.total))
    detail = load_workbook(tmp_path / "out" / "master.xlsx")["Chi tiết"]
    notes = [r for r in detail.iter_rows(values_only=True) if r[0] == "so-noi-vu" and r[2] in ("1.4", "3.1")]
    assert notes[0][8] == 5 and notes[0][10] == COMMENTS["1.4"]
    assert "giữ điểm tự chấm" in notes[1][10]


def test_an_appraisal_of_an_older_submission_is_flagged_not_applied(kit: Kit, tmp_path: Path) -> None:
    returned = _returned(kit, tmp_path)
    filled = _appraised(kit, tmp_path, returned)
    __import__("time").sleep(2.1)  # received later than the first file (not copied together with it)
    touch(kit.filled(returned / "so-noi-vu-v2.xlsx", **{"2.4": 3}), __import__("datetime").datetime(2023, 1, 9))
    run = consolidate(kit.scheme, returned, kit.registry, tmp_path / "out", appraisals=filled, jobs=1)
    (appraisal,) = [o for o in run.outcomes if o.reading.name.startswith("thẩm định/")]
    assert appraisal.outcome == "quarantined" and "appraisal.stale" in appraisal.codes
    assert not next(r for r in run.rows if r.unit_code == "so-noi-vu").appraised


@pytest.mark.parametrize(
    ("change", "code"),
    [("points", "appraisal.bad_points"), ("locked", "appraisal.structure_changed"),
     ("signature", "identity.bad_signature")],
)
def test_appraisal_files_get_the_same_checks(kit: Kit, tmp_path: Path, change: str, code: str) -> None:
    returned = _returned(kit, tmp_path)
    filled = _appraised(kit, tmp_path, returned)
    path = next(filled.iterdir())
    if change == "points":
        fill_appraisal(path, path, kit.scheme, {"1.4": 12})
    elif change == "locked":
        workbook = load_workbook(path)
        workbook[APPRAISAL_SHEET][appraisal_layout(kit.scheme).points_cell("1").replace("I", "F")] = 99
        workbook.save(path)
    else:
        signature = dict(load_workbook(path)["_meta"].iter_rows(values_only=True))["signature"]
        shutil.move(path, tmp_path / "x.xlsx")
        replace_in_part(tmp_path / "x.xlsx", path, "xl/worksheets/sheet3.xml", signature[:8].encode(), b"00000000")
    run = consolidate(kit.scheme, returned, kit.registry, tmp_path / "out", appraisals=filled, jobs=1)
    (appraisal,) = [o for o in run.outcomes if o.reading.name.startswith("thẩm định/")]
    assert code in appraisal.codes and appraisal.outcome in ("rejected", "quarantined")


@needs_libreoffice
@pytest.mark.slow
def test_the_appraisal_workbook_totals_agree_with_the_engine(kit: Kit, tmp_path: Path) -> None:
    returned = _returned(kit, tmp_path)
    filled = _appraised(kit, tmp_path, returned)
    (recalculated,) = convert(list(filled.iterdir()), tmp_path / "lo")
    sheet = load_workbook(recalculated, data_only=True)[APPRAISAL_SHEET]
    layout = appraisal_layout(kit.scheme)
    council = {k: Decimal(v) for k, v in COUNCIL.items()}
    (expected,) = score_units(kit.scheme, [Submission("so-noi-vu", kit.answers("so-noi-vu"), "so", council)])
    assert Decimal(repr(sheet[layout.footer["total"]].value)) == expected.total
    assert Decimal(repr(sheet[layout.footer["result"]].value)) == expected.result
    assert sheet[layout.footer["grade"]].value == expected.grade


def test_appraise_cli(kit: Kit, tmp_path: Path) -> None:
    returned = _returned(kit, tmp_path)
    result = CliRunner().invoke(app, ["appraise", "haugiang-2022-so", str(returned), "--registry",
                                      str(kit.registry_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "3 phiếu thẩm định" in result.stdout
