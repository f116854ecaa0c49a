"""Reading a returned file of a scheme written in the test: a ``relative`` leaf (scored later, against the group's
best value), a parent that may be marked not applicable, leaves that ask for evidence."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import make_scheme
from xl_dti.consolidation.package import Limits
from xl_dti.consolidation.reading import FileReading, RoundContext, read_returned
from xl_dti.generate import generate
from xl_dti.registry import load_registry
from xl_dti.units import Unit
from xl_dti.workbook.fill import fill_workbook
from xl_dti.workbook.layout import FORM_SHEET

SCHEME = """\
indicators:
  - {code: "1", name: Hồ sơ trực tuyến, max: 10, rule: relative, input: Số hồ sơ}
  - code: "2"
    name: Hạ tầng
    max: 20
    na: true
    children:
      - {code: "2.1", name: Máy chủ, max: 10, evidence: Biên bản}
      - {code: "2.2", name: Mạng, max: 10}
  - {code: "3", name: Kế hoạch, max: 10, evidence: Quyết định}
"""
# the form: 1 in row 7, 2 in row 8 (its N/A cell F8), 2.1 and 2.2 in rows 9-10, 3 in row 11; evidence in column H


@pytest.fixture(scope="module")
def round_(tmp_path_factory: pytest.TempPathFactory) -> tuple[RoundContext, Path]:
    scheme = make_scheme(SCHEME)
    folder = tmp_path_factory.mktemp("own-scheme")
    report = generate(scheme, [Unit("don-vi-1", "Đơn vị 1", None)], folder, year=2024, deadline="15/01/2025")
    registry = load_registry(report.registry)
    return RoundContext(scheme, registry, Limits()), folder / registry.units["don-vi-1"].file


def _read(round_: tuple[RoundContext, Path], target: Path, answers: Mapping[str, Any],
          cells: Mapping[str, object] | None = None) -> FileReading:
    context, blank = round_
    fill_workbook(blank, target, context.scheme, answers)
    if cells:
        workbook = load_workbook(target)
        for address, value in cells.items():
            workbook[FORM_SHEET][address] = value
        workbook.save(target)
    return read_returned(target.read_bytes(), target.name, context)


def _found(reading: FileReading) -> list[tuple[str, str, str]]:
    return [(p.code, p.where, p.severity) for p in reading.problems]


def test_a_relative_leaf_is_left_to_the_round_and_the_findings_after_it_kept(round_: tuple[RoundContext, Path],
                                                                             tmp_path: Path) -> None:
    """The engine says the relative leaf waits for the group's best value: not a finding about the file. The
    findings about the indicators after it are all reported, each at the cell to fix."""
    reading = _read(round_, tmp_path / "u.xlsx", {"1": 50, "2.1": 5, "2.2": 5, "3": 10})
    assert reading.verdict == "read"
    assert _found(reading) == [("evidence.missing", f"'{FORM_SHEET}'!H9", "warning"),
                               ("evidence.missing", f"'{FORM_SHEET}'!H11", "warning")]
    assert reading.result is not None and reading.result.provisional and reading.result.nodes["1"].pending
    assert reading.result.total == Decimal(20), "10 for 2 and 10 for 3; the relative leaf not yet counted"


def test_a_parent_marked_not_applicable(round_: tuple[RoundContext, Path], tmp_path: Path) -> None:
    reading = _read(round_, tmp_path / "u.xlsx", {"1": 50, "2": "N/A", "3": {"value": 10, "evidence": "QĐ 1/QĐ"}})
    assert (reading.verdict, _found(reading)) == ("read", [])
    assert reading.answers["2"].na
    assert reading.result is not None
    assert [reading.result.nodes[c].na for c in ("2", "2.1", "2.2")] == [True, True, True]
    assert reading.result.applicable_max == Decimal(20)


def test_a_parent_s_na_cell_holding_another_value_is_refused_at_that_cell(round_: tuple[RoundContext, Path],
                                                                          tmp_path: Path) -> None:
    reading = _read(round_, tmp_path / "u.xlsx", {"1": 50, "2.1": 5, "2.2": 5, "3": {"value": 10, "evidence": "QĐ"}},
                    {"F8": "Có"})
    assert reading.verdict == "rejected"
    assert _found(reading) == [("input.bad_choice", f"'{FORM_SHEET}'!F8", "error"),
                               ("evidence.missing", f"'{FORM_SHEET}'!H9", "warning")]
