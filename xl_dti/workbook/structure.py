"""The structure fingerprint: what a unit must not change, hashed (codes, names, max points, formulas)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from decimal import Decimal

from openpyxl.workbook.workbook import Workbook

from xl_dti.decimals import plain, to_decimal
from xl_dti.workbook.layout import FORM_SHEET, LISTS_SHEET, SUMMARY_SHEET

FINGERPRINTED_SHEETS = (FORM_SHEET, SUMMARY_SHEET, LISTS_SHEET)


def locked_content(workbook: Workbook) -> Iterable[tuple[str, str, str]]:
    """(sheet, cell, canonical value) for every locked, non-empty cell of the fingerprinted sheets."""
    for title in FINGERPRINTED_SHEETS:
        for row in workbook[title].iter_rows():
            for target in row:
                if target.value is None or not target.protection.locked:
                    continue
                yield title, target.coordinate, _canonical(target.value)


def _canonical(value: object) -> str:
    if isinstance(value, bool):
        return f"b:{value}"
    if isinstance(value, int | float | Decimal):
        return f"n:{plain(to_decimal(value))}"
    return f"s:{value}"


def structure_fingerprint(workbook: Workbook) -> str:
    """SHA-256 over the locked content, in sheet and cell order."""
    digest = hashlib.sha256()
    for sheet, coordinate, value in locked_content(workbook):
        digest.update(f"{sheet}\x1f{coordinate}\x1f{value}\x1e".encode())
    return digest.hexdigest()


def signature(secret: str, unit_code: str, year: int, scheme_fingerprint: str, structure: str) -> str:
    """HMAC-SHA256, keyed with the unit's secret, over what ties a workbook to its unit and round."""
    message = "\n".join((unit_code, str(year), scheme_fingerprint, structure))
    return hmac.new(bytes.fromhex(secret), message.encode("utf-8"), hashlib.sha256).hexdigest()
