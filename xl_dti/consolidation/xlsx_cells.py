"""Read the cells of an .xlsx package, values exact as stored, as Excel would show them.

The package's parts are found through its relationships (``opc.locate``); every part a value is
taken from is parsed by a conforming XML parser or, for the worksheets' plain spelling, by a fast
path proven to read the same cells (``worksheet``). Numbers keep the decimal text the file holds,
formulas and their cached values come in one pass, shared formulas are expanded with openpyxl's
translator, and dates are told apart by their number format.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from itertools import islice
from typing import TypeVar

from openpyxl.formula.translate import Translator

from xl_dti.consolidation.grid import Grid, GridCell
from xl_dti.consolidation.opc import Located, office_document, workbook_parts
from xl_dti.consolidation.opc import forget as forget_documents
from xl_dti.consolidation.worksheet import Remembered, rich_text, sheet_cells
from xl_dti.consolidation.xml_parts import MAIN, PartError, parse
from xl_dti.decimals import excel_precision

NS = f"{{{MAIN}}}"
_BUILTIN_DATE_FORMATS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
_DATE_CODE = re.compile(r"[dmyhs]")
_QUOTED_OR_BRACKETED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


class XlsxError(ValueError):
    """The package is a zip but not a readable workbook: ``code`` says why (a ``messages`` key)."""

    def __init__(self, message: str, code: str = "format.damaged", params: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.params = params or {}


def read_xlsx(parts: Mapping[str, bytes], sheets: dict[str, int | None] | set[str] | None = None) -> Grid:
    """The grid of an .xlsx package.

    Args:
        parts: the package's decompressed parts (from ``open_package``).
        sheets: the sheet names to read (``None``: all), or name → the last row worth reading.

    Raises:
        XlsxError: the package cannot be read as one workbook (its ``code`` says why).
    """
    try:
        return _read(parts, sheets)
    except PartError as exc:
        raise XlsxError(str(exc), exc.code, exc.params) from exc
    except (KeyError, ValueError, IndexError, InvalidOperation, TypeError) as exc:
        raise XlsxError(str(exc)) from exc


def located(parts: Mapping[str, bytes]) -> Located:
    """``opc.locate``, remembered by the names and the bytes of the parts it reads (every file of a
    round has the same relationships and workbook part)."""
    workbook = office_document(parts)
    relationships = tuple(data for name, data in parts.items() if name.lower().endswith(".rels"))
    return _remembered(_workbook_parts, parts, workbook, tuple(parts), parts[workbook], relationships)


def _workbook_parts(parts: Mapping[str, bytes], workbook: str, *_: object) -> Located:
    return workbook_parts(parts, workbook)


def _read(parts: Mapping[str, bytes], wanted: dict[str, int | None] | set[str] | None) -> Grid:
    grid = Grid()
    book = located(parts)
    grid.structure_locked = book.structure_locked
    strings = _shared_strings(parts[book.shared_strings]) if book.shared_strings else []
    dates = _remembered(_date_styles, None, parts[book.styles] if book.styles else None)
    if dates not in _CELLS_SEEN and len(_CELLS_SEEN) >= 8:
        forget()
    remembered = _CELLS_SEEN.setdefault(dates, {})
    for name, hidden, path in book.sheets:
        grid.sheet_order.append(name)
        if hidden:
            grid.hidden.add(name)
        if wanted is not None and name not in wanted:
            continue
        last_row = wanted.get(name) if isinstance(wanted, dict) else None
        shared: dict[str, tuple[str, str]] = {}
        before = len(remembered)
        read = sheet_cells(parts[path], path, _typer(strings, dates, shared), last_row, remembered)
        _account(remembered, before)
        grid.sheets[name] = read.cells
        if read.protected:
            grid.protected_sheets.add(name)
    grid.saved = _saved_time(parts[book.core] if book.core else None)
    return grid


_REMEMBERED: dict[tuple[object, ...], object] = {}
R = TypeVar("R")


def _remembered(parse_: Callable[..., R], parts: Mapping[str, bytes] | None, *data: object) -> R:
    """``parse_(parts, *data)``, remembered by ``data`` (the exact bytes it depends on): the files
    of a round share their workbook and styles parts byte for byte (what it returns is never
    changed by the caller). Over 256 KB it is worked out each time; at most 32 results are kept."""
    if sum(_size(d) for d in data) > 256 * 1024:
        return parse_(parts, *data)
    key = (parse_.__qualname__, *data)
    if key not in _REMEMBERED:
        if len(_REMEMBERED) >= 32:
            _REMEMBERED.clear()
        _REMEMBERED[key] = parse_(parts, *data)
    return _REMEMBERED[key]  # type: ignore[return-value]


def _size(data: object) -> int:
    if isinstance(data, bytes):
        return len(data)
    return sum(_size(d) for d in data) if isinstance(data, tuple) else 0


def _shared_strings(data: bytes) -> list[str]:
    return [rich_text(si) for si in parse(data, "sharedStrings").iter(f"{NS}si")]


def _date_styles(_: object, data: bytes | None) -> frozenset[int]:
    """Indexes of cell formats that display dates or times."""
    if data is None:
        return frozenset()
    root = parse(data, "styles")
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


# Every unit's workbook repeats the same locked cells byte for byte: each spelling (the piece of
# the rows it begins, ``worksheet.Piece``) is proven and typed once per set of date styles. Shared
# strings and shared formulas depend on the rest of the file, so they are typed anew each time; a
# long piece is not remembered. What is remembered is bounded in bytes: a worker reads thousands
# of files within its memory limit.
_CELLS_SEEN: dict[frozenset[int], Remembered] = {}
_CELLS_SEEN_BYTES = [0]
_CELLS_SEEN_LIMIT = 64 * 1024 * 1024
_PIECE_OVERHEAD = 512  # bytes beside a piece's markup: its Piece, match or typed cell, dict entry (~520 measured)


def _account(remembered: Remembered, before: int) -> None:
    """Count the bytes of the pieces just remembered (their markup, and about what the objects that
    read it take beside it); forget everything past the limit."""
    if len(remembered) == before:
        return
    new = [(key, remembered[key]) for key in islice(reversed(remembered), len(remembered) - before)]
    added = sum(len(key) for key, _ in new) + _PIECE_OVERHEAD * len(new)
    _CELLS_SEEN_BYTES[0] += added
    if _CELLS_SEEN_BYTES[0] > _CELLS_SEEN_LIMIT:  # keep only the newest file's cells
        for seen in _CELLS_SEEN.values():
            seen.clear()
        _CELLS_SEEN_BYTES[0] = 0
        if added <= _CELLS_SEEN_LIMIT:
            remembered.update(new)
            _CELLS_SEEN_BYTES[0] = added


def forget() -> None:
    """Drop what the reader remembers between files (when it grows too large, or memory runs out)."""
    _CELLS_SEEN.clear()
    _CELLS_SEEN_BYTES[0] = 0
    _REMEMBERED.clear()
    forget_documents()


def _typer(strings: list[str], dates: frozenset[int],
           shared: dict[str, tuple[str, str]]) -> Callable[..., GridCell | None]:
    def typed(coordinate: str, attributes: dict[str, str], formula: tuple[dict[str, str], str] | None,
              value: str | None, inline: str | None) -> GridCell | None:
        text = _formula(formula, coordinate, shared)
        kind = _value(attributes, value, inline, strings, dates)
        if kind is None and text is None:
            return None
        return GridCell(*(kind or ("text", "")), formula=text)  # type: ignore[arg-type]
    return typed


def _formula(part: tuple[dict[str, str], str] | None, coordinate: str,
             shared: dict[str, tuple[str, str]]) -> str | None:
    if part is None:
        return None
    attributes, text = part
    if attributes.get("t") == "shared":
        index = attributes.get("si", "")
        if text:
            shared[index] = (coordinate, text)
        elif index in shared:
            origin, master = shared[index]
            translated: str = Translator("=" + master, origin=origin).translate_formula(coordinate)
            return translated.lstrip("=")
    return text


def _value(attributes: dict[str, str], value: str | None, inline: str | None,
           strings: list[str], dates: frozenset[int]) -> tuple[str, object] | None:
    kind = attributes.get("t", "n")
    if kind == "inlineStr":  # without its <is>, an empty cell like any other
        return None if inline is None else ("text", inline)
    if not value:
        return None
    if kind == "s":
        return "text", strings[int(value)]
    if kind == "str":
        return "text", value
    if kind == "b":
        return "bool", value.strip() in ("1", "true")
    if kind == "e":
        return "error", value
    if kind == "d":
        return "date", value
    number = excel_precision(Decimal(value.strip()))
    if int(attributes.get("s", "0") or 0) in dates:
        return "date", number
    return "number", number



def _saved_time(data: bytes | None) -> str:
    if not data:
        return ""
    root = parse(data, "docProps/core.xml")
    found = root.find("{http://purl.org/dc/terms/}modified")
    return (found.text or "").strip() if found is not None else ""
