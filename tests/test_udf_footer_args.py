"""``--formulas udf``: the footer's own formulas, with their own arguments, give the engine's figures.

The footer cells of a generated workbook are read as written (never rebuilt by the test) and evaluated by a small
evaluator: cells the footer refers to take the values real LibreOffice computed (it cannot run the xl-dti
functions, so the footer's own calls are evaluated here, through the Python functions xlwings would call). So a
wrong range, a missing flag column or a wrong N/A max in the footer shows as a wrong figure.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils.cell import range_boundaries

from tests.returned import SAMPLE
from tests.workbooks import needs_libreoffice
from xl_dti import load_scheme, score
from xl_dti.answers_file import read_answers
from xl_dti.demo.answers import unit_answers
from xl_dti.libreoffice import convert
from xl_dti.resources import samples_dir
from xl_dti.units import Unit
from xl_dti.workbook.build import CompiledScheme, RoundOptions, build_workbook
from xl_dti.workbook.fill import fill_workbook
from xl_dti.workbook.layout import FORM_SHEET, compute_layout

pytestmark = [needs_libreoffice, pytest.mark.slow]
UDF = RoundOptions(year=2022, formulas="udf")
ADDIN_PREFIX = "_XLDUDF_XLWINGS_"  # how a workbook names the xlwings add-in's functions (Excel shows DTI_TOTAL)
OPERATORS = {"=": "==", "<>": "!=", "^": "**", "&": "+"}


def _functions() -> dict[str, Callable[..., Any]]:
    from xl_dti.udfs import DTI_GRADE, DTI_RESULT, DTI_TOTAL

    def number(value: Any) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool)

    def total(*arguments: Any) -> float:
        cells = [c for a in arguments for row in (a if isinstance(a, list) else [[a]]) for c in row]
        return sum(c for c in cells if number(c))

    return {"MIN": lambda *a: min(a), "MAX": lambda *a: max(a), "IF": lambda c, a, b="": a if c else b, "SUM": total,
            "ISNUMBER": number, "DTI_TOTAL": DTI_TOTAL,
            "DTI_RESULT": lambda t, m, n=None, s=None: DTI_RESULT(t, m, n, None if s is None else [[s]]),
            "DTI_GRADE": lambda v, s: DTI_GRADE(v, [[s]])}


class Footer:
    """Evaluates the footer cells that call xl-dti functions, reading every other cell from LibreOffice's values."""

    def __init__(self, formulas: dict[str, str], values: Any) -> None:
        self.formulas, self.values, self.functions = formulas, values, _functions()

    def value(self, coordinate: str) -> Any:
        coordinate = coordinate.replace("$", "")
        if coordinate in self.formulas:
            return self.evaluate(self.formulas[coordinate])
        return self.values[coordinate].value

    def range(self, reference: str) -> list[list[Any]]:
        low_col, low_row, high_col, high_row = range_boundaries(reference.replace("$", ""))
        return [[self.values.cell(r, c).value for c in range(low_col, high_col + 1)]
                for r in range(low_row, high_row + 1)]

    def evaluate(self, formula: str) -> Any:
        python = []
        for token in Tokenizer(formula).items:
            if token.type == Token.FUNC:
                name = token.value[:-1].upper().removeprefix(ADDIN_PREFIX)
                python.append(f"F[{name!r}](" if token.subtype == Token.OPEN else ")")
            elif token.type == Token.OPERAND and token.subtype == Token.RANGE:
                kind = "R" if ":" in token.value else "V"
                python.append(f"{kind}({token.value!r})")
            elif token.type == Token.OPERAND and token.subtype == Token.TEXT:
                python.append(repr(token.value[1:-1].replace('""', '"')))
            elif token.type == Token.OPERAND:
                python.append(token.value)
            elif token.type in (Token.OP_IN, Token.OP_PRE):
                python.append(OPERATORS.get(token.value, token.value))
            elif token.type == Token.SEP:
                python.append(",")
            elif token.type == Token.PAREN:
                python.append(token.value)
            else:
                raise AssertionError(f"the evaluator does not know {token.type} {token.value!r} in {formula}")
        return eval("".join(python), {"F": self.functions, "R": self.range, "V": self.value})


def _haugiang_so(unit: str) -> tuple[str, str, dict[str, Any]]:
    group = SAMPLE[unit].split("__")[0]
    return "haugiang-2022-so", group, read_answers(samples_dir() / "answers" / "haugiang-2022-so" /
                                                    f"{SAMPLE[unit]}.yaml")


def _random(scheme_id: str, group: str | None, seed: int, *na: str) -> tuple[str, str | None, dict[str, Any]]:
    return scheme_id, group, {**unit_answers(load_scheme(scheme_id), random.Random(seed), 0.5),
                              **dict.fromkeys(na, "N/A")}


CASES = {
    "so-all-applicable": _haugiang_so("so-tu-phap"),
    "nganh-doc-with-na": _haugiang_so("kho-bac"),
    "huyen-bonus-penalty-and-na": _random("haugiang-2022-huyen", "huyen", 3, "5.1"),
    "percent-with-na": _random("haiduong-2023-so", None, 7, "2.3", "5.1"),
    "index-with-relative-rows": _random("quocgia-2022-tinh", None, 11),
}


@pytest.mark.parametrize("name", CASES)
def test_the_footer_s_own_arguments_give_the_engine_s_figures(tmp_path: Path, name: str) -> None:
    scheme_id, group, answers = CASES[name]
    scheme = load_scheme(scheme_id)
    layout = compute_layout(scheme, group)
    blank = tmp_path / "blank.xlsx"
    blank.write_bytes(build_workbook(CompiledScheme(scheme), Unit("u", "Đơn vị", group), UDF, "ab" * 32, "pw").data)
    fill_workbook(blank, tmp_path / "filled.xlsx", scheme, answers)
    (recalculated,) = convert([tmp_path / "filled.xlsx"], tmp_path / "lo")
    written = load_workbook(tmp_path / "filled.xlsx")[FORM_SHEET]
    calls = {c.coordinate: c.value for row in written.iter_rows() for c in row
             if c.data_type == "f" and re.search(r"DTI_[A-Z]+\(", c.value)}
    assert calls, "the footer calls the xl-dti functions"
    formulas = {a: written[a].value for a in layout.footer.values() if written[a].data_type == "f"}
    footer = Footer(formulas, load_workbook(recalculated, data_only=True)[FORM_SHEET])
    expected = score(scheme, answers, group)
    if name.endswith("na"):
        assert expected.applicable_max < expected.max, "the N/A cases have something N/A"
    figures = {"total": expected.total, "result": expected.result, "grade": expected.grade,
               "base_total": expected.base_total, "bonus": expected.bonus, "penalty": expected.penalty,
               "applicable_max": expected.applicable_max}
    for output, address in layout.footer.items():
        found, want = footer.value(address), figures[output]
        written_value = want if want is None or isinstance(want, str) else float(want)
        assert found == written_value, (output, formulas.get(address))
