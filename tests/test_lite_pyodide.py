"""The rendered xlwings Lite main.py in real Pyodide (the npm ``pyodide`` package under node), as Lite runs it.

xlwings Lite imports main.py inside Pyodide and calls each function through
``xlwings.server.custom_functions_call``; an exception's ``str()`` is what the cell shows. Here the
same happens in real Pyodide with the installed xlwings' Python files in its file system, for
every built-in scheme and the every-rule test scheme, and each cell is compared with the engine:
the bundle's copy of the per-unit arithmetic is held equal to the engine on every run (CI included).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xlwings

from tests.test_lite import answers_for, engine_points, engine_result
from tests.test_udfs import matrix, write_scheme
from tests.tools import locate, missing
from xl_dti import builtin_ids, grade_value
from xl_dti.lite import write_lite
from xl_dti.scheme import Scheme, load_scheme

HARNESS = Path(os.environ.get("XL_DTI_PYODIDE_HARNESS") or Path(__file__).parent / "pyodide")
"""The npm project with the pinned pyodide; another folder with run.mjs and its own pyodide tries another version."""

RUNNER = """\
import asyncio, importlib.util, json, os, sys
sys.path.insert(0, "/mnt/work/site")
os.environ["XLWINGS_ON_SERVER"] = "true"  # as xlwings Lite sets it: Office.js decorators
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
import xlwings, xlwings.server

