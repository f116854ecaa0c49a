"""A small evaluator of the Excel expressions the rule classes write, for fast tests of their formulas.

It knows only what the rules use (IF, IFERROR, AND, OR, ISNUMBER, ISTEXT, TRIM, ABS, ROUND, INT, MIN,
SUMPRODUCT, LOOKUP; arithmetic, comparison, array constants, ranges over a column) with Excel's own semantics
where they matter to a score: a blank cell is 0 in arithmetic and "" in text, text compares with text ignoring
case, text never equals a number, TRUE*1 is 1, an error propagates until IFERROR, IF evaluates only the branch
taken. The real check stays LibreOffice and Gnumeric recalculating whole workbooks (tests/test_differential.py,
slow); this one lets every rule's formula be tried on a table of inputs in milliseconds.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils.cell import coordinate_from_string, range_boundaries


class ExcelError(Exception):
    """An Excel error value (#DIV/0!, #N/A, #VALUE!), raised until IFERROR catches it."""


Blank = type(None)


@dataclass
class _Node:
    kind: str  # "value", "cell", "range", "array", "call", "op", "neg", "pct"
    value: Any = None
    children: tuple[_Node, ...] = ()


class _Parser:
    def __init__(self, formula: str) -> None:
        self.tokens = [t for t in Tokenizer(formula if formula.startswith("=") else "=" + formula).items
                       if t.type != Token.WSPACE]
        self.at = 0

    def peek(self) -> Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def parse(self) -> _Node:
        node = self.binary(0)
        if self.peek() is not None:
            raise AssertionError(f"unexpected {self.peek()!r}")
        return node

    LEVELS = (("=", "<>", "<", ">", "<=", ">="), ("&",), ("+", "-"), ("*", "/"), ("^",))

    def binary(self, level: int) -> _Node:
        if level == len(self.LEVELS):
            return self.unary()
        node = self.binary(level + 1)
        while (token := self.peek()) is not None and token.type == Token.OP_IN and token.value in self.LEVELS[level]:
            self.take()
            node = _Node("op", token.value, (node, self.binary(level + 1)))
        return node

    def unary(self) -> _Node:
        token = self.peek()
        if token is not None and token.type == Token.OP_PRE:
            self.take()
            operand = self.unary()
            return _Node("neg", None, (operand,)) if token.value == "-" else operand
        node = self.primary()
        while (token := self.peek()) is not None and token.type == Token.OP_POST:
            self.take()
            node = _Node("pct", None, (node,))
        return node

    def primary(self) -> _Node:
        token = self.take()
        if token.type == Token.PAREN and token.value == "(":
            node = self.binary(0)
            self.take()
            return node
        if token.type == Token.FUNC and token.subtype == Token.OPEN:
            name, arguments = token.value[:-1].upper(), []
            if name == "":  # an array constant {1,2,3}
                raise AssertionError("array constants are read as operands")
            while not ((t := self.peek()) is not None and t.type == Token.FUNC and t.subtype == Token.CLOSE):
                arguments.append(self.binary(0))
                if (t := self.peek()) is not None and t.type == Token.SEP:
                    self.take()
            self.take()
            return _Node("call", name, tuple(arguments))
        if token.type == Token.OPERAND:
            if token.subtype == Token.NUMBER:
                return _Node("value", float(token.value))
            if token.subtype == Token.TEXT:
                return _Node("value", token.value[1:-1].replace('""', '"'))
            if token.subtype == Token.LOGICAL:
                return _Node("value", token.value.upper() == "TRUE")
            if token.subtype == Token.RANGE:
                return _Node("range" if ":" in token.value else "cell", token.value)
        if token.type == Token.ARRAY and token.subtype == Token.OPEN:
            items: list[float] = []
            while (t := self.take()).type != Token.ARRAY:
                if t.type == Token.OPERAND:
                    items.append(float(t.value))
            return _Node("value", items)
        raise AssertionError(f"the evaluator does not know {token.type} {token.value!r}")


def _number(value: Any) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if value is None:
        return 0.0
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value)  # Excel coerces "3" to 3 in arithmetic
    except ValueError:
        raise ExcelError("#VALUE!") from None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value)


