"""``xl-dti scheme export|import|new|diff`` through typer's runner: files written, one-line errors, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from openpyxl import load_workbook
from typer.testing import CliRunner

from xl_dti.cli_scheme import scheme_app
from xl_dti.messages import render
from xl_dti.scheme import load_scheme
from xl_dti.scheme.loader import scheme_to_data
from xl_dti.versions.crosswalk import load_crosswalk

runner = CliRunner()
app = typer.Typer()
app.add_typer(scheme_app, name="scheme")
WIDE = {"COLUMNS": "250"}


@pytest.fixture()
def rubric(tmp_path: Path) -> Path:
    path = tmp_path / "rubric.xlsx"
    result = runner.invoke(app, ["scheme", "export", "haugiang-2022-so", "--out", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_export_writes_the_rubric(rubric: Path) -> None:
    assert load_workbook(rubric).sheetnames == ["Thông tin chung", "Chỉ số", "Xếp loại", "Nhóm đơn vị", "Trụ cột"]


def test_import_writes_the_scheme(rubric: Path, tmp_path: Path) -> None:
    out = tmp_path / "scheme.yaml"
    result = runner.invoke(app, ["scheme", "import", str(rubric), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "5 chỉ số chính / 24 chỉ số thành phần, tối đa 245 điểm" in result.stdout
    assert scheme_to_data(load_scheme(out)) == scheme_to_data(load_scheme("haugiang-2022-so"))


def test_import_with_problems_writes_nothing(rubric: Path, tmp_path: Path) -> None:
    workbook = load_workbook(rubric)
    workbook["Chỉ số"]["D2"] = 45
    workbook["Chỉ số"]["F3"] = "yesno"
    workbook.save(rubric)
    out = tmp_path / "scheme.yaml"
    result = runner.invoke(app, ["scheme", "import", str(rubric), "--out", str(out)])
    assert result.exit_code == 1
    assert f"{rubric} › 'Chỉ số'!F3: 'yesno' không phải cách chấm điểm nào" in result.stderr
    assert not out.exists()


def test_new_writes_next_years_scheme(tmp_path: Path) -> None:
    out = tmp_path / "next.yaml"
    args = ["scheme", "new", "--from", "haugiang-2022-so", "--id", "haugiang-2026-so", "--year", "2026",
            "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    created = load_scheme(out)
    assert (created.id, created.year, created.version) == ("haugiang-2026-so", 2026, "1")
    again = runner.invoke(app, args)
    assert again.exit_code == 2 and f"{out}: {render('output.exists', {})}" in again.stderr
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0


def test_diff_prints_the_changes_and_drafts_a_crosswalk(tmp_path: Path) -> None:
    crosswalk = tmp_path / "crosswalk.yaml"
    args = ["scheme", "diff", "haugiang-2022-so", "haugiang-2022-huyen", "--crosswalk", str(crosswalk)]
    result = runner.invoke(app, args, env=WIDE)
    assert result.exit_code == 0, result.output
    assert "29 → 42 indicators" in result.stdout
    assert load_crosswalk(crosswalk).map["5"] == "6"
    again = runner.invoke(app, args, env=WIDE)
    assert again.exit_code == 2 and render("output.exists", {}) in again.stderr


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        pytest.param(["scheme", "export", "no-such-scheme", "--out", "x.xlsx"], 2, "không phải mã bộ chỉ số có sẵn",
                     id="unknown"),
        pytest.param(["scheme", "import", "missing.xlsx", "--out", "x.yaml"], 1,
                     "missing.xlsx: " + render("file.not_found", {}), id="missing-rubric"),
        pytest.param(["scheme", "new", "--from", "haugiang-2022-so", "--id", "Bad Id", "--year", "2026"], 2,
                     "--id: 'Bad Id' có ký tự không được phép", id="bad-id"),
        pytest.param(["scheme", "diff", "haugiang-2022-so"], 2, "Thiếu tham số 'NEW'.", id="missing-argument"),
    ],
)
def test_usage_errors(args: list[str], code: int, needle: str, tmp_path: Path) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == code
    assert needle in result.stderr
    assert "Traceback" not in result.output


def test_every_command_has_help() -> None:
    for command in ("export", "import", "new", "diff"):
        result = runner.invoke(app, ["scheme", command, "--help"])
        assert result.exit_code == 0, command
        assert "Cách dùng:" in result.stdout
