"""Read one returned file, failing closed: package, identity, structure, then the inputs.

Runs inside an isolated worker. It never trusts what the file computed: it returns the inputs
(as engine answers), the cell of every input, the cached totals (to compare later), and every
problem found, each with its code and, where it applies, the cell.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from xl_dti.consolidation.expected import Content, expected_content, grid_content, grid_fingerprint
from xl_dti.consolidation.expected import forget as forget_canonical
from xl_dti.consolidation.grid import Grid
from xl_dti.consolidation.inputs import input_rows, read_inputs, where
from xl_dti.consolidation.ods_cells import OdsError, read_ods
from xl_dti.consolidation.package import Limits, open_package
from xl_dti.consolidation.xlsx_cells import XlsxError, read_xlsx
from xl_dti.consolidation.xlsx_cells import forget as forget_cells
from xl_dti.decimals import vn
from xl_dti.engine import score
from xl_dti.errors import Problem
from xl_dti.registry import Registry, RegistryUnit
from xl_dti.results import UnitResult
from xl_dti.scheme.model import Scheme
from xl_dti.workbook.layout import (
    FORM_SHEET,
    GUIDE_SHEET,
    LISTS_SHEET,
    META_KEYS,
    META_SHEET,
    SUMMARY_SHEET,
    FormLayout,
    compute_layout,
    row_column,
)
from xl_dti.workbook.structure import signature

Verdict = Literal["read", "rejected", "quarantined"]
EXPECTED_SHEETS = [GUIDE_SHEET, FORM_SHEET, SUMMARY_SHEET, LISTS_SHEET, META_SHEET]
IDENTITY_CELLS = {(FORM_SHEET, "A2"), (SUMMARY_SHEET, "A1")}  # where the unit's name is shown
QUARANTINE = frozenset({"identity.bad_signature", "identity.conflict"})


@dataclass
class RoundContext:
    """What every file of a run is checked against (sent once to each worker)."""

    scheme: Scheme
    registry: Registry
    limits: Limits
    layouts: dict[str | None, FormLayout] = field(default_factory=dict)

    def layout(self, group: str | None) -> FormLayout:
        """The layout of a group's workbooks, computed once."""
        if group not in self.layouts:
            self.layouts[group] = compute_layout(self.scheme, group)
        return self.layouts[group]

    def prepare(self) -> None:
        """Work out every group's layout and input plan now, so forked workers inherit them (each
        worker would otherwise spend about 25 ms on its first file)."""
        for group in sorted({u.group for u in self.registry.units.values()}, key=lambda g: g or ""):
            input_rows(self.layout(group))


@dataclass
class FileReading:
    """Everything one returned file told us."""

    name: str
    size: int
    sha256: str
    verdict: Verdict = "read"
    kind: str = ""
    unit_code: str | None = None
    saved: str = ""
    answers: Mapping[str, Any] = field(default_factory=dict)  # packed by the worker before it is sent
    cached: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    result: UnitResult | None = None

    def fail(self, problems: Iterable[Problem]) -> FileReading:
        """Record blocking problems and set the verdict they call for (a quarantine, once called for, stays)."""
        self.problems += problems
        self.verdict = "quarantined" if any(p.code in QUARANTINE for p in self.problems) else "rejected"
        return self


def forget_between_files() -> None:
    """Drop everything the reading remembers from one file to the next (a worker that ran out of
    memory starts afresh)."""
    forget_cells()
    forget_canonical()


def read_returned(data: bytes, name: str, context: RoundContext) -> FileReading:
    """Check and read one returned file (see the module docstring for the order of the checks)."""
    reading = FileReading(name=name, size=len(data), sha256=hashlib.sha256(data).hexdigest())
    package, problems = open_package(data, name, context.limits)
    if package is None:
        return reading.fail(problems)
    reading.kind = package.kind
    try:
        # the guide is never read back, and of «_meta» only the identity at its top
        wanted: dict[str, int | None] = {FORM_SHEET: None, SUMMARY_SHEET: None, LISTS_SHEET: None,
                                         META_SHEET: len(META_KEYS)}
        grid = read_xlsx(package.parts, wanted) if package.kind == "xlsx" else read_ods(package.parts, set(wanted))
    except (XlsxError, OdsError) as exc:
        return reading.fail([Problem(exc.code, name, exc.params)])
    reading.saved = grid.saved
    unit, identity_problems = _identity(grid, name, context, reading)
    if unit is None:
        return reading.fail(identity_problems)
    layout = context.layout(unit.group)
    structure_problems = _structure(grid, name, layout, unit, context, package.kind == "ods")
    if any(p.severity == "error" for p in structure_problems):
        return reading.fail(structure_problems)
    reading.problems += structure_problems
    return _inputs(grid, layout, unit, context, reading)


