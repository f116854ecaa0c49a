"""The spreadsheet functions DTI_GRADE, DTI_TOTAL, DTI_RESULT, DTI_POINTS, DTI_RANK and DTI_VERSION for xlwings.

One module serves the classic add-in (Windows, local Python), xlwings Server and Office.js custom
functions: ``xlwings.func`` is whichever decorator the running xlwings provides. Each function is
a thin shell: it reads Excel's values (floats, text, ranges as lists of rows) into the engine's
inputs, asks the engine, and returns a number or text. A bad argument raises ``CellError`` with
one short message, which the runtime shows as the cell's error.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeAlias, TypeVar

import xlwings as xw

from xl_dti import __version__
from xl_dti.answers import is_na_word
from xl_dti.decimals import ZERO, plain, to_decimal, to_json_number
from xl_dti.engine import grade_value, indicator_points, result_of
from xl_dti.errors import Problem, UsageError, XlDtiError
from xl_dti.ranking import competition_ranks
from xl_dti.scheme import Scheme, builtin_ids, load_scheme
from xl_dti.scheme.rules import NO_WORDS, YES_WORDS, PartsRule, RatioRule, normalize_label

CATEGORY = "xl-dti"
NA_TEXT = "N/A"
"""What DTI_POINTS returns for a not-applicable indicator (DTI_TOTAL leaves such rows out)."""

CellValue: TypeAlias = Any
"""A value as Excel passes it (number, text, bool, None) or returns it; ``Any`` is xlwings' pass-through converter."""
Band = tuple[Decimal | None, str]
F = TypeVar("F", bound=Callable[..., Any])


class CellError(UsageError):
    """An argument a spreadsheet function cannot use; ``str()`` is the one line the cell shows.

    Attributes:
        code: the stable message code (tests assert it).
    """

    def __init__(self, problem: Problem, code: str | None = None) -> None:
        super().__init__([problem])
        self.code = code or problem.code


def _fail(message: str, /, **params: object) -> CellError:
    """The error for a message code."""
    return CellError(Problem(message, params=params))


def _wizard_doc(function: F) -> F:
    """Dedent the docstring: xlwings hands it to Excel's function wizard as it is."""
    function.__doc__ = inspect.cleandoc(function.__doc__ or "")
    return function


# --- the functions -------------------------------------------------------------------------------


@xw.func(category=CATEGORY)
@xw.arg("value", doc="Kết quả cần xếp loại / the result to grade")
@xw.arg("scheme", ndim=2, doc="Mã bộ chỉ số, đường dẫn tệp, hoặc vùng 2 cột (điểm từ, xếp loại) / "
        "a scheme id, a scheme file, or a two-column range of (min, label) rows")
@_wizard_doc
def DTI_GRADE(value: CellValue, scheme: CellValue) -> CellValue:
    """Xếp loại một kết quả theo bộ chỉ số hoặc theo bảng mức xếp loại.
    The grade label of a result, by a scheme or by a two-column range of (min, label) rows."""
    grade = _grader(scheme)
    number = _optional_number("value", value)
    return None if number is None else grade(number)


@xw.func(category=CATEGORY)
@xw.arg("points", ndim=2, doc="Vùng điểm / the points range")
@xw.arg("na_flags", ndim=2, doc="Vùng đánh dấu «Không đánh giá» (TRUE, x, N/A), cùng kích thước / "
        "the not-applicable flags, one per points cell")
@_wizard_doc
def DTI_TOTAL(points: CellValue, na_flags: CellValue = None) -> CellValue:
    """Tổng điểm của một vùng, bỏ qua các dòng «Không đánh giá».
    The sum of a points range, leaving out rows flagged N/A."""
    values = _cells(points)
    flags = _cells(na_flags) if na_flags is not None else [None] * len(values)
    if len(flags) != len(values):
        raise _fail("function.sizes_differ", flags=len(flags), points=len(values))
    total = ZERO
    for value, flag in zip(values, flags, strict=True):
        if _flagged(flag) or _blank(value) or is_na_word(value):
            continue
        total += _number("points", value)
    return to_json_number(total)


@xw.func(category=CATEGORY)
@xw.arg("total", doc="Tổng điểm / the total points")
@xw.arg("max", doc="Điểm tối đa của bộ chỉ số / the scheme's max points")
@xw.arg("na_max", doc="Tổng điểm tối đa của các chỉ số «Không đánh giá» (để trống: 0) / "
        "the max of the not-applicable indicators (empty: 0)")
@xw.arg("scheme", ndim=2, doc="Mã bộ chỉ số hoặc đường dẫn tệp / a scheme id or scheme file")
@_wizard_doc
def DTI_RESULT(
    total: CellValue, max: CellValue, na_max: CellValue = None, scheme: CellValue = None  # Excel shows these names
) -> CellValue:
    """Kết quả theo cách tính của bộ chỉ số (điểm quy đổi, %, chỉ số), làm tròn theo bộ chỉ số.
    The result in the scheme's mode (rescaled points, percent or index), rounded as the scheme says."""
    if scheme is None and _is_text(na_max):
        scheme, na_max = na_max, None  # DTI_RESULT(total, max, scheme): nothing is N/A
    loaded = _scheme(scheme)
    number = _optional_number("total", total)
    if number is None:
        return None
    applicable = _applicable_max(loaded, _number("max", max), _optional_number("na_max", na_max) or ZERO)
    try:
        result = result_of(loaded, _kept_in_range(loaded, number, applicable), applicable)
    except XlDtiError as exc:
        raise _one_line(exc) from None
    return None if result is None else to_json_number(result)


