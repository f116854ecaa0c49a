"""The spreadsheet functions through xlwings' own custom-function call path (Office.js, xlwings Server, Lite).

Each call is built as Office.js sends it (every argument a 2-D matrix, the calling cell's address,
the client and its version) and goes through ``xlwings.server.custom_functions_call``, with the
metadata from ``xlwings.server.custom_functions_meta``.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import xl_dti.udfs
from tests.conftest import scheme_yaml
from xl_dti import __version__, builtin_ids, competition_ranks, grade_value, indicator_points, result_of, score
from xl_dti.errors import UsageError
from xl_dti.scheme import Scheme, load_scheme
from xl_dti.udf_schemes import SCHEMES_FOLDER_ENV

EVERY_RULE = """\
grades:
  - {label: Tốt, min: 80}
  - {label: Khá, min: 50}
  - {label: Yếu}
indicators:
  - code: "1"
    name: Nhận thức số
    max: 60
    children:
      - {code: "1.1", name: Lãnh đạo tự chấm, max: 10, rule: points, step: 0.5}
      - {code: "1.2", name: Trung tâm dữ liệu, max: 10, rule: yes_no, yes_points: 7.5}
      - code: "1.3"
        name: Trưởng Ban chỉ đạo
        max: 10
        rule: choice
        options:
          - {label: Người đứng đầu, fraction: 1}
          - {label: Cấp phó, fraction: 0.5}
          - {label: Chưa thành lập, points: 0}
      - code: "1.4"
        name: Họp Ban chỉ đạo
        max: 10
        rule: parts
        parts:
          - {label: Dự đầy đủ, fraction: 0.5}
          - {label: Chủ trì, points: 3}
          - {label: Báo cáo, points: 4}
      - code: "1.5"
        name: Văn bản ký số
        max: 10
        na: true
        rule: ratio
        numerator: Số văn bản ký số
        denominator: Tổng số văn bản
        target: 0.8
      - code: "1.6"
        name: Số cuộc họp
        max: 10
        rule: steps
        input: Số cuộc họp
        unit: lần
        steps: [{min: 4, points: 10}, {min: 2.5, points: 6.25}, {min: 1, points: 2.5}]
  - code: "2"
    name: Hoạt động chính quyền số
    max: 40
    children:
      - {code: "2.1", name: Ứng dụng dùng chung, max: 5, rule: count, each: 1.25, input: Số ứng dụng}
      - {code: "2.2", name: Dịch vụ công so với đơn vị dẫn đầu, max: 15, rule: relative, input: Số dịch vụ}
      - code: "2.3"
        name: Hồ sơ trực tuyến
        max: 20
        rule: ratio
        numerator: Hồ sơ trực tuyến
        denominator: Tổng hồ sơ
        zero_denominator: full
      - {code: "2.4", name: Ghi nhận (không tính điểm), max: 0}
"""
"""A scheme with every rule kind, 100 points: 1.5 may be marked N/A, 2.2 is relative, 2.4 is informational."""

WEIGHTS = """\
aggregates:
  - {code: A, name: Nền tảng, of: ["1"], weight: 0.6}
  - {code: B, name: Hoạt động, of: ["2"], weight: 0.4}
"""
MODES = {"points": "result: points\ndecimals: 2\npoints_decimals: 2\n", "percent": "result: percent\ndecimals: 2\n",
         "index": "result: index\ndecimals: 4\n", "weighted": "result: weighted\ndecimals: 4\n" + WEIGHTS}


# --- the runtime and the call path (test_lite uses these too) -------------------------------------


@contextmanager
def office_js() -> Iterator[None]:
    """xlwings as xlwings Server and xlwings Lite run it, i.e. what XLWINGS_ON_SERVER=true selects.

    xlwings chooses its decorators and registers its Office.js engine once, when first imported,
    and this test session may have imported it before; so the same choice is made here and undone after.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XLWINGS_ON_SERVER", "true")
        patch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
        import xlwings
        import xlwings.server
        from xlwings.pro import _xlofficejs

        for name in ("func", "arg", "ret"):
            patch.setattr(xlwings, name, getattr(xlwings.server, name))
        if "officejs" not in xlwings.engines.engines_by_name:
            patch.setitem(xlwings.engines.engines_by_name, "officejs", xlwings.Engine(impl=_xlofficejs.engine))
        yield


