"""The spreadsheet functions inside the xlwings Server app itself, in production mode, through its test client.

xlwings Server answers an ``xlwings.XlwingsError`` with its text (HTTP 400, which Office.js shows
in the cell and does not retry); any other exception becomes "An error occurred." (HTTP 500,
retried three times). Each case runs the real app (``xlwings_server.main``) in a child process
whose project folder holds a ``custom_functions`` package that imports ``xl_dti.udfs``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import scheme_yaml
from tests.returned import SAMPLE
from tests.tools import missing
from tests.workbooks import needs_libreoffice
from xl_dti import load_scheme, score
from xl_dti.answers_file import read_answers
from xl_dti.libreoffice import convert
from xl_dti.resources import samples_dir
from xl_dti.units import Unit
from xl_dti.workbook.build import CompiledScheme, RoundOptions, build_workbook
from xl_dti.workbook.fill import fill_workbook
from xl_dti.workbook.layout import FORM_SHEET, compute_layout
from xl_dti.workbook.udf_footer import stored_name


@pytest.fixture(autouse=True)
def _xlwings_server() -> None:
    """xlwings-server is a dev dependency; without it the tests skip, or fail under CI=true."""
    if importlib.util.find_spec("xlwings_server") is None:
        missing("xlwings-server is not installed (pip install -e '.[dev]')")

RUNNER = """\
import json, sys
from xlwings_server.main import app  # first: its config sets XLWINGS_ON_SERVER before xlwings is imported
import xlwings
from fastapi.testclient import TestClient

client = TestClient(app, raise_server_exceptions=False)  # what Excel gets, 500s included
asked = json.load(sys.stdin)
answers = []
for name, args in asked["calls"]:
    data = {"func_name": name, "args": args, "caller_address": "'Chấm điểm'!F14", "version": xlwings.__version__,
            "client": "Office.js", "runtime": "1.4", "culture_info_name": "vi-VN", "date_format": "dd/mm/yyyy"}
    response = client.post("/xlwings/custom-functions-call", json=data)
    answers.append([response.status_code, response.text])
pages = {path: client.get(path).text for path in asked["pages"]}
print(json.dumps({"calls": answers, "pages": pages}))
"""

NOT_AVAILABLE = {"type": "Error", "errorType": "NotAvailable", "basicValue": "#N/A"}
DIV0 = {"type": "Error", "errorType": "Div0", "basicValue": "#DIV/0!"}


def serve(project: Path, calls: list[tuple[str, list[Any]]], schemes: Path | None = None) -> list[tuple[int, Any]]:
    """Each call's HTTP status and body (the JSON result, or the error text) from the app in production mode."""
    return ask(project, calls, [], schemes)[0]


