"""Rows rendered straight to XML are the cells openpyxl itself writes (the master's «Chi tiết»)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, NamedStyle

from xl_dti.consolidation.fast_rows import RenderedTables, render_rows
from xl_dti.consolidation.master import CELL_STYLE, _Sheet
from xl_dti.workbook import styles
from xl_dti.workbook.build import save_deterministic

ROWS: list[list[Any]] = [
    ["t00001", "Sở A & B <mới>", "1.1", " có khoảng trắng ", Decimal(10), None, "", Decimal("7.5"), Decimal("0.25")],
    ["t00002", "=1+1", "1.2", "Không", Decimal("12.3456"), Decimal(0), "KĐG", None, Decimal(-3)],
]


def _master(rows: list[list[Any]]) -> bytes:
    workbook = Workbook(write_only=True)
    workbook.add_named_style(NamedStyle(CELL_STYLE, font=styles.BODY, border=styles.GRID,
                                        alignment=Alignment(wrap_text=True, vertical="top")))
    rendered = RenderedTables()
    for render in (False, True, True):
        sheet = _Sheet(workbook, f"render {render} {len(workbook.worksheets)}", rendered)
        sheet.table([f"cột {i}" for i in range(9)], rows, lambda i: (8,) if i == 1 else (), render=render)
    data = save_deterministic(workbook, datetime(2024, 1, 1), rendered.put)
    rendered.check()
    return data


def _sheet_data(data: bytes, part: str) -> str:
    """The sheet's rows in canonical XML: openpyxl writes ``ở`` as ``&#7903;`` when lxml is installed (python-docx
    brings it), the rendered rows as the character itself; both are the same text."""
    xml = zipfile.ZipFile(io.BytesIO(data)).read(part).decode()
    return ElementTree.canonicalize(re.search(r"<sheetData>.*</sheetData>", xml, re.S)[0])  # type: ignore[index]


def test_rendered_rows_are_the_xml_openpyxl_writes() -> None:
    data = _master(ROWS)
    assert _sheet_data(data, "xl/worksheets/sheet2.xml") == _sheet_data(data, "xl/worksheets/sheet1.xml")
    assert _sheet_data(data, "xl/worksheets/sheet3.xml") == _sheet_data(data, "xl/worksheets/sheet1.xml")
    sheet = load_workbook(io.BytesIO(data))["render True 1"]
    assert sheet["B3"].value == "=1+1" and sheet["B3"].data_type == "s"  # text stays text
    assert sheet["H3"].fill.fgColor.rgb == styles.MISSING_EVIDENCE_FILL.fgColor.rgb


def test_characters_xml_cannot_hold_are_dropped_on_both_paths() -> None:
    data = _master([["t1", "Tài liệu\x01 số\x0b 5", "x", "", None, None, "", None, None]])
    assert _sheet_data(data, "xl/worksheets/sheet2.xml") == _sheet_data(data, "xl/worksheets/sheet1.xml")
    assert load_workbook(io.BytesIO(data))["render True 1"]["B2"].value == "Tài liệu số 5"


def test_a_rendered_block_of_lines_headers_and_tables_is_what_openpyxl_writes() -> None:
    workbook = Workbook(write_only=True)
    workbook.add_named_style(NamedStyle(CELL_STYLE, font=styles.BODY, border=styles.GRID,
                                        alignment=Alignment(wrap_text=True, vertical="top")))
    rendered = RenderedTables()
    by_openpyxl, by_rendering = _Sheet(workbook, "a", rendered), _Sheet(workbook, "b", rendered)
    block: list[tuple[Any, list[Any]]] = []
    for measure in ("1", "2"):
        by_openpyxl.line([])
        by_openpyxl.line([f"Chỉ số {measure}"], styles.SUBTITLE)
        by_openpyxl.table(["Nhóm", "Hạng", "Giá trị"], [["Sở", 1, Decimal("0.75")], ["Sở", None, None]])
        block += [("blank", []), ("subtitle", [f"Chỉ số {measure}"]), ("header", ["Nhóm", "Hạng", "Giá trị"]),
                  ("cell", ["Sở", 1, Decimal("0.75")]), ("cell", ["Sở", None, None])]
    by_rendering.rendered_block(block)
    data = save_deterministic(workbook, datetime(2024, 1, 1), rendered.put)
    rendered.check()
    assert _sheet_data(data, "xl/worksheets/sheet2.xml") == _sheet_data(data, "xl/worksheets/sheet1.xml")


def test_a_table_without_its_placeholder_row_is_an_error_not_a_silent_loss() -> None:
    rendered = RenderedTables()
    rendered.placeholder("<row r=\"5\"></row>")
    part = b"<worksheet><sheetData></sheetData></worksheet>"
    assert rendered.put(part) == part
    with pytest.raises(RuntimeError, match="no placeholder"):
        rendered.check()


def test_a_value_that_is_not_text_or_a_number_is_refused() -> None:
    with pytest.raises(TypeError, match="datetime"):
        render_rows([[datetime(2024, 1, 1)]], 1, lambda _, values: [0] * len(values))
