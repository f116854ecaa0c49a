"""The units register: read a CSV or XLSX list of units and check it against a scheme."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from xl_dti.errors import Problem, XlDtiError
from xl_dti.excel import text_problem
from xl_dti.scheme.model import Scheme

COLUMNS: dict[str, tuple[str, ...]] = {
    # field: its Vietnamese header, then the other headers accepted (matched ignoring case, diacritics, spaces)
    "code": ("Mã", "Mã đơn vị", "code"),
    "name": ("Tên đơn vị", "Tên", "name"),
    "group": ("Nhóm", "Nhóm đơn vị", "group"),
    "email": ("Email", "E-mail", "Thư điện tử", "email"),
    "parent": ("Đơn vị cấp trên", "Cấp trên", "parent"),
    "predecessors": ("Đơn vị cũ", "don_vi_cu", "predecessors"),  # last year's codes, separated by ';'
}
REQUIRED_COLUMNS = ("code", "name", "group")
SEPARATORS = (",", ";")  # Excel in a Vietnamese locale saves "CSV" with ';'
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class UnitsError(XlDtiError, ValueError):
    """A units file that cannot be used, with every problem found in it."""


@dataclass(frozen=True)
class Unit:
    """A unit evaluated under the scheme: a department, district or commune committee."""

    code: str
    name: str
    group: str | None
    email: str = ""
    parent: str = ""
    predecessors: tuple[str, ...] = ()
    """Last year's unit codes this unit continues: one for a renamed unit, several for a merger."""


def read_units(path: Path, scheme: Scheme) -> list[Unit]:
    """Read and check a units file (CSV in UTF-8 with or without BOM, ``,`` or ``;`` separated, or
    XLSX; header on line 1).

    Args:
        path: the file; columns ``Mã``, ``Tên đơn vị``, ``Nhóm`` and optionally ``Email``, ``Đơn vị cấp
            trên`` (or their English names ``code``, ``name``, ``group``, ``email``, ``parent``; see ``COLUMNS``).
        scheme: the scheme the units are evaluated under (its groups are checked).

    Returns:
        The units, in file order.

    Raises:
        UnitsError: with every problem found, each located as ``units.csv:7`` or ``units.xlsx › 'Sheet'!A7``.
    """
    rows, locate = _read_rows(path)
    problems: list[Problem] = []
    column = header_columns(rows[0] if rows else [])
    missing = [c for c in REQUIRED_COLUMNS if c not in column and not (c == "group" and not scheme.groups)]
    if missing:
        found = ", ".join(h.strip() for h in (rows[0] if rows else []) if h.strip()) or "(trống)"
        params = {"missing": ", ".join(COLUMNS[c][0] for c in missing), "found": found,
                  "accepted": "; ".join(" / ".join(COLUMNS[c]) for c in missing)}
        raise UnitsError([Problem("units.missing_column", locate(1, 0), params)])
    units: list[Unit] = []
    first_line: dict[str, int] = {}
    for line, values in enumerate(rows[1:], start=2):
        def value(name: str, values: list[str] = values) -> str:
            index = column.get(name)
            return _clean(values[index]) if index is not None and index < len(values) else ""

        if not any(v.strip() for v in values):
            continue
        unit = Unit(value("code"), value("name"), value("group") or None, value("email"), value("parent"),
                    _codes(value("predecessors")))
        def where(name: str, line: int = line) -> str:
            return locate(line, column.get(name, 0))

        problems += _check_unit(unit, scheme, first_line, where) + _check_predecessors(unit, where("predecessors"))
        first_line.setdefault(unit.code, line)
        units.append(unit)
    if not units and not problems:
        problems.append(Problem("units.empty", locate(1, 0)))
    if problems:
        raise UnitsError(problems)
    return units


