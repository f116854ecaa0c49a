"""What Excel hands the functions and how each runtime hands their errors back.

Error cells, numbers typed as text, numbers out of range and empty cells sent as 0 (through
xlwings' Office.js call path); the classic add-in's cell as xlwings' DLL passes it; what a scheme
argument may read on a server and on a desktop; ranges a server takes unconverted.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import xl_dti.udfs
from tests.test_udfs import (  # the fixtures by their function names; tests use them as folder, udfs, schemes
    call,
    folder_fixture,  # noqa: F401
    load_module,
    meta,
    schemes_fixture,  # noqa: F401
    udfs_fixture,  # noqa: F401
    write_scheme,
)
from xl_dti.text_numbers import read_text_number
from xl_dti.udf_arguments import CellError


def _classic_decorator(*_args: Any, **_options: Any) -> Any:
    """xlwings.udfs' xlfunc/xlarg as far as the module can tell: only which runtime it is."""
    return lambda function: function


_classic_decorator.__module__ = "xlwings.udfs"


@pytest.fixture(scope="module")
def classic() -> Iterator[ModuleType]:
    """xl_dti.udfs as the classic add-in imports it (xlwings' classic decorators; Windows only, so stood in for)."""
    with pytest.MonkeyPatch.context() as patch:
        import xlwings

        patch.setattr(xlwings, "func", _classic_decorator)
        patch.setattr(xlwings, "arg", _classic_decorator)
        yield load_module(Path(xl_dti.udfs.__file__), "xl_dti.udfs")  # its own name, as the add-in imports it


def classic_cell(function: Any, *args: Any) -> Any:
    """What a cell shows under the classic add-in: the value returned, or what xlwings' DLL makes of an exception.

    The VBA wrapper shows ``Err.Description``: pywin32's "Unexpected Python Error" and the traceback,
    which the DLL passes through the ANSI code page (cp1252 on a Western Windows: ``ố`` becomes ``?``).
    """
    try:
        return function(*args)
    except Exception:
        text = "Unexpected Python Error: " + traceback.format_exc()
        return text.encode("cp1252", "replace").decode("cp1252")


CLASSIC_ERRORS = [
    ("not-a-number", "DTI_TOTAL", ([[1], ["abc"]],), "#LỖI! points: 'abc' không phải là số. Nhập một số, ví dụ 219,99"),
    ("unknown-scheme", "DTI_GRADE", (50, [["no-such-scheme"]]), "#LỖI! 'no-such-scheme' không phải mã bộ chỉ số"),
    ("engine-answer", "DTI_POINTS", ([["haugiang-2022-so"]], "1.1", [["Có lẽ"]]), "#LỖI! 1.1: "),
]


@pytest.mark.parametrize(("name", "args", "shown"), [r[1:] for r in CLASSIC_ERRORS], ids=[r[0] for r in CLASSIC_ERRORS])
def test_classic_add_in_shows_the_message_with_every_vietnamese_letter(
    classic: ModuleType, name: str, args: tuple[Any, ...], shown: str
) -> None:
    cell = classic_cell(getattr(classic, name), *args)
    assert isinstance(cell, str) and cell.startswith(shown), cell
    assert "Traceback" not in cell and "?" not in cell.replace("#NAME?", "") and "\n" not in cell


ERROR_CELLS = [
    # id, function, arguments (Office.js matrices; error cells as xlwings hands them with err_to_str), result
    ("total-na", "DTI_TOTAL", [[[10], ["#N/A"], [7.5]]], "#N/A"),
    ("total-first-error-wins", "DTI_TOTAL", [[[10], ["#DIV/0!"], ["#N/A"]]], "#DIV/0!"),
    ("total-error-flag", "DTI_TOTAL", [[[10], [7.5]], [[""], ["#REF!"]]], "#REF!"),
    ("grade-error-value", "DTI_GRADE", [[["#VALUE!"]], [["haugiang-2022-so"]]], "#VALUE!"),
    ("result-error-total", "DTI_RESULT", [[["#N/A"]], [[100]], [[0]], [["haugiang-2022-so"]]], "#N/A"),
    ("rank-error-among-values", "DTI_RANK", [[[90]], [[90], ["#NUM!"]]], "#NUM!"),
    ("points-error-answer", "DTI_POINTS", [[["haugiang-2022-so"]], [["1.1"]], [["#N/A"]]], "#N/A"),
    ("bands-error-min", "DTI_GRADE", [[[50]], [[80, "Tốt"], ["#N/A", "Khá"]]], "#N/A"),
]


