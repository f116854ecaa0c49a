"""The cells of one worksheet part, exactly as Excel reads them, or a refusal.

Two paths give the same cells. The *parser path* reads the element tree (expat, no DTD): the cells
are the SpreadsheetML ``c`` children of the ``row`` children of the one ``sheetData`` child of the
``worksheet`` root; an element named ``c``, ``row`` or ``sheetData`` anywhere else (a foreign
namespace, an extension list, a second ``sheetData``) or a cell given twice is a decoy Excel would
not show, and the part is refused. The *fast path* reads the plain spelling every common writer
uses (Excel, LibreOffice, WPS, Gnumeric, openpyxl): the rows are cut into pieces, one per cell
(``_proven``), and only when every piece fits a grammar under which the two paths provably agree
(``tests/test_worksheet.py`` checks them against each other on mutated parts); anything else takes
the parser path. The part is proven well-formed by expat, or, when the markup around its rows is
a frame expat found well-formed in an earlier file of the round, by its pieces' grammar and text.
Every file of a round repeats most of its pieces byte for byte: each distinct piece is proven and
typed once.

Only plain quantifiers are used: possessive ones and atomic groups are wrong before CPython 3.11.5
(gh-100061, gh-106052), and every pattern here stays linear because each repeated piece ends on a
character its neighbour cannot start with.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import attrgetter, not_
from typing import NamedTuple, cast
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

from xl_dti.consolidation.grid import GridCell
from xl_dti.consolidation.xml_parts import MAIN, STRICT_MAIN, PartError, check_well_formed, local_name, text_of
from xl_dti.workbook.layout import row_column

# typed(coordinate, attributes, formula (attributes, text) or None, value text, inline text) → cell
CellTyper = Callable[[str, dict[str, str], "tuple[dict[str, str], str] | None", "str | None", "str | None"],
                     "GridCell | None"]
_CELL_NAMES = frozenset({"c", "row", "sheetData"})


@dataclass
class SheetCells:
    """A worksheet's cells (coordinate → cell) and whether the sheet is protected."""

    cells: dict[str, GridCell]
    protected: bool


def sheet_cells(data: bytes, part: str, typed: CellTyper, last_row: int | None = None,
                remembered: Remembered | None = None) -> SheetCells:
    """Read a worksheet part (see the module docstring).

    Args:
        data: the part's bytes.
        part: its name, for messages.
        typed: turns one cell's markup into a typed cell (shared strings, dates, shared formulas).
        last_row: read no row below this one (``None``: all).
        remembered: pieces of rows already proven and typed, by their exact markup (the fast path
            adds to it; the files of a round repeat most of their cells byte for byte).

    Raises:
        PartError: the part is not well-formed, declares a DTD, or holds cells Excel would not show.
    """
    frame = _frame(data, last_row)
    if frame is None:
        unusual, pieces = check_well_formed(data, part), None
    else:
        unusual, pieces = _well_formed(data, part, frame, {} if remembered is None else remembered)
    found = None if unusual or frame is None else \
        _fast(data, frame, typed, last_row, {} if remembered is None else remembered, pieces)
    return found if found is not None else _parsed(_tree(data, part), part, typed, last_row)


class _Frame(NamedTuple):
    """Where a plainly spelled part's pieces lie: sheetData's start tag begins at ``start``, its rows
    at ``first``; the rows read end at ``stop`` (the cut below ``last_row``, or ``end``), sheetData
    ends at ``end``; ``root`` is the root's start tag."""

    start: int
    first: int
    stop: int
    end: int
    root: bytes
    tail: bytes  # the part from </sheetData>, its sheetProtection tag stripped (``_without_password``)
    protection: bytes | None  # that tag's attributes (``None``: no plain tag was stripped)