def load_module(path: Path, name: str) -> ModuleType:
    """Import a file as a new module, so its decorators run under the runtime in force."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def matrix(value: Any) -> Any:
    """An argument as Office.js sends it: a range as its rows, one cell as a 1×1 matrix, an omitted one as null."""
    if value is None or isinstance(value, list):
        return value
    return [[value]]


def call(module: ModuleType, name: str, *args: Any) -> Any:
    """Call a custom function the way Office.js does and return the calling cell's value."""
    from xlwings import __version__ as xlwings_version
    from xlwings.server import custom_functions_call

    data = {
        "func_name": name,
        "args": [matrix(a) for a in args],
        "caller_address": "'Chấm điểm'!F14",
        "version": xlwings_version,
        "client": "Office.js",
        "runtime": "1.4",
        "culture_info_name": "vi-VN",
        "date_format": "dd/mm/yyyy",
    }
    result = asyncio.run(custom_functions_call(data, module))
    assert isinstance(result, list) and len(result) == 1 and len(result[0]) == 1, result
    return result[0][0]


def meta(module: ModuleType) -> dict[str, Any]:
    """The custom-function metadata Office.js registers, by function name."""
    from xlwings.server import custom_functions_meta

    return {f["name"]: f for f in custom_functions_meta(module)["functions"]}


def write_scheme(folder: Path, mode: str = "points") -> Path:
    path = folder / f"every-rule-{mode}.yaml"
    path.write_text(scheme_yaml(MODES[mode] + EVERY_RULE), encoding="utf-8")
    return path


@pytest.fixture(scope="module", name="folder")
def folder_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The server's scheme folder (XL_DTI_SCHEMES): on a server a scheme is a built-in id or a name in it."""
    return tmp_path_factory.mktemp("server-schemes")


@pytest.fixture(scope="module", name="udfs")
def udfs_fixture(folder: Path) -> Iterator[ModuleType]:
    with office_js(), pytest.MonkeyPatch.context() as patch:
        patch.setenv(SCHEMES_FOLDER_ENV, str(folder))
        # under its own name, as xlwings Server imports it (a copy apart from sys.modules' xl_dti.udfs)
        yield load_module(Path(xl_dti.udfs.__file__), "xl_dti.udfs")


@pytest.fixture(scope="module", name="schemes")
def schemes_fixture(folder: Path) -> dict[str, Path]:
    """The every-rule scheme in each result mode, as files in the server's folder (passed by name)."""
    return {mode: write_scheme(folder, mode) for mode in MODES}


def engine_error(scheme: Scheme, code: str, answer: object) -> str:
    """The engine's first error for one answer, as its problem reads."""
    _, issues = indicator_points(scheme, code, answer)
    return str(next(p for p in issues if p.severity == "error" or p.code == "relative.pending"))


# --- metadata ---------------------------------------------------------------------------------------

SIGNATURES = [
    ("DTI_GRADE", [("value", False), ("scheme", False)]),
    ("DTI_TOTAL", [("points", False), ("na_flags", True)]),
    ("DTI_RESULT", [("total", False), ("max", False), ("na_max", True), ("scheme", True)]),
    ("DTI_POINTS", [("scheme", False), ("code", False), ("input1", False), ("input2", True)]),
    ("DTI_RANK", [("value", False), ("values", False)]),
    ("DTI_VERSION", []),
]


def test_metadata_lists_the_six_functions(udfs: ModuleType) -> None:
    assert sorted(meta(udfs)) == sorted(name for name, _ in SIGNATURES)


@pytest.mark.parametrize(("name", "parameters"), SIGNATURES, ids=[name for name, _ in SIGNATURES])
def test_metadata_gives_parameters_and_a_two_line_description(name: str, parameters: list[tuple[str, bool]]) -> None:
    with office_js():  # a module of its own: what its decorators register at import is under test here
        function = meta(load_module(Path(xl_dti.udfs.__file__), "xl_dti.udfs"))[name]
    assert [(p["name"], p.get("optional", False)) for p in function["parameters"]] == parameters
    vietnamese, english = function["description"].split("\n")
    assert vietnamese != english and not vietnamese.startswith(" ") and not english.startswith(" ")
    for parameter in function["parameters"]:
        assert " / " in parameter["description"], parameter  # Vietnamese / English, not xlwings' default


