"""The cells of one worksheet part, exactly as Excel reads them, or a refusal.

Two paths give the same cells. The *parser path* reads the element tree (expat, no DTD): the cells
are the SpreadsheetML ``c`` children of the ``row`` children of the one ``sheetData`` child of the
``worksheet`` root; an element named ``c``, ``row`` or ``sheetData`` anywhere else (a foreign
namespace, an extension list, a second ``sheetData``) or a cell given twice is a decoy Excel would
not show, and the part is refused. The *fast path* reads the plain spelling every common writer
uses (Excel, LibreOffice, WPS, Gnumeric, openpyxl) with one regular expression, only after expat
has found the part well-formed, and only when the part fits a grammar under which the two paths
provably agree (``tests/test_worksheet.py`` checks them against each other on mutated parts);
anything else takes the parser path.

Only plain quantifiers are used: possessive ones and atomic groups are wrong before CPython 3.11.5
(gh-100061, gh-106052), and every pattern here stays linear because each repeated piece ends on a
character its neighbour cannot start with.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
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
                remembered: dict[bytes, GridCell | None] | None = None) -> SheetCells:
    """Read a worksheet part (see the module docstring).

    Args:
        data: the part's bytes.
        part: its name, for messages.
        typed: turns one cell's markup into a typed cell (shared strings, dates, shared formulas).
        last_row: read no row below this one (``None``: all).
        remembered: cells already typed, by their exact markup (the fast path adds to it).

    Raises:
        PartError: the part is not well-formed, declares a DTD, or holds cells Excel would not show.
    """
    unusual = _well_formed(data, part, last_row)
    found = None if unusual else _fast(data, typed, last_row, remembered)
    return found if found is not None else _parsed(_tree(data, part), part, typed, last_row)


# Frames known well-formed: (the part up to its rows, its rows below the cut, the part from
# </sheetData>), found in a part expat read whole, whose rows above the cut were well-formed on
# their own too. Every file of a round shares them byte for byte (the form's validations and
# formats, «_meta»'s maps), so only the rows that differ need expat again: the rows above the cut
# are parsed in their frame's namespace context, between the root's start tag and its end. A part
# is well-formed exactly when they are, since an element's content can be swapped for any other
# well-formed content (no DTD, so no entity can reach across).
_FRAMES: dict[tuple[bytes, bytes, bytes], bytes] = {}
_FRAMES_LIMIT = 32


def _well_formed(data: bytes, part: str, last_row: int | None) -> bool:
    """``check_well_formed`` of a worksheet part, through a known frame when there is one."""
    frame = _frame(data, last_row)
    if frame is None:
        return check_well_formed(data, part)
    first, stop, end, root = frame
    key = (data[:first], data[stop:end], data[end:])
    rows = root + b"<sheetData>" + data[first:stop] + b"</sheetData></worksheet>"
    if key in _FRAMES:
        return check_well_formed(rows, part)
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
    return unusual


def _frame(data: bytes, last_row: int | None) -> tuple[int, int, int, bytes] | None:
    """Where a plain part's rows begin, where the rows read end (the cut, or sheetData's end),
    where sheetData ends, and the root's start tag; ``None`` for any other spelling."""
    start = data.find(b"<sheetData")
    end = data.find(b"</sheetData>")
    if start < 0 or end < start or data.find(b"<sheetData", start + 1) >= 0:
        return None
    opening = _SHEET_DATA.match(data, start)
    declaration = _DECLARATION.match(data)
    root = _TAG.match(data, declaration.end()) if declaration else None
    if opening is None or root is None or root[1] or root[4] or root[2] != b"worksheet":
        return None
    stop = _first_row_after(data, opening.end(), end, last_row) if last_row is not None else -1
    return opening.end(), (stop if stop >= 0 else end), end, root[0]


def _tree(data: bytes, part: str) -> Element:
    """The tree of a part already found well-formed without a DOCTYPE."""
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:  # pragma: no cover - expat said it was fine
        raise PartError("package.malformed_xml", part=part, detail=str(exc)) from None


# ---------------------------------------------------------------- the fast path