def ask(project: Path, calls: list[tuple[str, list[Any]]], pages: list[str],
        schemes: Path | None = None) -> tuple[list[tuple[int, Any]], dict[str, str]]:
    """The calls' answers and the pages' text (GET) from the xlwings Server app in production mode."""
    (project / "custom_functions").mkdir(exist_ok=True)
    (project / "custom_functions" / "__init__.py").write_text("from xl_dti.udfs import *  # noqa: F403\n")
    (project / "custom_scripts").mkdir(exist_ok=True)
    (project / "custom_scripts" / "__init__.py").write_text("")
    (project / "runner.py").write_text(RUNNER, encoding="utf-8")
    env = {**os.environ, "XLWINGS_PROJECT_DIR": str(project), "XLWINGS_ENVIRONMENT": "prod",
           "XLWINGS_LICENSE_KEY": "noncommercial", "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    env.pop("XL_DTI_SCHEMES", None)
    if schemes is not None:
        env["XL_DTI_SCHEMES"] = str(schemes)
    done = subprocess.run([sys.executable, "runner.py"], cwd=project, env=env,
                          input=json.dumps({"calls": calls, "pages": pages}),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    answered = json.loads(done.stdout.splitlines()[-1])
    return ([(status, json.loads(text)["result"] if status == 200 else text) for status, text in answered["calls"]],
            answered["pages"])


def test_errors_reach_the_cell_in_vietnamese_and_are_not_retried(tmp_path: Path) -> None:
    answers = serve(tmp_path, [
        ("DTI_TOTAL", [[[1], ["abc"]]]),
        ("DTI_POINTS", [[["haugiang-2022-so"]], [["9.9.9"]], [[1]]]),
        ("DTI_GRADE", [[[50]], [["no-such-scheme"]]]),
    ])
    assert [status for status, _ in answers] == [400, 400, 400]  # 5xx is retried; 400 is shown
    total, points, grade = (text for _, text in answers)
    assert total.startswith("points: 'abc' không phải là số.") and " / points: 'abc' is not a number" in total
    assert points.startswith("'9.9.9' không phải chỉ số lá của bộ chỉ số 'haugiang-2022-so'")
    assert "không phải mã bộ chỉ số có sẵn" in grade
    assert all("\n" not in text and "An error occurred" not in text for _, text in answers)


def test_an_error_cell_gives_that_error_as_sum_does(tmp_path: Path) -> None:
    answers = serve(tmp_path, [
        ("DTI_TOTAL", [[[10], [NOT_AVAILABLE], [7.5]]]),
        ("DTI_TOTAL", [[[10], [7.5]], [[""], [DIV0]]]),
        ("DTI_GRADE", [[[DIV0]], [["haugiang-2022-so"]]]),
        ("DTI_RANK", [[[90]], [[90], [NOT_AVAILABLE]]]),
    ])
    assert answers == [
        (200, [[{"type": "Error", "errorType": "NotAvailable"}]]),
        (200, [[{"type": "Error", "errorType": "Div0"}]]),
        (200, [[{"type": "Error", "errorType": "Div0"}]]),
        (200, [[{"type": "Error", "errorType": "NotAvailable"}]]),
    ]


def test_a_band_range_of_any_shape_grades_as_in_excel(tmp_path: Path) -> None:
    """Office.js sends every range as rows; the server flattens a one-row range to a plain list on the way."""
    answers = serve(tmp_path, [
        ("DTI_GRADE", [[[85]], [[80, "Tốt"]]]),  # one band: everything from 80 is «Tốt»
        ("DTI_GRADE", [[[85]], [[80, "Tốt"], ["", "Chưa đạt"]]]),
        ("DTI_GRADE", [[[79.99]], [[80, "Tốt"], ["", "Chưa đạt"]]]),
        ("DTI_GRADE", [[[50]], [[80, "Tốt"]]]),
        ("DTI_GRADE", [[[85]], [[80, "Tốt", "thừa"]]]),
    ])
    assert answers[:3] == [(200, [["Tốt"]]), (200, [["Tốt"]]), (200, [["Chưa đạt"]])]
    assert answers[3][0] == 400 and answers[3][1].startswith("50 thấp hơn mức thấp nhất (80).")
    assert answers[4][0] == 400 and answers[4][1].startswith("scheme: dòng 1 của bảng mức xếp loại có 3 ô.")


def test_a_scheme_is_a_builtin_id_or_a_name_in_the_configured_folder(tmp_path: Path) -> None:
    folder = tmp_path / "schemes"
    folder.mkdir()
    (folder / "tinh-thu.yaml").write_text(scheme_yaml(
        "grades:\n  - {label: Tốt, min: 80}\n  - {label: Yếu}\n"
        "indicators:\n  - {code: '1', name: Một, max: 100, rule: points}\n"), encoding="utf-8")
    outside = tmp_path / "outside.yaml"
    outside.write_text((folder / "tinh-thu.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    refused = ["/dev/zero", str(outside), str(folder / "tinh-thu.yaml"), "../outside", "/no/such/file.yaml",
               "/etc/passwd", "tinh-khac"]
    answers = serve(tmp_path / "project" if (tmp_path / "project").mkdir() is None else tmp_path, [
        ("DTI_GRADE", [[[85]], [["tinh-thu"]]]),
        ("DTI_GRADE", [[[85]], [["haugiang-2022-so"]]]),
        *[("DTI_GRADE", [[[200]], [[name]]]) for name in refused],
    ], schemes=folder)
    assert answers[0] == (200, [["Tốt"]])
    assert answers[1][0] == 200
    for name, (status, text) in zip(refused, answers[2:], strict=True):
        assert status == 400, name
        # the same words whether the file exists or not: no file-existence oracle
        assert text == answers[2][1].replace("'/dev/zero'", f"'{name}'"), name


# --- a ``--formulas udf`` workbook's footer, as xlwings Server would calculate it --------------------


def _call_arguments(formula: str, function: str) -> list[str]:
    """The argument texts of the call of ``function`` in a formula (one level of parentheses inside)."""
    start = formula.index(function + "(") + len(function) + 1
    depth, argument, found = 0, "", []
    for char in formula[start:]:
        if char == "(":
            depth += 1
        elif char == ")" and depth == 0:
            found.append(argument)
            return found
        elif char == ")":
            depth -= 1
        if char == "," and depth == 0 and argument.count('"') % 2 == 0:
            found.append(argument)
            argument = ""
        else:
            argument += char
    raise AssertionError(formula)


def _value(sheet: Any, argument: str, served: dict[str, Any]) -> Any:
    """An argument as Office.js sends it: range rows, a cell (``served``: as the server gave it), a number, a text."""
    if argument.startswith('"'):
        return [[argument[1:-1].replace('""', '"')]]
    if ":" in argument:
        return [[c.value if c.value is not None else "" for c in row] for row in sheet[argument]]
    if "-" in argument:
        left, right = argument.split("-")
        return [[_value(sheet, left, served)[0][0] - _value(sheet, right, served)[0][0]]]
    try:
        return [[float(argument)]]
    except ValueError:
        value = served[argument] if argument in served else sheet[argument].value
        return [["" if value is None else value]]


@needs_libreoffice
@pytest.mark.slow
def test_a_udf_workbooks_footer_calculates_on_xlwings_server(tmp_path: Path) -> None:
    """The stored names are Excel's for XLWINGS.DTI_… under the app's own manifest, and the calls give the engine's."""
    scheme = load_scheme("haugiang-2022-so")
    layout = compute_layout(scheme, "so")
    answers = read_answers(samples_dir() / "answers" / scheme.id / f"{SAMPLE['so-tu-phap']}.yaml")
    blank = tmp_path / "blank.xlsx"
    blank.write_bytes(build_workbook(CompiledScheme(scheme), Unit("so-tu-phap", "Sở Tư pháp", "so"),
                                     RoundOptions(year=2022, formulas="udf"), "ab" * 32, "pw").data)
    fill_workbook(blank, tmp_path / "filled.xlsx", scheme, answers)
    (recalculated,) = convert([tmp_path / "filled.xlsx"], tmp_path / "lo")
    formulas = load_workbook(tmp_path / "filled.xlsx")[FORM_SHEET]
    values = load_workbook(recalculated, data_only=True)[FORM_SHEET]
    project = tmp_path / "project"
    project.mkdir()
    served: dict[str, Any] = {}  # each footer cell as the server calculates it, for the cells that refer to it
    for name in ("total", "result", "grade"):
        formula = formulas[layout.footer[name]].value
        function = next(f for f in ("DTI_TOTAL", "DTI_RESULT", "DTI_GRADE") if stored_name(f) in formula)
        call = (function, [_value(values, a, served) for a in _call_arguments(formula, stored_name(function))])
        ((status, result),), pages = ask(project, [call], ["/manifest", "/xlwings/custom-functions-meta"])
        assert status == 200, result
        served[layout.footer[name]] = result[0][0]
    namespace = re.search(r'id="Functions.Namespace" DefaultValue="([^"]+)"', pages["/manifest"])
    assert namespace is not None and stored_name("DTI_TOTAL") == f"_xldudf_{namespace.group(1)}_DTI_TOTAL"
    meta = json.loads(pages["/xlwings/custom-functions-meta"])["functions"]
    assert {"DTI_TOTAL", "DTI_RESULT", "DTI_GRADE"} <= {function["id"] for function in meta}
    expected = score(scheme, answers, "so")
    assert [served[layout.footer[name]] for name in ("total", "result", "grade")] == [
        float(expected.total), float(expected.result), expected.grade]