@xw.func(category=CATEGORY)
@xw.arg("scheme", ndim=2, doc="Mã bộ chỉ số hoặc đường dẫn tệp / a scheme id or scheme file")
@xw.arg("code", doc="Mã chỉ số, ví dụ \"1.2\" / the indicator's code, e.g. \"1.2\"")
@xw.arg("input1", ndim=2, doc="Câu trả lời (số, Có/Không, lựa chọn, các nội dung đạt, tử số, N/A) / "
        "the answer (number, Có/Không, option, ticked parts, numerator, N/A)")
@xw.arg("input2", doc="Mẫu số (chỉ với chỉ số tỉ lệ) / the denominator (ratio indicators only)")
@_wizard_doc
def DTI_POINTS(scheme: CellValue, code: CellValue, input1: CellValue, input2: CellValue = None) -> CellValue:
    """Điểm một chỉ số đạt được từ câu trả lời, theo cách chấm của bộ chỉ số.
    The points one indicator earns from its inputs under its rule."""
    loaded = _scheme(scheme)
    leaf_code = _code(code)
    node = loaded.tree.by_code.get(leaf_code)
    rule = node.scoring_rule if node is not None and node.is_leaf else None
    answer = _answer(leaf_code, rule, input1, input2)
    try:
        earned, issues = indicator_points(loaded, leaf_code, answer)
    except XlDtiError as exc:
        raise _one_line(exc) from None
    stop = next((p for p in issues if p.severity == "error" or p.code in ("relative.pending", "answer.missing")), None)
    if stop is not None:
        raise CellError(stop)
    return NA_TEXT if earned.na else to_json_number(earned.points)


@xw.func(category=CATEGORY)
@xw.arg("value", doc="Giá trị cần xếp hạng / the value to rank")
@xw.arg("values", ndim=2, doc="Vùng các giá trị xếp hạng cùng nhau / the values ranked together")
@_wizard_doc
def DTI_RANK(value: CellValue, values: CellValue) -> CellValue:
    """Thứ hạng, cao nhất đứng đầu; bằng điểm thì đồng hạng (1, 2, 2, 4).
    Competition rank (1, 2, 2, 4), highest first."""
    number = _optional_number("value", value)
    listed = [None if _blank(v) or is_na_word(v) else _number("values", v) for v in _cells(values)]
    if number is None:
        return None
    ranks = competition_ranks(enumerate(listed))
    place = next((ranks[i] for i, v in enumerate(listed) if v == number), None)
    if place is None:
        raise _fail("function.not_in_values", value=plain(number))
    return place


@xw.func(category=CATEGORY)
@_wizard_doc
def DTI_VERSION() -> CellValue:
    """Phiên bản xl-dti và các bộ chỉ số có sẵn.
    xl-dti's version and the scheme ids it knows."""
    return f"xl-dti {__version__}; schemes: {', '.join(builtin_ids())}"


# --- reading Excel's arguments -------------------------------------------------------------------


