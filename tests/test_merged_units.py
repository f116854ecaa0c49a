"""Merged units compared with last year: the plain mean of their predecessors, said so everywhere."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import HEADER
from xl_dti.cli import app
from xl_dti.consolidation.previous import MERGED_NOTE
from xl_dti.registry import load_registry
from xl_dti.scheme import parse_scheme
from xl_dti.units import UnitsError, read_units
from xl_dti.workbook.fill import fill_workbook

runner = CliRunner()

SCHEME = HEADER.replace("level: so", "level: tinh") + """\
result: index
decimals: 4
groups:
  - {code: tinh, name: "Tỉnh, thành phố"}
indicators:
  - {code: "1", name: Nhận thức số, max: 50}
  - {code: "2", name: Hoạt động chính quyền số, max: 50}
"""
# this year's units; «don_vi_cu»/«predecessors» name last year's units (Đà Nẵng and Quảng Nam merged in 2025)
UNITS = """\
code,name,group,{column}
da-nang,Thành phố Đà Nẵng,tinh,da-nang-cu; quang-nam
hue,Thành phố Huế,tinh,
khanh-hoa,Tỉnh Khánh Hòa,tinh,khanh-hoa-cu
gia-lai,Tỉnh Gia Lai,tinh,gia-lai-cu;binh-dinh
"""
LAST_YEAR = """\
group,rank,unit_code,unit_name,result,grade,1,2
tinh,1,da-nang-cu,Thành phố Đà Nẵng,0.8335,,42.5,40.85
tinh,2,hue,Thừa Thiên Huế,0.7000,,35,35
tinh,3,khanh-hoa-cu,Tỉnh Khánh Hòa,0.6500,,33,32
tinh,4,gia-lai-cu,Tỉnh Gia Lai,0.6000,,30,30
tinh,5,quang-nam,Tỉnh Quảng Nam,0.5803,,30.02,28.01
"""
ANSWERS = {"da-nang": {"1": 40, "2": 35}, "hue": {"1": 30, "2": 30}, "khanh-hoa": {"1": 35, "2": 35},
           "gia-lai": {"1": 20, "2": 20}}


def _year(tmp_path: Path, column: str) -> dict[str, Any]:
    scheme = tmp_path / "scheme.yaml"
    scheme.write_text(SCHEME, encoding="utf-8")
    units = tmp_path / "units.csv"
    units.write_text(UNITS.format(column=column), encoding="utf-8")
    previous = tmp_path / "ranking-2024.csv"
    previous.write_text(LAST_YEAR, encoding="utf-8")
    made = runner.invoke(app, ["generate", str(scheme), "--units", str(units), "--year", "2025",
                               "--out", str(tmp_path / "forms")])
    assert made.exit_code == 0, made.output
    registry = load_registry(tmp_path / "forms" / "registry.json")
    loaded, _ = parse_scheme(SCHEME, str(scheme))
    assert loaded is not None
    for code, answers in ANSWERS.items():
        fill_workbook(tmp_path / "forms" / registry.units[code].file, tmp_path / "returned" / f"{code}.xlsx",
                      loaded, answers)
    done = runner.invoke(app, ["consolidate", str(scheme), str(tmp_path / "returned"), "--registry",
                               str(tmp_path / "forms" / "registry.json"), "--out", str(tmp_path / "out"),
                               "--previous", str(previous)], env={"COLUMNS": "200"})
    assert done.exit_code == 0, done.output
    ranking: dict[str, Any] = json.loads((tmp_path / "out" / "ranking.json").read_text(encoding="utf-8"))
    return {"units": {u["unit_code"]: u for u in ranking["units"]}, "stderr": done.stderr, "out": tmp_path / "out"}


@pytest.fixture(scope="module", params=["predecessors", "don_vi_cu"])
def year(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _year(tmp_path_factory.mktemp(request.param), request.param)


def test_a_merged_unit_is_compared_with_the_plain_mean_of_its_predecessors(year: dict[str, Any]) -> None:
    da_nang = year["units"]["da-nang"]
    assert da_nang["previous_result"] == 0.7069  # (0.8335 + 0.5803) / 2, as the ministry published for DTI 2024
    assert da_nang["previous_measures"] == {"1": 36.26, "2": 34.43}  # (42.5 + 30.02) / 2, (40.85 + 28.01) / 2
    assert da_nang["result"] == 0.75 and da_nang["result_change"] == pytest.approx(0.0431)
    assert da_nang["previous_basis"] == {"method": "mean", "predecessors": ["da-nang-cu", "quang-nam"],
                                         "missing": [], "rank": "recomputed", "note": MERGED_NOTE}


@pytest.mark.parametrize(("unit", "previous_rank", "change", "method"), [
    ("da-nang", 1, f"= ({MERGED_NOTE})", "mean"),
    ("khanh-hoa", 3, "↑1", "renamed"),
    ("hue", 2, "↓1", "own"),
])
def test_last_years_ranking_is_recomputed_over_this_years_units(
    year: dict[str, Any], unit: str, previous_rank: int, change: str, method: str
) -> None:
    entry = year["units"][unit]
    assert (entry["previous_rank"], entry["change"], entry["previous_basis"]["method"]) == (previous_rank, change,
                                                                                              method)


def test_a_missing_predecessor_is_reported_not_averaged_over_fewer(year: dict[str, Any]) -> None:
    gia_lai = year["units"]["gia-lai"]
    assert gia_lai["previous_result"] is None and gia_lai["previous_rank"] is None
    assert gia_lai["change"] == "" and gia_lai["rank_change"] is None
    assert gia_lai["previous_basis"]["missing"] == ["binh-dinh"]
    assert "gia-lai" in year["stderr"] and "binh-dinh" in year["stderr"]


def test_the_master_says_how_a_merged_unit_is_compared(year: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(year["out"] / "master.xlsx", read_only=True)
    texts = {str(c) for row in workbook["Xếp hạng"].iter_rows(values_only=True) for c in row if c}
    workbook.close()
    assert f"= ({MERGED_NOTE})" in texts


@pytest.mark.parametrize(("cell", "codes"), [("a; b", ("a", "b")), ("a;;b;", ("a", "b")), ("", ()), ("a;a", ("a",))])
def test_predecessors_column_lists_codes_separated_by_semicolons(tmp_path: Path, cell: str,
                                                                 codes: tuple[str, ...]) -> None:
    loaded, _ = parse_scheme(SCHEME, "scheme.yaml")
    assert loaded is not None
    path = tmp_path / "units.csv"
    path.write_text(f'code,name,group,don_vi_cu\nx,Xã X,tinh,"{cell}"\n', encoding="utf-8")
    assert read_units(path, loaded)[0].predecessors == codes


def test_predecessors_in_a_semicolon_separated_file_with_the_vietnamese_header(tmp_path: Path) -> None:
    loaded, _ = parse_scheme(SCHEME, "scheme.yaml")
    assert loaded is not None
    path = tmp_path / "units.csv"
    path.write_text('Mã;Tên đơn vị;Nhóm;Đơn vị cũ\nx;Xã X;tinh;"a; b"\n', encoding="utf-8")
    assert read_units(path, loaded)[0].predecessors == ("a", "b")


def test_a_predecessor_that_is_not_a_code_is_refused_where_it_is_written(tmp_path: Path) -> None:
    loaded, _ = parse_scheme(SCHEME, "scheme.yaml")
    assert loaded is not None
    path = tmp_path / "units.csv"
    path.write_text("code,name,group,predecessors\nx,Xã X,tinh,Xã cũ A\n", encoding="utf-8")
    with pytest.raises(UnitsError) as caught:
        read_units(path, loaded)
    assert [(p.code, p.where) for p in caught.value.problems] == [("units.bad_predecessor", f"{path}:2")]
