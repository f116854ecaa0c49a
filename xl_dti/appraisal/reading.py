"""Read a filled appraisal workbook back, with the same package safety and identity checks as units'."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from decimal import Decimal

from xl_dti.appraisal.layout import APPRAISAL_SHEET, KIND, META_KEYS, SHEETS, appraisal_layout
from xl_dti.consolidation.expected import structure_cells
from xl_dti.consolidation.grid import Grid
from xl_dti.consolidation.inputs import where
from xl_dti.consolidation.package import open_package
from xl_dti.consolidation.reading import FileReading, RoundContext, meta_identity
from xl_dti.consolidation.xlsx_cells import XlsxError, read_xlsx
from xl_dti.decimals import vn
from xl_dti.errors import Problem
from xl_dti.workbook.layout import LISTS_SHEET
from xl_dti.workbook.structure import fingerprint_of, signature


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
    if package.kind != "xlsx":
        return reading.fail([Problem("format.unknown", name)])
    try:
        grid = read_xlsx(package.parts)
    except XlsxError:
        return reading.fail([Problem("format.damaged", name)])
    reading.saved = grid.saved
    identity = meta_identity(grid, META_KEYS)
    problem = _identity(identity, name, context, grid)
    if problem:
        return reading.fail([problem])
    reading.unit_code = identity["unit_code"]
    reading.submission_sha256 = identity["submission_sha256"]
    return _values(grid, context, reading)


def _identity(identity: dict[str, str], name: str, context: RoundContext, grid: Grid) -> Problem | None:
    registry = context.registry
    if identity.get("kind") != KIND or not identity.get("signature"):
        return Problem("appraisal.not_appraisal", name)
    if identity.get("scheme_id") != context.scheme.id or identity.get("year") != str(registry.year):
        return Problem("identity.wrong_scheme", name, {"found": identity.get("scheme_id"), "scheme": context.scheme.id})
    unit = registry.units.get(identity.get("unit_code", ""))
    if unit is None:
        return Problem("identity.unknown_unit", name, {"unit": identity.get("unit_code")})
    expected = signature(unit.secret, unit.code, registry.year, registry.scheme_fingerprint,
                         identity.get("structure_fingerprint", ""), identity.get("submission_sha256", ""))
    if not hmac.compare_digest(expected, identity["signature"]):
        return Problem("identity.bad_signature", name, {"unit": unit.code})
    if sorted(grid.sheet_order) != sorted(SHEETS):
        return Problem("structure.sheets", name, {"found": ", ".join(grid.sheet_order), "expected": ", ".join(SHEETS)})
    layout = appraisal_layout(context.scheme)
    inputs = {layout.appraised_cell(c) for c in context.scheme.tree.order if context.scheme.tree.by_code[c].is_leaf}
    inputs |= {layout.comment_cell(c) for c in context.scheme.tree.order}
    content = structure_cells(grid, (APPRAISAL_SHEET, LISTS_SHEET), APPRAISAL_SHEET, inputs)
    if fingerprint_of(content) != identity.get("structure_fingerprint"):
        return Problem("structure.changed", name, {"cells": "phiếu thẩm định"})
    return None


def _values(grid: Grid, context: RoundContext, reading: AppraisalReading) -> FileReading:
    layout = appraisal_layout(context.scheme)
    for code in context.scheme.tree.order:
        node = context.scheme.tree.by_code[code]
        comment = grid.cell(APPRAISAL_SHEET, layout.comment_cell(code))
        if comment is not None and str(comment.value).strip():
            reading.comments[code] = str(comment.value).strip()
        if not node.is_leaf:
            continue
        address = layout.appraised_cell(code)
        value = grid.cell(APPRAISAL_SHEET, address)
        if value is None or (value.formula is None and value.kind == "text" and value.value in ("", "KĐG")):
            continue  # left blank or «KĐG»: the self-score stands (a formula is never blank, even uncomputed)
        if value.formula is not None or value.kind != "number" or not isinstance(value.value, Decimal) \
                or not value.value.is_finite() or not Decimal(0) <= value.value <= node.max:
            params = {"value": value.formula or value.value, "max": vn(node.max)}
            reading.problems.append(Problem("appraisal.bad_points", where(address, APPRAISAL_SHEET), params))
            continue
        reading.points[code] = value.value
    if any(p.severity == "error" for p in reading.problems):
        reading.verdict = "rejected"
    return reading
