"""The spreadsheet functions DTI_GRADE, DTI_TOTAL, DTI_RESULT, DTI_POINTS, DTI_RANK and DTI_VERSION for xlwings.

One module serves the classic add-in (Windows, local Python), xlwings Server and Office.js custom
functions: ``xlwings.func`` is whichever decorator the running xlwings provides. Each function is
a thin shell: it reads Excel's values (``xl_dti.udf_arguments``) into the engine's inputs, asks the
engine, and returns a number or text. How a bad argument reaches the person depends on the runtime:

- xlwings Server and Office.js: ``CellError`` is an ``xlwings.XlwingsError``, which xlwings Server
  answers with its text (HTTP 400, not retried); Excel shows it as the cell's ``#VALUE!`` message.
- the classic add-in: an exception reaches the cell as a Python traceback passed through the ANSI
  code page (Vietnamese letters become ``?``), so the function returns the message as the cell's
  text instead, starting with ``#LỖI!``; a returned value keeps every letter.

An error cell in an input (``#N/A``) makes the result that same error, as Excel's SUM does.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import xlwings as xw

from xl_dti import __version__
from xl_dti.answers import is_na_word
from xl_dti.decimals import ZERO, plain, to_json_number
from xl_dti.engine import grade_value, indicator_points, result_of
from xl_dti.errors import XlDtiError
from xl_dti.messages import render
from xl_dti.ranking import competition_ranks
from xl_dti.scheme import Scheme, builtin_ids
from xl_dti.udf_arguments import (
    CellError,
    CellValue,
    ErrorInput,
    answer_of,
    blank,
    cells,
    checked_cells,
    code_of,
    fail,
    flagged,
    is_text,
    number,
    number_of,
    optional_number,
    rows,
    single,
)
from xl_dti.udf_schemes import one_line, scheme_for

__all__ = ["DTI_GRADE", "DTI_POINTS", "DTI_RANK", "DTI_RESULT", "DTI_TOTAL", "DTI_VERSION", "CellError"]

CATEGORY = "xl-dti"
NA_TEXT = "N/A"
"""What DTI_POINTS returns for a not-applicable indicator (DTI_TOTAL leaves such rows out)."""

_RUNTIME = getattr(xw.func, "__module__", "")
CLASSIC = _RUNTIME == "xlwings.udfs"
"""Whether the classic add-in (VBA wrappers calling Python through xlwings' DLL) runs these functions."""
SERVER = _RUNTIME.startswith("xlwings.pro")
"""Whether xlwings Server runs these functions (schemes: built-in ids and the configured folder only)."""

RANGE: dict[str, Any] = {"convert": "raw"} if SERVER else {}
"""How range arguments are taken: on a server unconverted (``udf_arguments.excel_cell``), else as xlwings converts."""

Band = tuple[Decimal | None, str]
F = TypeVar("F", bound=Callable[..., Any])


def _cell_function(function: F) -> F:
    """Hand errors over as the runtime can show them: an input's Excel error as the result, a message readably."""

    @functools.wraps(function)
    def run(*args: Any) -> Any:
        try:
            return function(*args)
        except ErrorInput as signal:
            return signal.value
        except CellError as exc:
            if CLASSIC:
                return render("function.classic_error", {"message": str(exc)})
            raise

    run.__doc__ = inspect.cleandoc(function.__doc__ or "")  # xlwings hands it to Excel's function wizard as it is
    return run  # type: ignore[return-value]


# --- the functions -------------------------------------------------------------------------------


@xw.func(category=CATEGORY)
@xw.arg("value", err_to_str=True, doc="Kết quả cần xếp loại / the result to grade")
@xw.arg("scheme", err_to_str=True, ndim=2, **RANGE,
        doc="Mã bộ chỉ số, đường dẫn tệp, hoặc vùng 2 cột (điểm từ, xếp loại) / "
        "a scheme id, a scheme file, or a two-column range of (min, label) rows")
@_cell_function
def DTI_GRADE(value: CellValue, scheme: CellValue) -> CellValue:
    """Xếp loại một kết quả theo bộ chỉ số hoặc theo bảng mức xếp loại.
    The grade label of a result, by a scheme or by a two-column range of (min, label) rows."""
    grade = _grader(scheme)
    found = optional_number("value", value)
    return None if found is None else grade(found)


@xw.func(category=CATEGORY)
@xw.arg("points", err_to_str=True, ndim=2, **RANGE,
        doc="Vùng điểm / the points range")
@xw.arg("na_flags", err_to_str=True, ndim=2, **RANGE,
        doc="Vùng đánh dấu «Không đánh giá» (TRUE, x, N/A), cùng kích thước / "
        "the not-applicable flags, one per points cell")
@_cell_function
def DTI_TOTAL(points: CellValue, na_flags: CellValue = None) -> CellValue:
    """Tổng điểm của một vùng, bỏ qua các dòng «Không đánh giá».
    The sum of a points range, leaving out rows flagged N/A."""
    values = checked_cells(points)
    flags = checked_cells(na_flags) if na_flags is not None else [None] * len(values)
    if len(flags) != len(values):
        raise fail("function.sizes_differ", flags=len(flags), points=len(values))
    total = ZERO
    for value, flag in zip(values, flags, strict=True):
        if flagged(flag) or blank(value) or is_na_word(value):
            continue
        total += number_of("points", value)
    return to_json_number(total)


@xw.func(category=CATEGORY)
@xw.arg("total", err_to_str=True, doc="Tổng điểm / the total points")
@xw.arg("max", err_to_str=True, doc="Điểm tối đa của bộ chỉ số / the scheme's max points")
@xw.arg("na_max", err_to_str=True, doc="Tổng điểm tối đa của các chỉ số «Không đánh giá» (để trống: 0) / "
        "the max of the not-applicable indicators (empty: 0)")
@xw.arg("scheme", err_to_str=True, ndim=2, **RANGE,
        doc="Bắt buộc: mã bộ chỉ số (ở đây hoặc ở tham số thứ ba nếu bỏ "
        "na_max) / required: the scheme id, here or as the third argument when na_max is left out")
@_cell_function
def DTI_RESULT(
    total: CellValue, max: CellValue, na_max: CellValue = None, scheme: CellValue = None  # Excel shows these names
) -> CellValue:
    """Kết quả theo cách tính của bộ chỉ số (điểm quy đổi, %, chỉ số), làm tròn theo bộ chỉ số.
    The result in the scheme's mode (rescaled points, percent or index), rounded as the scheme says."""
    if scheme is None and is_text(single("na_max", na_max)):
        scheme, na_max = na_max, None  # DTI_RESULT(total, max, scheme): nothing is N/A
    loaded = _scheme(scheme)
    found = optional_number("total", total)
    if found is None:
        return None
    applicable = _applicable_max(loaded, number("max", max), optional_number("na_max", na_max) or ZERO)
    try:
        result = result_of(loaded, _kept_in_range(loaded, found, applicable), applicable)
    except XlDtiError as exc:
        raise one_line(exc) from None
    return None if result is None else to_json_number(result)


@xw.func(category=CATEGORY)
@xw.arg("scheme", err_to_str=True, ndim=2, **RANGE,
        doc="Mã bộ chỉ số hoặc đường dẫn tệp / a scheme id or scheme file")
@xw.arg("code", err_to_str=True, doc="Mã chỉ số, ví dụ \"1.2\" / the indicator's code, e.g. \"1.2\"")
@xw.arg("input1", err_to_str=True, ndim=2, **RANGE,
        doc="Câu trả lời (số, Có/Không, lựa chọn, các nội dung đạt, tử số, N/A) / "
        "the answer (number, Có/Không, option, ticked parts, numerator, N/A)")
@xw.arg("input2", err_to_str=True, doc="Mẫu số (chỉ với chỉ số tỉ lệ) / the denominator (ratio indicators only)")
@_cell_function
def DTI_POINTS(scheme: CellValue, code: CellValue, input1: CellValue, input2: CellValue = None) -> CellValue:
    """Điểm một chỉ số đạt được từ câu trả lời, theo cách chấm của bộ chỉ số.
    The points one indicator earns from its inputs under its rule."""
    loaded = _scheme(scheme)
    leaf_code = code_of(code)
    node = loaded.tree.by_code.get(leaf_code)
    rule = node.scoring_rule if node is not None and node.is_leaf else None
    answer = answer_of(leaf_code, rule, input1, input2)
    try:
        earned, issues = indicator_points(loaded, leaf_code, answer)
    except XlDtiError as exc:
        raise one_line(exc) from None
    stop = next((p for p in issues if p.severity == "error" or p.code in ("relative.pending", "answer.missing")), None)
    if stop is not None:
        raise CellError(stop)
    return NA_TEXT if earned.na else to_json_number(earned.points)


@xw.func(category=CATEGORY)
@xw.arg("value", err_to_str=True, doc="Giá trị cần xếp hạng / the value to rank")
@xw.arg("values", err_to_str=True, ndim=2, **RANGE,
        doc="Vùng các giá trị xếp hạng cùng nhau / the values ranked together")
@_cell_function
def DTI_RANK(value: CellValue, values: CellValue) -> CellValue:
    """Thứ hạng, cao nhất đứng đầu; bằng điểm thì đồng hạng (1, 2, 2, 4).
    Competition rank (1, 2, 2, 4), highest first."""
    found = optional_number("value", value)
    listed = [None if blank(v) or is_na_word(v) else number_of("values", v) for v in checked_cells(values)]
    if found is None:
        return None
    ranks = competition_ranks(enumerate(listed))
    place = next((ranks[i] for i, v in enumerate(listed) if v == found), None)
    if place is None:
        raise fail("function.not_in_values", value=plain(found))
    return place


@xw.func(category=CATEGORY)
@_cell_function
def DTI_VERSION() -> CellValue:
    """Phiên bản xl-dti và các bộ chỉ số có sẵn.
    xl-dti's version and the scheme ids it knows."""
    return f"xl-dti {__version__}; schemes: {', '.join(builtin_ids())}"


# --- schemes and bands ---------------------------------------------------------------------------


def _scheme(value: CellValue) -> Scheme:
    """The scheme a one-cell argument names (see ``xl_dti.udf_schemes``: what a server may read)."""
    return scheme_for(value, server=SERVER)


def _grader(value: CellValue) -> Callable[[Decimal], str]:
    """How to grade: by a band range as it is, or by the scheme's bands after its rounding."""
    bands = _bands(value)
    if bands is not None:
        return lambda number: _band_label(bands, number)
    loaded = _scheme(value)
    if not loaded.grades:
        raise fail("usage.no_grades", scheme=loaded.id)
    return lambda number: grade_value(loaded, number) or ""


def _bands(value: CellValue) -> list[Band] | None:
    """The bands of a (min, label) range, highest first; ``None`` when ``value`` is one cell (a scheme)."""
    given = rows(value)
    if len(given) == 1 and len(cells(given[0])) == 1:
        return None
    checked_cells(given)
    bands: list[Band] = []
    for place, row in enumerate(given, start=1):
        found = cells(row)
        if all(blank(c) for c in found):
            continue
        if len(found) != 2:
            raise fail("function.bands_cells", row=place, count=len(found))
        low, label = found
        if blank(label):
            raise fail("function.bands_label", row=place)
        try:
            bands.append((None if blank(low) else number_of("min", low), str(label).strip()))
        except CellError:
            raise fail("function.bands_min", row=place, value=low) from None
    return _ordered(bands)


def _ordered(bands: list[Band]) -> list[Band]:
    if not bands:
        raise fail("function.bands_empty")
    mins = [low for low, _ in bands if low is not None]
    if len(bands) - len(mins) > 1:
        raise fail("function.bands_open", count=len(bands) - len(mins))
    repeated = sorted({m for m in mins if mins.count(m) > 1})
    if repeated:
        raise fail("function.bands_repeated", min=plain(repeated[0]))
    return sorted(bands, key=lambda band: (band[0] is None, -(band[0] or ZERO)))


def _band_label(bands: list[Band], value: Decimal) -> str:
    """The first band, highest first, whose min the value reaches (as ``Scheme.grade``)."""
    for low, label in bands:
        if low is None or value >= low:
            return label
    raise fail("function.below_bands", value=plain(value), lowest=plain(bands[-1][0] or ZERO))


# --- results -------------------------------------------------------------------------------------


def _applicable_max(scheme: Scheme, max_points: Decimal, na_max: Decimal) -> Decimal:
    if max_points != scheme.total_max:
        raise fail("function.max_mismatch", max=plain(max_points), scheme=scheme.id,
                    scheme_max=plain(scheme.total_max))
    if not ZERO <= na_max <= max_points:
        raise fail("function.na_max_range", na_max=plain(na_max), max=plain(max_points))
    return max_points - na_max


def _kept_in_range(scheme: Scheme, total: Decimal, applicable: Decimal) -> Decimal:
    """The engine's rule: a total is kept within 0..applicable max unless the scheme allows more."""
    kept = max(ZERO, total)
    return kept if scheme.allow_above_max else min(kept, applicable)