def _identity(
    grid: Grid, name: str, context: RoundContext, reading: FileReading
) -> tuple[RegistryUnit | None, list[Problem]]:
    identity = meta_identity(grid)
    if not identity.get("unit_code") or not identity.get("signature"):
        return None, [Problem("identity.no_meta", name)]
    registry, scheme = context.registry, context.scheme
    code = identity["unit_code"]
    reading.unit_code = code
    if identity.get("scheme_id") != scheme.id:
        return None, [Problem("identity.wrong_scheme", name, {"found": identity.get("scheme_id"), "scheme": scheme.id})]
    if identity.get("year") != str(registry.year):
        return None, [Problem("identity.wrong_year", name, {"found": identity.get("year"), "year": registry.year})]
    unit = registry.units.get(code)
    if unit is None:
        return None, [Problem("identity.unknown_unit", name, {"unit": code})]
    expected = signature(unit.secret, code, registry.year, registry.scheme_fingerprint,
                         identity.get("structure_fingerprint", ""))
    if not hmac.compare_digest(expected, identity.get("signature", "")):
        return None, [Problem("identity.bad_signature", name, {"unit": code})]
    if identity.get("structure_fingerprint") != unit.structure_fingerprint:
        return None, [Problem("identity.conflict", name, {"unit": code})]
    return unit, []


def meta_identity(grid: Grid, keys: Sequence[str] = META_KEYS) -> dict[str, str]:
    """The key/value rows at the top of «_meta» (a unit's or an appraisal workbook's identity)."""
    cells = grid.sheets.get(META_SHEET, {})
    identity: dict[str, str] = {}
    for row in range(1, len(keys) + 1):
        key, value = cells.get(f"A{row}"), cells.get(f"B{row}")
        if key is not None and value is not None and str(key.value) in keys:
            identity[str(key.value)] = str(value.value)
    return identity


def _structure(grid: Grid, name: str, layout: FormLayout, unit: RegistryUnit, context: RoundContext,
               ods: bool) -> list[Problem]:
    if sorted(grid.sheet_order) != sorted(EXPECTED_SHEETS):
        found = ", ".join(grid.sheet_order)
        return [Problem("structure.sheets", name, {"found": found, "expected": ", ".join(EXPECTED_SHEETS)})]
    # an .ods re-save spells formulas its own way: its content is compared cell by cell, formulas as formulas
    if ods or grid_fingerprint(grid, layout) != unit.structure_fingerprint:
        changed = _changed(grid_content(grid, layout), expected_content(layout, unit, context.registry), ods)
        if changed or not ods:
            code = "identity.conflict" if changed and set(changed) <= IDENTITY_CELLS else "structure.changed"
            return [Problem(code, name, {"unit": unit.code, "cells": _cells_text(changed)})]
    unchecked = [Problem("structure.formulas_unchecked", name, severity="warning")] if ods else []
    if set(grid.sheets) - grid.protected_sheets:
        return [*unchecked, Problem("protection.removed", name, severity="warning")]
    if not ods and not grid.structure_locked:
        # LibreOffice writes the structure lock back empty and Gnumeric drops it, keeping every
        # sheet's protection: with the content verified, nobody is blamed for it
        return [Problem("protection.structure_dropped", name, severity="warning")]
    return unchecked


def _changed(found: Content, expected: Content, formulas_as_formulas: bool) -> list[tuple[str, str]]:
    """The cells whose content is not the expected one, in reading order; with ``formulas_as_formulas``
    (an .ods), a formula where a formula is expected is taken as unchanged."""
    cells = set(expected) | set(found)
    changed = (k for k in cells if expected.get(k) != found.get(k) and not (
        formulas_as_formulas and expected.get(k, "").startswith("f:") and found.get(k, "").startswith("f:")))
    return sorted(changed, key=lambda k: (k[0], row_column(k[1])))


def _cells_text(changed: list[tuple[str, str]]) -> str:
    shown = [where(c, s) for s, c in changed[:10]]
    return "; ".join(shown) + (f" … và {len(changed) - 10} ô khác" if len(changed) > 10 else "")


def _inputs(
    grid: Grid, layout: FormLayout, unit: RegistryUnit, context: RoundContext, reading: FileReading
) -> FileReading:
    read = read_inputs(grid, layout)
    reading.answers = read.answers
    reading.problems += read.problems
    result = reading.result = score(context.scheme, read.answers, unit.group, unit=unit.code)
    for issue in result.issues:
        if issue.code == "relative.pending":
            continue  # the consolidation scores it against the group's best value
        severity = issue.severity  # the engine's: `xl-dti score` and the consolidation weigh a finding alike
        address = _issue_cell(issue.code, read.cells.get(issue.where, {}))
        location = where(address) if address else issue.where
        reading.problems.append(Problem(issue.code, location, issue.params, severity))
    for name in ("total", "result", "grade"):
        if name in layout.footer:
            cell = grid.cell(FORM_SHEET, layout.footer[name])
            reading.cached[name] = None if cell is None else cell.value
    cached_total = reading.cached.get("total")
    if isinstance(cached_total, Decimal) and (  # a cached NaN or infinity is compared, never computed with
            not cached_total.is_finite() or abs(cached_total - result.total) > Decimal("0.000001")):
        shown = vn(cached_total) if cached_total.is_finite() else str(cached_total)
        params = {"cached": shown, "recomputed": vn(result.total)}
        reading.problems.append(Problem("cached.differs", where(layout.footer["total"]), params, "warning"))
    if any(p.severity == "error" for p in reading.problems):
        reading.verdict = "rejected"
    return reading


def _issue_cell(code: str, cells: dict[str, str]) -> str | None:
    if code == "evidence.missing":
        return cells.get("evidence")
    if code in ("answer.na_not_allowed", "answer.na_with_value") and "na" in cells:
        return cells["na"]
    return next((a for n, a in cells.items() if n not in ("evidence", "explanation", "na")), cells.get("na"))


