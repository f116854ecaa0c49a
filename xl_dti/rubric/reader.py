"""Read a rubric workbook into tables of raw cell values, each value keeping its sheet and cell.

This is the only module that opens the file. It finds the sheets and their header rows, maps
headers to column keys (YAML keys, or the Vietnamese headers of a secretariat's own table), and
reports what makes a sheet unreadable: missing sheets and columns, unknown or repeated headers,
formulas without a saved value, error values and dates where text was typed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from xl_dti.rubric.cells import Cell, Issue
from xl_dti.rubric.columns import REQUIRED_SHEETS, SHEETS, SheetSpec
from xl_dti.scheme.rules import normalize_label

HEADER_SEARCH_ROWS = 10
"""A secretariat's table may have title lines above its header row; the header is looked for this far down."""
ERROR_VALUES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})


@dataclass
class TableRow:
    """One non-blank row below the header: its row number and its non-blank values by column key."""

    number: int
    values: dict[str, Any]


@dataclass
class Table:
    """One sheet of the rubric as read: where its columns are and its rows."""

    spec: SheetSpec
    order: int
    title: str
    header_row: int
    columns: dict[str, int] = field(default_factory=dict)
    rows: list[TableRow] = field(default_factory=list)

    def cell(self, row: int, key: str | None = None) -> Cell:
        """The cell of column ``key`` on ``row`` (the row's first column when the sheet lacks ``key``)."""
        column = self.columns.get(key, 0) if key else 0
        return Cell(self.order, self.title, row, column or min(self.columns.values(), default=1))

    def header(self, key: str | None = None) -> Cell:
        """The header cell of ``key`` (the header row's first cell when there is no such column)."""
        return self.cell(self.header_row, key)


@dataclass
class Book:
    """The tables found, by the scheme list each holds (``''``: the identity sheet)."""

    file: str
    tables: dict[str, Table] = field(default_factory=dict)
    complete: bool = True


def read_book(path: Path) -> tuple[Book | None, list[Issue]]:
    """Read a rubric workbook's tables.

    Args:
        path: the .xlsx file.

    Returns:
        The tables (``None`` when the file cannot be opened at all) and every issue found;
        ``Book.complete`` is false when a required sheet or column is missing.
    """
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None, [Issue(None, "rubric.not_xlsx")]
    if not path.exists():
        return None, [Issue(None, "file.not_found")]
    try:
        formulas = load_workbook(path)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        return None, [Issue(None, "file.unreadable", {"detail": exc})]
    values = _values_workbook(path, formulas)
    book, issues = Book(str(path)), []
    for spec in SHEETS:
        ws = _find_sheet(formulas, spec)
        if ws is None:
            if spec in REQUIRED_SHEETS:
                found = ", ".join(f"'{t}'" for t in formulas.sheetnames)
                issues.append(Issue(None, "rubric.missing_sheet", {"sheet": spec.title, "found": found,
                                                                    "what": spec.what}))
                book.complete = False
            continue
        order = formulas.sheetnames.index(ws.title)
        table, found_issues = _read_table(spec, order, ws, values[ws.title] if values else None)
        issues += found_issues
        if table is None:
            book.complete = False
        else:
            book.tables[spec.holds] = table
            book.complete = book.complete and not any(i.code == "rubric.missing_column" for i in found_issues)
    return book, issues


def _values_workbook(path: Path, formulas: Workbook) -> Workbook | None:
    """The saved values of formula cells, read only when the file has formulas."""
    has_formulas = any(c.data_type == "f" for ws in formulas.worksheets for row in ws.iter_rows() for c in row)
    return load_workbook(path, data_only=True) if has_formulas else None


def _find_sheet(workbook: Workbook, spec: SheetSpec) -> Worksheet | None:
    wanted = normalize_label(spec.title)
    return next((ws for ws in workbook.worksheets if normalize_label(ws.title) == wanted), None)


