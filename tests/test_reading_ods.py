"""A unit's workbook re-saved as .ods: read like the .xlsx it came from, and every change to its locked content
caught, without LibreOffice.

The .ods files are written here, from the filled workbook, the way LibreOffice writes them: the same sheets in
the same order, the same values and the same sheet protection (checked once against a real LibreOffice re-save:
the structure content of the two differs only in the spelling of formulas, which the reader does not compare),
formulas kept as formulas and the footer's results cached as LibreOffice computes them.
``tests/test_consolidate_threats.py`` re-saves with real LibreOffice (slow)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pytest
from openpyxl import Workbook, load_workbook

from tests.returned import Kit, make_kit
from xl_dti.consolidation.package import Limits
from xl_dti.consolidation.reading import FileReading, RoundContext, read_returned
from xl_dti.workbook.layout import FORM_SHEET, GUIDE_SHEET, LISTS_SHEET, META_SHEET, SUMMARY_SHEET

_NAMESPACES = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"')
_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
             '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry '
             'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
             '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
             '</manifest:manifest>')
# what LibreOffice computes for so-noi-vu's sample answers (G73 total, G75 result, G76 grade)
FOOTER = {"G73": Decimal("234.664593302"), "G75": Decimal("234.66"), "G76": "Xuất sắc"}


def _typed(value: object) -> str:
    """A cell's value attributes and text, as LibreOffice writes them."""
    if isinstance(value, bool):
        return f'office:value-type="boolean" office:boolean-value="{str(value).lower()}"'
    if isinstance(value, int | float | Decimal):
        return f'office:value-type="float" office:value="{value}"'
    if isinstance(value, datetime):
        return f'office:value-type="date" office:date-value="{value.isoformat()}"'
    return 'office:value-type="string"'


def _cell(value: object, cached: object) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, str) and value.startswith("="):
        shown = "".join(f"<text:p>{escape(str(cached))}</text:p>")
        return f"<table:table-cell table:formula={quoteattr('of:' + value)} {_typed(cached)}>{shown}</table:table-cell>"
    lines = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
    return f"<table:table-cell {_typed(value)}>{lines}</table:table-cell>"


def ods_of(workbook: Workbook, cached: Mapping[str, object], unprotected: str = "") -> bytes:
    """The workbook as an .ods package; ``cached``: the form's formula results (0 elsewhere)."""
    tables = []
    for sheet in workbook.worksheets:
        rows = []
        for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=sheet.max_column):
            cells = "".join(_cell(c.value, cached.get(c.coordinate, 0) if sheet.title == FORM_SHEET else 0)
                            for c in row)
            rows.append(f"<table:table-row>{cells}</table:table-row>")
        protected = ' table:protected="true"' if sheet.protection.sheet and sheet.title != unprotected else ""
        tables.append(f"<table:table table:name={quoteattr(sheet.title)}{protected}>{''.join(rows)}</table:table>")
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NAMESPACES} office:version="1.3">'
               f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
               "</office:document-content>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return make_kit(tmp_path_factory.mktemp("ods"))


@pytest.fixture(scope="module")
def filled(kit: Kit) -> Path:
    return kit.filled(kit.work / "so-noi-vu.xlsx")


@pytest.fixture(scope="module")
def context(kit: Kit) -> RoundContext:
    """One round for the module: the structure a unit was sent is built once (as in a real round)."""
    return RoundContext(kit.scheme, kit.registry, Limits())


def _read(context: RoundContext, data: bytes, name: str = "so-noi-vu.ods") -> FileReading:
    return read_returned(data, name, context)


def _resaved(filled: Path, edit: Callable[[Workbook], None] | None = None,
             cached: Mapping[str, object] = FOOTER, unprotected: str = "") -> bytes:
    workbook = load_workbook(filled)
    if edit is not None:
        edit(workbook)
    return ods_of(workbook, cached, unprotected)


def _found(reading: FileReading) -> list[tuple[str, str, str]]:
    return [(p.code, p.where, p.severity) for p in reading.problems]


