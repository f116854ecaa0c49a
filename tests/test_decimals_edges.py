"""The decimal helpers at their edges: JSON numbers, spreadsheet precision, many decimals, the messages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xl_dti.decimals import excel_precision, round_half_up, to_decimal, to_json_number


@pytest.mark.parametrize(("value", "expected"), [
    ("5", 5), ("5.00", 5), ("-3", -3), ("0", 0), ("2.5", 2.5), ("0.0625", 0.0625), ("-0.5", -0.5),
], ids=["whole", "whole-with-zeros", "negative-whole", "zero", "half", "four-decimals", "negative-half"])
def test_to_json_number(value: str, expected: int | float) -> None:
    found = to_json_number(Decimal(value))
    assert found == expected and type(found) is type(expected)


@pytest.mark.parametrize(("value", "expected"), [
    ("9.380000000000001", "9.38"),  # 16 digits: a float's noise, as a spreadsheet shows it
    ("1.234567890123456", "1.23456789012346"),  # 16 digits: rounded to 15
    ("12345678901234567", "12345678901234600"),
    ("1.23456789012345", "1.23456789012345"),  # 15 digits: as it is
    ("1.00000000000000", "1.00000000000000"),  # 15 digits with zeros: untouched, not normalised
    ("0.1", "0.1"),
    ("Infinity", "Infinity"),
], ids=["float-noise", "sixteen-digits", "big-integer", "fifteen-digits", "fifteen-with-zeros", "short", "infinite"])
def test_excel_precision(value: str, expected: str) -> None:
    found = excel_precision(Decimal(value))
    assert found == Decimal(expected)
    if len(Decimal(value).as_tuple().digits) <= 15 or not Decimal(value).is_finite():
        assert str(found) == expected, "at most 15 digits: returned as it is"


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    ("0.1234567890125", 12, "0.123456789013"),
    ("0.00000000000005", 13, "1E-13"),
    ("2.5", 11, "2.50000000000"),
], ids=["twelve-decimals-half", "thirteen-decimals", "eleven-decimals-pads"])
def test_round_half_up_beyond_the_cached_exponents(value: str, decimals: int, expected: str) -> None:
    assert str(round_half_up(Decimal(value), decimals)) == expected


@pytest.mark.parametrize(("raw", "message"), [
    (True, "True is a boolean, not a number"),
    ("8,5", "'8,5' is not a number"),
    ([1], r"\[1\] is not a number"),
    (float("inf"), "inf is not a finite number"),
])
def test_to_decimal_says_which_value_is_wrong(raw: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        to_decimal(raw)


@pytest.mark.parametrize(("value", "expected"), [
    ("1E+400", "Infinity"),
    ("-1E+400", "-Infinity"),
    ("1.8E+308", "Infinity"),
    ("1E+308", "1E+308"),
    ("1.7976931348623157E+308", "1.79769313486232E+308"),
    ("1E-325", "0"),
    ("-1E-325", "0"),
    ("1E-324", "1E-324"),
    ("0E-400", "0E-400"),
], ids=["too-big", "too-big-negative", "just-above-the-largest", "big-but-held", "the-largest", "too-small",
        "too-small-negative", "the-smallest-kept", "zero-with-a-tiny-exponent"])
def test_excel_precision_at_the_ends_of_what_a_cell_holds(value: str, expected: str) -> None:
    assert str(excel_precision(Decimal(value))) == expected


@pytest.mark.parametrize("value", ["NaN", "sNaN", "-NaN"])
def test_excel_precision_makes_every_nan_a_quiet_one(value: str) -> None:
    found = excel_precision(Decimal(value))
    assert found.is_qnan() and str(found) == "NaN"
