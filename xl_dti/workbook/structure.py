"""The structure fingerprint: what a unit must not change, hashed (codes, names, max points, formulas).

The fingerprint covers every non-empty cell of the form, summary and lists sheets except the
cells units fill in. It is computed the same way on the generated workbook and on a returned
one; formulas are compared in a canonical spelling, so an honest re-save by LibreOffice (which
drops the quotes around ``'_lists'``) or Gnumeric (which writes 0.8 as 0.800000000000000000011)
keeps the fingerprint.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Collection, Iterable, Sequence
from decimal import Decimal
from functools import lru_cache

from openpyxl.workbook.workbook import Workbook

from xl_dti.decimals import excel_precision, plain, to_decimal
from xl_dti.workbook.layout import FORM_SHEET, LISTS_SHEET, SUMMARY_SHEET

FINGERPRINTED_SHEETS = (FORM_SHEET, SUMMARY_SHEET, LISTS_SHEET)
_QUOTED_SHEET = re.compile(r"'([A-Za-z_][A-Za-z0-9_.]*)'!")
_STRING_OR_REST = re.compile(r'("(?:[^"]|"")*")|([^"]+)')

Cell = tuple[str, str]  # sheet, coordinate


def _unquoted(found: re.Match[str]) -> str:
    return found[1] + "!"


# a number written in a formula (not the digits of a reference such as E23, $E$1 or LOG10)
_NUMBER = re.compile(r"(?<![\w$.])(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,2})?(?![\w.(])")


def _number(found: re.Match[str]) -> str:
    return plain(excel_precision(Decimal(found[0])))


def canonical_formula(formula: str) -> str:
    """A formula in one spelling: no spaces outside strings, no quotes around plain sheet names,
    numbers as a spreadsheet holds them (Gnumeric writes 0.8 as 0.800000000000000000011)."""
    parts = []
    for string, rest in _STRING_OR_REST.findall(formula):
        parts.append(string if string else _NUMBER.sub(_number, _QUOTED_SHEET.sub(_unquoted, rest.replace(" ", ""))))
    return "".join(parts)


@lru_cache(maxsize=65536, typed=True)  # a round repeats the same locked values (typed: True is not 1)
def canonical_value(value: object) -> str:
    """A cell value as the fingerprint sees it: typed, numbers exact, formulas canonical."""
    if isinstance(value, bool):
        return f"b:{value}"
    if isinstance(value, int | float | Decimal):
        try:
            return f"n:{plain(excel_precision(to_decimal(value)))}"
        except ValueError:  # NaN, or a number no spreadsheet holds: a value of its own, equal to no number
            return f"n:{value}"
    if isinstance(value, str) and value.startswith("="):
        return f"f:{canonical_formula(value)}"
    return f"s:{value}"


def structure_content(
    workbook: Workbook, inputs: Collection[Cell] = (), sheets: Sequence[str] = FINGERPRINTED_SHEETS
) -> Iterable[tuple[str, str, str]]:
    """(sheet, cell, canonical value) for every non-empty cell of ``sheets``, except ``inputs``."""
    for title in sheets:
        if title not in workbook.sheetnames:
            continue
        for row in workbook[title].iter_rows():
            for target in row:
                if target.value is None or target.value == "" or (title, target.coordinate) in inputs:
                    continue
                yield title, target.coordinate, canonical_value(target.value)


def fingerprint_of(content: Iterable[tuple[str, str, str]]) -> str:
    """SHA-256 over structure content, in the order given (sheet, then row, then column)."""
    return fingerprint_of_entries(fingerprint_entry(sheet, coordinate, value) for sheet, coordinate, value in content)


def fingerprint_entry(sheet: str, coordinate: str, value: str) -> bytes:
    """One cell's share of what a structure fingerprint hashes (``value``: its canonical value)."""
    return f"{sheet}\x1f{coordinate}\x1f{value}\x1e".encode()


def fingerprint_of_entries(entries: Iterable[bytes]) -> str:
    """``fingerprint_of`` over the cells' entries (``fingerprint_entry``), in order."""
    return hashlib.sha256(b"".join(entries)).hexdigest()


def values_fingerprint(content: Iterable[tuple[str, str, str]]) -> str:
    """``fingerprint_of`` with each formula reduced to the fact that it is one: what an honest re-save
    as .ods keeps (it spells formulas its own way, and their values are recomputed anyway)."""
    return fingerprint_of((sheet, coordinate, "f" if value.startswith("f:") else value)
                          for sheet, coordinate, value in content)


def structure_fingerprint(
    workbook: Workbook, inputs: Collection[Cell] = (), sheets: Sequence[str] = FINGERPRINTED_SHEETS
) -> str:
    """The fingerprint of a workbook's structure (``inputs``: the cells people fill, left out)."""
    return fingerprint_of(structure_content(workbook, inputs, sheets))


def signature(secret: str, unit_code: str, year: int, scheme_fingerprint: str, structure: str, *extra: str) -> str:
    """HMAC-SHA256, keyed with the unit's secret, over what ties a workbook to its unit and round
    (``extra``: more it is tied to, e.g. the SHA-256 of the submission an appraisal is about)."""
    message = "\n".join((unit_code, str(year), scheme_fingerprint, structure, *extra))
    return hmac.new(bytes.fromhex(secret), message.encode("utf-8"), hashlib.sha256).hexdigest()