@pytest.mark.parametrize(("name", "args", "expected"), [r[1:] for r in ERROR_CELLS], ids=[r[0] for r in ERROR_CELLS])
def test_an_error_cell_gives_that_error(udfs: ModuleType, name: str, args: list[Any], expected: str) -> None:
    assert call(udfs, name, *args) == {"type": "Error", "errorType": ERROR_TYPES[expected]}


ERROR_TYPES = {"#N/A": "NotAvailable", "#DIV/0!": "Div0", "#REF!": "Ref", "#VALUE!": "Value", "#NUM!": "Num"}


def test_error_cells_are_asked_for_as_text_on_every_argument(udfs: ModuleType) -> None:
    """Without err_to_str, xlwings hands an error cell over as an empty one (DTI_TOTAL of {10;#N/A;7.5} was 17.5)."""
    for function in meta(udfs).values():
        module_function = getattr(udfs, function["name"])
        for parameter in module_function.__xlfunc__["args"]:
            assert parameter["options"].get("err_to_str") is True, (function["name"], parameter["name"])


TEXT_NUMBERS = [
    # id, function, arguments, expected value or message code
    ("decimal-comma", "DTI_TOTAL", [[["8,5"], [1]]], 9.5),
    ("spaces", "DTI_TOTAL", [[[" 8.5 "], [1]]], 9.5),
    ("ambiguous-dot", "DTI_TOTAL", [[["1.000"]]], "function.ambiguous"),
    ("ambiguous-comma", "DTI_RANK", [[["1,000"]], [[1000]]], "function.ambiguous"),
    ("leading-zero-is-not-thousands", "DTI_TOTAL", [[["0.625"]]], 0.625),
    ("huge-float", "DTI_TOTAL", [[[1e48]]], "function.out_of_range"),
    ("huge-result-total", "DTI_RESULT", [[[1e48]], [[100]], [[0]], [["haugiang-2022-so"]]], "function.out_of_range"),
    ("exponent-text", "DTI_GRADE", [[["1e999999"]], [["haugiang-2022-so"]]], "function.not_number"),
    ("points-decimal-comma", "DTI_POINTS", [[["every-rule-points"]], [["1.1"]], [["8,5"]]], 8.5),
    ("points-ambiguous", "DTI_POINTS", [[["every-rule-points"]], [["2.1"]], [["1.000"]]], "function.ambiguous"),
    ("points-exponent-text", "DTI_POINTS", [[["every-rule-points"]], [["1.6"]], [["1e999999"]]], "function.not_number"),
    ("points-huge-float", "DTI_POINTS", [[["every-rule-points"]], [["2.1"]], [[1e48]]], "function.out_of_range"),
    ("points-ratio-comma", "DTI_POINTS", [[["every-rule-points"]], [["2.3"]], [["2,5"]], [["5"]]], 10),
    ("choice-label-stays-text", "DTI_POINTS", [[["every-rule-points"]], [["1.3"]], [["Cấp phó"]]], 5),
    ("empty-input2-sent-as-0", "DTI_POINTS", [[["every-rule-points"]], [["1.3"]], [["Cấp phó"]], [[0]]], 5),
    ("empty-scheme-sent-as-0", "DTI_GRADE", [[[50]], [[0]]], "function.no_scheme"),
]