def _read_table(
    spec: SheetSpec, order: int, ws: Worksheet, values: Worksheet | None
) -> tuple[Table | None, list[Issue]]:
    names = _header_names(spec)
    header_row = _find_header_row(ws, spec, names)
    if header_row is None:
        first = next(c for c in spec.columns if c.required)
        return None, [Issue(Cell(order, ws.title, 1, 1), "rubric.missing_column",
                            {"column": first.key, "meaning": first.meaning})]
    table = Table(spec, order, ws.title, header_row)
    issues = _map_header(table, ws, names)
    unnamed = {c for c in range(1, ws.max_column + 1) if _blank(ws.cell(row=header_row, column=c).value)}
    read = {key: column for key, column in table.columns.items() if key not in _info_keys(spec)}
    for number in range(header_row + 1, ws.max_row + 1):
        row = TableRow(number, {})
        for key, column in read.items():
            value = _value(ws.cell(row=number, column=column), values, table, issues)
            if not _blank(value):
                row.values[key] = value
        for column in sorted(unnamed):
            if not _blank(ws.cell(row=number, column=column).value):
                unnamed.discard(column)
                allowed = ", ".join(c.key for c in spec.columns)
                issues.append(Issue(Cell(order, ws.title, number, column), "rubric.unnamed_column",
                                    {"allowed": allowed}))
        if row.values:
            table.rows.append(row)
    return table, issues


def _info_keys(spec: SheetSpec) -> set[str]:
    """Columns shown for reading only (the identity sheet's meanings), never imported."""
    return {c.key for c in spec.columns if c.kind == "info"}


def _header_names(spec: SheetSpec) -> dict[str, str]:
    """Every header text the sheet accepts (normalized) → its column key."""
    names = {normalize_label(c.key): c.key for c in spec.columns}
    names.update({normalize_label(a): c.key for c in spec.columns for a in c.aliases})
    return names


def _find_header_row(ws: Worksheet, spec: SheetSpec, names: dict[str, str]) -> int | None:
    required = {c.key for c in spec.columns if c.required}
    for number in range(1, min(ws.max_row, HEADER_SEARCH_ROWS) + 1):
        texts = {names.get(normalize_label(str(c.value))) for c in ws[number] if not _blank(c.value)}
        if texts & required:
            return number
    return None


def _map_header(table: Table, ws: Worksheet, names: dict[str, str]) -> list[Issue]:
    issues: list[Issue] = []
    allowed = [c.key for c in table.spec.columns]
    for cell in ws[table.header_row]:
        if _blank(cell.value):
            continue
        text = str(cell.value).strip()
        key = names.get(normalize_label(text))
        where = Cell(table.order, table.title, table.header_row, cell.column)
        if key is None:
            close = difflib.get_close_matches(normalize_label(text), list(names), n=1)
            suggestion = f" (did you mean '{names[close[0]]}'?)" if close else ""
            issues.append(Issue(where, "rubric.unknown_column",
                                {"column": text, "suggestion": suggestion, "allowed": ", ".join(allowed)}))
        elif key in table.columns:
            issues.append(Issue(where, "rubric.duplicate_column",
                                {"column": text, "first": table.header(key).address()}))
        else:
            table.columns[key] = cell.column
    for column in table.spec.columns:
        if column.required and column.key not in table.columns:
            issues.append(Issue(table.header(), "rubric.missing_column",
                                {"column": column.key, "meaning": column.meaning}))
    return issues


def _value(cell: Any, values: Worksheet | None, table: Table, issues: list[Issue]) -> Any:
    """A cell's value as the person sees it; formula results come from the file's saved values."""
    value = cell.value
    where = Cell(table.order, table.title, cell.row, cell.column)
    if cell.data_type == "f":
        value = values.cell(row=cell.row, column=cell.column).value if values is not None else None
        if value is None:
            issues.append(Issue(where, "rubric.formula_not_calculated", {"formula": str(cell.value)}))
            return None
    if cell.data_type == "e" or (isinstance(value, str) and value.strip() in ERROR_VALUES):
        issues.append(Issue(where, "rubric.error_value", {"value": value}))
        return None
    if isinstance(value, datetime | date | time):
        shown = value.strftime("%H:%M") if isinstance(value, time) else value.strftime("%d/%m/%Y")
        issues.append(Issue(where, "rubric.date_cell", {"value": shown}))
        return None
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