# Frames known well-formed: (the part up to its rows, its rows below the cut, the part from
# </sheetData>), found in a part expat read whole, whose rows above the cut were well-formed on
# their own too. Every file of a round shares them byte for byte (the form's validations and
# formats, «_meta»'s maps), so only the rows need proving again: the rows above the cut are
# well-formed in their frame when every piece of them is proven (``_proven``), or expat reads them
# in their frame's namespace context, between the root's start tag and its end. A part is
# well-formed exactly when they are, since an element's content can be swapped for any other
# well-formed content (no DTD, so no entity can reach across).
_FRAMES: dict[tuple[bytes, bytes, bytes], bytes] = {}
_FRAMES_LIMIT = 32


def _well_formed(data: bytes, part: str, frame: _Frame, remembered: Remembered) -> tuple[bool, list[Piece] | None]:
    """``check_well_formed`` of a plainly framed part, through a known frame when there is one;
    and its rows' pieces when they were proven on the way (the fast path need not look again)."""
    first, stop, end, root = frame.first, frame.stop, frame.end, frame.root
    key = (data[:first], data[stop:end], frame.tail)
    known = _FRAMES.get(key)  # the root its rows were proven under
    if known is not None:
        pieces = _proven(data, first, stop, b"xmlns:x14ac=" in known, remembered)
        if pieces is not None:
            return False, pieces  # the rows are well-formed by their grammar: no expat needed
    rows = root + b"<sheetData>" + data[first:stop] + b"</sheetData></worksheet>"
    if known is not None:
        return check_well_formed(rows, part), None
    unusual = check_well_formed(data, part)
    if not unusual:
        try:
            alone = check_well_formed(rows, part)
        except PartError:
            alone = True
        if not alone:
            if len(_FRAMES) >= _FRAMES_LIMIT:
                _FRAMES.clear()
            _FRAMES[key] = root
    return unusual, None


# an "&" that does not start a reference known to name an allowed character: the five names, and
# decimal numbers from 32 to 9999 (and tab, LF, CR); any other "&" leaves the rows to expat
_UNPROVEN_AMPERSAND = re.compile(
    rb"&(?!(?:amp|lt|gt|quot|apos|#[1-9][0-9]{2,3}|#3[2-9]|#[4-9][0-9]|#9|#10|#13);)"
)
_CONTROL = bytes(c for c in range(32) if c not in (0x9, 0xA, 0xD))  # characters XML forbids


def _plain_piece(piece: bytes) -> bool:
    """Whether a piece that matches its grammar (``_HEAD``, ``_MIDDLE``, ``_LAST``) is well-formed
    XML, its ``x14ac`` prefix (if any) aside: the grammar fixes the elements, their nesting and
    their attributes (none repeated, none with "<" or "&"); what is left is the text: valid UTF-8
    without characters XML forbids or "]]>", every "&" a reference to an allowed character. A
    piece ends where the next cell's ``<c r="`` begins, so no reference and no "]]>" spans two.
    ``False`` means only "not proven so": expat then decides."""
    try:
        text = piece.decode("utf-8")  # strict: no invalid sequence, no encoded surrogate
    except UnicodeDecodeError:
        return False
    if len(piece.translate(None, _CONTROL)) != len(piece) or "\ufffe" in text or "\uffff" in text or "]]>" in text:
        return False
    return "&" not in text or _UNPROVEN_AMPERSAND.search(piece) is None


_PROTECTION_TAG = re.compile(rb'<sheetProtection((?:\s+[A-Za-z]+="[^"<&]*")*)\s*/>')
_NAME = re.compile(rb"([A-Za-z]+)=")


def _without_password(end: bytes) -> tuple[bytes, bytes | None]:
    """The part from </sheetData> with its sheetProtection tag stripped of its attributes when the
    tag is a plain empty element with no attribute repeated and no namespace declared (then any
    such tag keeps the part well-formed, and is SpreadsheetML's), and those attributes: each
    unit's sheet has its own password hash, and the rest is the same for every unit."""
    found = _PROTECTION_TAG.search(end)
    if found is None:
        return end, None
    names = _NAME.findall(found[1])
    if len(set(names)) != len(names) or b"xmlns" in names:
        return end, None
    return end[:found.start()] + b"<sheetProtection/>" + end[found.end():], found[1]


