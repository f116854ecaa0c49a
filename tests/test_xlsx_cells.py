"""The direct cell reader gives the same cells however a writer spells them (fast path or general)."""

from __future__ import annotations

import contextlib
import time
from decimal import Decimal

import pytest

from xl_dti.consolidation import xlsx_cells
from xl_dti.consolidation.grid import GridCell
from xl_dti.consolidation.worksheet import REMEMBERED_UP_TO
from xl_dti.consolidation.xlsx_cells import read_xlsx

WORKBOOK = (b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            b'<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        b'<Relationship Id="rId2" Target="sharedStrings.xml" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
        b'</Relationships>')
ROOT_RELS = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             b'<Relationship Id="rId1" Target="xl/workbook.xml" '
             b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
             b'</Relationships>')
CONTENT_TYPES = (b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Default Extension="xml" ContentType="application/xml"/>'
                 b'<Override PartName="/xl/workbook.xml" '
                 b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                 b'<Override PartName="/xl/worksheets/sheet1.xml" '
                 b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                 b'</Types>')
STRINGS = b'<sst ' + b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"' + \
    b'><si><t>chu\xe1\xbb\x97i</t></si></sst>'


def package(sheet: bytes, strings: bytes = STRINGS) -> dict[str, bytes]:
    """The parts of a one-sheet package (sheet «S») around a worksheet part."""
    return {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "xl/workbook.xml": WORKBOOK,
            "xl/_rels/workbook.xml.rels": RELS, "xl/sharedStrings.xml": strings, "xl/worksheets/sheet1.xml": sheet}
NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
ROWS = (b'<row r="1"><c r="A1" t="inlineStr"><is><t>M&#227; 1</t></is></c><c r="B1" s="0"/>'
        b'<c r="C1"><v>12.5</v></c></row>'
        b'<row r="2"><c r="A2"><f>C1*2</f><v>25</v></c><c r="B2" t="b"><v>1</v></c></row>'
        b'<row r="3"><c r="A3" t="str"><v>x</v></c></row>')
EXPECTED = {
    "A1": GridCell("text", "Mã 1"), "C1": GridCell("number", Decimal("12.5")),
    "A2": GridCell("number", Decimal(25), "C1*2"), "B2": GridCell("bool", True), "A3": GridCell("text", "x"),
}


def _cells(sheet: bytes, last_row: int | None = None) -> dict[str, GridCell]:
    return read_xlsx(package(sheet), {"S": last_row}).sheets["S"]


def _sheet(rows: bytes, prefix: bytes = b"") -> bytes:
    root = b"worksheet " + (NS.replace(b"xmlns=", b"xmlns:" + prefix[:-1] + b"=") if prefix else NS)
    return b"<" + prefix + root + b"><" + prefix + b"sheetData>" + rows + b"</" + prefix + b"sheetData></" + \
        prefix + b"worksheet>"


@pytest.mark.parametrize(("spelling", "rows"), [
    ("plain", ROWS),
    ("r after s", ROWS.replace(b'<c r="C1">', b'<c s="0" r="C1">')),
    ("no r=", ROWS.replace(b'<c r="A3" t="str">', b'<c t="str">')),
])
def test_every_spelling_reads_the_same_cells(spelling: str, rows: bytes) -> None:
    assert _cells(_sheet(rows)) == EXPECTED, spelling


def test_a_namespace_prefix_reads_the_same_cells() -> None:
    prefixed = ROWS.replace(b"<c ", b"<x:c ").replace(b"</c>", b"</x:c>").replace(b"<v>", b"<x:v>") \
        .replace(b"</v>", b"</x:v>").replace(b"<f>", b"<x:f>").replace(b"</f>", b"</x:f>") \
        .replace(b"<row ", b"<x:row ").replace(b"</row>", b"</x:row>").replace(b"<is><t>", b"<x:is><x:t>") \
        .replace(b"</t></is>", b"</x:t></x:is>")
    assert _cells(_sheet(prefixed, b"x:")) == EXPECTED


