"""Read a filled appraisal workbook back, with the same package safety and identity checks as units'.

The council's cells are read as a unit's inputs are (``8,5`` is 8.5 with a warning); anything
that is not a number — a formula, text, a date, TRUE — rejects the file, naming the cell and
saying what to type. An .xlsx must keep its locked content exactly; an .ods (which spells
formulas its own way) must keep every locked value and a formula wherever there was one.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from decimal import Decimal

from xl_dti.appraisal.layout import (
    APPRAISAL_SHEET,
    FINGERPRINTED,
    KIND,
    META_KEYS,
    SHEETS,
    AppraisalLayout,
    appraisal_layout,
)
from xl_dti.consolidation.expected import structure_cells
from xl_dti.consolidation.grid import Grid, GridCell
from xl_dti.consolidation.inputs import read_number, where
from xl_dti.consolidation.ods_cells import OdsError, read_ods
from xl_dti.consolidation.package import open_package
from xl_dti.consolidation.reading import FileReading, RoundContext, meta_identity
from xl_dti.consolidation.xlsx_cells import XlsxError, read_xlsx
from xl_dti.decimals import vn
from xl_dti.errors import Problem
from xl_dti.excel import NA_MARK
from xl_dti.messages import render
from xl_dti.scheme.model import Indicator
from xl_dti.workbook.structure import fingerprint_of, signature, values_fingerprint

# what the unit parser found in a cell → how the council's message names it
_NOT_A_NUMBER = {
    "input.formula": "appraisal.cell.formula", "input.error_value": "appraisal.cell.error",
    "input.boolean": "appraisal.cell.boolean", "input.date": "appraisal.cell.date",
    "input.not_finite": "appraisal.cell.text", "input.ambiguous": "appraisal.cell.ambiguous",
}


@dataclass
class AppraisalReading(FileReading):
    """An appraisal file: which submission it appraises, and the council's points and comments."""

    submission_sha256: str = ""
    points: dict[str, Decimal] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)


def read_appraisal(data: bytes, name: str, context: RoundContext) -> FileReading:
    """Check and read one appraisal workbook (runs in an isolated worker like a unit's file)."""
    reading = AppraisalReading(name=name, size=len(data), sha256=hashlib.sha256(data).hexdigest())
    package, problems = open_package(data, name, context.limits)
    if package is None:
        return reading.fail(problems)
    reading.kind = package.kind
    try:
        grid = read_xlsx(package.parts) if package.kind == "xlsx" else read_ods(package.parts, set(SHEETS))
    except (XlsxError, OdsError) as exc:  # the reader's own reason, as for a unit's file
        return reading.fail([Problem(exc.code, name, exc.params)])
    reading.saved = grid.saved
    identity = meta_identity(grid, META_KEYS)
    problem = _identity(identity, name, context)
    if problem:
        return reading.fail([problem])
    reading.unit_code = identity["unit_code"]  # signed: from here on, the file is the unit's appraisal
    reading.submission_sha256 = identity["submission_sha256"]
    layout = appraisal_layout(context.scheme)
    problem = _structure(identity, name, layout, grid, package.kind == "ods")
    if problem:
        return reading.fail([problem])
    return _values(grid, layout, reading)


def _identity(identity: dict[str, str], name: str, context: RoundContext) -> Problem | None:
    registry = context.registry
    if identity.get("kind") != KIND or not identity.get("signature") or not identity.get("unit_code"):
        return Problem("appraisal.not_appraisal", name)
    if identity.get("scheme_id") != context.scheme.id:
        return Problem("identity.wrong_scheme", name, {"found": identity.get("scheme_id"), "scheme": context.scheme.id})
    if identity.get("year") != str(registry.year):
        return Problem("identity.wrong_year", name, {"found": identity.get("year"), "year": registry.year})
    unit = registry.units.get(identity["unit_code"])
    if unit is None:
        return Problem("identity.unknown_unit", name, {"unit": identity["unit_code"]})
    # appraisal workbooks written before the .ods fingerprint existed are signed without it
    values = (identity["values_fingerprint"],) if identity.get("values_fingerprint") else ()
    expected = signature(unit.secret, unit.code, registry.year, registry.scheme_fingerprint,
                         identity.get("structure_fingerprint", ""), identity.get("submission_sha256", ""), *values)
    if not hmac.compare_digest(expected, identity["signature"]):
        return Problem("identity.bad_signature", name, {"unit": unit.code})
    return None


