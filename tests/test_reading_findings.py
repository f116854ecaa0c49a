"""Where each finding about a returned file points, and how much it weighs: the cell a unit fixes, in Excel's syntax.

A unit's filled workbook is changed the way a person would, read by the consolidation's reader, and every finding is
written down with its code, its cell and its severity (an error rejects the file; a warning is reported only).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.returned import Kit, make_kit, set_cell_xml
from xl_dti.consolidation.package import Limits
from xl_dti.consolidation.reading import FileReading, RoundContext, read_returned
from xl_dti.workbook.layout import FORM_SHEET, compute_layout


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return make_kit(tmp_path_factory.mktemp("findings"))


def _read(kit: Kit, path: Path) -> FileReading:
    return read_returned(path.read_bytes(), path.name, RoundContext(kit.scheme, kit.registry, Limits()))


def _typed_na(code: str) -> Callable[[Kit, Path], Path]:
    """«KĐG» typed into an indicator's own input cell (not chosen from its N/A list)."""
    def build(kit: Kit, target: Path) -> Path:
        base = kit.filled(kit.work / f"na-{target.name}")
        cell = kit.cell_of(code)
        return set_cell_xml(base, target, "xl/worksheets/sheet2.xml", cell,
                            f'<c r="{cell}" t="inlineStr"><is><t>KĐG</t></is></c>')
    return build


def _answers(changes: dict[str, object]) -> Callable[[Kit, Path], Path]:
    """So-noi-vu's sample answers with some changed."""
    return lambda kit, target: kit.filled(target, "so-noi-vu", **changes)


def _cell(kit: Kit, code: str, name: str = "value") -> str:
    return f"'{FORM_SHEET}'!{kit.cell_of(code, name)}"


# (id, how the file is made, [(code, where: (indicator, input name), severity)]) beyond the honest file's findings
CASES: list[tuple[str, Callable[[Kit, Path], Path], list[tuple[str, tuple[str, str], str]]]] = [
    ("points-without-evidence", _answers({"2.4": 4}),
     [("evidence.missing", ("2.4", "evidence"), "warning")]),
    ("above-the-max", _answers({"2.4": 7}), [("answer.out_of_range", ("2.4", "value"), "error")]),
    ("blank-answer", _answers({"1.3": None}), [("answer.missing", ("1.3", "value"), "warning")]),
    ("na-and-a-ratio-both", _answers({"3.3": {"na": True, "numerator": 1, "denominator": 2}}),
     [("answer.na_with_value", ("3.3", "na"), "error")]),
    ("na-typed-where-not-allowed", _typed_na("2.4"), [("answer.na_not_allowed", ("2.4", "value"), "error")]),
    ("a-decimal-comma", _answers({"2.4": "4,5"}),
     [("input.decimal_comma", ("2.4", "value"), "warning"), ("evidence.missing", ("2.4", "evidence"), "warning")]),
]


@pytest.mark.parametrize(("build", "findings"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_finding_points_at_the_cell_to_fix(kit: Kit, tmp_path: Path, build: Callable[[Kit, Path], Path],
                                               findings: list[tuple[str, tuple[str, str], str]]) -> None:
    honest = {(p.code, p.where) for p in _read(kit, kit.filled(tmp_path / "honest.xlsx")).problems}
    reading = _read(kit, build(kit, tmp_path / "changed.xlsx"))
    found = [(p.code, p.where, p.severity) for p in reading.problems if (p.code, p.where) not in honest]
    assert found == [(code, _cell(kit, *place), severity) for code, place, severity in findings]
    rejected = any(severity == "error" for _, _, severity in findings)
    assert reading.verdict == ("rejected" if rejected else "read")


def test_the_answers_read_are_the_unit_s_and_scored(kit: Kit, tmp_path: Path) -> None:
    reading = _read(kit, kit.filled(tmp_path / "honest.xlsx"))
    assert reading.verdict == "read" and reading.unit_code == "so-noi-vu"
    assert reading.answers["2.4"].value is not None and reading.result is not None
    assert reading.result.unit == "so-noi-vu"
    layout = compute_layout(kit.scheme, "so")
    assert set(reading.cached) == {n for n in ("total", "result", "grade") if n in layout.footer}
