"""Small checks: a ratio above one is flagged, a grade above the max is refused, missing answers weigh the same."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.conftest import one_leaf
from tests.returned import make_kit
from xl_dti import score
from xl_dti.cli import app
from xl_dti.consolidation.package import Limits
from xl_dti.consolidation.reading import RoundContext, read_returned
from xl_dti.excel import absolute
from xl_dti.generate import generate
from xl_dti.units import Unit
from xl_dti.workbook.layout import FORM_SHEET, compute_layout

runner = CliRunner()
RATIO = one_leaf("rule: ratio\nnumerator: Văn bản ký số\ndenominator: Văn bản phải ký", 10)


@pytest.mark.parametrize(("answer", "points", "codes"), [
    pytest.param([12, 10], "10", [("ratio.above_one", "1", "warning")], id="numerator-above"),
    pytest.param([10, 10], "10", [], id="equal"),
    pytest.param([5, 10], "5", [], id="half"),
])
def test_a_ratio_whose_numerator_exceeds_its_denominator_is_flagged(
    answer: list[int], points: str, codes: list[tuple[str, str, str]]
) -> None:
    result = score(RATIO, {"1": answer})
    assert result.nodes["1"].points == Decimal(points)
    assert [(p.code, p.where, p.severity) for p in result.issues] == codes


@pytest.mark.parametrize(("scheme", "value", "code"), [
    pytest.param("haugiang-2022-so", "2450", 2, id="points-above-245"),
    pytest.param("haugiang-2022-so", "245,5", 2, id="points-just-above"),
    pytest.param("haugiang-2022-so", "245", 0, id="points-at-max"),
    pytest.param("haugiang-2022-so", "-1", 2, id="negative"),
])
def test_grade_of_a_value_above_the_max_says_so(scheme: str, value: str, code: int) -> None:
    result = runner.invoke(app, ["grade", scheme, "--", value])
    assert result.exit_code == code
    if code:
        assert "245" in result.stderr and result.stdout == ""


def test_missing_answers_weigh_the_same_in_score_and_consolidation(tmp_path: Path) -> None:
    kit = make_kit(tmp_path)
    leaf = next(c for c in kit.scheme.tree.order if kit.scheme.tree.by_code[c].is_leaf)
    answers = {**kit.answers("so-noi-vu"), leaf: None}
    scored = score(kit.scheme, answers, "so")
    alone = {p.severity for p in scored.issues if p.code == "answer.missing"}
    returned = kit.filled(tmp_path / "returned.xlsx", **{leaf: None})
    context = RoundContext(kit.scheme, kit.registry, Limits())
    context.prepare()
    reading = read_returned(returned.read_bytes(), returned.name, context)
    consolidated = {p.severity for p in reading.problems if p.code == "answer.missing"}
    assert alone == consolidated == {"warning"}


def test_the_workbook_flags_a_numerator_above_its_denominator(tmp_path: Path) -> None:
    report = generate(RATIO, [Unit("so-a", "Sở A", None)], tmp_path, year=2024)
    layout = compute_layout(RATIO, None)
    numerator, denominator = layout.inputs["1"]["numerator"], layout.inputs["1"]["denominator"]
    sheet = load_workbook(report.files[0])[FORM_SHEET]
    formulas = [f for cf in sheet.conditional_formatting if str(cf.sqref) == numerator for r in cf.rules
                for f in r.formula]
    assert f"{absolute(numerator)}>{absolute(denominator)}" in "".join(formulas)
