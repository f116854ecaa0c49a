"""``xl-dti generate`` through the CLI runner: units errors located, files and registry written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from xl_dti.cli import app
from xl_dti.generate import slug, workbook_name
from xl_dti.messages import render
from xl_dti.registry import load_registry
from xl_dti.resources import samples_dir
from xl_dti.units import Unit
from xl_dti.workbook.maps import read_meta

runner = CliRunner()


def _generate(units: Path, out: Path, *extra: str) -> object:
    return runner.invoke(app, ["generate", "haugiang-2022-so", "--units", str(units), "--year", "2022",
                               "--out", str(out), *extra], env={"COLUMNS": "200"})


def test_units_file_with_three_mistakes_reports_all_three_and_writes_nothing(tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text(
        "code,name,group\n"
        "so-noi-vu,Sở Nội vụ,so\n"
        "so-noi-vu,Sở Nội vụ (lặp),so\n"
        "so-tu-phap,,so\n"
        "kho-bac,Kho bạc Nhà nước,ngan-doc\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = _generate(units, out)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    stderr = result.stderr  # type: ignore[attr-defined]
    assert f"{units}:3: {render('units.duplicate_code', {'code': 'so-noi-vu', 'first': 2})}" in stderr
    assert f"{units}:4: {render('units.empty_name', {'code': 'so-tu-phap'})}" in stderr
    assert f"{units}:5: {render('units.unknown_group', {'group': 'ngan-doc', 'known': 'so, nganh-doc'})}" in stderr
    assert not out.exists()


def test_a_character_a_workbook_cannot_hold_is_refused_at_its_line(tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text("code,name,group\nso-noi-vu,Sở Nội vụ\vtỉnh Hậu Giang,so\nso-tu-phap,Sở\x1fTư pháp,so\n",
                     encoding="utf-8")
    out = tmp_path / "out"
    result = _generate(units, out)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    stderr = result.stderr  # type: ignore[attr-defined]
    assert f"{units}:2: " in stderr and "U+000B" in stderr
    assert f"{units}:3: " in stderr and "U+001F" in stderr
    assert not out.exists()


def test_a_contact_line_with_a_control_character_is_a_usage_error(tmp_path: Path) -> None:
    result = _generate(samples_dir() / "haugiang-so-units.csv", tmp_path / "out", "--contact", "Sở TT&TT\x0b0293")
    assert result.exit_code != 0  # type: ignore[attr-defined]
    assert "--contact" in result.stderr and "U+000B" in result.stderr  # type: ignore[attr-defined]
    assert not (tmp_path / "out").exists()


def test_units_xlsx_errors_point_at_the_cell(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Đơn vị"
    for row in (["code", "name", "group"], ["a b", "Sở A", "so"]):
        sheet.append(row)
    path = tmp_path / "units.xlsx"
    workbook.save(path)
    result = _generate(path, tmp_path / "out")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    expected = f"{path} › 'Đơn vị'!A2: {render('units.bad_code', {'code': 'a b'})}"
    assert expected in result.stderr  # type: ignore[attr-defined]


@pytest.mark.parametrize(("deadline", "code"), [("2023-01-15", 2), ("31/02/2023", 2)])
def test_bad_deadline_is_a_usage_error(tmp_path: Path, deadline: str, code: int) -> None:
    result = _generate(samples_dir() / "haugiang-so-units.csv", tmp_path / "out", "--deadline", deadline)
    assert result.exit_code == code  # type: ignore[attr-defined]
    assert "dd/mm/yyyy" in result.stderr  # type: ignore[attr-defined]


def test_generates_every_sample_unit_and_a_registry(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _generate(samples_dir() / "haugiang-so-units.csv", out, "--deadline", "15/01/2023")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "Giữ lại, không gửi cho đơn vị" in result.stdout  # type: ignore[attr-defined]
    registry = load_registry(out / "registry.json")
    assert len(registry.units) == 23
    files = sorted(p.name for p in out.glob("*.xlsx"))
    assert files == sorted(u.file for u in registry.units.values())
    assert "2022_so-noi-vu_so-noi-vu.xlsx" in files
    meta = read_meta(load_workbook(out / "2022_kho-bac-nha-nuoc_kho-bac-nha-nuoc-hau-giang.xlsx"))
    assert meta is not None and meta.identity["unit_group"] == "nganh-doc"
    data = json.loads((out / "registry.json").read_text(encoding="utf-8"))
    assert data["warning"].startswith("SECRET")


def test_generating_again_into_the_same_folder_gives_identical_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    units = samples_dir() / "haugiang-so-units.csv"
    _generate(units, out)
    first = {p.name: p.read_bytes() for p in out.glob("*.xlsx")}
    _generate(units, out)
    assert {p.name: p.read_bytes() for p in out.glob("*.xlsx")} == first


def test_a_folder_of_another_round_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    units = samples_dir() / "haugiang-so-units.csv"
    _generate(units, out)
    result = runner.invoke(app, ["generate", "haugiang-2022-so", "--units", str(units), "--year", "2023",
                                 "--out", str(out)])
    assert result.exit_code == 2  # a refusal to replace what exists, as README's policy says
    assert "đã chứa biểu mẫu của bộ chỉ số haugiang-2022-so năm 2022" in result.stderr
    assert "--force" in result.stderr


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Sở Nội vụ", "so-noi-vu"), ("Đài Phát thanh và Truyền hình", "dai-phat-thanh-va-truyen-hinh"),
     ("UBND huyện Châu Thành A", "ubnd-huyen-chau-thanh-a"), ("!!!", "don-vi"),
     ("Sở Thông tin và Truyền thông tỉnh Hậu Giang " * 9,  # a name longer than a file name may be
      "so-thong-tin-va-truyen-thong-tinh-hau-giang-so-thong-tin-va")],
)
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected
    assert workbook_name(2024, Unit("x", name, None)) == f"2024_x_{expected}.xlsx"