def _compare(operator: str, left: Any, right: Any) -> bool:
    left, right = ("" if left is None and isinstance(right, str) else 0.0 if left is None else left,
                   "" if right is None and isinstance(left, str) else 0.0 if right is None else right)
    rank = {bool: 2, str: 1}
    kinds = (rank.get(type(left), 0), rank.get(type(right), 0))
    a: Any
    b: Any
    if kinds[0] != kinds[1]:
        a, b = kinds  # numbers < text < logicals, as Excel orders them
    elif isinstance(left, str):
        a, b = left.casefold(), right.casefold()
    else:
        a, b = _number(left), _number(right)
    return bool({"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[operator])


def _arithmetic(operator: str, left: Any, right: Any) -> Any:
    if operator == "&":
        return _text(left) + _text(right)
    if operator in ("=", "<>", "<", ">", "<=", ">="):
        return _compare(operator, left, right)
    a, b = _number(left), _number(right)
    if operator == "/":
        if b == 0:
            raise ExcelError("#DIV/0!")
        return a / b
    operations: dict[str, Callable[[float, float], float]] = {
        "+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y, "^": lambda x, y: float(x ** y)}
    return operations[operator](a, b)


def _elementwise(function: Callable[[Any, Any], Any], left: Any, right: Any) -> Any:
    if isinstance(left, list) or isinstance(right, list):
        size = len(left) if isinstance(left, list) else len(right)
        lefts = left if isinstance(left, list) else [left] * size
        rights = right if isinstance(right, list) else [right] * size
        return [function(a, b) for a, b in zip(lefts, rights, strict=True)]
    return function(left, right)


def _round(value: float, digits: float) -> float:
    """Half away from zero on the value as shown to 15 significant digits, as Excel and LibreOffice round
    (0.12345 held as 0.12344999… still rounds to 0.1235)."""
    shown = Decimal(format(value, ".15g"))
    return float(shown.quantize(Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP))


def _value_error() -> Any:
    raise ExcelError("#VALUE!")


def _lookup(value: Any, keys: list[Any], results: list[Any]) -> Any:
    found = None
    for key, result in zip(keys, results, strict=True):
        if _compare("<=", key, value):
            found = (result,)
    if found is None:
        raise ExcelError("#N/A")
    return found[0]


class Evaluator:
    """Evaluates an expression over cells given as ``{"B5": value, "'_lists'!B2": value}``."""

    def __init__(self, cells: Mapping[str, Any], functions: Mapping[str, Callable[..., Any]] | None = None,
                 formulas: Mapping[str, str] | None = None) -> None:
        """``functions``: more functions by name (an add-in's, called with evaluated arguments, ranges as
        lists); ``formulas``: cells whose value is their formula's, evaluated when referred to."""
        self.cells = {self.key(key): value for key, value in cells.items()}
        self.functions = dict(functions or {})
        self.formulas = {self.key(key): value for key, value in (formulas or {}).items()}
        self.computed: dict[str, Any] = {}
        self.sheet = ""  # the sheet of the formula being evaluated: its bare references are on it

    def __call__(self, formula: str) -> Any:
        return self.evaluate(_Parser(formula).parse())

    def key(self, reference: str) -> str:
        """A reference as the cells are keyed: ``'_lists'!$C$2`` → ``_lists!C2``; a bare one on the sheet of
        the formula being evaluated (bare keys when the cells were given without sheets)."""
        sheet, mark, address = reference.replace("$", "").rpartition("!")
        if not mark:
            return f"{self.sheet}!{address}" if getattr(self, "sheet", "") else address
        if sheet.startswith("'") and sheet.endswith("'"):
            sheet = sheet[1:-1].replace("''", "'")
        return f"{sheet}!{address}"

    def cell(self, reference: str) -> Any:
        key = self.key(reference)
        if key in self.formulas:
            if key not in self.computed:
                outer, self.sheet = getattr(self, "sheet", ""), key.rpartition("!")[0]
                try:
                    self.computed[key] = self(self.formulas[key])
                finally:
                    self.sheet = outer
            return self.computed[key]
        return self.cells.get(key)

    def range(self, reference: str) -> list[Any]:
        sheet, _, area = self.key(reference).rpartition("!")
        low_col, low_row, high_col, high_row = range_boundaries(area)
        assert low_col == high_col, "the rules' ranges are one column"
        column = coordinate_from_string(area.split(":")[0])[0]
        prefix = f"{sheet}!" if sheet else ""
        return [self.cell(f"{prefix}{column}{row}") for row in range(low_row, high_row + 1)]

    def evaluate(self, node: _Node) -> Any:
        if node.kind == "value":
            return node.value
        if node.kind == "cell":
            return self.cell(node.value)
        if node.kind == "range":
            return self.range(node.value)
        if node.kind == "neg":
            return _elementwise(lambda a, _: -_number(a), self.evaluate(node.children[0]), 0)
        if node.kind == "pct":
            return _number(self.evaluate(node.children[0])) / 100
        if node.kind == "op":
            left, right = (self.evaluate(child) for child in node.children)
            return _elementwise(lambda a, b: _arithmetic(node.value, a, b), left, right)
        return self.call(node.value, node.children)

    def call(self, name: str, arguments: tuple[_Node, ...]) -> Any:
        if name == "IF":
            condition = _number(self.evaluate(arguments[0])) != 0
            if condition:
                return self.evaluate(arguments[1])
            return self.evaluate(arguments[2]) if len(arguments) > 2 else False
        if name == "IFERROR":
            try:
                return self.evaluate(arguments[0])
            except ExcelError:
                return self.evaluate(arguments[1])
        values = [self.evaluate(argument) for argument in arguments]
        if name in self.functions:
            return self.functions[name](*values)
        flat = [v for value in values for v in (value if isinstance(value, list) else [value])]
        if name == "AND":
            return all(_number(v) != 0 for v in flat)
        if name == "OR":
            return any(_number(v) != 0 for v in flat)
        if name == "ISNUMBER":
            return isinstance(values[0], int | float) and not isinstance(values[0], bool)
        if name == "ISTEXT":
            return isinstance(values[0], str)
        if name == "TRIM":
            return " ".join(part for part in _text(values[0]).split(" ") if part)  # spaces only, as Excel
        if name == "ABS":
            return abs(_number(values[0]))
        if name == "INT":
            return float(math.floor(_number(values[0])))
        if name == "ROUND":
            return _round(_number(values[0]), _number(values[1]))
        if name in ("MIN", "MAX"):
            numbers = [_number(v) for v in flat if v is not None and not isinstance(v, str)]
            return (min if name == "MIN" else max)(numbers) if numbers else 0.0
        if name == "SUM":
            return sum(_number(v) for v in flat if v is not None and not isinstance(v, str))
        if name == "NOT":
            return _number(values[0]) == 0
        if name == "LEN":
            return float(len(_text(values[0])))
        if name == "LEFT":
            return _text(values[0])[:int(_number(values[1])) if len(values) > 1 else 1]
        if name == "MID":
            start = int(_number(values[1]))
            if start < 1:
                raise ExcelError("#VALUE!")
            return _text(values[0])[start - 1:start - 1 + int(_number(values[2]))]
        if name == "FIND":
            found = _text(values[1]).find(_text(values[0]))
            if found < 0:
                raise ExcelError("#VALUE!")
            return float(found + 1)
        if name == "SUBSTITUTE":
            return _text(values[0]).replace(_text(values[1]), _text(values[2]))
        if name == "VALUE":
            return _number(values[0]) if not isinstance(values[0], str) or values[0].strip() else _value_error()
        if name == "INDEX":
            return values[0][int(_number(values[1])) - 1]
        if name == "MATCH":
            assert len(values) < 3 or _number(values[2]) == 1, "only MATCH(…, 1): the largest not above"
            return float(_lookup(values[0], values[1], list(range(1, len(values[1]) + 1))))
        if name == "SUMPRODUCT":
            return sum(_number(v) for v in flat if not isinstance(v, str))
        if name == "LOOKUP":
            return _lookup(values[0], values[1], values[2])
        raise AssertionError(f"the evaluator does not know {name}()")
