"""The command line, through typer's runner: output, one-line errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import HEADER
from xl_dti.cli import app
from xl_dti.messages import render

runner = CliRunner()

SCHEME = HEADER + """\
max: 30
grades:
  - {label: Tốt, min: 20}
  - {label: Khá, min: 10}
  - {label: Yếu}
groups:
  - {code: so, name: Sở}
indicators:
  - code: "1"
    name: Nhận thức số
    max: 20
    children:
      - code: "1.1"
        name: Trưởng ban chỉ đạo
        max: 10
        rule: choice
        options:
          - {label: Người đứng đầu, fraction: 1}
          - {label: Cấp phó, fraction: 0.5}
        evidence: Quyết định thành lập
      - code: "1.2"
        name: Văn bản ký số
        max: 10
        rule: ratio
        numerator: Số văn bản ký số
        denominator: Tổng số văn bản
  - {code: "2", name: Hạ tầng, max: 10, rule: yes_no, na: true}
aggregates:
  - {code: NT, name: Nền tảng, of: ["1"]}
"""


@pytest.fixture()
def scheme_file(tmp_path: Path) -> Path:
    path = tmp_path / "scheme.yaml"
    path.write_text(SCHEME, encoding="utf-8")
    return path


def test_schemes_lists_the_builtins() -> None:
    result = runner.invoke(app, ["schemes"], env={"COLUMNS": "250"})
    assert result.exit_code == 0
    assert "haugiang-2022-so" in result.stdout and "Xuất sắc ≥220" in result.stdout


def test_show_prints_the_tree(scheme_file: Path) -> None:
    result = runner.invoke(app, ["show", str(scheme_file)], env={"COLUMNS": "250"})
    assert result.exit_code == 0
    assert "1.2 Văn bản ký số" in result.stdout and "Cấp phó: 5 điểm" in result.stdout


@pytest.mark.parametrize(
    ("value", "grade"),
    [("219.99", "Tốt"), ("220", "Xuất sắc"), ("219.995", "Xuất sắc"), ("121.99", "Yếu"), ("219,99", "Tốt")],
)
def test_grade(value: str, grade: str) -> None:
    result = runner.invoke(app, ["grade", "haugiang-2022-so", value])
    assert result.exit_code == 0
    assert result.stdout.strip() == grade


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        pytest.param(["grade", "no-such-scheme", "5"], 2, "không phải mã bộ chỉ số có sẵn", id="unknown-scheme"),
        pytest.param(["grade", "haugiang-2022-so", "abc"], 2, "không phải là số", id="not-a-number"),
        pytest.param(["grade", "haiduong-2023-so", "50"], 2, "không có thang xếp loại", id="no-bands"),
        pytest.param(["grade", "haugiang-2022-so"], 2, "Thiếu tham số 'VALUE'.", id="missing-argument"),
        pytest.param(["frobnicate"], 2, "Không có lệnh 'frobnicate'.", id="unknown-command"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: list[str], code: int, needle: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == code
    assert needle in result.stderr
    assert "Traceback" not in result.output


def test_validate_ok_prints_a_summary(scheme_file: Path) -> None:
    result = runner.invoke(app, ["validate", str(scheme_file)])
    assert result.exit_code == 0
    assert "OK" in result.stdout and "2 chỉ số chính / 2 chỉ số thành phần, tối đa 30 điểm" in result.stdout


def test_validate_reports_every_problem_with_its_line(tmp_path: Path, scheme_file: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SCHEME.replace("max: 30", "max: 35").replace("na: true}", "na: true, each: 1}"))
    result = runner.invoke(app, ["validate", str(scheme_file), str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:7 max: {render('max.scheme_mismatch', {'total': '30', 'max': '35'})}" in result.stderr
    assert f"{bad}:33 chỉ số 2 (indicators[1].each): khóa 'each' không hợp lệ" in result.stderr
    assert "OK" in result.stdout


def test_score_json(tmp_path: Path, scheme_file: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text('"1.1": {value: Cấp phó, evidence: "QĐ 12/QĐ-SNV"}\n"1.2": [2, 3]\n"2": N/A\n', encoding="utf-8")
    result = runner.invoke(app, ["score", str(scheme_file), str(answers), "--group", "so", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["total"] == 11.666666667  # 2/3 of 10 is not rounded: the scheme does not ask
    assert data["applicable_max"] == 20
    assert data["result"] == 17.5  # 11.666666667 × 30 / 20 (rounding 1.2 to 6.67 first would give 17.51)
    assert data["grade"] == "Khá"
    assert data["aggregates"] == {"NT": 0.5833}
    assert data["indicators"] == {"1": 11.666666667, "1.1": 5, "1.2": 6.666666667, "2": None}
    assert data["issues"] == []


def test_score_csv_with_problems_exits_1_and_says_where(tmp_path: Path, scheme_file: Path) -> None:
    answers = tmp_path / "answers.csv"
    answers.write_text(
        "\ufeffcode,answer,evidence\n1.1,Phó giám đốc,\n1.2,3/4,\n2,Có,\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["score", str(scheme_file), str(answers), "-g", "so"])
    assert result.exit_code == 1
    assert "1.1: 'Phó giám đốc' không có trong danh sách" in result.stderr
    assert "Tổng điểm" in result.stdout


def test_score_missing_answers_file(scheme_file: Path) -> None:
    result = runner.invoke(app, ["score", str(scheme_file), "nowhere.yaml", "-g", "so"])
    assert result.exit_code == 1
    assert f"nowhere.yaml: {render('file.not_found', {})}" in result.stderr


def test_every_command_has_help() -> None:
    for command in ("schemes", "show", "validate", "grade", "score", "demo"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Cách dùng:" in result.stdout
