from decimal import Decimal

import pytest

from xl_dti.decimals import plain, round_half_up, to_decimal, vn


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        pytest.param("2.675", 2, "2.68", id="2.675-up-not-banker"),
        pytest.param("2.5", 0, "3", id="half-to-3"),
        pytest.param("3.5", 0, "4", id="half-to-4"),
        pytest.param("-2.5", 0, "-3", id="negative-away-from-zero"),
        pytest.param("219.994999", 2, "219.99", id="below-half"),
        pytest.param("219.995", 2, "220.00", id="exact-half-at-band-edge"),
        pytest.param("0.12345", 4, "0.1235", id="index-4-decimals"),
        pytest.param("1", 2, "1.00", id="pads"),
    ],
)
def test_round_half_up(value: str, decimals: int, expected: str) -> None:
    """Compared as text: ``Decimal("1") == Decimal("1.00")``, so equality alone would not see the padding."""
    assert str(round_half_up(Decimal(value), decimals)) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(2.675, "2.675"), (10, "10"), ("8.5", "8.5"), (Decimal("0.1"), "0.1"), (" 7 ", "7")],
)
def test_to_decimal_keeps_the_typed_value(raw: object, expected: str) -> None:
    assert to_decimal(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", [True, float("nan"), float("inf"), "8,5", "abc", None, [1]])
def test_to_decimal_rejects_non_numbers(raw: object) -> None:
    with pytest.raises(ValueError):
        to_decimal(raw)


@pytest.mark.parametrize(("value", "text", "vietnamese"), [("40.00", "40", "40"), ("12.50", "12.5", "12,5")])
def test_display(value: str, text: str, vietnamese: str) -> None:
    assert plain(Decimal(value)) == text
    assert vn(Decimal(value)) == vietnamese
