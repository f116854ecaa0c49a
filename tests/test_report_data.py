"""The report's data shaping, as tables: numbers, sentences, per-measure ranks, and reading ranking.json."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.test_report_fixtures import parsed, ranking_dict, write_ranking
from xl_dti.report import ReportError, load_ranking
from xl_dti.report.charts import grade_chart, nice_ticks, score_chart
from xl_dti.report.model import GradeBand, UnitEntry
from xl_dti.report.summary import biggest_gains, grade_sentence, last_places, top_three
from xl_dti.report.tables import Section, change_of, evidence_rows, measure_rows, ranking_rows, sections
from xl_dti.report.view import build_page
from xl_dti.report.vnformat import score_phrase, vn_number, vn_result, vn_signed

BANDS = [GradeBand(label=label, min=None) for label in ("Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu")]


def unit(name: str, rank: int | None, result: float | None = 200, previous: int | None = None,
         grade: str | None = None, **extra: Any) -> UnitEntry:
    """A unit entry with only what the sentences read."""
    return UnitEntry.model_validate({
        "unit_code": name.lower().replace(" ", "-"), "unit_name": name, "rank": rank, "previous_rank": previous,
        "total": result or 0, "applicable_max": 245, "result": None if result is None else str(result),
        "grade": grade, "status": "ranked" if rank is not None else "not_ranked", **extra,
    })


# --- numbers -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (Decimal("234.66"), 2, "234,66"),
    (Decimal("234.6"), 2, "234,60"),
    (989, 0, "989"),
    (989, 2, "989,00"),
    (Decimal("1000"), 2, "1.000,00"),
    (Decimal("1234567.891"), 2, "1.234.567,89"),
    (Decimal("0.6523"), 4, "0,6523"),
    (Decimal("2.675"), 2, "2,68"),
    (Decimal("-3.5"), 1, "-3,5"),
    (Decimal("0"), 2, "0,00"),
], ids=["two-decimals", "pads-zeros", "whole", "whole-two-decimals", "thousands", "millions", "index",
        "half-up", "negative", "zero"])
def test_vn_number(value: Decimal | int, decimals: int, expected: str) -> None:
    assert vn_number(value, decimals) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (Decimal("24.16"), "+24,16"), (Decimal("-3.5"), "-3,50"), (Decimal("0"), "0,00"), (Decimal("-0.001"), "0,00"),
], ids=["up", "down", "zero", "rounds-to-zero"])
def test_vn_signed(value: Decimal, expected: str) -> None:
    assert vn_signed(value, 2) == expected


@pytest.mark.parametrize(("mode", "value", "decimals", "result", "phrase"), [
    ("points", Decimal("234.66"), 2, "234,66", "234,66 điểm"),
    ("percent", Decimal("87.5"), 2, "87,50%", "87,50%"),
    ("index", Decimal("0.6523"), 4, "0,6523", "chỉ số 0,6523"),
    ("weighted", Decimal("0.61"), 4, "0,6100", "chỉ số 0,6100"),
    ("points", None, 2, "—", "— điểm"),
], ids=["points", "percent", "index", "weighted", "none"])
def test_results_and_phrases(mode: Any, value: Decimal | None, decimals: int, result: str, phrase: str) -> None:
    assert vn_result(value, mode, decimals) == result
    assert score_phrase(value, mode, decimals) == phrase


# --- sentences -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("grades", "expected"), [
    (["Tốt"] * 26 + ["Khá"] * 4, "26/30 đơn vị xếp loại Tốt, 4 đơn vị xếp loại Khá"),
    (["Khá", "Xuất sắc", "Yếu", "Khá"], "1/4 đơn vị xếp loại Xuất sắc, 2 đơn vị xếp loại Khá, 1 đơn vị xếp loại Yếu"),
    (["Trung bình"] * 3, "3/3 đơn vị xếp loại Trung bình"),
    ([None, "Tốt"], "1/2 đơn vị xếp loại Tốt"),
    ([None, None], ""),
], ids=["press-example", "bands-order-not-file-order", "one-grade", "ungraded-counted-in-total", "no-grades"])
def test_grade_sentence(grades: list[str | None], expected: str) -> None:
    units = [unit(f"Đơn vị {i}", i + 1, grade=g) for i, g in enumerate(grades)]
    assert grade_sentence(units, BANDS) == expected


@pytest.mark.parametrize(("rank", "previous", "expected"), [
    (1, 4, "Kho bạc Nhà nước vươn lên 3 bậc so với năm 2021 và giữ vị trí đứng đầu với 989,00 điểm"),
    (2, 5, "Kho bạc Nhà nước vươn lên 3 bậc so với năm 2021 và xếp thứ 2 với 989,00 điểm"),
    (3, 1, "Kho bạc Nhà nước giảm 2 bậc so với năm 2021, xếp thứ 3 với 989,00 điểm"),
    (1, 1, "Kho bạc Nhà nước giữ vững vị trí đứng đầu như năm 2021 với 989,00 điểm"),
    (2, 2, "Kho bạc Nhà nước giữ vững vị trí thứ 2 như năm 2021 với 989,00 điểm"),
    (1, None, "Kho bạc Nhà nước đứng đầu với 989,00 điểm"),
    (3, None, "Kho bạc Nhà nước xếp thứ 3 với 989,00 điểm"),
], ids=["climbed-to-first", "climbed-to-second", "dropped", "kept-first", "kept-second", "new-first", "new-third"])
def test_top_three_sentence(rank: int, previous: int | None, expected: str) -> None:
    assert top_three([unit("Kho bạc Nhà nước", rank, 989, previous)], 2022, "points", 2) == [expected]


def test_top_three_keeps_ties_and_stops_after_third() -> None:
    units = [unit("A", 1), unit("B", 2), unit("C", 2), unit("D", 4), unit("E", None)]
    assert [s.split()[0] for s in top_three(units, 2022, "points", 2)] == ["A", "B", "C"]


@pytest.mark.parametrize(("places", "expected"), [
    ([(1, 4), (2, 1), (3, 2), (4, 3)], ["A vươn lên 3 bậc (từ thứ 4 lên thứ 1)"]),
    ([(1, 2), (2, 7), (3, 9), (4, 6), (5, 8)], ["C vươn lên 6 bậc (từ thứ 9 lên thứ 3)",
                                               "B vươn lên 5 bậc (từ thứ 7 lên thứ 2)",
                                               "E vươn lên 3 bậc (từ thứ 8 lên thứ 5)"]),
    ([(1, 3), (2, 4), (3, 5), (4, 6), (5, 1)], ["A vươn lên 2 bậc (từ thứ 3 lên thứ 1)",
                                               "B vươn lên 2 bậc (từ thứ 4 lên thứ 2)",
                                               "C vươn lên 2 bậc (từ thứ 5 lên thứ 3)",
                                               "D vươn lên 2 bậc (từ thứ 6 lên thứ 4)"]),
    ([(1, 1), (2, 2)], []),
    ([(1, None), (2, None)], []),
], ids=["one-climber", "top-three-by-gain", "ties-at-the-cut-kept", "nobody-climbed", "no-previous-year"])
def test_biggest_gains(places: list[tuple[int, int | None]], expected: list[str]) -> None:
    units = [unit("ABCDE"[i], rank, previous=previous) for i, (rank, previous) in enumerate(places)]
    assert biggest_gains(units) == expected


@pytest.mark.parametrize(("ranks", "expected"), [
    ([1, 2, 3, 4, 5, 6, 7], ["E xếp thứ 5/7", "F xếp thứ 6/7", "G xếp thứ 7/7"]),
    ([1, 2, 3, 4, 5, 6, 6], ["E xếp thứ 5/7", "F xếp thứ 6/7", "G xếp thứ 6/7"]),
    ([1, 2, 3, 4, 5, 5, 7], ["E xếp thứ 5/7", "F xếp thứ 5/7", "G xếp thứ 7/7"]),
    ([1, 2, 3, 4], ["D xếp thứ 4/4"]),
    ([1, 2, 3], []),
    ([], []),
], ids=["bottom-three", "tie-at-the-bottom", "tie-at-the-cut", "small-group-skips-top-three", "three-units", "none"])
def test_last_places(ranks: list[int], expected: list[str]) -> None:
    units = [unit("ABCDEFG"[i], rank, 150) for i, rank in enumerate(ranks)]
    assert [s.removesuffix(" với 150,00 điểm") for s in last_places(units, "points", 2)] == expected


@pytest.mark.parametrize(("fields", "expected"), [
    ({"rank": 1, "previous_rank": 4, "change": "↑3"}, ("↑3", "up")),
    ({"rank": 5, "previous_rank": 4, "change": "↓1"}, ("↓1", "down")),
    ({"rank": 4, "previous_rank": 4, "change": "="}, ("=", "same")),
    ({"rank": 4, "previous_rank": None, "change": "mới"}, ("mới", "new")),
    ({"rank": 2, "previous_rank": 6, "change": None}, ("↑4", "up")),
    ({"rank": 2, "previous_rank": None, "change": None}, ("—", "none")),
    ({"rank": None, "previous_rank": 3, "change": ""}, ("—", "none")),
], ids=["up", "down", "same", "new", "computed-when-absent", "no-previous-year", "not-ranked"])
def test_change_column(fields: dict[str, Any], expected: tuple[str, str]) -> None:
    entry = unit("A", fields.pop("rank"), previous=fields.pop("previous_rank"), **fields)
    assert change_of(entry) == expected


# --- per-measure competition ranks ---------------------------------------------------------------

@pytest.mark.parametrize(("values", "ranked", "expected"), [
    ([40, 35, 35, 30], True, [("1", "A", "40,00"), ("2", "B", "35,00"), ("2", "C", "35,00"), ("4", "D", "30,00")]),
    ([30, 40, None, 40], True, [("1", "B", "40,00"), ("1", "D", "40,00"), ("3", "A", "30,00"), ("—", "C", "—")]),
    ([33.97, 33.975, 34], True, [("1", "C", "34,00"), ("2", "B", "33,98"), ("3", "A", "33,97")]),
    ([10, 20], False, [("Không xếp hạng", "A", "10,00"), ("Không xếp hạng", "B", "20,00")]),
], ids=["ties-share-and-skip", "not-applicable-last-unranked", "ranked-on-given-values", "unranked-group"])
def test_measure_ranks(values: list[float | None], ranked: bool, expected: list[tuple[str, str, str]]) -> None:
    data = ranking_dict()
    units = [unit("ABCD"[i], None, measures={"1": v}) for i, v in enumerate(values)]
    section = Section("so", "Sở", ranked, units)
    measure = parsed(data).scheme_info.measures[0]
    rows = measure_rows(parsed(data), section, measure)
    assert [(r.rank, r.unit_name, r.value) for r in rows] == expected


@pytest.mark.parametrize(("mode", "decimals", "points_decimals", "expected"), [
    ("points", 2, None, 2), ("points", 1, None, 1), ("index", 4, None, 2), ("percent", 2, None, 2),
    ("index", 4, 3, 3),
], ids=["points", "points-one-decimal", "index-points-keep-two", "percent", "given-by-the-file"])
def test_points_decimals(mode: str, decimals: int, points_decimals: int | None, expected: int) -> None:
    data = ranking_dict()
    data["result_mode"] = mode
    data["scheme_info"].update(decimals=decimals, points_decimals=points_decimals)
    ranking = parsed(data)
    assert ranking.points_decimals == expected
    row = ranking_rows(ranking, ranking.units[:1])[0]
    assert row.total == vn_number(Decimal("234.66"), expected)


def test_aggregates_show_their_own_decimals() -> None:
    ranking = parsed(ranking_dict())
    section = sections(ranking)[0]
    cqs = next(m for m in ranking.scheme_info.measures if m.code == "CQS")
    assert measure_rows(ranking, section, cqs)[0].value == "0,9578"


# --- groups, evidence, charts --------------------------------------------------------------------

def test_sections_follow_the_scheme_and_keep_ungrouped_units() -> None:
    data = ranking_dict()
    data["scheme_info"]["groups"].reverse()
    data["units"].append({**data["units"][0], "group": None, "group_name": None, "unit_code": "x", "rank": 1})
    found = [(s.code, s.ranked, len(s.units)) for s in sections(parsed(data))]
    assert found == [("khac", False, 2), ("nganh-doc", True, 4), ("so", True, 12), (None, True, 1)]


def test_a_scheme_without_groups_is_one_ranked_section() -> None:
    data = ranking_dict()
    data["scheme_info"]["groups"] = []
    for entry in data["units"]:
        entry["group"] = entry["group_name"] = None
    page = build_page(parsed(data))
    assert [(g.name, g.ranked, g.count) for g in page.groups] == [("Các đơn vị", True, 18)]


def test_evidence_rows_follow_the_indicators_and_carry_the_appraisal() -> None:
    entry = parsed(ranking_dict()).units[0]
    rows = evidence_rows(entry, 2)
    assert [(r.code, r.points, r.appraisal, r.comment) for r in rows] == [
        ("1.1", "10,00", "", ""),
        ("1.2", "30,00", "32,00 → 30,00", "Thiếu biên bản họp quý IV"),
        ("3.3", "Không đánh giá", "", ""),
    ]


@pytest.mark.parametrize(("scale", "expected"), [
    ("245", ["0", "50", "100", "150", "200", "245"]),
    ("100", ["0", "20", "40", "60", "80", "100"]),
    ("1", ["0", "0.2", "0.4", "0.6", "0.8", "1"]),
    ("360", ["0", "100", "200", "300", "360"]),
    ("1000", ["0", "200", "400", "600", "800", "1000"]),
], ids=["haugiang-so", "percent", "index", "haugiang-huyen", "cntt-2021"])
def test_chart_ticks(scale: str, expected: list[str]) -> None:
    assert [format(t.normalize(), "f") for t in nice_ticks(Decimal(scale))] == expected


def test_charts_describe_their_data_in_text() -> None:
    ranking = parsed(ranking_dict())
    parts = sections(ranking)
    labels = [b.label for b in ranking.scheme_info.grades]
    grades = grade_chart(parts, labels)
    assert grades is not None
    assert "Cơ quan ngành dọc: 3 Xuất sắc, 1 Tốt" in grades.desc
    assert sum(s.count for s in grades.bars[0].segments) == 12
    scores = score_chart(parts[0], labels, "points", 2, Decimal(245))
    assert scores is not None and scores.desc.startswith("Sở Nội vụ: 234,66; ")
    assert max(b.width for b in scores.bars) <= 680


# --- reading ranking.json ------------------------------------------------------------------------

def test_load_reads_what_consolidate_writes(tmp_path: Path) -> None:
    ranking = load_ranking(write_ranking(tmp_path / "out", ranking_dict()))
    assert ranking.units[0].result == Decimal("234.66") and ranking.units[0].unit_name == "Sở Nội vụ"


def test_load_reports_a_missing_file_with_its_path(tmp_path: Path) -> None:
    with pytest.raises(ReportError) as caught:
        load_ranking(tmp_path / "out")
    [problem] = caught.value.problems
    assert (problem.code, problem.where) == ("report.no_ranking", str(tmp_path / "out" / "ranking.json"))


def test_load_locates_a_json_syntax_error_by_line(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "ranking.json").write_text('{\n  "scheme": "x",\n  "year": 2022,,\n}', encoding="utf-8")
    with pytest.raises(ReportError) as caught:
        load_ranking(folder)
    [problem] = caught.value.problems
    assert (problem.code, problem.where) == ("report.bad_json", f"{folder / 'ranking.json'}:3")


@pytest.mark.parametrize(("change", "where"), [
    (lambda d: d["units"][3].__setitem__("result", "nhiều"), "units[3].result"),
    (lambda d: d["units"][0].pop("unit_name"), "units[0].unit_name"),
    (lambda d: d.__setitem__("result_mode", "stars"), "result_mode"),
    (lambda d: d["scheme_info"]["grades"][1].__setitem__("min", "NaN"), "scheme_info.grades[1].min"),
    (lambda d: d["units"][2].__setitem__("rank", 0), "units[2].rank"),
    (lambda d: d.pop("units"), "units"),
], ids=["not-a-number", "missing-name", "unknown-mode", "not-finite", "rank-zero", "no-units"])
def test_load_locates_a_bad_field(tmp_path: Path, change: Any, where: str) -> None:
    data = ranking_dict()
    change(data)
    folder = write_ranking(tmp_path / "out", data)
    with pytest.raises(ReportError) as caught:
        load_ranking(folder)
    assert [(p.code, p.where) for p in caught.value.problems] == [
        ("report.bad_field", f"{folder / 'ranking.json'} › {where}")
    ]


def test_load_collects_every_bad_field(tmp_path: Path) -> None:
    data = ranking_dict()
    data["units"][1]["total"] = None
    data["units"][5]["status"] = "maybe"
    with pytest.raises(ReportError) as caught:
        load_ranking(write_ranking(tmp_path / "out", data))
    assert [p.where.split(" › ")[1] for p in caught.value.problems] == ["units[1].total", "units[5].status"]


def test_load_rejects_a_file_that_is_not_an_object(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "ranking.json").write_text(json.dumps([1, 2]), encoding="utf-8")
    with pytest.raises(ReportError) as caught:
        load_ranking(folder)
    assert [(p.code, p.where) for p in caught.value.problems] == [("report.bad_field", str(folder / "ranking.json"))]


def test_load_normalises_text_to_nfc(tmp_path: Path) -> None:
    data = ranking_dict()
    data["units"][0]["unit_name"] = "So\u031b\u0309 No\u0323\u0302i vu\u0323"  # decomposed «Sở Nội vụ»
    ranking = load_ranking(write_ranking(tmp_path / "out", data))
    assert ranking.units[0].unit_name == "Sở Nội vụ"