# --- DTI_POINTS ----------------------------------------------------------------------------------

BLANK = ""  # an empty cell: Office.js sends "", which xlwings reads as None

POINTS = [
    # id, code, input1, input2, the answer as an answers file gives it, expected
    ("points", "1.1", 7.5, None, 7.5, 7.5),
    ("points-whole-float", "1.1", 10.0, None, 10, 10),
    ("yes_no-co", "1.2", "Có", None, "Có", 7.5),
    ("yes_no-true", "1.2", True, None, True, 7.5),
    ("yes_no-number-1", "1.2", 1.0, None, 1, 7.5),
    ("yes_no-khong", "1.2", "không", None, "Không", 0),
    ("choice", "1.3", "Cấp phó", None, "Cấp phó", 5),
    ("choice-spacing-case", "1.3", "  người  ĐỨNG đầu ", None, "Người đứng đầu", 10),
    ("parts-text", "1.4", "Dự đầy đủ; Báo cáo", None, ["Dự đầy đủ", "Báo cáo"], 9),
    ("parts-range", "1.4", [["Chủ trì"], ["Báo cáo"], [BLANK]], None, ["Chủ trì", "Báo cáo"], 7),
    ("parts-capped", "1.4", [["Dự đầy đủ", "Chủ trì", "Báo cáo"]], None, ["Dự đầy đủ", "Chủ trì", "Báo cáo"], 10),
    ("parts-none-ticked", "1.4", [[BLANK], [BLANK]], None, [], 0),
    ("ratio-target", "1.5", 1, 3, (1, 3), 4.17),
    ("ratio-rounds-half-up", "1.5", 7, 9, (7, 9), 9.72),
    ("ratio-capped", "1.5", 9, 9, (9, 9), 10),
    ("ratio-zero-is-na", "1.5", 0, 0, (0, 0), "N/A"),
    ("ratio-marked-na", "1.5", "N/A", None, "N/A", "N/A"),
    ("ratio-zero-is-full", "2.3", 0, 0, (0, 0), 20),
    ("ratio", "2.3", 5, 8, (5, 8), 12.5),
    ("steps-between", "1.6", 3, None, 3, 6.25),
    ("steps-at-min", "1.6", 2.5, None, 2.5, 6.25),
    ("steps-below-all", "1.6", 0.5, None, 0.5, 0),
    ("steps-top", "1.6", 12, None, 12, 10),
    ("count", "2.1", 3, None, 3, 3.75),
    ("count-capped", "2.1", 7, None, 7, 5),
    ("informational-blank", "2.4", BLANK, None, None, 0),
    ("code-as-number", 2.1, 2, None, 2, 2.5),
]


@pytest.mark.parametrize(("input1", "input2", "expected"), [(1, 3, 4.166666667), (7, 9, 9.722222222), (2, 8, 3.125)],
                         ids=["third", "ninths", "exact"])
def test_points_are_not_rounded_unless_the_scheme_asks(
    udfs: ModuleType, schemes: dict[str, Path], input1: int, input2: int, expected: float
) -> None:
    earned, _ = indicator_points(load_scheme(schemes["index"]), "1.5", [input1, input2])
    assert call(udfs, "DTI_POINTS", schemes["index"].stem, "1.5", input1, input2) == expected
    assert earned.points == Decimal(str(expected))


@pytest.mark.parametrize(("code", "input1", "input2", "answer", "expected"), [r[1:] for r in POINTS],
                         ids=[r[0] for r in POINTS])
def test_points_equal_the_engine(
    udfs: ModuleType, schemes: dict[str, Path], code: Any, input1: Any, input2: Any, answer: object, expected: Any
) -> None:
    scheme = load_scheme(schemes["points"])
    earned, _ = indicator_points(scheme, str(code), answer)
    engine = "N/A" if earned.na else earned.points
    assert call(udfs, "DTI_POINTS", schemes["points"].stem, code, input1, input2) == expected
    assert engine == (expected if expected == "N/A" else Decimal(str(expected)))


