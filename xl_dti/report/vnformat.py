"""Numbers written the Vietnamese way: decimal comma, dot between thousands, the scheme's decimals."""

from __future__ import annotations

from decimal import Decimal

from xl_dti.decimals import round_half_up, to_decimal
from xl_dti.report.model import ResultMode


def vn_number(value: Decimal | int, decimals: int) -> str:
    """``234.66`` → ``234,66``; ``1000`` with 2 decimals → ``1.000,00``; half-up as Excel's ROUND.

    Args:
        value: the number.
        decimals: how many decimals to show (the scheme's, so columns line up).

    Returns:
        The number as Vietnamese text.
    """
    number = round_half_up(to_decimal(value), decimals)
    sign = "-" if number < 0 else ""
    whole, _, fraction = format(abs(number), "f").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + fraction if fraction else "")


def vn_signed(value: Decimal | int, decimals: int) -> str:
    """A change with its sign: ``+24,16``, ``-3,50``, ``0,00``."""
    text = vn_number(value, decimals)
    zero = round_half_up(to_decimal(value), decimals) == 0
    return text if zero or text.startswith("-") else "+" + text


def vn_result(value: Decimal | int | None, mode: ResultMode, decimals: int) -> str:
    """A result as the page shows it: points and indices as numbers, percentages with ``%``; ``—`` when none."""
    if value is None:
        return "—"
    text = vn_number(value, decimals)
    return text + "%" if mode == "percent" else text


def score_phrase(value: Decimal | int | None, mode: ResultMode, decimals: int) -> str:
    """A result in a sentence: ``234,66 điểm``, ``87,50%``, ``chỉ số 0,6523``."""
    text = vn_result(value, mode, decimals)
    if mode == "points":
        return f"{text} điểm"
    if mode == "percent":
        return text
    return f"chỉ số {text}"
