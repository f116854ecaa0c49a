"""Year over year: main indices compared by code, through a crosswalk, or not at all (and said so)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.returned import Kit, make_kit
from xl_dti.consolidation.run import consolidate
from xl_dti.report.load import load_ranking
from xl_dti.report.render import render_ranking
from xl_dti.versions.crosswalk import CrosswalkError


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return make_kit(tmp_path_factory.mktemp("years"))


@pytest.fixture(scope="module")
def last_year(kit: Kit, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("last")
    returned = folder / "returned"
    for unit in ("so-noi-vu", "so-tu-phap", "kho-bac"):
        kit.filled(returned / f"{unit}.xlsx", unit)
    consolidate(kit.scheme, returned, kit.registry, folder / "out", jobs=1)
    data = json.loads((folder / "out" / "ranking.json").read_text(encoding="utf-8"))
    for unit in data["units"]:  # last year a little lower everywhere
        unit["measures"] = {code: (value or 0) - 1 for code, value in unit["measures"].items()}
    return {"data": data, "returned": returned}


def _run(kit: Kit, tmp_path: Path, last: dict[str, object], data: dict[str, object],
         crosswalk: str | None = None) -> dict[str, object]:
    previous = tmp_path / "ranking.json"
    previous.write_text(json.dumps(data), encoding="utf-8")
    walk = None
    if crosswalk is not None:
        walk = tmp_path / "crosswalk.yaml"
        walk.write_text(crosswalk, encoding="utf-8")
    consolidate(kit.scheme, last["returned"], kit.registry, tmp_path / "out", previous=previous,  # type: ignore[arg-type]
                crosswalk=walk, jobs=1)
    result: dict[str, object] = json.loads((tmp_path / "out" / "ranking.json").read_text(encoding="utf-8"))
    return result


def test_same_scheme_compares_main_indices_by_code(kit: Kit, tmp_path: Path, last_year: dict[str, object]) -> None:
    result = _run(kit, tmp_path, last_year, last_year["data"])  # type: ignore[arg-type]
    assert result["comparison"] == "same_scheme"
    unit = result["units"][0]  # type: ignore[index]
    assert unit["measure_changes"] and set(unit["measure_changes"].values()) == {1}


def test_another_scheme_without_crosswalk_compares_only_totals_and_says_so(
    kit: Kit, tmp_path: Path, last_year: dict[str, object]
) -> None:
    data = json.loads(json.dumps(last_year["data"]))
    data["scheme"] = "haugiang-2021-cntt"
    result = _run(kit, tmp_path, last_year, data)
    assert result["comparison"] == "total_only"
    assert all(not u["measure_changes"] for u in result["units"])  # type: ignore[union-attr]
    page = render_ranking(load_ranking(tmp_path / "out"))
    assert "chỉ so sánh tổng điểm, thứ hạng và xếp loại" in page


def test_a_crosswalk_maps_last_years_codes(kit: Kit, tmp_path: Path, last_year: dict[str, object]) -> None:
    data = json.loads(json.dumps(last_year["data"]))
    data["scheme"] = "haugiang-2021-cntt"
    for unit in data["units"]:
        unit["measures"] = {"3": 30, "4": 20, "5": 10}  # the 2021 IT-application criteria
    result = _run(kit, tmp_path, last_year, data, 'map:\n  "3": "1"\n  "4": "2"\n  "5": null\n')
    assert result["comparison"] == "crosswalk"
    unit = result["units"][0]  # type: ignore[index]
    assert unit["previous_measures"] == {"1": 30, "2": 20}
    assert set(unit["measure_changes"]) == {"1", "2"}


def test_a_crosswalk_naming_unknown_codes_is_refused_with_its_lines(
    kit: Kit, tmp_path: Path, last_year: dict[str, object]
) -> None:
    data = json.loads(json.dumps(last_year["data"]))
    data["scheme"] = "somewhere-else"
    with pytest.raises(CrosswalkError) as caught:
        _run(kit, tmp_path, last_year, data, 'map:\n  A: "1"\n  B: "9"\n')
    assert [(p.code, p.where.rsplit(":", 1)[-1]) for p in caught.value.problems] == [("crosswalk.unknown_code", "3")]


def test_last_years_totals_alone_compare_totals_and_say_so(
    kit: Kit, tmp_path: Path, last_year: dict[str, object]
) -> None:
    data = json.loads(json.dumps(last_year["data"]))
    del data["scheme"]
    for unit in data["units"]:
        unit["measures"] = {}
    result = _run(kit, tmp_path, last_year, data)
    assert result["comparison"] == "totals_given"
    assert "Số liệu năm trước chỉ có tổng điểm" in render_ranking(load_ranking(tmp_path / "out"))