POINT_ERRORS = [
    # id, code, input1, input2, the engine's answer (None: the engine is not asked), message code
    ("not-a-number", "1.1", "8,5đ", None, "8,5đ", "answer.not_number"),
    ("above-max", "1.1", 10.5, None, 10.5, "answer.out_of_range"),
    ("off-step", "1.1", 7.3, None, 7.3, "answer.not_step"),
    ("yes-no-word", "1.2", "có lẽ", None, "có lẽ", "answer.bad_yes_no"),
    ("unknown-option", "1.3", "Trưởng phòng", None, "Trưởng phòng", "answer.unknown_option"),
    ("unknown-part", "1.4", "Dự đầy đủ; Khác", None, "Dự đầy đủ; Khác", "answer.unknown_part"),
    ("ratio-one-input", "1.5", 3, None, 3, "answer.bad_ratio"),
    ("ratio-negative", "1.5", -1, 3, (-1, 3), "answer.negative"),
    ("missing", "1.6", BLANK, None, None, "answer.missing"),
    ("count-not-whole", "2.1", 2.5, None, 2.5, "answer.not_whole"),
    ("na-not-allowed", "2.1", "KĐG", None, "KĐG", "answer.na_not_allowed"),
    ("relative-needs-consolidation", "2.2", 12, None, 12, "relative.pending"),
    ("unknown-code", "9.9", 1, None, None, "usage.unknown_leaf"),
    ("parent-code", "1", 1, None, None, "usage.unknown_leaf"),
    ("second-input-not-ratio", "1.3", "Cấp phó", 2, None, "function.second_input"),
    ("range-for-one-cell", "1.1", [[1], [2]], None, None, "function.one_cell"),
]


@pytest.mark.parametrize(("code", "input1", "input2", "answer", "message"), [r[1:] for r in POINT_ERRORS],
                         ids=[r[0] for r in POINT_ERRORS])
def test_points_errors_are_one_line_the_cell_shows(
    udfs: ModuleType, schemes: dict[str, Path], code: str, input1: Any, input2: Any, answer: object, message: str
) -> None:
    with pytest.raises(udfs.CellError) as raised:
        call(udfs, "DTI_POINTS", schemes["points"].stem, code, input1, input2)
    assert raised.value.code == message
    text = str(raised.value)
    assert "\n" not in text and "Traceback" not in text
    if answer is not None:
        assert text == engine_error(load_scheme(schemes["points"]), code, answer)


# --- DTI_GRADE -----------------------------------------------------------------------------------

GRADES = [(79.995, "Tốt"), (79.994, "Khá"), (80, "Tốt"), (50, "Khá"), (49.99, "Yếu"), (0, "Yếu"), (100, "Tốt")]


@pytest.mark.parametrize(("value", "expected"), GRADES, ids=[str(v) for v, _ in GRADES])
def test_grade_by_scheme_rounds_then_grades_as_the_engine(
    udfs: ModuleType, schemes: dict[str, Path], value: float, expected: str
) -> None:
    assert call(udfs, "DTI_GRADE", value, schemes["points"].stem) == expected
    assert grade_value(load_scheme(schemes["points"]), value) == expected


BAND_RANGES = [
    ("highest-first", [[220, "Xuất sắc"], [196, "Tốt"], [BLANK, "Yếu"]], 219.99, "Tốt"),
    ("at-a-min", [[220, "Xuất sắc"], [196, "Tốt"], [BLANK, "Yếu"]], 220, "Xuất sắc"),
    ("lowest-band", [[220, "Xuất sắc"], [196, "Tốt"], [BLANK, "Yếu"]], 12, "Yếu"),
    ("any-order", [[BLANK, "Yếu"], [196, "Tốt"], [220, "Xuất sắc"]], 200, "Tốt"),
    ("empty-rows-skipped", [[90, "A"], [BLANK, BLANK], [0, "B"]], 5, "B"),
    ("not-rounded", [[80, "Tốt"], [BLANK, "Khá"]], 79.999, "Khá"),
    ("an-open-band-listed-above-a-zero-min", [[BLANK, "Yếu"], [0, "Khá"]], 0, "Khá"),
    ("a-negative-min-above-the-open-band", [[BLANK, "Yếu"], [-5, "Khá"]], -1, "Khá"),
    ("one-band-in-one-row", [[80, "Tốt"]], 85, "Tốt"),
    ("one-row-as-xlwings-server-passes-it", [80, "Tốt"], 85, "Tốt"),
    ("one-row-with-an-open-band", [BLANK, "Yếu"], -3, "Yếu"),
]