def _frame(data: bytes, last_row: int | None) -> _Frame | None:
    """Where a plain part's pieces lie (``None`` for any other spelling)."""
    start = data.find(b"<sheetData")
    end = data.find(b"</sheetData>", start)
    if start < 0 or end < start:
        return None
    opening = _SHEET_DATA.match(data, start)
    declaration = _DECLARATION.match(data)
    root = _TAG.match(data, declaration.end()) if declaration else None
    if opening is None or root is None or root[1] or root[4] or root[2] != b"worksheet":
        return None
    stop = _first_row_after(data, opening.end(), end, last_row) if last_row is not None else -1
    return _Frame(start, opening.end(), (stop if stop >= 0 else end), end, root[0], *_without_password(data[end:]))


def _tree(data: bytes, part: str) -> Element:
    """The tree of a part already found well-formed without a DOCTYPE."""
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:  # pragma: no cover - expat said it was fine
        raise PartError("package.malformed_xml", part=part, detail=str(exc)) from None


# ---------------------------------------------------------------- the fast path

_TEXT = rb"[^<]*"


def _in_order(*names: bytes) -> bytes:
    """Optional attributes, each at most once, in the schema's order (so none can be repeated)."""
    return b"".join(rb"(?:\s+" + name + rb'="[^"<&\t\n\r]*")?' for name in names)


_ROW_ATTRIBUTES = _in_order(b"r", b"spans", b"s", b"customFormat", b"ht", b"hidden", b"customHeight",
                            b"outlineLevel", b"collapsed", b"thickTop", b"thickBot", b"ph", b"x14ac:dyDescent")
_CELL_ATTRIBUTES = _in_order(b"s", b"t", b"cm", b"vm", b"ph")
_FORMULA_ATTRIBUTES = _in_order(b"t", b"aca", b"ref", b"dt2D", b"dtr", b"del1", b"del2", b"r1", b"r2", b"ca", b"si",
                                b"bx")
