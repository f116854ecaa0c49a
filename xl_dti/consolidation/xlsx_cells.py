"""Read the cells of an .xlsx package straight from its XML (defusedxml), values exact as stored.

Reading the parts directly is both safer and far faster than a full workbook model: numbers keep
the decimal text the file holds, formulas and their cached values come in one pass, shared
formulas are expanded with openpyxl's translator, and dates are told apart by their number format.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from defusedxml import ElementTree
from openpyxl.formula.translate import Translator
from openpyxl.utils import column_index_from_string, get_column_letter

from xl_dti.consolidation.grid import Grid, GridCell
from xl_dti.consolidation.package import markup_after
from xl_dti.decimals import excel_precision
from xl_dti.workbook.layout import row_column

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_BUILTIN_DATE_FORMATS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
_DATE_CODE = re.compile(r"[dmyhs]")
_QUOTED_OR_BRACKETED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


class XlsxError(ValueError):
    """The package is a zip but not a readable workbook."""


def read_xlsx(parts: dict[str, bytes], sheets: dict[str, int | None] | set[str] | None = None) -> Grid:
    """The grid of an .xlsx package.

    Args:
        parts: the package's decompressed parts (from ``open_package``).
        sheets: the sheet names to read (``None``: all), or name → the last row worth reading.

    Raises:
        XlsxError: a part is missing or malformed.
    """
    try:
        return _read(parts, sheets)
    except (KeyError, ValueError, ElementTree.ParseError, IndexError, InvalidOperation, TypeError) as exc:
        raise XlsxError(str(exc)) from exc


def _read(parts: dict[str, bytes], wanted: dict[str, int | None] | set[str] | None) -> Grid:
    grid = Grid()
    book = _remembered(_workbook, parts["xl/workbook.xml"], parts["xl/_rels/workbook.xml.rels"])
    grid.structure_locked = book.structure_locked
    strings = _shared_strings(parts.get("xl/sharedStrings.xml"))
    dates = _remembered(_date_styles, parts.get("xl/styles.xml"))
    for name, hidden, path in book.sheets:
        grid.sheet_order.append(name)
        if hidden:
            grid.hidden.add(name)
        if wanted is not None and name not in wanted:
            continue
        last_row = wanted.get(name) if isinstance(wanted, dict) else None
        grid.sheets[name] = _sheet_cells(parts[path], strings, dates, grid, name, last_row)
    grid.saved = _saved_time(parts.get("docProps/core.xml"))
    return grid


@dataclass(frozen=True)
class _Workbook:
    """What workbook.xml and its relationships say: the sheets (name, hidden, part) and the lock."""

    sheets: tuple[tuple[str, bool, str], ...]
    structure_locked: bool


def _workbook(data: bytes, rels: bytes) -> _Workbook:
    root = ElementTree.fromstring(data)
    targets = _relationships(rels, "xl")
    protection = root.find(f"{NS}workbookProtection")
    return _Workbook(
        tuple((sheet.get("name", ""), sheet.get("state") in ("hidden", "veryHidden"),
               targets[sheet.get(f"{REL_NS}id", "")]) for sheet in root.iter(f"{NS}sheet")),
        protection is not None and protection.get("lockStructure") in ("1", "true"),
    )


_REMEMBERED: dict[tuple[object, ...], object] = {}
R = TypeVar("R")


def _remembered(parse: Callable[..., R], *data: bytes | None) -> R:
    """``parse(*data)``, remembered by the exact bytes: the files of a round share their workbook
    and styles parts byte for byte (what it returns is never changed by the caller). Parts over
    256 KB are parsed each time, and at most 32 results are kept."""
    if sum(len(d) for d in data if d) > 256 * 1024:
        return parse(*data)
    key = (parse, *data)
    if key not in _REMEMBERED:
        if len(_REMEMBERED) >= 32:
            _REMEMBERED.clear()
        _REMEMBERED[key] = parse(*data)
    return _REMEMBERED[key]  # type: ignore[return-value]


def _relationships(rels: bytes, base: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for rel in ElementTree.fromstring(rels).iter(f"{PKG_REL}Relationship"):
        target = rel.get("Target", "")
        found[rel.get("Id", "")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(base, target)
        )
    return found


def _shared_strings(data: bytes | None) -> list[str]:
    if data is None:
        return []
    return ["".join(t.text or "" for t in si.iter(f"{NS}t")) for si in ElementTree.fromstring(data).iter(f"{NS}si")]


def _date_styles(data: bytes | None) -> frozenset[int]:
    """Indexes of cell formats that display dates or times."""
    if data is None:
        return frozenset()
    root = ElementTree.fromstring(data)
    custom = {
        int(f.get("numFmtId", "0")): f.get("formatCode", "")
        for f in root.iter(f"{NS}numFmt")
    }
    date_ids = set(_BUILTIN_DATE_FORMATS)
    date_ids |= {i for i, code in custom.items() if _DATE_CODE.search(_QUOTED_OR_BRACKETED.sub("", code.lower()))}
    xfs = root.find(f"{NS}cellXfs")
    if xfs is None:
        return frozenset()
    return frozenset(i for i, xf in enumerate(xfs.iter(f"{NS}xf")) if int(xf.get("numFmtId", "0")) in date_ids)


# A cell's content runs to its </c> and may not hold another cell's start or end: a file with
# cells left open then fails each attempt at the next cell, and the scan stays linear.
_TOKEN = re.compile(
    rb"<(?:\w+:)?row\b([^>]*?)/?>"                                                 # a row start: its number
    rb"|<(?:\w+:)?c\b([^>]*?)(?:/>|>((?:[^<]*+<(?!/?(?:\w+:)?c[\s>/]))*+[^<]*+)</(?:\w+:)?c>)",  # a cell
)
_PROTECTION = re.compile(rb"<(?:\w+:)?sheetProtection\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_COORDINATE = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _attributes(raw: bytes) -> dict[str, str]:
    # the attributes read here (r, s, t, si, sheet) never hold entities
    return {k.decode().split(":")[-1]: (double or single).decode("utf-8")
            for k, double, single in _ATTRIBUTE.findall(raw)}


def _sheet_cells(
    data: bytes, strings: list[str], dates: frozenset[int], grid: Grid, name: str, last_row: int | None = None
) -> dict[str, GridCell]:
    """The cells of a worksheet part, scanned without building an element tree.

    The package has already been refused if any part declares a DOCTYPE or an entity, and
    comments, processing instructions and CDATA are taken out first (``_markup_only``), so the
    only markup left to decode is the five predefined entities and character references.
    """
    data = _markup_only(data)
    tail = data.rfind(b"sheetProtection")  # it follows the cells: look from the end
    protection = _PROTECTION.search(data, max(0, data.rfind(b"<", 0, tail))) if tail >= 0 else None
    if protection is not None and _attributes(protection[1]).get("sheet") in ("1", "true"):
        grid.protected_sheets.add(name)
    cut = _first_row_after(data, last_row) if last_row is not None else -1
    if cut >= 0:
        data = data[:cut]  # only the rows above are read
    found = _PLAIN_CELL.findall(data)
    # Each plain cell ends in one "c>"; any other "c>" is a cell the fast path cannot read.
    if data.count(b"c>") != len(found):
        return _any_cells(data, strings, dates, last_row)
    cells = _plain_cells(found, strings, dates)
    if last_row is not None and cut < 0:
        cells = {c: cell for c, cell in cells.items() if row_column(c)[0] <= last_row}
    return cells


_HIDDEN = {b"<!--": b"-->", b"<?": b"?>", b"<![CDATA[": b"]]>"}


def _markup_only(data: bytes) -> bytes:
    """The part without comments and processing instructions, its CDATA sections as escaped text:
    what the scanners read is then what an XML parser (and Excel) reads. Linear: each opening is
    matched with ``find``; an unclosed one is damage."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    if data.startswith(b"<?xml", start):  # the declaration
        end = data.find(b"?>", start)
        if end < 0:
            raise XlsxError("an unclosed XML declaration")
        start = end + 2
    if not markup_after(data, start, b"!?"):
        return data
    pieces, position = [], start
    upcoming = {opener: data.find(opener, start) for opener in _HIDDEN}  # each searched again only once passed
    while True:
        for opener, at in upcoming.items():
            if 0 <= at < position:
                upcoming[opener] = data.find(opener, position)
        openings = [(at, opener) for opener, at in upcoming.items() if at >= 0]
        if not openings:
            break
        found, opener = min(openings)
        end = data.find(_HIDDEN[opener], found + len(opener))
        if end < 0:
            raise XlsxError(f"an unclosed {opener.decode()} at byte {found}")
        pieces.append(data[position:found])
        if opener == b"<![CDATA[":
            pieces.append(data[found + 9:end].replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;"))
        position = end + len(_HIDDEN[opener])
    pieces.append(data[position:])
    return b"".join(pieces)


_ROW_START = re.compile(rb'<row r="([0-9]+)"')


def _first_row_after(data: bytes, last_row: int) -> int:
    """Where the first row below ``last_row`` starts (-1: none found, or rows not spelled plainly)."""
    for found in _ROW_START.finditer(data):
        if int(found[1]) > last_row:
            return found.start()
    return -1


# Excel, LibreOffice, WPS and openpyxl write every cell as <c r="A1" …>: the fast path reads
# those; a writer that omits r=, quotes with ' or prefixes the namespace takes the general path.
# Attribute values are read quote to quote, and a cell's content runs to its first </c> (as in
# _TOKEN, it may not hold another cell's start, which keeps the scan linear).
_PLAIN_CELL = re.compile(
    rb'<c r="([A-Z]{1,3}[0-9]+)"((?:\s++[\w:]++="[^"]*+")*+)\s*+>((?:[^<]*+<(?!/c>|c[\s>/]))*+[^<]*+)</c>'
)
# <f>, <v> and <t> hold text only
_CELL_PART = re.compile(rb"<(?:\w+:)?(f|v|t)\b([^>]*?)(?:/>|>([^<]*+)</(?:\w+:)?\1>)")
_FORMULA = re.compile(rb"<f\b([^>]*?)(?:/>|>([^<]*+)</f>)")
_VALUE = re.compile(rb"<v\b[^>]*>([^<]*+)</v>")
_RUN_TEXT = re.compile(rb"<t\b[^>]*>([^<]*+)</t>")


# Every unit's workbook repeats the same locked cells byte for byte: each spelling is parsed once
# per set of date styles. Shared strings and shared formulas depend on the rest of the file, so
# they are never memoised; nor is a long cell. What is remembered is bounded in bytes: a worker
# reads thousands of files within its memory limit.
_CELLS_SEEN: dict[frozenset[int], dict[tuple[bytes, bytes], GridCell | None]] = {}
_CELLS_SEEN_BYTES = [0]
_CELLS_SEEN_LIMIT = 32 * 1024 * 1024
_CELL_REMEMBERED_UP_TO = 1024
_MISSING = GridCell("text", "")


def _plain_cells(
    found: list[tuple[bytes, bytes, bytes]], strings: list[str], dates: frozenset[int]
) -> dict[str, GridCell]:
    cells: dict[str, GridCell] = {}
    shared: dict[str, tuple[str, str]] = {}
    if dates not in _CELLS_SEEN and len(_CELLS_SEEN) >= 8:
        forget()
    seen = _CELLS_SEEN.setdefault(dates, {})
    for coordinate, raw_attributes, content in found:
        key = (raw_attributes, content)
        cell = seen.get(key, _MISSING)
        if cell is _MISSING:
            cell = _parse_plain(coordinate.decode(), raw_attributes, content, strings, dates, shared)
            size = len(raw_attributes) + len(content)
            # b'"s"' finds t="s" however it is spaced
            if size <= _CELL_REMEMBERED_UP_TO and b'"s"' not in raw_attributes and b"shared" not in content:
                if _CELLS_SEEN_BYTES[0] + size > _CELLS_SEEN_LIMIT:
                    forget()
                    seen = _CELLS_SEEN.setdefault(dates, {})
                _CELLS_SEEN_BYTES[0] += size
                seen[key] = cell
        if cell is not None:
            cells[coordinate.decode()] = cell
    return cells


def forget() -> None:
    """Drop what the reader remembers between files (when it grows too large, or memory runs out)."""
    _CELLS_SEEN.clear()
    _CELLS_SEEN_BYTES[0] = 0
    _REMEMBERED.clear()


def _parse_plain(coordinate: str, raw_attributes: bytes, content: bytes, strings: list[str], dates: frozenset[int],
                 shared: dict[str, tuple[str, str]]) -> GridCell | None:
    attributes = _attributes(raw_attributes)
    attributes.setdefault("t", "n")
    parts: dict[str, tuple[dict[str, str], bytes | None]] = {}
    found = _FORMULA.search(content) if b"<f" in content else None
    if found:
        parts["f"] = (_attributes(found[1]), found[2])
    value = _VALUE.search(content) if b"<v" in content else None
    if value:
        parts["v"] = ({}, value[1])
    if attributes["t"] == "inlineStr":
        parts["t"] = ({}, b"".join(_RUN_TEXT.findall(content)))
    formula = _formula(parts.get("f"), coordinate, shared)
    typed = _value(attributes, parts, strings, dates)
    if typed is None and formula is None:
        return None
    return GridCell(*(typed or ("text", "")), formula=formula)  # type: ignore[arg-type]


def _any_cells(data: bytes, strings: list[str], dates: frozenset[int], last_row: int | None) -> dict[str, GridCell]:
    cells: dict[str, GridCell] = {}
    shared: dict[str, tuple[str, str]] = {}
    row, column = 0, 0
    for match in _TOKEN.finditer(data):
        row_attributes, cell_attributes, content = match.groups()
        if row_attributes is not None:
            row = int(_attributes(row_attributes).get("r", row + 1))
            column = 0
            if last_row is not None and row > last_row:
                break
            continue
        attributes = _attributes(cell_attributes)
        coordinate = attributes.get("r") or f"{get_column_letter(column + 1)}{row}"
        found = _COORDINATE.match(coordinate)
        if found is None:
            raise XlsxError(f"bad cell reference {coordinate!r}")
        column = column_index_from_string(found[1])
        if content is not None:
            _add(cells, shared, coordinate, attributes, content, strings, dates)
    return cells


def _add(cells: dict[str, GridCell], shared: dict[str, tuple[str, str]], coordinate: str,
         attributes: dict[str, str], content: bytes, strings: list[str], dates: frozenset[int]) -> None:
    found_parts = _CELL_PART.findall(content) if b"<" in content else []
    parts = {tag.decode(): (_attributes(raw), body) for tag, raw, body in found_parts}
    if attributes.get("t") == "inlineStr":  # rich text runs: one <t> per run
        parts["t"] = ({}, b"".join(body for tag, _, body in found_parts if tag == b"t"))
    formula = _formula(parts.get("f"), coordinate, shared)
    value = _value(attributes, parts, strings, dates)
    if value is None and formula is None:
        return
    cells[coordinate] = GridCell(*(value or ("text", "")), formula=formula)  # type: ignore[arg-type]


def _text(raw: bytes | None) -> str:
    if not raw:
        return ""
    text = raw.decode("utf-8")
    return html.unescape(text) if "&" in text else text


def _formula(part: tuple[dict[str, str], bytes | None] | None, coordinate: str,
             shared: dict[str, tuple[str, str]]) -> str | None:
    if part is None:
        return None
    attributes, raw = part
    text = _text(raw)
    if attributes.get("t") == "shared":
        index = attributes.get("si", "")
        if text:
            shared[index] = (coordinate, text)
        elif index in shared:
            origin, master = shared[index]
            translated: str = Translator("=" + master, origin=origin).translate_formula(coordinate)
            return translated.lstrip("=")
    return text


def _value(attributes: dict[str, str], parts: dict[str, tuple[dict[str, str], bytes | None]],
           strings: list[str], dates: frozenset[int]) -> tuple[str, object] | None:
    kind = attributes.get("t", "n")
    if kind == "inlineStr":
        return "text", _text(parts["t"][1]) if "t" in parts else ""
    if "v" not in parts or not parts["v"][1]:
        return None
    text = _text(parts["v"][1])
    if kind == "s":
        return "text", strings[int(text)]
    if kind == "str":
        return "text", text
    if kind == "b":
        return "bool", text.strip() in ("1", "true")
    if kind == "e":
        return "error", text
    if kind == "d":
        return "date", text
    number = excel_precision(Decimal(text.strip()))
    if int(attributes.get("s", "0") or 0) in dates:
        return "date", number
    return "number", number


_MODIFIED = re.compile(rb"<(?:\w+:)?modified\b[^>]*>([^<]*)<")


def _saved_time(data: bytes | None) -> str:
    found = _MODIFIED.search(data) if data else None
    return _text(found[1]).strip() if found else ""