def test_an_ods_re_save_is_read_like_its_xlsx(context: RoundContext, filled: Path) -> None:
    reading = _read(context, _resaved(filled))
    assert (reading.verdict, reading.kind, reading.unit_code) == ("read", "ods", "so-noi-vu")
    assert _found(reading) == [("structure.formulas_unchecked", "so-noi-vu.ods", "warning")]
    original = _read(context, filled.read_bytes(), "so-noi-vu.xlsx")
    assert (original.verdict, original.kind, _found(original)) == ("read", "xlsx", [])
    assert dict(reading.answers) == dict(original.answers) and len(reading.answers) == 24
    assert reading.result is not None and reading.result.total == Decimal("234.664593302")
    assert reading.cached == {"total": Decimal("234.664593302"), "result": Decimal("234.66"), "grade": "Xuất sắc"}


def test_an_ods_whose_cached_total_differs_is_read_with_a_warning(context: RoundContext, filled: Path) -> None:
    reading = _read(context, _resaved(filled, cached={**FOOTER, "G73": Decimal("240.5")}))
    assert reading.verdict == "read"
    assert _found(reading) == [("structure.formulas_unchecked", "so-noi-vu.ods", "warning"),
                               ("cached.differs", f"'{FORM_SHEET}'!G73", "warning")]
    assert reading.problems[1].params == {"cached": "240,5", "recomputed": "234,664593302"}


def test_an_ods_with_an_unprotected_sheet_is_read_with_a_warning(context: RoundContext, filled: Path) -> None:
    """As for an .xlsx: the locked content is intact, so the file is read, and the secretariat is told."""
    reading = _read(context, _resaved(filled, unprotected=FORM_SHEET))
    assert reading.verdict == "read"
    assert _found(reading) == [("structure.formulas_unchecked", "so-noi-vu.ods", "warning"),
                               ("protection.removed", "so-noi-vu.ods", "warning")]


def _setter(sheet: str, cells: Mapping[str, Any]) -> Callable[[Workbook], None]:
    def edit(workbook: Workbook) -> None:
        for address, value in cells.items():
            workbook[sheet][address] = value
    return edit


# (id, sheet, cells set, the problem, the cells it names)
CHANGES = [
    ("an-indicator-renamed", FORM_SHEET, {"B8": "Tên khác"}, "structure.changed", ["B8"]),
    ("a-max-raised", FORM_SHEET, {"C8": 20}, "structure.changed", ["C8"]),
    ("a-max-as-text", FORM_SHEET, {"C8": "10"}, "structure.changed", ["C8"]),
    ("a-locked-cell-emptied", FORM_SHEET, {"B10": None}, "structure.changed", ["B10"]),
    ("a-formula-cell-emptied", FORM_SHEET, {"G73": None}, "structure.changed", ["G73"]),
    ("a-formula-replaced-by-its-value", FORM_SHEET, {"G73": 234.66}, "structure.changed", ["G73"]),
    ("a-text-replaced-by-a-formula", FORM_SHEET, {"B8": '="Tên"'}, "structure.changed", ["B8"]),
    ("a-value-below-the-form", FORM_SHEET, {"Z200": "ghi chú"}, "structure.changed", ["Z200"]),
    ("named-in-reading-order", FORM_SHEET, {"Z200": "x", "AA3": "y", "Z3": "z", "AB1": "w"}, "structure.changed",
     ["AB1", "Z3", "AA3", "Z200"]),
    ("a-points-cell-given-a-value", FORM_SHEET, {"G8": 10}, "structure.changed", ["G8"]),
    ("the-summary-changed", SUMMARY_SHEET, {"C4": 1000}, "structure.changed", ["C4"]),
    ("the-lists-changed", LISTS_SHEET, {"F1": 100}, "structure.changed", ["F1"]),
    ("the-name-shown-is-another-unit-s", FORM_SHEET, {"A2": "Đơn vị: Sở Tư pháp (mã so-tu-phap)"},
     "identity.conflict", ["A2"]),
]


@pytest.mark.parametrize(("sheet", "cells", "code", "named"), [c[1:] for c in CHANGES], ids=[c[0] for c in CHANGES])
def test_a_change_to_the_locked_content_of_an_ods_is_caught(context: RoundContext, filled: Path, sheet: str,
                                                             cells: Mapping[str, Any], code: str,
                                                             named: list[str]) -> None:
    reading = _read(context, _resaved(filled, _setter(sheet, cells)))
    assert reading.verdict == ("quarantined" if code == "identity.conflict" else "rejected")
    (problem,) = reading.problems
    assert (problem.code, problem.where, problem.severity) == (code, "so-noi-vu.ods", "error")
    assert problem.params == {"unit": "so-noi-vu", "cells": "; ".join(f"'{sheet}'!{a}" for a in named)}
    assert not reading.answers, "nothing is read from a file whose structure is not the one sent"