@pytest.mark.parametrize(("bands", "value", "expected"), [r[1:] for r in BAND_RANGES],
                         ids=[r[0] for r in BAND_RANGES])
def test_grade_by_band_range(udfs: ModuleType, bands: list[list[Any]], value: float, expected: str) -> None:
    assert call(udfs, "DTI_GRADE", value, bands) == expected


GRADE_ERRORS = [
    ("text-value", "tốt", "points", "function.not_number"),
    ("unknown-scheme", 50, "no-such-scheme", "function.scheme_not_allowed"),
    ("empty-scheme", 50, BLANK, "function.no_scheme"),
    ("three-columns", 50, [[80, "Tốt", 1], [BLANK, "Khá", 2]], "function.bands_cells"),
    ("min-not-a-number", 50, [[80, "Tốt"], ["năm mươi", "Khá"]], "function.bands_min"),
    ("no-label", 50, [[80, "Tốt"], [50, BLANK]], "function.bands_label"),
    ("two-open-bands", 50, [[80, "Tốt"], [BLANK, "Khá"], [BLANK, "Yếu"]], "function.bands_open"),
    ("same-min-twice", 50, [[80, "Tốt"], [80, "Khá"]], "function.bands_repeated"),
    ("below-every-band", 10, [[90, "Xuất sắc"], [80, "Tốt"], [50, "Khá"]], "function.below_bands"),
    ("no-grades", 50, "no-grades", "usage.no_grades"),
    ("a-row-of-one-cell", 50, [[80, "Tốt"], [BLANK, BLANK], [50]], "function.bands_cells"),
    ("an-empty-range", 50, [[BLANK, BLANK], [BLANK, BLANK]], "function.bands_empty"),
    ("a-one-column-range", 50, [[80], ["Tốt"]], "function.bands_cells"),
]
# what the cell shows (where the message names the person's own values), by GRADE_ERRORS and RESULT_ERRORS id
MESSAGES = {
    "three-columns": "scheme: dòng 1 của bảng mức xếp loại có 3 ô. Mỗi dòng một mức, đúng 2 ô: điểm từ, rồi tên mức. "
                     "/ scheme: row 1 of the band range has 3 cells. Give one band per row, min then label.",
    "min-not-a-number": "scheme: dòng 2 của bảng mức xếp loại: điểm từ 'năm mươi' không phải là số. Nhập một số; chỉ "
                        "mức thấp nhất được để trống. / scheme: row 2 of the band range: the min 'năm mươi' is not a "
                        "number. Give a number; only the lowest band may leave it empty.",
    "no-label": "scheme: dòng 2 của bảng mức xếp loại chưa có tên mức. Nhập tên mức vào ô thứ hai. / scheme: row 2 of "
                "the band range has no label. Put the label in the second cell.",
    "two-open-bands": "scheme: bảng mức xếp loại có 2 mức để trống điểm từ. Chỉ mức thấp nhất được để trống. / "
                      "scheme: 2 bands of the band range have an empty min. Only the lowest band may.",
    "same-min-twice": "scheme: bảng mức xếp loại có hai mức cùng điểm từ 80. Mỗi mức một điểm từ khác nhau. / "
                      "scheme: two bands of the band range start at 80. Give each band its own min.",
    "a-row-of-one-cell": "scheme: dòng 3 của bảng mức xếp loại có 1 ô. Mỗi dòng một mức, đúng 2 ô: điểm từ, rồi tên "
                         "mức. / scheme: row 3 of the band range has 1 cells. Give one band per row, min then label.",
    "an-empty-range": "scheme: bảng mức xếp loại trống. Mỗi dòng một mức: điểm từ, rồi tên mức. / scheme: the band "
                      "range is empty. Give one band per row, min then label.",
    "below-every-band": "10 thấp hơn mức thấp nhất (50). Thêm một mức cuối để trống điểm từ. / 10 is below the "
                        "lowest band (50). Add a last band with an empty min.",
    "no-grades": "bộ chỉ số 'test-scheme' không có thang xếp loại, nên không có xếp loại để đưa ra.",
    "max-is-not-the-schemes": "max là 90 nhưng bộ chỉ số 'test-scheme' có tối đa 100 điểm. Nhập 100, và điểm tối "
                              "đa của các chỉ số «Không đánh giá» vào na_max. / max is 90 but the scheme "
                              "'test-scheme' has max 100. Give 100, and the not-applicable indicators' max in na_max.",
    "na-max-above-max": "na_max là 120; phải từ 0 đến max (100). / na_max is 120; it must be from 0 to max (100).",
    "na-max-negative": "na_max là -1; phải từ 0 đến max (100). / na_max is -1; it must be from 0 to max (100).",
}


