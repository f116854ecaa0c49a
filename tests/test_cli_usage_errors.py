"""A command typed wrong is answered in Vietnamese, naming what was typed, with exit code 2."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from tests.test_secretariat_language import _commands
from xl_dti.cli import app
from xl_dti.cli_errors import in_vietnamese

runner = CliRunner()
ENGLISH = re.compile(r"Usage|Try |Missing|Invalid|No such|Option|Got unexpected|argument|required|default|"
                     r"Input should|Value error|does not|Possible|\[OPTIONS\]|COMMAND \[ARGS\]")
UNITS = ["--units", "u.csv", "--year", "2025", "--out", "o"]


@pytest.mark.parametrize(("typed", "said"), [
    (["generate", "haugiang-2022-so", "--xyz"], "Lệnh này không có tùy chọn --xyz."),
    (["generate", "--forse"], "Lệnh này không có tùy chọn --forse. Có phải ý bạn là --force hay --formulas?"),
    (["generate", "--year", "2025"], "Thiếu tham số 'SCHEME'."),
    (["generate", "haugiang-2022-so"], "Thiếu tùy chọn '--units'."),
    (["generate", "haugiang-2022-so", "--units", "u.csv", "--out", "o", "--year"],
     "Tùy chọn '--year' cần một giá trị ngay sau nó."),
    (["generate", "haugiang-2022-so", "--units", "u.csv", "--out", "o", "--year", "năm nay"],
     "Giá trị của '--year' không dùng được: cần một số nguyên."),
    (["consolidate", "haugiang-2022-so", ".", "--jobs", "0"],
     "Giá trị của '--jobs' không dùng được: cần một số từ 1 trở lên."),
    (["generate", "haugiang-2022-so", *UNITS, "--formulas", "excel"],
     "Giá trị của '--formulas' không dùng được: không có lựa chọn 'excel'; chọn một trong: 'native', 'udf'."),
    (["generate", "haugiang-2022-so", *UNITS, "--force=yes"],
     "Tùy chọn '--force' không nhận giá trị; chỉ ghi '--force'."),
    (["generate", "Bộ chỉ số", "năm", "2025", *UNITS],
     "Thừa tham số: năm 2025. Nếu đường dẫn có dấu cách, đặt nó trong dấu nháy."),
    (["tong-hop"], "Không có lệnh 'tong-hop'."),
    (["scheme", "moi"], "Không có lệnh 'moi'."),
])
def test_a_usage_error_is_said_in_vietnamese(typed: list[str], said: str) -> None:
    result = runner.invoke(app, typed, terminal_width=300)
    assert result.exit_code == 2, result.output
    panel = " ".join(line.strip("│ ") for line in result.stderr.splitlines() if line.startswith("│"))
    assert panel == said
    assert not ENGLISH.findall(result.stderr), result.stderr


def test_the_usage_line_and_the_way_to_help_are_vietnamese() -> None:
    result = runner.invoke(app, ["consolidate", "haugiang-2022-so"], terminal_width=300)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:2] == ["Cách dùng: xl-dti consolidate [TÙY_CHỌN] SCHEME RETURNED",
                                              "Xem hướng dẫn: 'xl-dti consolidate --help'."]
    assert "Thiếu tham số 'RETURNED'." in result.stderr


def test_the_installed_command_says_it_too() -> None:
    result = subprocess.run([sys.executable, "-m", "xl_dti", "generate", "haugiang-2022-so"],
                            capture_output=True, text=True, encoding="utf-8", env={"COLUMNS": "200", "PATH": ""})
    assert result.returncode == 2
    assert "Thiếu tùy chọn '--units'." in result.stderr and not ENGLISH.findall(result.stderr), result.stderr


@pytest.mark.parametrize("command", _commands(typer.main.get_command(app)), ids=" ".join)
def test_help_marks_are_vietnamese(command: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*command, "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert not re.findall(r"Usage:|\[required\]|\[default:|\[env var:|\[OPTIONS\]", result.stdout), result.stdout


@pytest.mark.parametrize(("english", "said"), [
    ("Missing argument 'RETURNED'. Choose from:\n\ta", "Thiếu tham số 'RETURNED'. Choose from:\n\ta"),
    ("Invalid value for '--out': Directory 'x y' is a file.",
     "Giá trị của '--out' không dùng được: 'x y' là một tệp; cần một thư mục."),
    ("Invalid value for 'SCHEME': File 'a.yaml' does not exist.",
     "Giá trị của 'SCHEME' không dùng được: Tệp 'a.yaml' không có. Kiểm tra lại đường dẫn."),
    ("Invalid value for '--n': Input should be less than or equal to 8",
     "Giá trị của '--n' không dùng được: cần một số không quá 8."),
    ("Invalid value: something new", "Giá trị không dùng được: something new"),
    ("Option '--pair' requires 2 arguments.", "Tùy chọn '--pair' cần 2 giá trị ngay sau nó."),
    ("Missing command.", "Thiếu tên lệnh."),
    ("A message typer adds next year.", "A message typer adds next year."),
])
def test_templates_no_command_reaches_today(english: str, said: str) -> None:
    assert in_vietnamese(english) == said