_ATTRIBUTES = rb'(?:\s+[\w:]+="[^"<&\t\n\r]*")*'
_TEXT = rb"[^<]*"
# A cell in the plain spelling. Groups: 1 its attributes after r=, 2 its whole <f> (empty: none),
# 3 the formula's attributes, 4 its text, 5 the whole <v> (or <v/>), 6 its text, 7 the whole <is>,
# 8 its text. An optional element that is absent leaves its whole group empty.
_CELL_BODY = (
    rb"(" + _ATTRIBUTES + rb")\s*(?:/>|>"
    rb"(<f(" + _ATTRIBUTES + rb")\s*(?:/>|>(" + _TEXT + rb")</f>))?"
    rb"(<v>(" + _TEXT + rb")</v>|<v\s*/>)?"
    rb"(<is><t(?:\s+xml:space=\"preserve\")?>(" + _TEXT + rb")</t></is>)?"
    rb"</c>)"
)
_CELL = re.compile(rb'\s*<c r="[A-Z]{1,3}[1-9][0-9]{0,6}"' + _CELL_BODY)
_COORDINATE_REF = rb'<c r="([A-Z]{1,3}[1-9][0-9]{0,6})"'
_UNCAPTURED_CELL = rb'\s*<c r="[A-Z]{1,3}[1-9][0-9]{0,6}"' + _CELL_BODY.replace(b"(", b"(?:").replace(b"(?:?:", b"(?:")
# A plain sheetData's content, whole: rows holding only plain cells (so no cell lies outside a
# row and no row inside another), with whitespace between. One C-level match, no captures.
_ROWS = re.compile(
    rb"(?:\s*<row" + _ATTRIBUTES + rb"\s*(?:/>|>(?:" + _UNCAPTURED_CELL + rb")*\s*</row>))*\s*"
)
# A cell with content (an empty <c …/> holds nothing to read): group 1 the whole cell (the key
# under which its reading is remembered), 2 its coordinate. Inside a plain sheetData a cell's
# content runs to its first </c>.
_VALUED = re.compile(rb"(" + _COORDINATE_REF + _ATTRIBUTES + rb"\s*>[^<]*(?:<(?!/c>)[^<]*)*</c>)")
_DECLARATION = re.compile(rb"(?:\xef\xbb\xbf)?(?:<\?xml\s[^?>]*\?>)?\s*")
# a start or end tag outside sheetData (attributes quoted either way, any value)
_TAG = re.compile(rb"""<(/?)([\w.:-]+)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(/?)>""")
_ATTRIBUTE = re.compile(rb"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SHEET_DATA = re.compile(rb"<sheetData\s*>")


def _fast(data: bytes, typed: CellTyper, last_row: int | None,
          remembered: dict[bytes, GridCell | None] | None) -> SheetCells | None:
    """The cells of a plainly spelled part, or ``None`` when the part is spelled otherwise (called
    only for a part expat found well-formed, without comments, processing instructions, CDATA or
    an encoding other than UTF-8)."""
    declaration = _DECLARATION.match(data)
    assert declaration is not None  # every part matches (all of it is optional)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16: the parser reads it (another encoding named, expat has said so)
    body = declaration.end()
    start = data.find(b"<sheetData")
    end = data.find(b"</sheetData>")
    if start < 0 or end < start or data.find(b"<sheetData", start + 1) >= 0 or data.find(b"xmlns", start, end) >= 0:
        return None
    opening = _SHEET_DATA.match(data, start)
    protected = _outside(data[body:start], data[end + 12:])
    if opening is None or protected is None:
        return None
    first = opening.end()
    if last_row is not None:  # the rows below are not read: only checked for what could reach above
        cut = _first_row_after(data, first, end, last_row)
        if cut >= 0:
            if not _harmless_below(data, cut, end, last_row):
                return None
            end = cut
    if _ROWS.fullmatch(data, first, end) is None:
        return None  # something besides plain rows and cells
    cells = _typed_cells(_VALUED.findall(data, first, end), typed, last_row, remembered)
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


def _typed_cells(valued: list[tuple[bytes, bytes]], typed: CellTyper, last_row: int | None,
                 remembered: dict[bytes, GridCell | None] | None) -> dict[str, GridCell] | None:
    """The cells with content of a plain sheetData, each typed once per spelling (``None``: a cell
    with content given twice, which the parser path refuses; an empty ``<c …/>`` gives nothing)."""
    cells: dict[str, GridCell] = {}
    if remembered is None:
        remembered = {}
    for whole, coordinate_bytes in valued:
        coordinate = coordinate_bytes.decode()
        if last_row is not None and row_column(coordinate)[0] > last_row:
            continue
        cell = remembered.get(whole, _UNSEEN)
        if cell is _UNSEEN:
            cell = _typed_cell(whole, coordinate, typed, remembered)
        if cell is not None:
            cells[coordinate] = cell
    if len(cells) != len(valued) and len({c for _, c in valued}) != len(valued):
        return None
    return cells


def _typed_cell(whole: bytes, coordinate: str, typed: CellTyper, remembered: dict[bytes, GridCell | None]) \
        -> GridCell | None:
    found = _CELL.match(whole)
    assert found is not None  # _ROWS matched the same markup
    attributes, formula, formula_attributes, formula_text, value, value_text, inline, inline_text = found.groups()
    cell = typed(coordinate, _attributes(attributes),
                 (_attributes(formula_attributes), text_of(formula_text)) if formula else None,
                 text_of(value_text) if value else None, text_of(inline_text) if inline else None)
    if b'"s"' not in attributes and b"shared" not in (formula_attributes or b"") and len(whole) <= 1024:
        remembered[whole] = cell  # not a shared string or formula: its markup says it all
    return cell


_UNSEEN = GridCell("text", "")


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
