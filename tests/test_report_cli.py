"""``xl-dti report`` through typer's runner: the file written, one located error line, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tests.test_report_fixtures import ranking_dict, write_ranking
from xl_dti import cli
from xl_dti.cli_report import register

runner = CliRunner()


def report_app() -> typer.Typer:
    """The real ``xl-dti`` app once ``report`` is registered there; until then, the same wiring on a fresh app."""
    if any(command.name == "report" for command in cli.app.registered_commands):
        return cli.app
    app = typer.Typer(pretty_exceptions_enable=False)

    @app.callback()
    def _root() -> None:
        """Keep ``report`` a sub-command, as in ``xl-dti``."""

    register(app, reported=cli._reported, out=cli.out)
    return app


def test_report_writes_the_page(tmp_path: Path) -> None:
    folder = write_ranking(tmp_path / "out", ranking_dict())
    target = tmp_path / "bao-cao.html"
    result = runner.invoke(report_app(), ["report", str(folder), "--out", str(target), "--title", "Công bố DTI 2022",
                                          "--with-evidence"])
    assert result.exit_code == 0, result.output
    html = target.read_text(encoding="utf-8")
    assert "<h1>Công bố DTI 2022</h1>" in html and "Phụ lục. Tài liệu kiểm chứng" in html
    assert str(target) in result.stdout


def test_a_missing_ranking_is_one_located_error(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    result = runner.invoke(report_app(), ["report", str(tmp_path / "out"), "--out", str(target)])
    assert result.exit_code == 1
    assert f"{tmp_path / 'out' / 'ranking.json'}: không có tệp này" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not target.exists()


@pytest.mark.parametrize(("text", "where"), [
    ("{\n  \"year\": 2022,,\n}", "ranking.json:2: tệp không phải JSON hợp lệ"),
    (json.dumps({**ranking_dict(), "year": "năm ngoái"}), "ranking.json › year: input should be a valid integer"),
], ids=["syntax", "field"])
def test_a_malformed_ranking_is_located(tmp_path: Path, text: str, where: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "ranking.json").write_text(text, encoding="utf-8")
    result = runner.invoke(report_app(), ["report", str(folder), "--out", str(tmp_path / "r.html")])
    assert result.exit_code == 1
    assert f"{folder}/{where}" in result.stderr


def test_a_failed_run_keeps_the_previous_report(tmp_path: Path) -> None:
    folder = write_ranking(tmp_path / "out", ranking_dict())
    target = tmp_path / "report.html"
    assert runner.invoke(report_app(), ["report", str(folder), "--out", str(target)]).exit_code == 0
    before = target.read_bytes()
    (folder / "ranking.json").write_text("{", encoding="utf-8")
    assert runner.invoke(report_app(), ["report", str(folder), "--out", str(target), "--force"]).exit_code == 1
    assert target.read_bytes() == before


def test_out_must_be_a_file(tmp_path: Path) -> None:
    folder = write_ranking(tmp_path / "out", ranking_dict())
    result = runner.invoke(report_app(), ["report", str(folder), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{tmp_path}: đây là một thư mục" in result.stderr
