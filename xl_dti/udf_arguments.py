"""Read the spreadsheet functions' arguments as Excel hands them over: cells, ranges, error values, text numbers.

Every runtime passes an argument as a number (float), text, a boolean, ``None`` for an empty cell
(some older Excel builds send 0 instead: see docs/excel-functions.md) or, for a range, a list of
rows; error cells arrive as their text (``#N/A``) because the functions ask xlwings for
``err_to_str``. A number typed as text is read exactly as consolidation reads a unit's input
(``xl_dti.text_numbers``). Nothing here knows a runtime: ``xl_dti.udfs`` is the shell.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeAlias

from xlwings import XlwingsError

from xl_dti.answers import is_na_word
from xl_dti.decimals import plain, to_decimal
from xl_dti.errors import Problem, UsageError
from xl_dti.scheme.rules import NO_WORDS, YES_WORDS, PartsRule, RatioRule, normalize_label
from xl_dti.scheme.rules.base import RuleBase
from xl_dti.text_numbers import read_text_number, visible

CellValue: TypeAlias = Any
"""A value as Excel passes it (number, text, bool, None) or returns it; ``Any`` is xlwings' pass-through converter."""

ERROR_VALUES = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
    "#CONNECT!", "#BLOCKED!", "#UNKNOWN!", "#FIELD!", "#CALC!", "#BUSY!", "#PYTHON!",
})
"""Excel's error values as xlwings passes them with ``err_to_str`` (Office.js's ``basicValue``)."""

LIMIT = Decimal("1e15")
"""Numbers this large or larger are refused: Excel keeps 15 significant digits, and no score is near it."""


class CellError(UsageError, XlwingsError):
    """An argument a spreadsheet function cannot use; ``str()`` is the one line the cell shows.

    An ``xlwings.XlwingsError``, so that xlwings Server passes its text on to the cell (any other
    exception becomes "An error occurred." in production, and the call is retried three times).
    The text is Vietnamese; the functions' own messages add the English after `` / ``.

    Attributes:
        code: the stable message code (tests assert it).
    """

    def __init__(self, problem: Problem, code: str | None = None) -> None:
        super().__init__([problem])
        self.code = code or problem.code
        self.text = cell_text(problem)

    def __str__(self) -> str:
        return self.text


def cell_text(problem: Problem) -> str:
    """A problem as the one line a cell shows."""
    return str(problem).replace("\n", " ")


class ErrorInput(Exception):
    """An input cell holds an Excel error: the function's result is that error, as with SUM."""

    def __init__(self, value: str) -> None:
        super().__init__(value)
        self.value = value


def fail(message: str, /, **params: object) -> CellError:
    """The error for a message code."""
    return CellError(Problem(message, params=params))


def error_value(value: CellValue) -> str | None:
    """The Excel error a cell holds (``#N/A``), if it holds one."""
    return value if isinstance(value, str) and value in ERROR_VALUES else None


def rows(value: CellValue) -> list[list[CellValue]]:
    """A range as its rows: one value is a one-cell range, and a plain list one row (xlwings Server flattens a
    one-row range on its way in, where the other runtimes pass rows as they are)."""
    if not isinstance(value, list | tuple):
        return [[value]]
    if any(isinstance(row, list | tuple) for row in value):
        return [list(row) if isinstance(row, list | tuple) else [row] for row in value]
    return [list(value)]


