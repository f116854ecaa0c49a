"""Exact decimal arithmetic: half-up rounding as Excel's ROUND, and number parsing and display."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from functools import lru_cache

ZERO = Decimal(0)
ONE = Decimal(1)


def to_decimal(value: object) -> Decimal:
    """Convert an int, float, Decimal or numeric string to an exact Decimal.

    Floats go through ``repr`` (their shortest round-tripping text), so ``2.675`` is the decimal
    2.675 a person typed, not the binary 2.67499999… it is stored as.

    Raises:
        ValueError: for booleans, non-finite values and anything that is not a number.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is a boolean, not a number")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
    else:
        raise ValueError(f"{value!r} is not a number")
    if not result.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    return result


_ROUNDING = Context(prec=50, rounding=ROUND_HALF_UP)
_DIVISION = Context(prec=34)
_EXPONENTS = {decimals: Decimal(1).scaleb(-decimals) for decimals in range(0, 12)}


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Round as Excel's ROUND does: halves away from zero (2.675 → 2.68, 2.5 → 3, -2.5 → -3)."""
    return value.quantize(_EXPONENTS.get(decimals) or Decimal(1).scaleb(-decimals), context=_ROUNDING)


def divide(numerator: Decimal, denominator: Decimal) -> Decimal:
    """Divide with 34 significant digits, enough that rounding to a few decimals is exact in practice."""
    return _DIVISION.divide(numerator, denominator)


@lru_cache(maxsize=16384, typed=True)  # outputs show the same few points values thousands of times
def plain(value: Decimal | int | float) -> str:
    """Display a number without exponent or trailing zeros: 40, 12.5, 0.0625."""
    number = to_decimal(value)
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def to_json_number(value: Decimal) -> int | float:
    """A JSON number for a Decimal: an int when whole, else the nearest float."""
    return int(value) if value == value.to_integral_value() else float(value)


def vn(value: Decimal | int | float) -> str:
    """Display a number the Vietnamese way, with a decimal comma: 0,5; 12,25; 40."""
    return plain(value).replace(".", ",")


_SPREADSHEET_MAX = Decimal("1.7976931348623157E+308")  # the largest number a spreadsheet cell can hold


def excel_precision(value: Decimal) -> Decimal:
    """A number as a spreadsheet means it: at most 15 significant digits (9.380000000000001 → 9.38).

    A number no spreadsheet can hold (``1E+400``, ``1E+9999999``) is infinite, as it is to Excel, and a
    NaN is a quiet one (a signalling NaN raises when compared); both are then refused as not finite,
    never expanded into digits. A number too small for a spreadsheet is 0, as Excel shows it.
    """
    if value.is_nan():
        return Decimal("NaN")
    if value.is_infinite():
        return value
    if value.adjusted() >= 308 and value.copy_abs() > _SPREADSHEET_MAX:  # no arithmetic: it could overflow
        return Decimal("-Infinity") if value.is_signed() else Decimal("Infinity")
    if value and value.adjusted() < -324:
        return Decimal(0)
    if len(value.as_tuple().digits) <= 15:
        return value
    return Decimal(format(float(value), ".15g"))
