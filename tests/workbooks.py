"""Helpers for workbook tests: generate, fill, recalculate in LibreOffice, compare with the engine."""

from __future__ import annotations

import subprocess
import warnings
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from tests.tools import needs
from xl_dti import score
from xl_dti.consolidation.inputs import read_inputs
from xl_dti.consolidation.package import Limits, open_package
from xl_dti.consolidation.xlsx_cells import read_xlsx
from xl_dti.libreoffice import convert
from xl_dti.results import UnitResult
from xl_dti.scheme import Scheme
from xl_dti.scheme.rules import RelativeRule
from xl_dti.units import Unit
from xl_dti.workbook.build import CompiledScheme, RoundOptions, build_workbook
from xl_dti.workbook.fill import fill_workbook
from xl_dti.workbook.formulas import PENDING_TEXT
from xl_dti.workbook.layout import compute_layout
from xl_dti.workbook.maps import read_meta

SECRET = "ab" * 32
PASSWORD = "mat-khau"
OPTIONS = RoundOptions(year=2024, deadline="15/01/2025", contact="Sở KH&CN", generated=datetime(2024, 12, 1, 8, 0))

needs_libreoffice = needs("libreoffice")
needs_gnumeric = needs("gnumeric")


@dataclass
class Case:
    """One unit's workbook to check: the scheme, the group, the answers, and where the file is."""

    scheme: Scheme
    answers: dict[str, Any]
    group: str | None
    path: Path


def write_case(scheme: Scheme, answers: dict[str, Any], group: str | None, folder: Path, name: str) -> Case:
    """Generate a workbook for one unit and fill it with ``answers`` (no group given: the scheme's first)."""
    if group is None and scheme.groups:
        group = scheme.group_codes[0]
    compiled = CompiledScheme(scheme)
    unit = Unit(code=name, name=f"Đơn vị {name}", group=group)
    built = build_workbook(compiled, unit, OPTIONS, SECRET, PASSWORD)
    blank = folder / f"blank-{name}.xlsx"
    blank.write_bytes(built.data)
    filled = folder / f"{name}.xlsx"
    fill_workbook(blank, filled, scheme, answers)
    return Case(scheme, answers, group, filled)


def recalculate(cases: list[Case], folder: Path) -> list[Path]:
    """Recalculate every case's workbook in one LibreOffice run."""
    return convert([c.path for c in cases], folder / "recalculated")


def recalculate_gnumeric(cases: list[Case], folder: Path) -> list[Path]:
    """Recalculate every case's workbook in Gnumeric (``ssconvert --recalc``, one run per file)."""
    out = folder / "gnumeric"
    out.mkdir(exist_ok=True)
    done = []
    for case in cases:
        target = out / case.path.name
        subprocess.run(["ssconvert", "--recalc", str(case.path), str(target)], capture_output=True, check=True,
                       timeout=300)
        done.append(target)
    return done


ENGINES = {"LibreOffice": recalculate, "Gnumeric": recalculate_gnumeric}
"""The spreadsheet engines a differential test recalculates in (each must give the engine's numbers)."""


def outputs(path: Path) -> dict[tuple[str, str], Any]:
    """(indicator, output) → the value a spreadsheet computed, through the workbook's output map."""
    with warnings.catch_warnings():  # Gnumeric writes no default cell style; openpyxl says so
        warnings.simplefilter("ignore", UserWarning)
        workbook = load_workbook(path, data_only=True)
    meta = read_meta(workbook)
    assert meta is not None
    return {(code, name): workbook[sheet][cell].value for code, name, sheet, cell in meta.outputs}


def _unmapped(case: Case, found: dict[tuple[str, str], Any]) -> list[str]:
    """What the output map leaves out: every indicator's points and the footer must be there, or the
    comparison below would pass over an empty or partial map."""
    scheme = case.scheme
    effects = {top.effect for top in scheme.indicators} - {"base"}
    footer = {"total", "applicable_max", "result", *(["grade"] if scheme.grades else []),
              *(["base_total", *effects] if effects else [])}
    wanted = {(code, "points") for code in scheme.tree.order} | {("*", name) for name in footer}
    return [f"{case.path.name} {key}: not in the workbook's output map" for key in sorted(wanted - found.keys())]


def expected(case: Case, result: UnitResult, key: tuple[str, str]) -> Any:
    """What the engine says an output cell must hold (a relative leaf shows it is pending)."""
    code, name = key
    if code != "*":
        node = case.scheme.tree.by_code[code]
        applicable = compute_layout(case.scheme, case.group).applicable[code]
        if node.is_leaf and isinstance(node.rule, RelativeRule) and applicable:
            return PENDING_TEXT
        return result.nodes[code].points
    return {
        "total": result.total, "applicable_max": result.applicable_max, "result": result.result,
        "grade": result.grade, "base_total": result.base_total, "bonus": result.bonus, "penalty": result.penalty,
    }[name]


def official(case: Case) -> UnitResult:
    """The score consolidation gives the filled workbook: its cells read as a returned file's are, then scored."""
    package, _ = open_package(case.path.read_bytes(), case.path.name, Limits())
    assert package is not None
    read = read_inputs(read_xlsx(package.parts), compute_layout(case.scheme, case.group))
    return score(case.scheme, read.answers, case.group)  # a cell read as an error counts as blank


def mismatches(case: Case, recalculated: Path, engine: str = "LibreOffice", as_returned: bool = False) -> list[str]:
    """Every output where the spreadsheet and the engine disagree (empty when they agree exactly);
    ``as_returned`` takes the engine's answers from the filled workbook, as consolidation reads them."""
    result = official(case) if as_returned else score(case.scheme, case.answers, case.group)
    mapped = outputs(recalculated)
    found = _unmapped(case, mapped)
    for key, value in mapped.items():
        want = expected(case, result, key)
        if not _same(value, want):
            found.append(f"{case.path.name} {key}: {engine} {value!r}, engine {want!r}")
    return found


def _same(value: Any, want: Any) -> bool:
    if want is None:
        return value in (None, "")
    if isinstance(want, str):
        return value == want
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return abs(Decimal(repr(value)) - want) < Decimal("1e-9")
