"""``--formulas udf`` workbooks: the xl-dti functions in exactly the footer cells, with the right arguments."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.formula.tokenizer import Token, Tokenizer

from tests.returned import SAMPLE
from tests.workbooks import needs_libreoffice
from xl_dti import load_scheme, score
from xl_dti.answers_file import read_answers
from xl_dti.consolidation.run import consolidate
from xl_dti.excel import ALLOWED_FUNCTIONS, XL_DTI_FUNCTIONS
from xl_dti.generate import generate
from xl_dti.libreoffice import convert
from xl_dti.registry import load_registry
from xl_dti.resources import samples_dir
from xl_dti.units import Unit
from xl_dti.workbook.build import CompiledScheme, RoundOptions, build_workbook
from xl_dti.workbook.fill import fill_workbook
from xl_dti.workbook.layout import FIRST_ROW, FORM_SHEET, Col, compute_layout
from xl_dti.workbook.udf_footer import stored_name

UDF = RoundOptions(year=2022, formulas="udf")


def _functions(formula: str) -> set[str]:
    """The functions a formula calls; an Office.js custom function by its name (``_xldudf_XLWINGS_`` left off)."""
    tokens = Tokenizer(formula).items
    names = {t.value.rstrip("(") for t in tokens if t.type == Token.FUNC and t.subtype == Token.OPEN}
    return {name.removeprefix(stored_name("")).upper() for name in names}


@pytest.mark.parametrize(("scheme_id", "group", "footer"), [
    ("haugiang-2022-so", "so", {"total", "result", "grade"}),
    ("haugiang-2022-huyen", "huyen", {"base_total", "result", "grade"}),
    ("haiduong-2023-so", None, {"total", "result"}),
])
def test_the_functions_are_called_in_exactly_the_footer_cells(scheme_id: str, group: str | None,
                                                                footer: set[str]) -> None:
    scheme = load_scheme(scheme_id)
    data = build_workbook(CompiledScheme(scheme), Unit("u", "Đơn vị", group), UDF, "ab" * 32, "pw").data
    workbook = load_workbook(io.BytesIO(data))
    layout = compute_layout(scheme, group)
    calls = {
        f"'{ws.title}'!{c.coordinate}"
        for ws in workbook.worksheets for row in ws.iter_rows() for c in row
        if c.data_type == "f" and _functions(c.value) & XL_DTI_FUNCTIONS
    }
    assert calls == {f"'{FORM_SHEET}'!{layout.footer[name]}" for name in footer}
    for name in footer:  # stored as Excel stores xlwings Server's XLWINGS.DTI_… calls, never as a bare name
        formula = workbook[FORM_SHEET][layout.footer[name]].value
        assert "_xldudf_XLWINGS_DTI_" in formula and "(DTI_" not in formula and ",DTI_" not in formula
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    assert _functions(c.value) <= ALLOWED_FUNCTIONS | XL_DTI_FUNCTIONS
    assert workbook["_meta"]["B11"].value == "udf"


@needs_libreoffice
@pytest.mark.slow
def test_the_function_arguments_give_the_engines_total_result_and_grade(tmp_path: Path) -> None:
    from xl_dti.udfs import DTI_GRADE, DTI_RESULT, DTI_TOTAL

    scheme = load_scheme("haugiang-2022-so")
    layout = compute_layout(scheme, "so")
    answers = read_answers(samples_dir() / "answers" / scheme.id / f"{SAMPLE['so-tu-phap']}.yaml")
    blank = tmp_path / "blank.xlsx"
    blank.write_bytes(build_workbook(CompiledScheme(scheme), Unit("so-tu-phap", "Sở Tư pháp", "so"), UDF,
                                     "ab" * 32, "pw").data)
    fill_workbook(blank, tmp_path / "filled.xlsx", scheme, answers)
    (recalculated,) = convert([tmp_path / "filled.xlsx"], tmp_path / "lo")
    sheet = load_workbook(recalculated, data_only=True)[FORM_SHEET]
    points = [[sheet[f"{Col.POINTS}{r}"].value] for r in range(FIRST_ROW, layout.last_row + 1)]
    flags = [[sheet[f"{Col.SKIP}{r}"].value] for r in range(FIRST_ROW, layout.last_row + 1)]
    expected = score(scheme, answers, "so")
    total = DTI_TOTAL(points, flags)
    assert total == float(expected.total)
    applicable = sheet[layout.footer["applicable_max"]].value
    result = DTI_RESULT(total, 245, 245 - applicable, [[scheme.id]])
    assert result == float(expected.result)  # type: ignore[arg-type]
    assert DTI_GRADE(result, [[scheme.id]]) == expected.grade


def test_a_udf_workbook_consolidates_like_a_native_one(tmp_path: Path) -> None:
    scheme = load_scheme("haugiang-2022-so")
    unit = Unit("so-noi-vu", "Sở Nội vụ", "so")
    report = generate(scheme, [unit], tmp_path / "generated", year=2022, formulas="udf")
    returned = tmp_path / "returned"
    answers = read_answers(samples_dir() / "answers" / scheme.id / f"{SAMPLE['so-noi-vu']}.yaml")
    fill_workbook(report.files[0], returned / "so-noi-vu.xlsx", scheme, answers)
    run = consolidate(scheme, returned, load_registry(report.registry), tmp_path / "out", jobs=1)
    (outcome,) = run.outcomes
    assert outcome.outcome == "accepted", [str(p) for p in outcome.problems]
    assert run.results[0].total == score(scheme, answers, "so").total
    shutil.rmtree(tmp_path / "generated")