@pytest.mark.parametrize(("value", "scheme", "message"), [r[1:] for r in GRADE_ERRORS],
                         ids=[r[0] for r in GRADE_ERRORS])
def test_grade_errors(
    udfs: ModuleType, schemes: dict[str, Path], folder: Path, value: Any, scheme: Any, message: str,
    request: pytest.FixtureRequest,
) -> None:
    if scheme == "points":
        scheme = schemes["points"].stem
    elif scheme == "no-grades":
        path = folder / "no-grades.yaml"
        path.write_text(scheme_yaml("indicators:\n  - {code: '1', name: Một, max: 10}\n"), encoding="utf-8")
        scheme = path.stem
    with pytest.raises(udfs.CellError) as raised:
        call(udfs, "DTI_GRADE", value, scheme)
    assert raised.value.code == message
    assert "\n" not in str(raised.value)
    shown = MESSAGES.get(request.node.callspec.id)
    assert shown is None or str(raised.value) == shown


def test_grade_of_an_empty_cell_is_empty(udfs: ModuleType, schemes: dict[str, Path]) -> None:
    assert call(udfs, "DTI_GRADE", BLANK, schemes["points"].stem) == ""


# --- DTI_RESULT ----------------------------------------------------------------------------------

RESULTS = [
    # id, mode, total, na_max, expected (the scheme's max is 100)
    ("points", "points", 75, 0, 75),
    ("points-rescaled", "points", 75, 10, 83.33),
    ("points-na-empty", "points", 62.5, None, 62.5),
    ("percent", "percent", 75, 10, 83.33),
    ("index", "index", 75, 10, 0.8333),
    ("index-half-up", "index", 12.345, 0, 0.1235),
    ("kept-within-applicable-max", "points", 120, 10, 100),
    ("kept-above-zero", "percent", -5, 0, 0),
]


@pytest.mark.parametrize(("mode", "total", "na_max", "expected"), [r[1:] for r in RESULTS], ids=[r[0] for r in RESULTS])
def test_result_equals_the_engine(
    udfs: ModuleType, schemes: dict[str, Path], mode: str, total: float, na_max: float | None, expected: float
) -> None:
    scheme = load_scheme(schemes[mode])
    applicable = Decimal(100) - Decimal(str(na_max or 0))
    kept = min(max(Decimal(str(total)), Decimal(0)), applicable)
    assert call(udfs, "DTI_RESULT", total, 100, na_max, schemes[mode].stem) == expected
    assert result_of(scheme, kept, applicable) == Decimal(str(expected))


def test_result_without_na_max_takes_the_scheme_third(udfs: ModuleType, schemes: dict[str, Path]) -> None:
    three = call(udfs, "DTI_RESULT", 81.255, 100, schemes["percent"].stem)
    assert three == call(udfs, "DTI_RESULT", 81.255, 100, None, schemes["percent"].stem) == 81.26


def test_result_of_a_unit_equals_its_score(udfs: ModuleType, schemes: dict[str, Path]) -> None:
    scheme = load_scheme(schemes["points"])
    unit = score(scheme, {"1.1": 9.5, "1.2": "Có", "1.3": "Cấp phó", "1.4": "Chủ trì", "1.5": "N/A", "1.6": 3,
                          "2.1": 2, "2.2": 0, "2.3": [7, 9]})
    na_max = unit.max - unit.applicable_max
    assert na_max == 10
    assert call(udfs, "DTI_RESULT", float(unit.total), 100, float(na_max), schemes["points"].stem) == float(unit.result)