# The rows of a plain sheetData, cut before each cell's ``<c r="`` into pieces: the head (up to
# the first cell), then each cell with what follows it up to the next cell. Each piece has a
# grammar: rows holding only plain cells (so no cell lies outside a row and no row inside
# another), each element's attributes from its schema's list, at most once each and in the
# schema's order, whitespace between. In markup of this grammar "<" only ever starts a tag, so
# ``<c r="`` occurs exactly where a cell begins: the rows match the grammar exactly when every
# piece matches its own, and a piece's verdict never depends on the others.
_COORDINATE_TEXT = rb'[A-Z]{1,3}[1-9][0-9]{0,6}"'
# A cell after its ``<c r="``, read: 1 the cell after its coordinate, 2 its attributes, 3 its whole
# <f> (empty: none), 4 the formula's attributes, 5 its text, 6 the whole <v> (or <v/>), 7 its text,
# 8 the whole <is>, 9 its text. An optional element that is absent leaves its whole group empty.
_CELL_REST = (
    _COORDINATE_TEXT + rb"((" + _CELL_ATTRIBUTES + rb")\s*(?:/>|>"
    rb"(<f(" + _FORMULA_ATTRIBUTES + rb")\s*(?:/>|>(" + _TEXT + rb")</f>))?"
    rb"(<v>(" + _TEXT + rb")</v>|<v\s*/>)?"
    rb"(<is><t(?:\s+xml:space=\"preserve\")?>(" + _TEXT + rb")</t></is>)?"
    rb"</c>))"
)
# (the plainest empty row is tried first: the same language, and a run of them, which a file may
# hold by the hundred thousand, costs one short branch per row rather than every optional attribute)
_EMPTY_ROWS = rb'(?:\s*<row(?: r="[0-9]{1,7}"/>|' + _ROW_ATTRIBUTES + rb"\s*(?:/>|>\s*</row>)))*"
_ROW_OPENED = rb"\s*<row" + _ROW_ATTRIBUTES + rb"\s*>"
_NO_CELLS = re.compile(_EMPTY_ROWS + rb"\s*")  # rows without a cell, when no cell follows
_HEAD = re.compile(_EMPTY_ROWS + _ROW_OPENED + rb"\s*")  # up to the first cell: inside its row
# a cell and what follows it before the next cell (still inside a row) or the end (outside)
_MIDDLE = re.compile(_CELL_REST + rb"(?:\s*</row>" + _EMPTY_ROWS + _ROW_OPENED + rb")?\s*")
_LAST = re.compile(_CELL_REST + rb"\s*</row>" + _EMPTY_ROWS + rb"\s*")
_CELL_START = b'<c r="'
_DECLARATION = re.compile(rb"(?:\xef\xbb\xbf)?(?:<\?xml\s[^?>]*\?>)?\s*")
# a start or end tag outside sheetData (attributes quoted either way, any value)
_TAG = re.compile(rb"""<(/?)([\w.:-]+)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(/?)>""")
_ATTRIBUTE = re.compile(rb"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SHEET_DATA = re.compile(rb"<sheetData\s*>")


class Piece:
    """A proven piece of a plain sheetData's rows (see ``_MIDDLE`` and ``_LAST``): the cell it holds,
    and that cell typed once it has been (cells whose reading depends on the rest of the file are
    typed anew)."""

    __slots__ = ("cell", "coordinate", "found", "row", "typed", "valued", "x14ac")

    def __init__(self, markup: bytes, found: re.Match[bytes]) -> None:
        """``found``: ``_MIDDLE`` or ``_LAST`` matched on ``markup``."""
        self.coordinate = markup[:found.start(1) - 1].decode()
        self.row = row_column(self.coordinate)[0]
        self.found: re.Match[bytes] | None = found  # kept until the cell is typed for good
        self.valued = not found[1].endswith(b"/>")  # an empty <c …/> holds nothing to read
        self.x14ac = b"x14ac:" in markup  # well-formed only under a root that binds the prefix
        self.cell: GridCell | None = None
        self.typed = False


Remembered = dict[bytes, Piece]


def _proven(data: bytes, first: int, stop: int, x14ac: bool, remembered: Remembered) -> list[Piece] | None:
    """The middle pieces of the rows ``data[first:stop]`` and the last (unremembered: it ends the
    rows), when every piece matches its grammar and is plain text (``_plain_piece``): the rows are then
    well-formed content under a root that binds ``x14ac`` if ``x14ac``. ``None``: not proven so."""
    head, *cells = data[first:stop].split(_CELL_START)
    if not _plain_piece(head) or (b"x14ac:" in head and not x14ac):
        return None
    if not cells:
        return [] if _NO_CELLS.fullmatch(head) else None
    if not _HEAD.fullmatch(head):
        return None
    last = cells.pop()
    found: list[Piece | None] = list(map(remembered.get, cells))  # (in C: most pieces were seen before)
    for index in compress(range(len(found)), map(not_, found)):
        markup = cells[index]
        matched = _MIDDLE.fullmatch(markup)
        if matched is None or not _plain_piece(markup):
            return None
        piece = found[index] = Piece(markup, matched)
        if len(markup) <= REMEMBERED_UP_TO:  # (a longer one is rare, and proven each time)
            remembered[markup] = piece
    pieces = cast(list[Piece], found)
    if not x14ac and any(map(_X14AC, pieces)):
        return None
    matched = _LAST.fullmatch(last)
    if matched is None or not _plain_piece(last) or (b"x14ac:" in last and not x14ac):
        return None
    pieces.append(Piece(last, matched))
    return pieces


def _fast(data: bytes, frame: _Frame, typed: CellTyper, last_row: int | None, remembered: Remembered,
          pieces: list[Piece] | None = None) -> SheetCells | None:
    """The cells of a plainly spelled part, or ``None`` when the part is spelled otherwise (called
    only for a part expat found well-formed, without comments, processing instructions, CDATA or
    an encoding other than UTF-8, or whose rows ``_proven`` found well-formed in a known frame:
    then ``pieces`` are those rows)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16: the parser reads it (another encoding named, expat has said so)
    declaration = _DECLARATION.match(data)
    assert declaration is not None  # every part matches (all of it is optional)
    protected = _around(data[declaration.end():frame.start], data, frame)
    if protected is None:
        return None
    if last_row is not None and frame.stop != frame.end and not _harmless_below(data, frame.stop, frame.end, last_row):
        return None  # the rows below the cut are not read: only checked for what could reach above
    if pieces is None:
        pieces = _proven(data, frame.first, frame.stop, b"xmlns:x14ac=" in frame.root, remembered)
    cells = None if pieces is None else _typed_cells(pieces, typed, last_row)
    return None if cells is None else SheetCells(cells, protected)


_ROW_START = re.compile(rb'<row r="([0-9]{1,7})"')


def _first_row_after(data: bytes, start: int, end: int, last_row: int) -> int:
    """Where the first row numbered below ``last_row`` starts (-1: none)."""
    for found in _ROW_START.finditer(data, start, end):
        if int(found[1]) > last_row:
            return found.start()
    return -1


def _harmless_below(data: bytes, start: int, end: int, last_row: int) -> bool:
    """Whether nothing from ``start`` on could give a cell in the rows up to ``last_row``: no
    reference there names one of them (however quoted or spaced), and no namespace is declared or
    second sheetData opened there. A cell without a reference below takes its row from its place,
    below ``last_row``; a prefixed element is in another vocabulary (``_outside`` declines a root
    that binds a prefix to SpreadsheetML). The parser path may still refuse such a part for what
    lies below, where the fast path does not look."""
    below = data[start:end]
    known = _HARMLESS.get((below, last_row))
    if known is None:
        known = last_row <= 100 and not any(text in below for text in _BELOW) and \
            _numbered_up_to(last_row).search(below) is None
        if len(_HARMLESS) >= 16:
            _HARMLESS.clear()
        _HARMLESS[(below, last_row)] = known
    return known


_HARMLESS: dict[tuple[bytes, int], bool] = {}  # «_meta»'s maps are the same in every file of a group


# below the cut: a namespace declaration, a second sheetData, a reference spelled otherwise than r="
_BELOW = (b"xmlns", b"<sheetData", b"r='", b"r =", b"r=\t", b"r=\n", b"r=\r", b"r= ", b"r\t", b"r\n", b"r\r")


@lru_cache(maxsize=16)
def _numbered_up_to(last_row: int) -> re.Pattern[bytes]:
    """A cell reference in rows 1 to ``last_row``."""
    numbers = "|".join(str(n) for n in range(1, last_row + 1))
    return re.compile(rf'r="[A-Z]{{1,3}}(?:{numbers})"'.encode())


# in the markup around sheetData: an element Excel would take for a cell, a row or cell data, a
# prefixed sheetProtection (it may be SpreadsheetML's), or a default namespace declared again
# (three patterns, each starting with a literal, so each is a fast search)
_DECOYS = (re.compile(rb"<(?:[\w.-]+:)?(?:c|row|sheetData)[\s/>]"), re.compile(rb":sheetProtection[\s/>]"),
           re.compile(rb"xmlns\s*="))


def _decoy(data: bytes, start: int = 0) -> bool:
    return any(pattern.search(data, start) for pattern in _DECOYS)


def _around(before: bytes, data: bytes, frame: _Frame) -> bool | None:
    """``_outside`` of the markup before and after sheetData, remembered by that markup with the
    protection tag's attributes left out (the rest is the same in every file of a round): the tag
    is then a plain empty SpreadsheetML element, and only its ``sheet`` attribute is read."""
    if frame.protection is None:
        return _outside(before, data[frame.end + 12:])
    key = (before, frame.tail)
    verdict = _AROUND.get(key, _UNKNOWN)
    if verdict is _UNKNOWN:
        verdict = _outside(before, frame.tail[12:])
        if len(_AROUND) >= 32:
            _AROUND.clear()
        _AROUND[key] = verdict
    if verdict is None:
        return None
    attributes = {k: d or s for k, d, s in _ATTRIBUTE.findall(frame.protection)}
    return attributes.get(b"sheet") in (b"1", b"true")


_AROUND: dict[tuple[bytes, bytes], bool | None] = {}
_UNKNOWN = object()


def _outside(before: bytes, after: bytes) -> bool | None:
    """Check the markup around sheetData in a well-formed part: the root is an unprefixed
    SpreadsheetML ``worksheet``, the only element declaring the default namespace, ``sheetData``
    is its child, and no other element is named ``c``, ``row`` or ``sheetData``.

    Returns:
        Whether the sheet is protected (the root's one ``sheetProtection`` child has ``sheet``
        on), or ``None`` when the part is spelled otherwise (the parser path then reads it).
    """
    root = _TAG.match(before)
    if root is None or _decoy(before, root.end()) or _decoy(after) or b"sheetProtection" in before:
        return None
    closing, name, raw_attributes, empty = root.groups()
    attributes = {k: d or s for k, d, s in _ATTRIBUTE.findall(raw_attributes)}
    if closing or empty or name != b"worksheet" or attributes.get(b"xmlns") != MAIN.encode() or \
            sum(value == MAIN.encode() for value in attributes.values()) != 1:
        return None  # SpreadsheetML must be the default namespace, and bound to no prefix
    tags = _TAG.findall(before, root.end())
    if len(tags) != before.count(b"<", root.end()) or _depth(tags) != 0:
        return None
    protection = after.find(b"<sheetProtection")
    if protection < 0:
        return False
    if after.find(b"<sheetProtection", protection + 1) >= 0:
        return None
    before_protection = after[:protection]
    tags = _TAG.findall(before_protection)
    if len(tags) != before_protection.count(b"<") or _depth(tags) != 0:
        return None
    found = _TAG.match(after, protection)
    if found is None:
        return None
    attributes = {k: d or s for k, d, s in _ATTRIBUTE.findall(found[3])}
    return attributes.get(b"sheet") in (b"1", b"true")


def _depth(tags: list[tuple[bytes, bytes, bytes, bytes]]) -> int | None:
    """How many of these tags' elements are left open (``None``: more closed than opened)."""
    depth = 0
    for closing, _, _, empty in tags:
        if closing:
            depth -= 1
            if depth < 0:
                return None
        elif not empty:
            depth += 1
    return depth


def _typed_cells(pieces: list[Piece], typed: CellTyper, last_row: int | None) -> dict[str, GridCell] | None:
    """The cells with content of a plain sheetData's pieces, each typed once per spelling unless its
    reading depends on the rest of the file (``None``: a cell with content given twice, which the
    parser path refuses; an empty ``<c …/>`` gives nothing)."""
    valued = list(compress(pieces, map(_VALUED, pieces)))
    read = valued if last_row is None else [p for p in valued if p.row <= last_row]
    found: list[GridCell | None] = list(map(_TYPED_CELL, read))
    for index in compress(range(len(read)), map(not_, map(_TYPED, read))):  # in order: shared formulas
        found[index] = _typed_cell(read[index], typed)
    coordinates = list(map(_COORDINATE_OF, read))
    cells = dict(compress(zip(coordinates, found, strict=True), found))  # (a cell typed to nothing is left out)
    if len(cells) != len(valued) and len(set(map(_COORDINATE_OF, valued))) != len(valued):
        return None
    return cells


_VALUED, _TYPED, _TYPED_CELL, _COORDINATE_OF, _X14AC = (
    attrgetter("valued"), attrgetter("typed"), attrgetter("cell"), attrgetter("coordinate"), attrgetter("x14ac"))


def _typed_cell(piece: Piece, typed: CellTyper) -> GridCell | None:
    found = piece.found
    assert found is not None  # only a piece typed for good lets its match go
    _, attributes, formula, formula_attributes, formula_text, value, value_text, inline, inline_text = found.groups()
    cell = typed(piece.coordinate, _attributes(attributes),
                 (_attributes(formula_attributes), text_of(formula_text)) if formula else None,
                 text_of(value_text) if value else None, text_of(inline_text) if inline else None)
    if b'"s"' not in attributes and b"shared" not in (formula_attributes or b"") and \
            found.end(1) <= REMEMBERED_UP_TO:
        # not a shared string or formula: its markup says it all
        piece.cell, piece.typed, piece.found = cell, True, None
    return cell


# the longest cell markup whose reading is remembered: a locked name or description written as
# character references (as openpyxl does with lxml installed) runs to a few kilobytes
REMEMBERED_UP_TO = 8192


def _attributes(raw: bytes) -> dict[str, str]:
    """The unprefixed attributes (a prefixed one belongs to another vocabulary)."""
    return {k.decode(): (d or s).decode() for k, d, s in _ATTRIBUTE.findall(raw) if b":" not in k} if raw else {}


# ---------------------------------------------------------------- the parser path

def _parsed(root: Element, part: str, typed: CellTyper, last_row: int | None) -> SheetCells:
    if root.tag == f"{{{STRICT_MAIN}}}worksheet":
        raise PartError("format.strict")
    if root.tag != f"{{{MAIN}}}worksheet":
        raise PartError("package.hidden_cells", part=part)
    data_elements = [child for child in root if child.tag == f"{{{MAIN}}}sheetData"]
    if len(data_elements) != 1:
        raise PartError("package.hidden_cells", part=part)
    rows = [row for row in data_elements[0] if row.tag == f"{{{MAIN}}}row"]
    cell_elements = [(row, cell) for row in rows for cell in row if cell.tag == f"{{{MAIN}}}c"]
    named = sum(1 for element in root.iter() if local_name(element.tag) in _CELL_NAMES)
    if named != 1 + len(rows) + len(cell_elements):
        raise PartError("package.hidden_cells", part=part)
    cells: dict[str, GridCell] = {}
    coordinates: set[str] = set()
    row_number, column = 0, 0
    current_row: Element | None = None
    for row, element in cell_elements:
        if row is not current_row:
            current_row, column = row, 0
            row_number = int(row.get("r", row_number + 1))
        coordinate = element.get("r") or f"{_column_letters(column + 1)}{row_number}"
        if not _COORDINATE.match(coordinate):
            raise PartError("package.malformed_xml", part=part, detail=f"bad cell reference {coordinate!r}")
        if len(element):  # a cell with content given twice: which one would Excel show?
            if coordinate in coordinates:
                raise PartError("package.hidden_cells", part=part)
            coordinates.add(coordinate)
        number, column = row_column(coordinate)
        if last_row is not None and number > last_row:
            continue
        cell = typed(coordinate, _plain(element),
                     *_children(element))
        if cell is not None:
            cells[coordinate] = cell
    protection = root.find(f"{{{MAIN}}}sheetProtection")
    return SheetCells(cells, protection is not None and protection.get("sheet") in ("1", "true"))


_COORDINATE = re.compile(r"^[A-Z]{1,3}[1-9][0-9]{0,6}$")


def _children(element: Element) -> tuple[tuple[dict[str, str], str] | None, str | None, str | None]:
    formula = element.find(f"{{{MAIN}}}f")
    value = element.find(f"{{{MAIN}}}v")
    inline = element.find(f"{{{MAIN}}}is")
    return (
        None if formula is None else (_plain(formula), formula.text or ""),
        None if value is None else value.text or "",
        None if inline is None else rich_text(inline),
    )


def _plain(element: Element) -> dict[str, str]:
    """The attributes in no namespace (as ``_attributes`` reads them)."""
    return {k: v for k, v in element.attrib.items() if "}" not in k}


def rich_text(element: Element) -> str:
    """The text Excel shows for a shared or inline string: its ``t``, or its runs' ``t`` (phonetic
    guides left out)."""
    t, r = f"{{{MAIN}}}t", f"{{{MAIN}}}r"
    direct = element.find(t)
    if direct is not None:
        return direct.text or ""
    return "".join(run.findtext(t) or "" for run in element.iter(r))


def _column_letters(index: int) -> str:
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