def test_text_that_looks_like_a_cell_end_is_still_read() -> None:
    rows = ROWS.replace(b"<t>M&#227; 1</t>", b"<t>a c> b</t>")
    assert _cells(_sheet(rows))["A1"] == GridCell("text", "a c> b")


@pytest.mark.parametrize("rows", [ROWS, ROWS.replace(b'<row r="3">', b'<row r="7">')])
def test_only_the_rows_asked_for_are_read(rows: bytes) -> None:
    assert _cells(_sheet(rows), last_row=2) == {k: v for k, v in EXPECTED.items() if k != "A3"}


def test_asking_for_more_rows_than_there_are_reads_them_all() -> None:
    assert _cells(_sheet(ROWS), last_row=50) == EXPECTED


@pytest.mark.parametrize(("hidden", "why"), [
    (b'<!-- <c r="C1"><v>9</v></c> <row r="2"> -->', "a comment"),
    (b'<?pi <c r="C1"><v>9</v></c> ?>', "a processing instruction"),
])
def test_cells_hidden_in_markup_are_not_read(hidden: bytes, why: str) -> None:
    rows = ROWS.replace(b"</row><row r=\"2\">", b"</row>" + hidden + b"<row r=\"2\">")
    assert _cells(_sheet(rows)) == EXPECTED, why
    assert _cells(_sheet(rows), last_row=1) == {k: v for k, v in EXPECTED.items() if k.endswith("1")}, why


def test_cdata_is_text() -> None:
    rows = ROWS.replace(b"<is><t>M&#227; 1</t></is>", b"<is><t><![CDATA[a <b> & c]]></t></is>")
    assert _cells(_sheet(rows))["A1"] == GridCell("text", "a <b> & c")


@pytest.mark.parametrize(("spelling", "cell", "expected"), [
    ("a tab before t=", b'<c r="B2"\tt="s"><v>0</v></c>', GridCell("text", "chuỗi")),
    ("single quotes", b"<c r='B2' t='s'><v>0</v></c>", GridCell("text", "chuỗi")),
    ("a space before <f>", b'<c r="B2"> <f>1+1</f><v>2</v></c>', GridCell("number", Decimal(2), "1+1")),
])
def test_a_cell_is_read_however_its_markup_is_spaced_or_quoted(spelling: str, cell: bytes, expected: GridCell) -> None:
    parts = package(_sheet(b'<row r="2">' + cell + b"</row>"))
    assert read_xlsx(parts, {"S": None}).sheets["S"] == {"B2": expected}, spelling


@pytest.mark.parametrize("opening", [b'<c r="A1">', b"<c>", b"<!--"])
def test_a_part_full_of_unclosed_openings_is_scanned_in_linear_time(opening: bytes) -> None:
    """A file cannot hold a worker for minutes: four times the openings cost about four times the CPU time
    (a quadratic scan costs sixteen). Measured against itself in one process, best of three, so a busy
    machine slows both sizes alike."""
    def cost(size: int) -> float:
        sheet = _sheet(opening * (size // len(opening)))
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            with contextlib.suppress(Exception):
                _cells(sheet)
            best = min(best, time.process_time() - start)
        return max(best, 1e-4)

    assert cost(4_000_000) / cost(1_000_000) < 8


def test_what_the_reader_remembers_between_files_is_bounded_in_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    limit = 40 * (xlsx_cells._PIECE_OVERHEAD + 40)  # one file's 39 pieces fit, two do not
    monkeypatch.setattr(xlsx_cells, "_CELLS_SEEN_LIMIT", limit)
    xlsx_cells.forget()
    for file in range(20):  # each file spells its cells differently
        rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (r, r, file * 100 + r) for r in range(1, 40))
        cells = _cells(_sheet(rows))
        assert cells["A1"] == GridCell("number", Decimal(file * 100 + 1))
        assert 0 < xlsx_cells._CELLS_SEEN_BYTES[0] <= limit
    _cells(_sheet(b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"x" * 9000 + b"</t></is></c></row>"))
    assert all(len(key) <= REMEMBERED_UP_TO for seen in xlsx_cells._CELLS_SEEN.values() for key in seen)