def test_result_when_nothing_applies_is_empty(udfs: ModuleType, schemes: dict[str, Path]) -> None:
    assert call(udfs, "DTI_RESULT", 0, 100, 100, schemes["points"].stem) == ""


RESULT_ERRORS = [
    ("max-is-not-the-schemes", "points", 75, 90, 0, "function.max_mismatch"),
    ("na-max-above-max", "points", 75, 100, 120, "function.na_max_range"),
    ("na-max-negative", "points", 75, 100, -1, "function.na_max_range"),
    ("total-is-text", "points", "bảy lăm", 100, 0, "function.not_number"),
    ("weighted-needs-aggregates", "weighted", 75, 100, 0, "usage.weighted_result"),
]


@pytest.mark.parametrize(("mode", "total", "max_points", "na_max", "message"), [r[1:] for r in RESULT_ERRORS],
                         ids=[r[0] for r in RESULT_ERRORS])
def test_result_errors(
    udfs: ModuleType, schemes: dict[str, Path], mode: str, total: Any, max_points: Any, na_max: Any, message: str,
    request: pytest.FixtureRequest,
) -> None:
    with pytest.raises(udfs.CellError) as raised:
        call(udfs, "DTI_RESULT", total, max_points, na_max, schemes[mode].stem)
    assert raised.value.code == message
    shown = MESSAGES.get(request.node.callspec.id)
    assert shown is None or str(raised.value) == shown


def test_a_scheme_that_allows_more_than_the_max_keeps_the_total_above_it(udfs: ModuleType, folder: Path) -> None:
    path = folder / "above-max.yaml"
    path.write_text(scheme_yaml("result: points\ndecimals: 2\nallow_above_max: true\n" + EVERY_RULE),
                    encoding="utf-8")
    assert call(udfs, "DTI_RESULT", 120, 100, 0, path.stem) == 120
    assert call(udfs, "DTI_RESULT", -5, 100, 0, path.stem) == 0, "never below zero"


def test_a_broken_scheme_file_gives_its_first_problem_and_how_many_more(udfs: ModuleType, folder: Path) -> None:
    path = folder / "broken.yaml"
    path.write_text(scheme_yaml("indicators:\n  - {code: '1', name: Một, max: -1, colour: red}\n"), encoding="utf-8")
    with pytest.raises(udfs.CellError) as raised:
        call(udfs, "DTI_RESULT", 1, 10, 0, path.stem)
    text = str(raised.value)
    assert text.startswith(f"{path}:") and "more: run xl-dti validate" in text and "\n" not in text


# --- DTI_TOTAL -----------------------------------------------------------------------------------

UNIT = {"1.1": 9.5, "1.2": "Có", "1.3": "Cấp phó", "1.4": "Chủ trì", "1.5": "N/A", "1.6": 3, "2.1": 2, "2.3": [7, 9]}


@pytest.mark.parametrize("marking", ["flags-column", "na-in-points"])
def test_total_of_a_units_points_equals_the_engine(udfs: ModuleType, schemes: dict[str, Path], marking: str) -> None:
    scheme = load_scheme(schemes["points"])
    unit = score(scheme, {**UNIT, "2.2": 0})
    leaves = [code for code in scheme.tree.order if scheme.tree.by_code[code].is_leaf]
    nodes = [unit.nodes[code] for code in leaves]
    if marking == "flags-column":
        points = [[float(n.points)] for n in nodes]
        flags: Any = [[True if n.na else BLANK] for n in nodes]
    else:
        points = [["N/A" if n.na else float(n.points)] for n in nodes]
        flags = None
    assert any(n.na for n in nodes)
    assert call(udfs, "DTI_TOTAL", points, flags) == float(unit.base_total)


FLAGS = [("x", 0), ("Có", 0), ("KĐG", 0), (True, 0), (1, 0), ("không", 5), (False, 5), (0, 5), (BLANK, 5)]


