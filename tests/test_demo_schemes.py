"""`xl-dti demo --scheme …` runs one year of a scheme in force on the built-in samples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xl_dti import load_scheme
from xl_dti.cli import app
from xl_dti.demo import demo_schemes
from xl_dti.resources import samples_dir
from xl_dti.units import read_units

runner = CliRunner()


@pytest.mark.parametrize(("scheme_id", "units_file", "count"),
                         [("hanoi-2025-so", "hanoi-so-units.csv", 19), ("hanoi-2025-xa", "hanoi-xa-units.csv", 62)])
def test_samples_of_the_schemes_in_force_read_cleanly(scheme_id: str, units_file: str, count: int) -> None:
    units = read_units(samples_dir() / units_file, load_scheme(scheme_id))
    assert len(units) == count
    assert scheme_id in demo_schemes()


def test_an_unknown_demo_scheme_is_refused_with_the_known_ones(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--scheme", "quocgia-2025-tinh", "--out", str(tmp_path / "demo")])
    assert result.exit_code == 2
    assert "hanoi-2025-xa" in result.stderr and "quocgia-2025-tinh" in result.stderr
    assert not (tmp_path / "demo").exists()


@pytest.mark.slow
def test_demo_runs_the_departments_of_the_two_level_government(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--scheme", "hanoi-2025-so", "--out", str(tmp_path / "demo")],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    ranking = json.loads((tmp_path / "demo" / "hanoi-so" / "5-ket-qua" / "ranking.json").read_text("utf-8"))
    assert ranking["scheme"] == "hanoi-2025-so" and ranking["year"] == 2025
    by_group: dict[str, list[dict[str, object]]] = {}
    for unit in ranking["units"]:
        by_group.setdefault(unit["group"], []).append(unit)
    assert sorted(by_group) == ["nganh-doc", "so", "so-kinh-te"]
    assert {u["status"] for u in by_group["nganh-doc"]} == {"not_ranked"}
    assert by_group["so-kinh-te"][0]["rank"] == 1
    assert [m["unit_code"] for m in ranking["missing"]] == ["so-dt-tg"]
    assert all(u["measures"]["7"] is None for u in by_group["so"]), "the economy item is not evaluated there"
    assert (tmp_path / "demo" / "hanoi-so" / "6-bao-cao" / "bao-cao-hanoi-so.html").exists()


@pytest.mark.slow
def test_demo_runs_the_communes_and_wards_of_the_two_level_government(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--scheme", "hanoi-2025-xa", "--out", str(tmp_path / "demo")],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    folder = tmp_path / "demo" / "hanoi-xa"
    ranking = json.loads((folder / "5-ket-qua" / "ranking.json").read_text("utf-8"))
    assert ranking["scheme"] == "hanoi-2025-xa" and ranking["year"] == 2025
    units = ranking["units"]
    assert len(units) == 61 and {u["group"] for u in units} == {"xa-phuong"}
    assert [m["unit_code"] for m in ranking["missing"]] == ["x-quang-minh"]  # the sample's unit that sends nothing
    assert {u["status"] for u in units} == {"ranked"}
    results = [u["result"] for u in units]
    assert results == sorted(results, reverse=True) and units[0]["rank"] == 1
    bands = {band.label for band in load_scheme("hanoi-2025-xa").grades}
    assert {u["grade"] for u in units} <= bands
    assert (folder / "6-bao-cao" / "bao-cao-hanoi-xa.html").exists()
