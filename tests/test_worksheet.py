"""The worksheet fast path reads exactly the cells the parser path reads, or steps aside.

Proof by exhaustion over single edits of a plain sheet (every fragment a writer or an attacker
might add, at every tag boundary) and by a property test over several edits at once: whenever
the part is well-formed and the fast path answers, its answer (cells and protection) equals the
parser path's; when the parser path refuses the part, the fast path never answers.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_xlsx_cells import ROWS, _sheet
from xl_dti.consolidation import worksheet
from xl_dti.consolidation.grid import GridCell
from xl_dti.consolidation.worksheet import SheetCells, sheet_cells
from xl_dti.consolidation.xml_parts import PartError, check_well_formed, parse

PLAIN = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + _sheet(
    ROWS.replace(b'<c r="A2">', b'<c r="A2" s="1">') + b'<row r="4"><c r="B4" t="s"><v>0</v></c></row>'
).replace(b"</sheetData>", b'</sheetData><sheetProtection sheet="1" password="AB12"/>'
          b'<extLst><ext uri="{x}" xmlns:x14="urn:x14"><x14:id>1</x14:id></ext></extLst>')
FRAGMENTS = [
    b'<c r="C1"><v>9</v></c>', b'<c r="Z9"><v>9</v></c>', b'<x:c r="C1"><x:v>9</x:v></x:c>', b' xmlns="urn:x"',
    b' xmlns:x="urn:x"', b"<!-- <c r=\"C1\"><v>9</v></c> -->", b"<![CDATA[<c r=\"C1\">]]>", b"<?pi x?>",
    b"&amp;", b"&#x80;", b"&#13;", b"\r\n", b"\r", b"\t", b" ", b'<row r="9">', b"</row>", b"<row/>",
    b"<extLst>", b"</extLst>", b"<sheetData>", b"</sheetData>", b"<sheetData/>", b'<sheetProtection sheet="0"/>',
    b'<x:sheetProtection sheet="1"/>', b' t="s"', b' t="str"', b' x:t="s"', b' s="1"', b"<f>1+1</f>",
    b'<f t="shared" si="0"/>', b"<v>7</v>", b"<v></v>", b"<v/>", b"<is><t>x</t></is>", b"<is><r><t>y</t></r></is>",
    b"<extLst><c r=\"C1\"><v>9</v></c></extLst>", b"<worksheet>", b"</worksheet>", b"<", b">", b"/>", b'"', b"'",
    b'<c r="C1" xmlns="urn:x"><v>9</v></c>', b'<c t="n"><v>5</v></c>', b"<sheetPr/>",
    # what the pieces' grammar decides on: a prefixed row attribute (bound or not), text that ends a
    # CDATA section, an empty cell, the plainest empty row and a fuller one, a namespace declared on
    # the protection tag (whose attributes the remembered frame leaves out)
    b' x14ac:dyDescent="0.25"', b"]]>", b'<c r="C1"/>', b'<row r="8"/>', b'<row r="8" spans="1:2"></row>',
    b'<sheetProtection xmlns="urn:x" sheet="1"/>',
]


def _typed(coordinate: str, attributes: dict[str, str], formula: tuple[dict[str, str], str] | None,
           value: str | None, inline: str | None) -> GridCell | None:
    """Record everything a path hands over for a cell (the real typer's inputs)."""
    if formula is None and value is None and inline is None:
        return None  # as the reader's typer: a cell with nothing in it is no cell
    attributes = {k: v for k, v in attributes.items() if k != "r"}  # the coordinate is the key
    return GridCell("text", repr((sorted(attributes.items()), formula and (sorted(formula[0].items()), formula[1]),
                                  value, inline)))


MEMORY: worksheet.Remembered = {}  # shared by every part checked, as a worker's is by every file


def _verdict(check: Callable[[], bool]) -> bool | str:
    try:
        return check()
    except PartError as exc:
        return exc.code


def _agree(data: bytes, last_row: int | None = None) -> bool:
    """Check the two paths on one part; True when the fast path answered. Also checks that
    well-formedness through a remembered frame (the rows alone) is expat's verdict on the whole."""
    whole = _verdict(lambda: check_well_formed(data, "p"))
    frame = worksheet._frame(data, last_row)
    if frame is not None:
        assert _verdict(lambda: worksheet._well_formed(data, "p", frame, MEMORY)[0]) == whole, data
    try:
        unusual = check_well_formed(data, "p")
    except PartError:
        return False
    fast = None
    if not unusual and frame is not None:
        pieces = worksheet._well_formed(data, "p", frame, MEMORY)[1]
        fast = worksheet._fast(data, frame, _typed, last_row, MEMORY, pieces)
        # what is remembered from other parts changes nothing
        assert worksheet._fast(data, frame, _typed, last_row, {}) == fast, data
    parsed = _parsed(data, last_row)
    if last_row is not None and isinstance(parsed, str):
        # below the rows read the fast path looks only for what could reach them: the parser path
        # may refuse a part for markup there; the cells read never differ
        parsed = _parsed(_rows_up_to(data, last_row), last_row)
    assert fast is None or fast == parsed, (data, fast, parsed)
    return fast is not None


def _parsed(data: bytes, last_row: int | None) -> SheetCells | str:
    try:
        return worksheet._parsed(parse(data, "p"), "p", _typed, last_row)
    except PartError as exc:
        return exc.code


def _rows_up_to(data: bytes, last_row: int) -> bytes:
    """The part without the rows below ``last_row`` (when it still parses)."""
    cut = worksheet._first_row_after(data, 0, len(data), last_row)
    end = data.find(b"</sheetData>")
    if cut < 0 or end < cut:
        return data
    shorter = data[:cut] + data[end:]
    try:
        check_well_formed(shorter, "p")
    except PartError:
        return data
    return shorter


def _boundaries(data: bytes) -> list[int]:
    return sorted({i for i, b in enumerate(data) if b in b"<>"} | {i + 1 for i, b in enumerate(data) if b == 0x3E})


def test_the_plain_sheet_takes_the_fast_path() -> None:
    assert _agree(PLAIN)
    assert _agree(PLAIN, last_row=2)


def test_every_single_edit_reads_the_same_cells_on_both_paths() -> None:
    fast = 0
    for at in _boundaries(PLAIN):
        for fragment in FRAGMENTS:
            fast += _agree(PLAIN[:at] + fragment + PLAIN[at:])
    assert fast > 100  # the fast path does answer for many edits, so the comparison means something


@st.composite
def _edited(draw: st.DrawFn) -> bytes:
    data = PLAIN
    for _ in range(draw(st.integers(1, 4))):
        points = _boundaries(data)
        at = points[draw(st.integers(0, len(points) - 1))]
        if draw(st.booleans()):
            data = data[:at] + draw(st.sampled_from(FRAGMENTS)) + data[at:]
        else:
            end = points[min(len(points) - 1, points.index(at) + draw(st.integers(1, 3)))]
            data = data[:at] + data[end:]
    return data


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_edited(), st.sampled_from([None, 1, 2, 9]))
def test_several_edits_read_the_same_cells_on_both_paths(data: bytes, last_row: int | None) -> None:
    _agree(data, last_row)


@pytest.fixture(scope="module")
def generated_sheets(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    from tests.returned import make_kit

    kit = make_kit(tmp_path_factory.mktemp("sheets"))
    path = kit.filled(kit.work / "filled.xlsx")
    with zipfile.ZipFile(io.BytesIO(Path(path).read_bytes())) as archive:
        return [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]


def test_generated_sheets_take_the_fast_path_and_agree(generated_sheets: list[bytes]) -> None:
    for data in generated_sheets:
        assert _agree(data)
        assert sheet_cells(data, "p", _typed).cells == worksheet._parsed(parse(data, "p"), "p", _typed, None).cells