@pytest.mark.parametrize(("flag", "expected"), FLAGS, ids=[repr(f) for f, _ in FLAGS])
def test_total_leaves_out_flagged_rows(udfs: ModuleType, flag: Any, expected: float) -> None:
    assert call(udfs, "DTI_TOTAL", [[2.5], [5]], [[BLANK], [flag]]) == 2.5 + expected


TOTAL_ERRORS = [
    ("sizes-differ", [[1], [2]], [[BLANK]], "function.sizes_differ"),
    ("unknown-flag", [[1], [2]], [[BLANK], ["có thể"]], "function.bad_flag"),
    ("text-in-points", [[1], ["8,5đ"]], None, "function.not_number"),
    ("ambiguous-text-number", [[1], ["1.000"]], None, "function.ambiguous"),
    ("ambiguous-comma-thousands", [[1], ["1,000"]], None, "function.ambiguous"),
    ("huge-number", [[1], [1e48]], None, "function.out_of_range"),
    ("huge-text-number", [[1], ["1" + "0" * 60]], None, "function.out_of_range"),
    ("exponent-text", [[1], ["1e999999"]], None, "function.not_number"),
]


@pytest.mark.parametrize(("points", "flags", "message"), [r[1:] for r in TOTAL_ERRORS],
                         ids=[r[0] for r in TOTAL_ERRORS])
def test_total_errors(udfs: ModuleType, points: Any, flags: Any, message: str) -> None:
    with pytest.raises(udfs.CellError) as raised:
        call(udfs, "DTI_TOTAL", points, flags)
    assert raised.value.code == message


# --- DTI_RANK and DTI_VERSION --------------------------------------------------------------------

RANKED = [[90], [85.5], [85.5], [70], [BLANK], ["N/A"], [100]]


@pytest.mark.parametrize("value", [90, 85.5, 70, 100], ids=str)
def test_rank_is_the_competition_rank(udfs: ModuleType, value: float) -> None:
    values = [Decimal(str(row[0])) if isinstance(row[0], int | float) else None for row in RANKED]
    expected = competition_ranks(enumerate(values))[values.index(Decimal(str(value)))]
    assert call(udfs, "DTI_RANK", value, RANKED) == expected
    assert {90: 2, 85.5: 3, 70: 5, 100: 1}[value] == expected


@pytest.mark.parametrize(("value", "values", "message"), [(80, RANKED, "function.not_in_values"),
                                                           (90, [[90], ["chín mươi"]], "function.not_number")],
                         ids=["not-listed", "text-among-values"])
def test_rank_errors(udfs: ModuleType, value: Any, values: Any, message: str) -> None:
    with pytest.raises(udfs.CellError) as raised:
        call(udfs, "DTI_RANK", value, values)
    assert raised.value.code == message


def test_version_names_the_version_and_every_builtin_scheme(udfs: ModuleType) -> None:
    text = call(udfs, "DTI_VERSION")
    assert text.startswith(f"xl-dti {__version__};")
    assert all(scheme_id in text for scheme_id in builtin_ids())


# --- loading schemes -----------------------------------------------------------------------------


def test_a_scheme_file_is_loaded_once_and_again_after_it_changes(tmp_path: Path) -> None:
    path = write_scheme(tmp_path)
    from xl_dti import udf_schemes

    udf_schemes._load.cache_clear()
    assert xl_dti.udfs.DTI_POINTS([[str(path)]], "2.1", 3) == 3.75
    assert xl_dti.udfs.DTI_POINTS([[str(path)]], "2.1", 2) == 2.5
    assert udf_schemes._load.cache_info().misses == 1
    path.write_text(path.read_text(encoding="utf-8").replace("each: 1.25", "each: 1"), encoding="utf-8")
    stamp = path.stat().st_mtime_ns + 1_000_000_000
    os.utime(path, ns=(stamp, stamp))
    assert xl_dti.udfs.DTI_POINTS([[str(path)]], "2.1", 3) == 3


def test_the_module_works_as_plain_python_without_a_runtime(schemes: dict[str, Path]) -> None:
    """The classic add-in calls the functions directly, with ranges as lists of rows."""
    assert xl_dti.udfs.DTI_GRADE(79.995, [[str(schemes["points"])]]) == "Tốt"
    with pytest.raises(UsageError):
        xl_dti.udfs.DTI_TOTAL([[1], ["abc"]])
