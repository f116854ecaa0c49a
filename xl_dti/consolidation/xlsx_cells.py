"""Read the cells of an .xlsx package straight from its XML (defusedxml), values exact as stored.

Reading the parts directly is both safer and far faster than a full workbook model: numbers keep
the decimal text the file holds, formulas and their cached values come in one pass, shared
formulas are expanded with openpyxl's translator, and dates are told apart by their number format.
"""

from __future__ import annotations

import posixpath
import re
from decimal import Decimal, InvalidOperation

from defusedxml import ElementTree
from openpyxl.formula.translate import Translator

from xl_dti.consolidation.grid import Grid, GridCell
from xl_dti.decimals import excel_precision

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_BUILTIN_DATE_FORMATS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
_DATE_CODE = re.compile(r"[dmyhs]")
_QUOTED_OR_BRACKETED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


class XlsxError(ValueError):
    """The package is a zip but not a readable workbook."""


def read_xlsx(parts: dict[str, bytes], sheets: set[str] | None = None) -> Grid:
    """The grid of an .xlsx package.

    Args:
        parts: the package's decompressed parts (from ``open_package``).
        sheets: the sheet names to read (``None``: all).

    Raises:
        XlsxError: a part is missing or malformed.
    """
    try:
        return _read(parts, sheets)
    except (KeyError, ValueError, ElementTree.ParseError, IndexError, InvalidOperation, TypeError) as exc:
        raise XlsxError(str(exc)) from exc


def _read(parts: dict[str, bytes], wanted: set[str] | None) -> Grid:
    grid = Grid()
    workbook = ElementTree.fromstring(parts["xl/workbook.xml"])
    targets = _relationships(parts, "xl/_rels/workbook.xml.rels", "xl")
    protection = workbook.find(f"{NS}workbookProtection")
    grid.structure_locked = protection is not None and protection.get("lockStructure") in ("1", "true")
    strings = _shared_strings(parts.get("xl/sharedStrings.xml"))
    dates = _date_styles(parts.get("xl/styles.xml"))
    for sheet in workbook.iter(f"{NS}sheet"):
        name = sheet.get("name", "")
        grid.sheet_order.append(name)
        if sheet.get("state") in ("hidden", "veryHidden"):
            grid.hidden.add(name)
        if wanted is not None and name not in wanted:
            continue
        path = targets[sheet.get(f"{REL_NS}id", "")]
        grid.sheets[name] = _sheet_cells(parts[path], strings, dates, grid, name)
    grid.saved = _saved_time(parts.get("docProps/core.xml"))
    return grid


def _relationships(parts: dict[str, bytes], rels: str, base: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for rel in ElementTree.fromstring(parts[rels]).iter(f"{PKG_REL}Relationship"):
        target = rel.get("Target", "")
        found[rel.get("Id", "")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(base, target)
        )
    return found


def _shared_strings(data: bytes | None) -> list[str]:
    if data is None:
        return []
    return ["".join(t.text or "" for t in si.iter(f"{NS}t")) for si in ElementTree.fromstring(data).iter(f"{NS}si")]


def _date_styles(data: bytes | None) -> set[int]:
    """Indexes of cell formats that display dates or times."""
    if data is None:
        return set()
    root = ElementTree.fromstring(data)
    custom = {
        int(f.get("numFmtId", "0")): f.get("formatCode", "")
        for f in root.iter(f"{NS}numFmt")
    }
    date_ids = set(_BUILTIN_DATE_FORMATS)
    date_ids |= {i for i, code in custom.items() if _DATE_CODE.search(_QUOTED_OR_BRACKETED.sub("", code.lower()))}
    xfs = root.find(f"{NS}cellXfs")
    if xfs is None:
        return set()
    return {i for i, xf in enumerate(xfs.iter(f"{NS}xf")) if int(xf.get("numFmtId", "0")) in date_ids}


def _sheet_cells(data: bytes, strings: list[str], dates: set[int], grid: Grid, name: str) -> dict[str, GridCell]:
    root = ElementTree.fromstring(data)
    protection = root.find(f"{NS}sheetProtection")
    if protection is not None and protection.get("sheet") in ("1", "true"):
        grid.protected_sheets.add(name)
    cells: dict[str, GridCell] = {}
    shared: dict[str, tuple[str, str]] = {}
    for c in root.iter(f"{NS}c"):
        coordinate = c.get("r", "")
        formula = _formula(c, coordinate, shared)
        value = _value(c, strings, dates)
        if value is None and formula is None:
            continue
        cells[coordinate] = GridCell(*(value or ("text", "")), formula=formula)  # type: ignore[arg-type]
    return cells


def _formula(c: object, coordinate: str, shared: dict[str, tuple[str, str]]) -> str | None:
    f = c.find(f"{NS}f")  # type: ignore[attr-defined]
    if f is None:
        return None
    text: str = f.text or ""
    if f.get("t") == "shared":
        index = f.get("si", "")
        if text:
            shared[index] = (coordinate, text)
        elif index in shared:
            origin, master = shared[index]
            translated: str = Translator("=" + master, origin=origin).translate_formula(coordinate)
            return translated.lstrip("=")
    return text


def _value(c: object, strings: list[str], dates: set[int]) -> tuple[str, object] | None:
    kind = c.get("t", "n")  # type: ignore[attr-defined]
    if kind == "inlineStr":
        return "text", "".join(t.text or "" for t in c.iter(f"{NS}t"))  # type: ignore[attr-defined]
    v = c.find(f"{NS}v")  # type: ignore[attr-defined]
    if v is None or v.text is None:
        return None
    text = v.text
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
    if int(c.get("s", "0")) in dates:  # type: ignore[attr-defined]
        return "date", number
    return "number", number


def _saved_time(data: bytes | None) -> str:
    if data is None:
        return ""
    for element in ElementTree.fromstring(data).iter():
        if element.tag.endswith("}modified"):
            return (element.text or "").strip()
    return ""
