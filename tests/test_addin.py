"""The classic add-in's configuration: xl_dti.udfs registered, other settings kept, read back as xlwings does."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from xl_dti.addin import Change, install, read_config
from xl_dti.cli_excel import register
from xl_dti.errors import UsageError

PYTHON = r"C:\Python311\python.exe"

INSTALLS = [
    # id, the file before (None: no file), the file after
    ("new-file", None, f'"UDF MODULES","xl_dti.udfs"\r\n"INTERPRETER_WIN","{PYTHON}"\r\n'),
    (
        "keeps-other-keys-and-modules",
        '"SHOW CONSOLE","True"\r\n"UDF MODULES","my_udfs;other"\r\n"CONDA PATH","C:\\conda"\r\n',
        f'"SHOW CONSOLE","True"\r\n"UDF MODULES","my_udfs;other;xl_dti.udfs"\r\n"CONDA PATH","C:\\conda"\r\n'
        f'"INTERPRETER_WIN","{PYTHON}"\r\n',
    ),
    (
        "conda-activation-kept",
        '"CONDA PATH","C:\\Users\\an\\miniconda3"\r\n"CONDA ENV","dti"\r\n',
        '"CONDA PATH","C:\\Users\\an\\miniconda3"\r\n"CONDA ENV","dti"\r\n"UDF MODULES","xl_dti.udfs"\r\n',
    ),
    (
        "conda-activation-kept-with-a-set-interpreter",
        '"CONDA PATH","C:\\conda"\r\n"CONDA ENV","dti"\r\n"INTERPRETER_WIN","pythonw"\r\n',
        '"CONDA PATH","C:\\conda"\r\n"CONDA ENV","dti"\r\n"INTERPRETER_WIN","pythonw"\r\n'
        '"UDF MODULES","xl_dti.udfs"\r\n',
    ),
    (
        "same-interpreter-other-modules-kept",
        f'"UDF MODULES","my_udfs"\r\n"INTERPRETER_WIN","{PYTHON}"\r\n',
        f'"UDF MODULES","my_udfs;xl_dti.udfs"\r\n"INTERPRETER_WIN","{PYTHON}"\r\n',
    ),
    (
        "replaces-the-interpreter-in-place",
        '"INTERPRETER_WIN","C:\\old\\python.exe"\r\n"USE UDF SERVER","True"\r\n',
        f'"INTERPRETER_WIN","{PYTHON}"\r\n"USE UDF SERVER","True"\r\n"UDF MODULES","xl_dti.udfs"\r\n',
    ),
    (
        "keys-in-any-case-trailing-semicolon",
        '"udf modules","my_udfs;"\n',
        f'"UDF MODULES","my_udfs;xl_dti.udfs"\n"INTERPRETER_WIN","{PYTHON}"\n',
    ),
    (
        "later-duplicates-merged-not-dropped",
        '"UDF MODULES","a"\r\n"UDF MODULES","b;a"\r\n',
        f'"UDF MODULES","a;b;xl_dti.udfs"\r\n"INTERPRETER_WIN","{PYTHON}"\r\n',
    ),
    (
        "last-line-without-newline",
        '"SHOW CONSOLE","False"',
        f'"SHOW CONSOLE","False"\n"UDF MODULES","xl_dti.udfs"\n"INTERPRETER_WIN","{PYTHON}"\n',
    ),
]


@pytest.mark.parametrize(("before", "after"), [r[1:] for r in INSTALLS], ids=[r[0] for r in INSTALLS])
def test_install_writes_only_its_two_settings(tmp_path: Path, before: str | None, after: str) -> None:
    path = tmp_path / ".xlwings" / "xlwings.conf"
    if before is not None:
        path.parent.mkdir()
        path.write_bytes(before.encode())
    install(path, PYTHON)
    assert path.read_bytes() == after.encode()


def test_install_refuses_to_move_another_projects_modules_to_this_python(tmp_path: Path) -> None:
    path = tmp_path / "xlwings.conf"
    before = b'"UDF MODULES","finance_udfs"\r\n"INTERPRETER_WIN","C:\\Finance\\python.exe"\r\n'
    path.write_bytes(before)
    with pytest.raises(UsageError) as raised:
        install(path, PYTHON)
    assert "finance_udfs" in str(raised.value) and "--force" in str(raised.value)
    assert path.read_bytes() == before
    install(path, PYTHON, force=True)
    assert read_config(path).udf_modules == ("finance_udfs", "xl_dti.udfs")
    assert read_config(path).interpreter == PYTHON


def test_install_twice_changes_nothing_the_second_time(tmp_path: Path) -> None:
    path = tmp_path / "xlwings.conf"
    first = install(path, PYTHON)
    written = path.read_bytes()
    assert first == [Change("UDF MODULES", None, "xl_dti.udfs"), Change("INTERPRETER_WIN", None, PYTHON)]
    assert install(path, PYTHON) == []
    assert path.read_bytes() == written


def test_install_keeps_bytes_it_cannot_decode(tmp_path: Path) -> None:
    path = tmp_path / "xlwings.conf"
    other = b'"PYTHONPATH","C:\\Users\\Nguy\xea\xdfn\\code"\r\n'
    path.write_bytes(other)
    install(path, PYTHON)
    assert path.read_bytes().startswith(other)


def test_xlwings_reads_what_install_wrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import xlwings
    from xlwings.utils import read_user_config

    path = tmp_path / "xlwings.conf"
    path.write_text('"SHOW CONSOLE","True"\r\n"UDF MODULES","my_udfs"\r\n', encoding="utf-8")
    install(path, PYTHON)
    monkeypatch.setattr(xlwings, "USER_CONFIG_FILE", str(path))
    assert read_user_config() == {"show console": "True", "udf modules": "my_udfs;xl_dti.udfs",
                                  "interpreter_win": PYTHON}


def test_status_reads_modules_and_interpreter(tmp_path: Path) -> None:
    path = tmp_path / "xlwings.conf"
    path.write_text('"UDF MODULES","a; xl_dti.udfs"\r\n"INTERPRETER_WIN",""\r\n', encoding="utf-8")
    found = read_config(path)
    assert (found.exists, found.udf_modules, found.interpreter, found.installed) == (
        True, ("a", "xl_dti.udfs"), None, True,
    )


@pytest.fixture
def cli_app() -> typer.Typer:
    from xl_dti import cli

    app = typer.Typer()
    register(app, reported=cli._reported, out=cli.out)  # the CLI's own error reporting
    return app


STATUS = [("not-installed", None, 1, "not registered"), ("installed", "install", 0, "is registered")]


@pytest.mark.parametrize(("before", "exit_code", "says"), [r[1:] for r in STATUS], ids=[r[0] for r in STATUS])
def test_status_command_exit_code_says_whether_installed(
    cli_app: typer.Typer, tmp_path: Path, before: str | None, exit_code: int, says: str
) -> None:
    path = tmp_path / "xlwings.conf"
    if before:
        install(path, PYTHON)
    result = CliRunner().invoke(cli_app, ["addin", "status", "--config", str(path)])
    assert result.exit_code == exit_code, result.output
    assert says in result.output and str(path) in result.output


def test_install_command_writes_the_config_given(cli_app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "xlwings.conf"
    result = CliRunner().invoke(cli_app, ["addin", "install", "--config", str(path), "--interpreter", PYTHON])
    assert result.exit_code == 0, result.output
    assert read_config(path).installed and read_config(path).interpreter == PYTHON


def test_install_command_reports_an_unusable_config_path_in_one_line(cli_app: typer.Typer, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli_app, ["addin", "install", "--config", str(blocker / "xlwings.conf")])
    assert result.exit_code == 2
    assert "the xlwings configuration (" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_install_command_refuses_another_projects_python_until_forced(cli_app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "xlwings.conf"
    path.write_bytes(b'"UDF MODULES","finance_udfs"\r\n"INTERPRETER_WIN","C:\\\\Finance\\\\python.exe"\r\n')
    args = ["addin", "install", "--config", str(path), "--interpreter", PYTHON]
    refused = CliRunner().invoke(cli_app, args)
    assert refused.exit_code != 0 and "finance_udfs" in refused.output and "Traceback" not in refused.output
    assert not read_config(path).installed
    forced = CliRunner().invoke(cli_app, [*args, "--force"])
    assert forced.exit_code == 0, forced.output
    assert read_config(path).udf_modules == ("finance_udfs", "xl_dti.udfs")


def test_install_command_keeps_a_conda_users_activation(cli_app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "xlwings.conf"
    path.write_bytes(b'"CONDA PATH","C:\\\\miniconda3"\r\n"CONDA ENV","dti"\r\n')
    result = CliRunner().invoke(cli_app, ["addin", "install", "--config", str(path), "--interpreter", PYTHON])
    assert result.exit_code == 0, result.output
    assert read_config(path).installed and read_config(path).interpreter is None
