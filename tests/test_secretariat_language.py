"""The secretariat's language: validate in one pass located by indicator code, Vietnamese messages, plain --help."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from tests.conftest import HEADER
from xl_dti.cli import app
from xl_dti.errors import UnknownSchemeError
from xl_dti.messages import CATALOGUE
from xl_dti.scheme import load_scheme, parse_scheme

runner = CliRunner()
VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE)
ANALYSTS = ("function.",)  # the xlwings functions' own messages (Excel's function wizard is English)

BROKEN = """\
grades:
  - {label: Tốt, min: 10}
  - {label: Khá, min: 20}
indicators:
  - code: "1"
    name: Nhận thức số
    max: 20
    children:
      - {code: "1.1", name: Ban chỉ đạo, max: mười}
      - {code: "1.2", name: Kế hoạch, max: 10}
  - code: "1.2"
    name: Hạ tầng số
    max: 10
    rule: tỉ lệ
"""


def test_validate_reports_every_problem_in_one_pass_located_by_indicator_code() -> None:
    scheme, problems = parse_scheme(HEADER + BROKEN, "x.yaml")
    assert scheme is None
    assert [(p.code, p.where) for p in problems] == [
        ("grades.order", "x.yaml:9 grades[1].min"),
        ("grades.bottom", "x.yaml:9 grades[1].min"),
        ("value.invalid", "x.yaml:15 chỉ số 1.1 (indicators[0].children[0].max)"),
        ("code.duplicate", "x.yaml:17 chỉ số 1.2 (indicators[1].code)"),
        ("value.invalid", "x.yaml:20 chỉ số 1.2 (indicators[1].rule)"),
    ]


def test_validate_exits_1_and_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(HEADER + BROKEN, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr.count(f"{path}:") >= 4
    assert "chỉ số 1.1 (indicators[0].children[0].max)" in result.stderr


@pytest.mark.parametrize("code", sorted(c for c in CATALOGUE if not c.startswith(ANALYSTS)))
def test_every_message_the_secretariat_reads_is_vietnamese(code: str) -> None:
    words = re.sub(r"\{\w+\}", "", CATALOGUE[code])
    assert VIETNAMESE.search(words) or not re.search(r"[A-Za-z]", words), CATALOGUE[code]


def _commands(command: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    if hasattr(command, "commands"):  # a group (click's, or the copy typer vendors)
        for name, sub in command.commands.items():
            found += _commands(sub, (*prefix, name))
    return found


PROGRAMMER = re.compile(r"<[A-Za-z_\[\]|, ]+>|\[x[<>]=?|\{[a-z_]+\}|\^\[|list\[")


@pytest.mark.parametrize("command", _commands(typer.main.get_command(app)), ids=" ".join)
def test_help_shows_no_programmer_notation(command: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*command, "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert not PROGRAMMER.findall(result.stdout), result.stdout


@pytest.mark.parametrize(("typed", "closest"), [
    ("haugiang-2022-s0", "haugiang-2022-so"),
    ("haugiang-2022-huyện", "haugiang-2022-huyen"),
    ("quocgia-2022", "quocgia-2022-tinh"),
])
def test_a_mistyped_scheme_id_suggests_the_closest(typed: str, closest: str) -> None:
    with pytest.raises(UnknownSchemeError) as caught:
        load_scheme(typed)
    [problem] = caught.value.problems
    assert problem.params["closest"] == closest
    result = runner.invoke(app, ["show", typed])
    assert result.exit_code == 2 and f"'{closest}'" in result.stderr


def _command(path: tuple[str, ...]) -> Any:
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    return command


@pytest.mark.parametrize("command", _commands(typer.main.get_command(app)), ids=" ".join)
def test_help_is_vietnamese(command: tuple[str, ...]) -> None:
    found = _command(command)
    texts = {"": found.help or ""}
    texts |= {param.name: param.help or "" for param in found.params}
    context = found.make_context("xl-dti", ["--help"], resilient_parsing=True)
    option = found.get_help_option(context)
    texts["--help"] = option.help if option is not None else "Không có"
    assert not {name: text for name, text in texts.items() if not VIETNAMESE.search(text)}