def cells(value: CellValue) -> list[CellValue]:
    """A range's values row by row (a single value is a one-cell range; an empty argument none)."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [excel_cell(cell) for row in value for cell in (row if isinstance(row, list | tuple) else [row])]
    return [excel_cell(value)]


def excel_cell(value: CellValue) -> CellValue:
    """A cell as Office.js sends it unconverted: ``""`` is empty, an error or data type its basic value (``#N/A``).

    The server takes ranges unconverted (``raw``): xlwings' own conversion costs about 1 ms a cell
    outside Pyodide, some 15 minutes for a whole column. Values already converted pass unchanged.
    """
    if isinstance(value, dict):
        return value.get("basicValue")
    return None if isinstance(value, str) and value == "" else value


def checked_cells(value: CellValue) -> list[CellValue]:
    """A range's values; the first error cell, in reading order, stops the function with that error."""
    found = cells(value)
    for cell in found:
        if error_value(cell):
            raise ErrorInput(cell)
    return found


def single(argument: str, value: CellValue) -> CellValue:
    """The one cell of an argument (``None`` when empty)."""
    found = checked_cells(value)
    if len(found) > 1:
        raise fail("function.one_cell", argument=argument, cells=len(found))
    return found[0] if found else None


def blank(value: CellValue) -> bool:
    """An empty cell: nothing, or text of spaces and invisible characters only (as consolidation reads it)."""
    return value is None or (isinstance(value, str) and not visible(value))


def is_text(value: CellValue) -> bool:
    """Text that is not a number (a scheme id where a number could also stand)."""
    return isinstance(value, str) and read_text_number(value).reading == "text"


def number_of(argument: str, cell: CellValue) -> Decimal:
    """One cell's number: a number as it is, text as consolidation reads it; within ±``LIMIT``."""
    if isinstance(cell, str):
        read = read_text_number(cell)
        if read.reading == "ambiguous":
            raise fail("function.ambiguous", argument=argument, value=cell)
        if read.number is None:
            raise fail("function.not_number", argument=argument, value=cell)
        number = read.number
    else:
        try:
            number = to_decimal(cell)
        except ValueError:
            raise fail("function.not_number", argument=argument, value=cell) from None
    return within_limit(argument, number)


def within_limit(argument: str, number: Decimal) -> Decimal:
    """``number``, or the out-of-range error when it is ``LIMIT`` or more in size."""
    if abs(number) >= LIMIT:
        raise fail("function.out_of_range", argument=argument, value=f"{number:.6g}")
    return number


def number(argument: str, value: CellValue) -> Decimal:
    """The number in a one-cell argument."""
    return number_of(argument, single(argument, value))


def optional_number(argument: str, value: CellValue) -> Decimal | None:
    """The number in a one-cell argument, ``None`` when it is empty."""
    cell = single(argument, value)
    return None if blank(cell) else number_of(argument, cell)


def flagged(flag: CellValue) -> bool:
    """Whether a na_flags cell marks its row not applicable (TRUE, x, N/A, Có, a non-zero number)."""
    if blank(flag) or flag is False:
        return False
    if flag is True or is_na_word(flag):
        return True
    if isinstance(flag, int | float):
        return flag != 0
    word = normalize_label(str(flag))
    if word in YES_WORDS or word in NO_WORDS:
        return word in YES_WORDS
    raise fail("function.bad_flag", value=flag)


def code_of(value: CellValue) -> str:
    """An indicator code as typed: ``2.1`` typed as a number is the code "2.1"."""
    code = single("code", value)
    if isinstance(code, int | float) and not isinstance(code, bool):
        return plain(code)
    return "" if code is None else str(code).strip()


def answer_of(code: str, rule: RuleBase | None, input1: CellValue, input2: CellValue) -> object:
    """The raw answer the engine reads: a pair for ratios, a list for a range of ticked parts.

    Each input is read as consolidation reads the matching input cell: where the rule takes a
    number, text such as ``8,5`` is that number and ``1.000`` is refused as ambiguous.
    """
    numeric = numeric_inputs(rule)
    if isinstance(rule, PartsRule) and len(cells(input1)) > 1:
        first: object = [_excel_value(v) for v in checked_cells(input1) if not blank(v)]
    else:
        first = _answer_cell("input1", single("input1", input1), numeric[0])
    second_cell = single("input2", input2)
    if rule is not None and not isinstance(rule, RatioRule) and second_cell == 0:
        second_cell = None  # an empty input2 cell that an older Excel sends as 0: no other rule takes one
    second = _answer_cell("input2", second_cell, numeric[1])
    if blank(second):
        return first
    if rule is not None and not isinstance(rule, RatioRule):
        raise fail("function.second_input", code=code, rule=getattr(rule, "rule", ""))
    return (first, second)


def numeric_inputs(rule: RuleBase | None) -> tuple[bool, bool]:
    """Whether input1 and input2 take numbers under ``rule`` (the engine's input specs say)."""
    if rule is None:
        return (False, False)
    kinds = [spec.kind in ("number", "whole") for spec in rule.input_specs(Decimal(1))]
    return (kinds[0] if kinds else False, kinds[1] if len(kinds) > 1 else False)


def _answer_cell(argument: str, cell: CellValue, numeric: bool) -> CellValue:
    if numeric and isinstance(cell, str) and not is_na_word(cell):
        read = read_text_number(cell)
        if read.reading == "ambiguous":
            raise fail("function.ambiguous", argument=argument, value=cell)
        if read.reading == "unusual":  # 1e999999: consolidation refuses it, and so do the functions
            raise fail("function.not_number", argument=argument, value=cell)
        if read.number is not None:
            return _excel_value(within_limit(argument, read.number))
    if isinstance(cell, float | int) and not isinstance(cell, bool):
        within_limit(argument, to_decimal(cell))
    return _excel_value(cell)


def _excel_value(value: CellValue) -> CellValue:
    """An answer cell as the engine reads answers: blank is none, numbers exact, whole ones without '.0' (1.0 → 1)."""
    if blank(value):
        return None
    if isinstance(value, float | Decimal):
        found = to_decimal(value)
        return found.to_integral_value() if found == found.to_integral_value() else found
    return value