def _structure(identity: dict[str, str], name: str, layout: AppraisalLayout, grid: Grid, ods: bool) -> Problem | None:
    if sorted(grid.sheet_order) != sorted(SHEETS):
        return Problem("appraisal.sheets", name, {"found": ", ".join(grid.sheet_order), "expected": ", ".join(SHEETS)})
    content = structure_cells(grid, FINGERPRINTED, APPRAISAL_SHEET, layout.input_addresses())
    if ods:
        signed = identity.get("values_fingerprint")
        same = bool(signed) and values_fingerprint(content) == signed
    else:
        same = fingerprint_of(content) == identity.get("structure_fingerprint")
    return None if same else Problem("appraisal.structure_changed", name)


def _values(grid: Grid, layout: AppraisalLayout, reading: AppraisalReading) -> FileReading:
    scheme = layout.scheme
    for code in scheme.tree.order:
        node = scheme.tree.by_code[code]
        _comment(grid.cell(APPRAISAL_SHEET, layout.comment_cell(code)), layout.comment_cell(code), code, reading)
        if not node.is_leaf:
            continue
        address = layout.appraised_cell(code)
        value = grid.cell(APPRAISAL_SHEET, address)
        mark = grid.cell(APPRAISAL_SHEET, layout.na_mark_cell(code))
        if mark is not None and mark.value == NA_MARK:
            if value is not None and not (value.formula is None and str(value.value).strip() in ("", NA_MARK)):
                reading.problems.append(Problem("appraisal.na_row", where(address, APPRAISAL_SHEET)))
            continue
        points = _points(value, where(address, APPRAISAL_SHEET), node, reading.problems)
        if points is not None:
            reading.points[code] = points
    if any(p.severity == "error" for p in reading.problems):
        reading.verdict = "rejected"
    return reading


def _comment(cell: GridCell | None, address: str, code: str, reading: AppraisalReading) -> None:
    if cell is None:
        return
    if cell.formula is not None:
        location = where(address, APPRAISAL_SHEET)
        reading.problems.append(Problem("appraisal.comment_formula", location, {"value": "=" + cell.formula}))
    elif str(cell.value).strip():
        reading.comments[code] = str(cell.value).strip()


def _points(cell: GridCell | None, location: str, node: Indicator, problems: list[Problem]) -> Decimal | None:
    """The council's points in one cell: ``None`` when blank (the self-score stays) or wrong (a problem says why)."""
    if cell is None:
        return None
    found: list[Problem] = []
    value = read_number(cell, location, found)
    limits = {"max": vn(node.max)}
    errors = [p for p in found if p.severity == "error"]
    problems += [p for p in found if p.severity != "error"]
    if errors:
        shown = "=" + cell.formula if cell.formula is not None else errors[0].params.get("value")
        what = render(_NOT_A_NUMBER.get(errors[0].code, "appraisal.cell.text"), {"value": shown})
        problems.append(Problem("appraisal.not_number", location, {"what": what, **limits}))
        return None
    if value is None:
        return None
    if not isinstance(value, Decimal):
        what = render("appraisal.cell.text", {"value": value})
        problems.append(Problem("appraisal.not_number", location, {"what": what, **limits}))
        return None
    if not Decimal(0) <= value <= node.max:
        problems.append(Problem("appraisal.bad_points", location, {"value": vn(value), **limits}))
        return None
    return value