def test_the_names_shown_on_both_sheets_changed_is_a_conflict(context: RoundContext, filled: Path) -> None:
    def edit(workbook: Workbook) -> None:
        workbook[FORM_SHEET]["A2"] = "Đơn vị: Sở Tư pháp (mã so-tu-phap)"
        workbook[SUMMARY_SHEET]["A1"] = "TỔNG HỢP KẾT QUẢ TỰ ĐÁNH GIÁ — Sở Tư pháp"
    reading = _read(context, _resaved(filled, edit))
    assert (reading.verdict, [p.code for p in reading.problems]) == ("quarantined", ["identity.conflict"])
    assert reading.problems[0].params["cells"] == f"'{FORM_SHEET}'!A2; '{SUMMARY_SHEET}'!A1"


def test_the_name_shown_and_another_cell_changed_is_a_changed_structure(context: RoundContext, filled: Path) -> None:
    reading = _read(context, _resaved(filled, _setter(FORM_SHEET, {"A2": "Đơn vị: Sở Tư pháp", "B8": "Khác"})))
    assert (reading.verdict, [p.code for p in reading.problems]) == ("rejected", ["structure.changed"])
    assert reading.problems[0].params["cells"] == f"'{FORM_SHEET}'!A2; '{FORM_SHEET}'!B8"


def test_eleven_changed_cells_of_an_ods_name_ten(context: RoundContext, filled: Path) -> None:
    reading = _read(context, _resaved(filled, _setter(FORM_SHEET, {f"Z{row}": "x" for row in range(201, 212)})))
    (problem,) = reading.problems
    assert problem.params["cells"] == "; ".join(f"'{FORM_SHEET}'!Z{row}" for row in range(201, 211)) + " … và 1 ô khác"


def test_an_ods_formula_spelled_otherwise_is_not_compared(context: RoundContext, filled: Path) -> None:
    """A re-save spells every formula its own way, so a changed formula cannot be told from a re-spelt one: the
    file is read, with the warning that says so, and its points are recomputed from its inputs."""
    reading = _read(context, _resaved(filled, _setter(FORM_SHEET, {"G73": "=999"}), {**FOOTER, "G73": 999}))
    assert reading.verdict == "read"
    assert _found(reading) == [("structure.formulas_unchecked", "so-noi-vu.ods", "warning"),
                               ("cached.differs", f"'{FORM_SHEET}'!G73", "warning")]
    assert reading.result is not None and reading.result.total == Decimal("234.664593302")


@pytest.mark.parametrize(("edit", "found"), [
    (lambda w: w.remove(w[GUIDE_SHEET]), f"{FORM_SHEET}, {SUMMARY_SHEET}, {LISTS_SHEET}, {META_SHEET}"),
    (lambda w: w.create_sheet("Thêm"),
     f"{GUIDE_SHEET}, {FORM_SHEET}, {SUMMARY_SHEET}, {LISTS_SHEET}, {META_SHEET}, Thêm"),
], ids=["a-sheet-removed", "a-sheet-added"])
def test_an_ods_with_other_sheets_is_rejected(context: RoundContext, filled: Path, edit: Callable[[Workbook], None],
                                              found: str) -> None:
    reading = _read(context, _resaved(filled, edit))
    assert (reading.verdict, [(p.code, p.where) for p in reading.problems]) == (
        "rejected", [("structure.sheets", "so-noi-vu.ods")])
    assert reading.problems[0].params == {
        "found": found, "expected": f"{GUIDE_SHEET}, {FORM_SHEET}, {SUMMARY_SHEET}, {LISTS_SHEET}, {META_SHEET}"}


def test_an_ods_keeps_its_identity_checks(context: RoundContext, filled: Path) -> None:
    """«_meta» is read from the .ods as from the .xlsx: a forged unit code fails its signature."""
    reading = _read(context, _resaved(filled, _setter(META_SHEET, {"B5": "so-tu-phap"})))
    assert (reading.verdict, [p.code for p in reading.problems]) == ("quarantined", ["identity.bad_signature"])
