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
from xml.etree.ElementTree import Element

from xl_dti.consolidation.grid import GridCell
from xl_dti.consolidation.xml_parts import MAIN, STRICT_MAIN, PartError, check_well_formed, local_name, parse, text_of
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
                remembered: dict[tuple[bytes, ...], GridCell | None] | None = None) -> SheetCells:
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
    check_well_formed(data, part)
    found = _fast(data, typed, last_row, remembered)
    return found if found is not None else _parsed(parse(data, part), part, typed, last_row)


# ---------------------------------------------------------------- the fast path

_ATTRIBUTES = rb'(?:\s+[\w:]+="[^"<&\t\n\r]*")*'
_TEXT = rb"[^<]*"
# One token of a plain sheetData: a row start or end, or a whole cell. Groups: 1 the whole token
# (the tokens tile the region exactly when their lengths add up to it), 2 a cell's coordinate,
# 3 its attributes, 4 its whole <f> (empty: none), 5 the formula's attributes, 6 its text, 7 the
# whole <v>, 8 its text, 9 the whole <is>, 10 its text.
_TOKEN = re.compile(
    rb"(\s*(?:<row" + _ATTRIBUTES + rb"\s*/?>|</row>"
    rb'|<c r="([A-Z]{1,3}[1-9][0-9]{0,6})"(' + _ATTRIBUTES + rb")\s*(?:/>|>"
    rb"(<f(" + _ATTRIBUTES + rb")\s*(?:/>|>(" + _TEXT + rb")</f>))?"
    rb"(<v>(" + _TEXT + rb")</v>)?"
    rb"(<is><t(?:\s+xml:space=\"preserve\")?>(" + _TEXT + rb")</t></is>)?"
    rb"</c>)))"
)
_DECLARATION = re.compile(rb"(?:\xef\xbb\xbf)?(?:<\?xml\s[^?>]*\?>)?\s*")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")
# a start or end tag outside sheetData (attributes quoted either way, any value)
_TAG = re.compile(rb"""<(/?)([\w.:-]+)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(/?)>""")
_ATTRIBUTE = re.compile(rb"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SHEET_DATA = re.compile(rb"<sheetData\s*>")


def _fast(data: bytes, typed: CellTyper, last_row: int | None,
          remembered: dict[tuple[bytes, ...], GridCell | None] | None) -> SheetCells | None:
    """The cells of a plainly spelled part, or ``None`` when the part is spelled otherwise."""
    declaration = _DECLARATION.match(data)
    assert declaration is not None  # every part matches (all of it is optional)
    encoding = _ENCODING.search(declaration[0])
    if encoding is not None and encoding[1].lower() not in (b"utf-8", b"utf8"):
        return None
    body = declaration.end()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _marked(data, body):
        return None  # UTF-16, comments, CDATA or processing instructions: the parser reads them
    start = data.find(b"<sheetData")
    end = data.find(b"</sheetData>")
    if start < 0 or end < start or data.find(b"<sheetData", start + 1) >= 0 or b"xmlns" in data[start:end]:
        return None
    opening = _SHEET_DATA.match(data, start)
    protected = _outside(data[body:start], data[end + 12:])
    if opening is None or protected is None:
        return None
    region = data[opening.end():end]
    tokens = _TOKEN.findall(region)
    if sum(len(t[0]) for t in tokens) != len(region.rstrip()):
        return None  # something besides plain rows and cells
    return _typed_tokens(tokens, typed, last_row, remembered, protected)


def _marked(data: bytes, start: int) -> bool:
    """Whether "<!" or "<?" occurs after ``start`` (a one-byte search for the rare second byte)."""
    for mark in b"!?":
        at = data.find(mark, start)
        while at >= 0:
            if at > 0 and data[at - 1] == 0x3C:  # "<"
                return True
            at = data.find(mark, at + 1)
    return False


def _outside(before: bytes, after: bytes) -> bool | None:
    """Check the markup around sheetData in a well-formed part: the root is an unprefixed
    SpreadsheetML ``worksheet``, no other element redeclares the default namespace, ``sheetData``
    is a child of the root, and no other element is named ``c``, ``row`` or ``sheetData``.

    Returns:
        Whether the sheet is protected (its ``sheetProtection`` child has ``sheet`` on), or ``None``
        when the part is spelled otherwise (the parser path then reads it).
    """
    protected, depth = False, 0
    for segment, depth_at_end in ((before, 1), (after, 0)):
        tags = _TAG.findall(segment)
        if len(tags) != segment.count(b"<"):
            return None
        for closing, name, raw_attributes, empty in tags:
            prefix, _, local = name.rpartition(b":")
            if local in (b"c", b"row", b"sheetData") or (prefix and local == b"sheetProtection"):
                return None
            if closing:
                depth -= 1
                continue
            attributes = {k: d or s for k, d, s in _ATTRIBUTE.findall(raw_attributes)}
            if depth == 0:
                if name != b"worksheet" or attributes.get(b"xmlns") != MAIN.encode() or segment is after:
                    return None
            elif b"xmlns" in attributes:
                return None
            elif depth == 1 and name == b"sheetProtection":
                protected = attributes.get(b"sheet") in (b"1", b"true")
            if not empty:
                depth += 1
        if depth != depth_at_end:
            return None
    return protected


def _typed_tokens(tokens: list[tuple[bytes, ...]], typed: CellTyper, last_row: int | None,
                  remembered: dict[tuple[bytes, ...], GridCell | None] | None, protected: bool) -> SheetCells | None:
    cells: dict[str, GridCell] = {}
    count = 0
    for token in tokens:
        if not token[1]:
            continue  # a row's start or end
        count += 1
        coordinate = token[1].decode()
        if last_row is not None and row_column(coordinate)[0] > last_row:
            continue
        key = token[2:]
        cell = remembered.get(key, _UNSEEN) if remembered is not None else _UNSEEN
        if cell is _UNSEEN:
            cell = typed(coordinate, _attributes(token[2]),
                         (_attributes(token[4]), text_of(token[5])) if token[3] else None,
                         text_of(token[7]) if token[6] else None, text_of(token[9]) if token[8] else None)
            if remembered is not None and b'"s"' not in token[2] and b"shared" not in token[4] \
                    and len(token[0]) <= 1024:  # not a shared string or formula: its markup says it all
                remembered[key] = cell
        if cell is not None:
            cells[coordinate] = cell
    if count != len({t[1] for t in tokens if t[1]}):
        return None  # a cell given twice: the parser path refuses it
    return SheetCells(cells, protected)


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
