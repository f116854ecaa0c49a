"""What the secretariat sees after a command: which file failed and why, who sent nothing, what to do next."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from tests.returned import Kit, make_kit
from xl_dti.cli import app
from xl_dti.resources import samples_dir
from xl_dti.workbook.layout import FORM_SHEET

runner = CliRunner()


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return make_kit(tmp_path_factory.mktemp("listing"))


def _run(*args: str) -> Result:
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def _tampered(workbook: object) -> None:
    sheet = workbook[FORM_SHEET]  # type: ignore[index]
    sheet.protection.sheet = False
    sheet["C8"] = 20


def test_consolidate_lists_every_file_not_accepted_and_every_unit_that_sent_nothing(kit: Kit, tmp_path: Path) -> None:
    returned = tmp_path / "nhan-ve"
    returned.mkdir()
    kit.filled(returned / "so-noi-vu.xlsx", "so-noi-vu")
    kit.edited(returned / "so-tu-phap.xlsx", _tampered, "so-tu-phap")
    (returned / "bao-cao.xlsx").write_bytes(b"%PDF-1.7 a report printed to PDF")
    result = _run("consolidate", "haugiang-2022-so", str(returned), "--registry", str(kit.registry_path),
                  "--out", str(tmp_path / "tong-hop"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    pdf = next(line for line in lines if "bao-cao.xlsx" in line)
    assert "từ chối" in pdf and "PDF" in pdf
    tampered = next(line for line in lines if "so-tu-phap.xlsx" in line)
    assert "từ chối" in tampered and "'Chấm điểm'!C8" in tampered and "so-tu-phap" in tampered
    assert any("Kho bạc Nhà nước Hậu Giang" in line and "kho-bac" in line for line in lines)
    assert "master.xlsx › «Kiểm tra»" in result.stdout
    assert "so-noi-vu.xlsx" not in result.stdout.split("Không được chấp nhận")[-1].split("Chưa có tệp")[0]


def test_consolidate_says_so_when_every_file_was_accepted(kit: Kit, tmp_path: Path) -> None:
    returned = tmp_path / "nhan-ve"
    returned.mkdir()
    for unit in ("so-noi-vu", "so-tu-phap", "kho-bac"):
        kit.filled(returned / f"{unit}.xlsx", unit)
    result = _run("consolidate", "haugiang-2022-so", str(returned), "--registry", str(kit.registry_path),
                  "--out", str(tmp_path / "tong-hop"))
    assert result.exit_code == 0, result.output
    assert "Không được chấp nhận" not in result.stdout and "Chưa có tệp" not in result.stdout
    assert "Tất cả 3 tệp được chấp nhận" in result.stdout


def test_generate_ends_with_what_to_do_next(tmp_path: Path) -> None:
    result = _run("generate", "haugiang-2022-so", "--units", str(samples_dir() / "haugiang-so-units.csv"),
                  "--year", "2022", "--out", str(tmp_path / "bieu-mau"))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1].startswith("Tiếp theo:")
    assert "xl-dti consolidate haugiang-2022-so" in result.stdout


def test_appraise_ends_with_what_to_do_next(kit: Kit, tmp_path: Path) -> None:
    returned = tmp_path / "nhan-ve"
    returned.mkdir()
    kit.filled(returned / "so-noi-vu.xlsx", "so-noi-vu")
    result = _run("appraise", "haugiang-2022-so", str(returned), "--registry", str(kit.registry_path),
                  "--out", str(tmp_path / "tham-dinh"))
    assert result.exit_code == 0, result.output
    assert "Tiếp theo:" in result.stdout and "--appraisals" in result.stdout
    assert load_workbook(tmp_path / "tham-dinh" / "2022_so-noi-vu_tham-dinh.xlsx").sheetnames[0] == "Thẩm định"