def _cells(value: CellValue) -> list[CellValue]:
    """A range's values row by row (a single value is a one-cell range; an empty argument none)."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [cell for row in value for cell in (row if isinstance(row, list | tuple) else [row])]
    return [value]


def _single(argument: str, value: CellValue) -> CellValue:
    cells = _cells(value)
    if len(cells) > 1:
        raise _fail("function.one_cell", argument=argument, cells=len(cells))
    return cells[0] if cells else None


def _blank(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_text(value: CellValue) -> bool:
    """Text that is not a number (a scheme id or path where a number could also stand)."""
    if not isinstance(value, str) or _blank(value):
        return False
    try:
        to_decimal(value)
    except ValueError:
        return True
    return False


def _number(argument: str, value: CellValue) -> Decimal:
    cell = _single(argument, value)
    try:
        return to_decimal(cell)
    except ValueError:
        raise _fail("function.not_number", argument=argument, value=cell) from None


def _optional_number(argument: str, value: CellValue) -> Decimal | None:
    return None if _blank(_single(argument, value)) else _number(argument, value)


def _excel_value(value: CellValue) -> CellValue:
    """An answer cell as the engine reads answers: blank is none, numbers exact, whole ones without '.0' (1.0 → 1)."""
    if _blank(value):
        return None
    if isinstance(value, float):
        try:
            number = to_decimal(value)
        except ValueError:
            return value
        return number.to_integral_value() if number == number.to_integral_value() else number
    return value


def _code(value: CellValue) -> str:
    code = _single("code", value)
    if isinstance(code, int | float) and not isinstance(code, bool):
        return plain(code)
    return "" if code is None else str(code).strip()


def _answer(code: str, rule: object, input1: CellValue, input2: CellValue) -> object:
    """The raw answer the engine reads: a pair for ratios, a list for a range of ticked parts."""
    if isinstance(rule, PartsRule) and len(_cells(input1)) > 1:
        first: object = [_excel_value(v) for v in _cells(input1) if not _blank(v)]
    else:
        first = _excel_value(_single("input1", input1))
    second = _excel_value(_single("input2", input2))
    if _blank(second):
        return first
    if rule is not None and not isinstance(rule, RatioRule):
        raise _fail("function.second_input", code=code, rule=getattr(rule, "rule", ""))
    return (first, second)


def _flagged(flag: CellValue) -> bool:
    if _blank(flag) or flag is False:
        return False
    if flag is True or is_na_word(flag):
        return True
    if isinstance(flag, int | float):
        return flag != 0
    word = normalize_label(str(flag))
    if word in YES_WORDS or word in NO_WORDS:
        return word in YES_WORDS
    raise _fail("function.bad_flag", value=flag)


# --- schemes and bands ---------------------------------------------------------------------------


def _scheme(value: CellValue) -> Scheme:
    """The scheme named by a built-in id or file path, loaded once per file version."""
    name = _single("scheme", value)
    if _blank(name):
        raise _fail("function.no_scheme")
    text = str(name).strip()
    path = Path(text)
    return _load(text, path.stat().st_mtime_ns if path.is_file() else None)


@lru_cache(maxsize=32)
def _load(name: str, stamp: int | None) -> Scheme:
    """``stamp`` is the file's modification time, so an edited scheme file is read again."""
    try:
        return load_scheme(name)
    except XlDtiError as exc:
        raise _one_line(exc, name) from None


def _one_line(exc: XlDtiError, file: str = "") -> CellError:
    """The first problem, and how many more there are: a cell has room for one line."""
    first = exc.problems[0]
    if len(exc.problems) == 1:
        return CellError(first)
    return _fail("function.scheme_problems", first=str(first), more=len(exc.problems) - 1, file=file)


def _grader(value: CellValue) -> Callable[[Decimal], str]:
    """How to grade: by a band range as it is, or by the scheme's bands after its rounding."""
    bands = _bands(value)
    if bands is not None:
        return lambda number: _band_label(bands, number)
    loaded = _scheme(value)
    if not loaded.grades:
        raise _fail("usage.no_grades", scheme=loaded.id)
    return lambda number: grade_value(loaded, number) or ""


def _bands(value: CellValue) -> list[Band] | None:
    """The bands of a (min, label) range, highest first; ``None`` when ``value`` is one cell (a scheme)."""
    rows = value if isinstance(value, list) else [[value]]
    if len(rows) == 1 and len(_cells(rows[0])) == 1:
        return None
    bands: list[Band] = []
    for number, row in enumerate(rows, start=1):
        cells = _cells(row)
        if all(_blank(c) for c in cells):
            continue
        if len(cells) != 2:
            raise _fail("function.bad_bands", detail=f"row {number} has {len(cells)} cells, not 2")
        low, label = cells
        if _blank(label):
            raise _fail("function.bad_bands", detail=f"row {number} has no label")
        try:
            bands.append((None if _blank(low) else to_decimal(low), str(label).strip()))
        except ValueError:
            raise _fail("function.bad_bands", detail=f"row {number}: '{low}' is not a number") from None
    return _ordered(bands)


def _ordered(bands: list[Band]) -> list[Band]:
    if not bands:
        raise _fail("function.bad_bands", detail="is empty")
    mins = [low for low, _ in bands if low is not None]
    if len(bands) - len(mins) > 1:
        raise _fail("function.bad_bands", detail="has more than one band with an empty min")
    repeated = sorted({m for m in mins if mins.count(m) > 1})
    if repeated:
        raise _fail("function.bad_bands", detail=f"has two bands from {plain(repeated[0])}")
    return sorted(bands, key=lambda band: (band[0] is None, -(band[0] or ZERO)))


def _band_label(bands: list[Band], value: Decimal) -> str:
    """The first band, highest first, whose min the value reaches (as ``Scheme.grade``)."""
    for low, label in bands:
        if low is None or value >= low:
            return label
    raise _fail("function.below_bands", value=plain(value), lowest=plain(bands[-1][0] or ZERO))


# --- results -------------------------------------------------------------------------------------


def _applicable_max(scheme: Scheme, max_points: Decimal, na_max: Decimal) -> Decimal:
    if max_points != scheme.total_max:
        raise _fail("function.max_mismatch", max=plain(max_points), scheme=scheme.id,
                    scheme_max=plain(scheme.total_max))
    if not ZERO <= na_max <= max_points:
        raise _fail("function.na_max_range", na_max=plain(na_max), max=plain(max_points))
    return max_points - na_max


def _kept_in_range(scheme: Scheme, total: Decimal, applicable: Decimal) -> Decimal:
    """The engine's rule: a total is kept within 0..applicable max unless the scheme allows more."""
    kept = max(ZERO, total)
    return kept if scheme.allow_above_max else min(kept, applicable)