def _check_unit(
    unit: Unit, scheme: Scheme, first_line: dict[str, int], where: Callable[[str], str]
) -> list[Problem]:
    found: list[Problem] = []
    for name in ("code", "name", "group", "email", "parent"):
        problem = text_problem(getattr(unit, name) or "")
        if problem:
            found.append(Problem(problem[0], where(name), problem[1]))
    if not unit.code:
        found.append(Problem("units.empty_code", where("code")))
    elif not _CODE.match(unit.code):
        found.append(Problem("units.bad_code", where("code"), {"code": unit.code}))
    elif unit.code in first_line:
        params = {"code": unit.code, "first": first_line[unit.code]}
        found.append(Problem("units.duplicate_code", where("code"), params))
    if not unit.name:
        found.append(Problem("units.empty_name", where("name"), {"code": unit.code}))
    known = ", ".join(scheme.group_codes)
    if scheme.groups and unit.group is None:
        found.append(Problem("units.group_required", where("group"), {"known": known}))
    elif unit.group is not None and scheme.group(unit.group) is None:
        params = {"group": unit.group, "known": known or "(không có)"}
        found.append(Problem("units.unknown_group", where("group"), params))
    return found


def _codes(text: str) -> tuple[str, ...]:
    """``"a; b;"`` → ``("a", "b")``: last year's codes, in the order written."""
    return tuple(dict.fromkeys(code.strip() for code in text.split(";") if code.strip()))


def _check_predecessors(unit: Unit, where: str) -> list[Problem]:
    return [Problem("units.bad_predecessor", where, {"code": unit.code, "predecessor": p})
            for p in unit.predecessors if not _CODE.match(p)]


def header_columns(header: list[str]) -> dict[str, int]:
    """Which column holds each field (``COLUMNS``), from the header row; the first match wins."""
    accepted = {_header_key(name): field for field, names in COLUMNS.items() for name in names}
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        field = accepted.get(_header_key(title))
        if field is not None:
            found.setdefault(field, index)
    return found


def _header_key(title: object) -> str:
    # "MÃ ĐƠN VỊ ", "ma don vi" and "Mã đơn vị" name the same column
    text = unicodedata.normalize("NFD", str(title or "")).replace("đ", "d").replace("Đ", "D")
    bare = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


def _clean(value: object) -> str:
    return unicodedata.normalize("NFC", "" if value is None else str(value)).strip()


def _read_rows(path: Path) -> tuple[list[list[str]], Callable[[int, int], str]]:
    if not path.exists():
        raise UnitsError([Problem("file.not_found", str(path))])
    if path.suffix.lower() == ".xlsx":
        return _xlsx_rows(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnitsError([Problem("file.unreadable", str(path), {"detail": exc.strerror or exc})]) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:200]:
        raise UnitsError([Problem("units.encoding", str(path), {"encoding": "UTF-16 (Unicode Text)"})])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnitsError([Problem("units.encoding", str(path), {"encoding": "ANSI/Windows-1258"})]) from None
    rows = _csv_rows(text, path)
    return rows, lambda line, _column: f"{path}:{line}"


def _csv_rows(text: str, path: Path) -> list[list[str]]:
    # the separator is the one whose header row names the most known columns (',' on a tie)
    first = text.splitlines()[0] if text else ""
    reader = None
    try:
        separator = max(SEPARATORS, key=lambda s: len(header_columns(next(csv.reader([first], delimiter=s), []))))
        reader = csv.reader(io.StringIO(text), delimiter=separator)
        return [list(r) for r in reader]
    except csv.Error as exc:  # a field past the csv module's limit: located, never a crash
        line = reader.line_num if reader else 1
        raise UnitsError([Problem("units.bad_csv", f"{path}:{line}", {"detail": exc})]) from None


def _xlsx_rows(path: Path) -> tuple[list[list[str]], Callable[[int, int], str]]:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise UnitsError([Problem("file.unreadable", str(path), {"detail": exc})]) from None
    sheet = workbook.worksheets[0]
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    title = sheet.title.replace("'", "''")
    workbook.close()
    return rows, lambda line, column: f"{path} › '{title}'!{get_column_letter(column + 1)}{line}"