cases = json.load(open("/mnt/work/cases.json", encoding="utf-8"))
answers = {}
for name, calls in cases.items():
    spec = importlib.util.spec_from_file_location(f"main_{len(answers)}", f"/mnt/work/{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found = []
    for function, args in calls:
        data = {"func_name": function, "args": args, "caller_address": "'Chấm điểm'!F14",
                "version": xlwings.__version__, "client": "Office.js", "runtime": "1.4",
                "culture_info_name": "vi-VN", "date_format": "dd/mm/yyyy"}
        try:
            result = await xlwings.server.custom_functions_call(data, module)
            found.append(["value", result[0][0]])
        except Exception as exc:  # what xlwings Lite shows in the cell: str(exc)
            found.append(["error", str(exc), isinstance(exc, xlwings.XlwingsError)])
    answers[name] = found
answers["_python"] = sys.version
json.dump(answers, open("/mnt/work/answers.json", "w", encoding="utf-8"), ensure_ascii=False)
"""


def _node() -> str:
    node = locate("node")
    npm = shutil.which("npm")
    if npm is None:
        missing("npm is not installed (apt-get install npm)")
    assert npm is not None
    if not (HARNESS / "node_modules" / "pyodide" / "pyodide.mjs").exists():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HARNESS, check=True, capture_output=True,
                       timeout=600)
    return node


def _xlwings_files(target: Path) -> None:
    """The installed xlwings as its wheel unpacks, less the native parts Pyodide cannot load."""
    source = Path(xlwings.__file__).parent
    shutil.copytree(source, target / "xlwings",
                    ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__", "*.xlam", "*.xlsm", "*.dll"))


def _cases(scheme: Scheme, scheme_id: str) -> tuple[list[tuple[str, list[Any]]], list[tuple[str, Any]]]:
    """Calls walking every leaf's rule, the bands and results, and inputs as Excel sends them; the engine's cells."""
    calls: list[tuple[str, list[Any]]] = []
    expected: list[tuple[str, Any]] = []
    for code, node in scheme.tree.by_code.items():
        if node.is_leaf:
            for input1, input2 in [*answers_for(node), ("1.000", None), ("8,5", None), (1e48, None)]:
                calls.append(("DTI_POINTS", [matrix(scheme_id), matrix(code), matrix(input1), matrix(input2)]))
                expected.append(engine_points(scheme, code, input1, input2))
    for band in scheme.grades:
        for value in ([] if band.min is None else [float(band.min), float(band.min) - 0.001]):
            calls.append(("DTI_GRADE", [matrix(value), matrix(scheme_id)]))
            expected.append(("value", grade_value(scheme, value)))
    top = float(scheme.total_max)
    for total, na_max in [(top, 0), (top / 3, top / 4), (0, 0)]:
        calls.append(("DTI_RESULT", [matrix(total), matrix(top), matrix(na_max), matrix(scheme_id)]))
        expected.append(engine_result(scheme, Decimal(str(total)), Decimal(str(na_max))))
    return calls, expected


ERROR_CELLS = [
    # function, args, what the cell shows (an Excel error as xlwings returns it, or a message start)
    ("DTI_TOTAL", [[[10], [{"type": "Error", "errorType": "NotAvailable", "basicValue": "#N/A"}], [7.5]]],
     ("value", {"type": "Error", "errorType": "NotAvailable"})),
    ("DTI_TOTAL", [[[1], ["abc"]]], ("error", "points: 'abc' không phải là số. Nhập một số, ví dụ 219,99. / ")),
    ("DTI_TOTAL", [[["1.000"]]], ("error", "points: '1.000' không rõ là số nào")),
    ("DTI_TOTAL", [[[1e48]]], ("error", "points: 1e+48 quá lớn")),
    ("DTI_GRADE", [[[50]], [["haugiang-2022-so"]]], ("error", "tệp main.py này chỉ chứa bộ chỉ số 'test-scheme'")),
]


@pytest.fixture(scope="module")
def pyodide_answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    node = _node()
    work = tmp_path_factory.mktemp("pyodide")
    _xlwings_files(work / "site")
    cases: dict[str, list[tuple[str, list[Any]]]] = {}
    expected: dict[str, list[tuple[str, Any]]] = {}
    for scheme_id in builtin_ids():
        scheme = load_scheme(scheme_id)
        write_lite(scheme, work / f"{scheme_id}.py")
        cases[scheme_id], expected[scheme_id] = _cases(scheme, scheme_id)
    test_scheme = load_scheme(write_scheme(work))
    write_lite(test_scheme, work / "test-scheme.py")
    cases["test-scheme"], expected["test-scheme"] = _cases(test_scheme, "test-scheme")
    cases["errors"] = [(function, args) for function, args, _ in ERROR_CELLS]
    shutil.copy(work / "test-scheme.py", work / "errors.py")
    (work / "cases.json").write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    (work / "runner.py").write_text(RUNNER, encoding="utf-8")
    done = subprocess.run([node, str(HARNESS / "run.mjs"), str(work), str(work / "runner.py")], cwd=HARNESS,
                          capture_output=True, text=True, timeout=1200, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    answers: dict[str, Any] = json.loads((work / "answers.json").read_text(encoding="utf-8"))
    answers["_expected"] = expected
    return answers


def test_it_is_real_pyodide(pyodide_answers: dict[str, Any]) -> None:
    assert "emscripten" in pyodide_answers["_python"].lower() or "clang" in pyodide_answers["_python"].lower()


@pytest.mark.parametrize("scheme_id", [*builtin_ids(), "test-scheme"])
def test_the_bundle_gives_the_engines_cells_in_pyodide(pyodide_answers: dict[str, Any], scheme_id: str) -> None:
    found = [tuple(answer[:2]) for answer in pyodide_answers[scheme_id]]
    expected = [(kind, "" if value is None else value) for kind, value in pyodide_answers["_expected"][scheme_id]]
    assert len(found) == len(expected) > 10
    mismatches = [(i, f, e) for i, (f, e) in enumerate(zip(found, expected, strict=True)) if f != e]
    assert not mismatches, mismatches[:5]


def test_errors_reach_the_cell_in_vietnamese_in_pyodide(pyodide_answers: dict[str, Any]) -> None:
    for answer, (_, _, (kind, shown)) in zip(pyodide_answers["errors"], ERROR_CELLS, strict=True):
        assert answer[0] == kind
        if kind == "value":
            assert answer[1] == shown
        else:
            assert answer[1].startswith(shown) and "\n" not in answer[1], answer
            assert answer[2] is True  # an xlwings.XlwingsError
