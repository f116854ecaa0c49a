"""Read the cells of an .ods package (a workbook re-saved by LibreOffice or WPS as OpenDocument).

Formulas in OpenDocument use another syntax (``of:=SUM([.G7];[.G9])``), so an .ods grid marks
formula cells with the formula text as stored; the structure check compares their values only.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from openpyxl.utils import get_column_letter

from xl_dti.consolidation.grid import Grid, GridCell
from xl_dti.consolidation.xml_parts import PartError, parse
from xl_dti.decimals import excel_precision

TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_MAX_REPEAT = 1024  # trailing empty rows/columns are written as one huge repeat; content never is


class OdsError(ValueError):
    """The package is an OpenDocument file but its content cannot be read: ``code`` says why."""

    def __init__(self, message: str, code: str = "format.damaged", params: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.params = params or {}


def read_ods(parts: dict[str, bytes], sheets: set[str] | None = None) -> Grid:
    """The grid of an .ods package (see ``xlsx_cells.read_xlsx``)."""
    try:
        root = parse(parts["content.xml"], "content.xml")
    except KeyError as exc:
        raise OdsError(str(exc)) from exc
    except PartError as exc:
        raise OdsError(str(exc), exc.code, exc.params) from exc
    grid = Grid()
    # the sheets LibreOffice shows: the spreadsheet body's tables, not a table nested elsewhere
    for table in root.findall(f"{OFFICE}body/{OFFICE}spreadsheet/{TABLE}table"):
        name = table.get(f"{TABLE}name", "")
        grid.sheet_order.append(name)
        if table.get(f"{TABLE}protected") == "true":
            grid.protected_sheets.add(name)
        if sheets is not None and name not in sheets:
            continue
        try:
            grid.sheets[name] = _table_cells(table)
        except (ValueError, InvalidOperation) as exc:
            raise OdsError(str(exc)) from exc
    return grid


def _table_cells(table: object) -> dict[str, GridCell]:
    cells: dict[str, GridCell] = {}
    row_number = 0
    for row in table.iter(f"{TABLE}table-row"):  # type: ignore[attr-defined]
        repeat_rows = int(row.get(f"{TABLE}number-rows-repeated", "1"))
        column = 0
        found_in_row: dict[int, GridCell] = {}
        for cell in row:
            if not cell.tag.endswith(("table-cell", "covered-table-cell")):
                continue
            repeat = int(cell.get(f"{TABLE}number-columns-repeated", "1"))
            value = _cell(cell)
            if value is not None:
                for offset in range(min(repeat, _MAX_REPEAT)):
                    found_in_row[column + offset] = value
            column += repeat
        for offset in range(min(repeat_rows, _MAX_REPEAT) if found_in_row else 0):
            for col, value in found_in_row.items():
                cells[f"{get_column_letter(col + 1)}{row_number + offset + 1}"] = value
        row_number += repeat_rows
    return cells


def _cell(cell: object) -> GridCell | None:
    get = cell.get  # type: ignore[attr-defined]
    formula = get(f"{TABLE}formula")
    kind = get(f"{OFFICE}value-type")
    text = "\n".join("".join(p.itertext()) for p in cell.iter(f"{TEXT}p"))  # type: ignore[attr-defined]
    if kind in ("float", "percentage", "currency"):
        return GridCell("number", excel_precision(Decimal(get(f"{OFFICE}value", "0"))), formula)
    if kind == "boolean":
        return GridCell("bool", get(f"{OFFICE}boolean-value") == "true", formula)
    if kind in ("date", "time"):
        return GridCell("date", get(f"{OFFICE}date-value") or get(f"{OFFICE}time-value") or text, formula)
    if kind == "string" or text:
        is_error = formula is not None and text.startswith(("Err:", "#"))
        return GridCell("error" if is_error else "text", text, formula)
    if formula is not None:
        return GridCell("text", "", formula)
    return None