@pytest.mark.parametrize(("name", "args", "expected"), [r[1:] for r in TEXT_NUMBERS], ids=[r[0] for r in TEXT_NUMBERS])
def test_numbers_are_read_as_consolidation_reads_them(
    udfs: ModuleType, schemes: dict[str, Path], name: str, args: list[Any], expected: Any
) -> None:
    if isinstance(expected, str):
        with pytest.raises(udfs.CellError) as raised:
            call(udfs, name, *args)
        assert raised.value.code == expected
        assert "InvalidOperation" not in str(raised.value) and len(str(raised.value)) < 600
    else:
        assert call(udfs, name, *args) == expected


def test_the_ambiguous_hint_shows_a_decimal_comma_first(udfs: ModuleType) -> None:
    with pytest.raises(udfs.CellError) as raised:
        call(udfs, "DTI_TOTAL", [["1.000"]])
    vietnamese, english = str(raised.value).split(" / ", 1)
    assert "8,5" in vietnamese and "8.5" in english


def test_text_numbers_are_read_as_consolidation_reads_an_input_cell() -> None:
    """One rule: the returned-workbook reader and the functions both read through xl_dti.text_numbers."""
    from xl_dti.consolidation.grid import GridCell
    from xl_dti.consolidation.inputs import _number
    from xl_dti.errors import Problem

    for raw in ["8,5", " 9 ", "1.000", "1,000", "12.345", "0.625", "1e5", "abc", "", "-2,5", "1.000.000"]:
        problems: list[Problem] = []
        consolidated = _number(GridCell("text", raw), "'Chấm điểm'!E12", problems)
        read = read_text_number(raw)
        assert consolidated == (read.number if read.reading == "number" else None if read.reading != "text" else raw)
        assert [p.code for p in problems] == ([read.note] if read.note else []), raw


def test_a_scheme_argument_on_a_server_reads_nothing_else(udfs: ModuleType, folder: Path, tmp_path: Path) -> None:
    outside = write_scheme(tmp_path)
    refused = ["/dev/zero", str(outside), "../" + outside.name, "/no/such.yaml", ".hidden", "a/b"]
    texts = set()
    for name in refused:
        with pytest.raises(udfs.CellError) as raised:
            call(udfs, "DTI_GRADE", 200, name)
        assert raised.value.code == "function.scheme_not_allowed"
        texts.add(str(raised.value).replace(name, "NAME"))
    assert len(texts) == 1  # the same answer whether the file exists or not


def test_a_scheme_file_on_a_desktop_must_be_a_small_regular_file(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * 2_000_001)
    for name, detail in [("/dev/zero", "not a regular file"), (str(tmp_path), "not a regular file"),
                         (str(big), "2000001 bytes")]:
        with pytest.raises(CellError) as raised:
            xl_dti.udfs.DTI_GRADE(200, [[name]])
        assert raised.value.code == "function.scheme_not_file" and detail in str(raised.value)


def test_dti_results_scheme_says_it_is_required_though_excel_lists_it_as_optional(udfs: ModuleType) -> None:
    """Excel marks it optional so that DTI_RESULT(total, max, scheme) can leave na_max out; the wizard says why."""
    scheme = next(p for p in meta(udfs)["DTI_RESULT"]["parameters"] if p["name"] == "scheme")
    assert scheme.get("optional") is True
    assert scheme["description"].startswith("Bắt buộc") and "required" in scheme["description"]


def test_a_server_takes_ranges_unconverted(udfs: ModuleType) -> None:
    """xlwings' per-cell conversion costs ~1 ms a cell outside Pyodide (a whole column: ~15 min); ranges skip it."""
    for function in meta(udfs).values():
        for parameter in getattr(udfs, function["name"]).__xlfunc__["args"]:
            if parameter["options"].get("ndim") == 2:
                assert parameter["options"].get("convert") == "raw", (function["name"], parameter["name"])
    column = [[1.5]] * 3 + [[""]] * 2000 + [[{"type": "Double", "basicValue": 2.5}]]
    assert call(udfs, "DTI_TOTAL", column) == 7
