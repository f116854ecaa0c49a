"""Read a returned workbook's input cells as typed values: numbers only where numbers belong.

Accepted with a warning: a Vietnamese decimal comma (``8,5`` → 8.5), stray spaces (``' 9 '``), a
number stored as text. Rejected, never read as 0 or blank: ambiguous numbers (``1.000``), text
that only a programming language reads as a number (``1e2``, ``1_0``, ``Infinity``, full-width
or other non-ASCII digits), NaN and infinities, booleans, dates, error values and formulas typed
into input cells. Anything else that is not a number goes to the engine as typed, which rejects
it with its own message. Text made only of invisible characters (zero-width spaces, soft
hyphens, other format characters) counts as blank: evidence of that kind is missing evidence.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from xl_dti.consolidation.grid import Grid, GridCell
from xl_dti.decimals import vn
from xl_dti.errors import Problem
from xl_dti.excel import NA_MARK, NO, YES
from xl_dti.scheme.model import Indicator
from xl_dti.scheme.rules import InputKind, normalize_label
from xl_dti.text_numbers import read_text_number, visible
from xl_dti.workbook.cells import cells_to_answer
from xl_dti.workbook.layout import FORM_SHEET, FormLayout

_NUMERIC_KINDS: frozenset[InputKind] = frozenset({"number", "whole"})


def where(address: str, sheet: str = FORM_SHEET) -> str:
    """A cell location in Excel's own syntax: ``'Chấm điểm'!E12``."""
    return "'" + sheet.replace("'", "''") + "'!" + address


@dataclass
class ReadInputs:
    """The answers read from a workbook, the cell of each input, and what was wrong with them."""

    answers: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


ReadAs = Literal["text", "na", "part", "number", "other"]


@dataclass(frozen=True)
class _Row:
    """One indicator's input cells and how each is read (worked out once per layout)."""

    code: str
    node: Indicator
    places: dict[str, str]
    read_as: dict[str, ReadAs]


def read_inputs(grid: Grid, layout: FormLayout) -> ReadInputs:
    """Every applicable indicator's answer, through the layout's input cells."""
    found = ReadInputs()
    sheet = grid.sheets.get(FORM_SHEET, {})
    for row in input_rows(layout):
        found.cells[row.code] = row.places
        values = {}
        for name, address in row.places.items():
            cell = sheet.get(address)
            values[name] = None if cell is None else _read(cell, row.read_as[name], address, found.problems)
        if row.node.is_leaf:
            found.answers[row.code] = cells_to_answer(row.node, values)
        elif values.get("na") is not None:
            found.answers[row.code] = cells_to_answer(row.node, {"na": values["na"]})
    return found


_PLANS: dict[int, tuple[FormLayout, list[_Row]]] = {}


def input_rows(layout: FormLayout) -> list[_Row]:
    """The indicators with input cells, in form order (remembered per layout: every file of a round
    shares its group's layout; worked out before the workers are forked, they inherit it)."""
    known = _PLANS.get(id(layout))
    if known is not None and known[0] is layout:
        return known[1]
    scheme = layout.scheme
    rows = []
    for code in scheme.tree.order:
        if not layout.applicable[code]:
            continue
        node = scheme.tree.by_code[code]
        places = dict(layout.inputs.get(code, {}))
        na_cell = layout.na_cell(code)
        if na_cell:
            places["na"] = na_cell
        if node.is_leaf:
            places.update(layout.text_cells(code))
        if places:
            rows.append(_Row(code, node, places, {name: _read_as(node, name) for name in places}))
    if len(_PLANS) > 64:
        _PLANS.clear()
    _PLANS[id(layout)] = (layout, rows)
    return rows


def _read_as(node: Indicator, name: str) -> ReadAs:
    if name in ("evidence", "explanation"):
        return "text"
    if name == "na":
        return "na"
    if name.startswith("part:"):
        return "part"
    kind = next(s.kind for s in node.scoring_rule.input_specs(node.max) if s.name == name)
    return "number" if kind in _NUMERIC_KINDS else "other"


_NA_LABEL, _TICK_LABELS = normalize_label(NA_MARK), (normalize_label(YES), normalize_label(NO))


def _read(cell: GridCell, read_as: ReadAs, address: str, problems: list[Problem]) -> Any:
    trouble = _unacceptable(cell)
    if trouble:
        problems.append(Problem(trouble, where(address), {"value": cell.formula or cell.value}))
        return None
    if read_as == "text":
        return _text(cell)
    if read_as == "na":
        text = _text(cell)
        if text and normalize_label(text) != _NA_LABEL:
            problems.append(Problem("input.bad_choice", where(address), {"value": text, "options": f"«{NA_MARK}»"}))
            return None
        return text or None
    if read_as == "part":
        text = _text(cell)
        if text and normalize_label(text) not in _TICK_LABELS:
            problems.append(Problem("input.bad_choice", where(address),
                                    {"value": text, "options": f"«{YES}», «{NO}»"}))
            return None
        return text or None
    if read_as == "number":
        return _number(cell, where(address), problems)
    return _text(cell) or None


def read_number(cell: GridCell, location: str, problems: list[Problem]) -> Any:
    """A number typed into any cell, read exactly as a unit's numeric input is (the appraisal's points):
    the number, ``None`` with a problem when it cannot be one, or the text as typed."""
    trouble = _unacceptable(cell)
    if trouble:
        problems.append(Problem(trouble, location, {"value": cell.formula or cell.value}))
        return None
    return _number(cell, location, problems)


def _unacceptable(cell: GridCell) -> str | None:
    if cell.formula is not None:
        return "input.formula"
    if cell.kind == "error":
        return "input.error_value"
    if cell.kind == "bool":
        return "input.boolean"
    if cell.kind == "date":
        return "input.date"
    if cell.kind == "number" and not (isinstance(cell.value, Decimal) and cell.value.is_finite()):
        return "input.not_finite"
    return None


def _text(cell: GridCell) -> str:
    if isinstance(cell.value, Decimal):
        return vn(cell.value).replace(",", ".")
    text = unicodedata.normalize("NFC", str(cell.value)).strip()
    return text if visible(text) else ""


def _number(cell: GridCell, location: str, problems: list[Problem]) -> Any:
    if cell.kind == "number":
        return cell.value
    raw = str(cell.value)
    read = read_text_number(raw)
    if read.reading == "blank":
        return None
    if read.reading in ("ambiguous", "unusual"):
        problems.append(Problem(str(read.note), location, {"value": raw}))
        return None
    if read.number is not None and read.note is not None:
        problems.append(Problem(read.note, location, {"value": raw, "number": vn(read.number)}, "warning"))
        return read.number
    return raw
