"""The spreadsheet functions inside the xlwings Server app itself, in production mode, through its test client.

xlwings Server answers an ``xlwings.XlwingsError`` with its text (HTTP 400, which Office.js shows
in the cell and does not retry); any other exception becomes "An error occurred." (HTTP 500,
retried three times). Each case runs the real app (``xlwings_server.main``) in a child process
whose project folder holds a ``custom_functions`` package that imports ``xl_dti.udfs``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import scheme_yaml

if os.environ.get("CI") != "true":
    pytest.importorskip("xlwings_server", reason="xlwings-server is a dev dependency: pip install -e .[dev]")

RUNNER = """\
import json, sys
import xlwings
from fastapi.testclient import TestClient
from xlwings_server.main import app

client = TestClient(app)
answers = []
for name, args in json.load(sys.stdin):
    data = {"func_name": name, "args": args, "caller_address": "'Chấm điểm'!F14", "version": xlwings.__version__,
            "client": "Office.js", "runtime": "1.4", "culture_info_name": "vi-VN", "date_format": "dd/mm/yyyy"}
    response = client.post("/xlwings/custom-functions-call", json=data)
    answers.append([response.status_code, response.text])
print(json.dumps(answers))
"""

NOT_AVAILABLE = {"type": "Error", "errorType": "NotAvailable", "basicValue": "#N/A"}
DIV0 = {"type": "Error", "errorType": "Div0", "basicValue": "#DIV/0!"}


def serve(project: Path, calls: list[tuple[str, list[Any]]], schemes: Path | None = None) -> list[tuple[int, Any]]:
    """Each call's HTTP status and body (the JSON result, or the error text) from the app in production mode."""
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
    done = subprocess.run([sys.executable, "runner.py"], cwd=project, env=env, input=json.dumps(calls),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return [(status, json.loads(text)["result"] if status == 200 else text)
            for status, text in json.loads(done.stdout.splitlines()[-1])]


def test_errors_reach_the_cell_in_vietnamese_and_are_not_retried(tmp_path: Path) -> None:
    answers = serve(tmp_path, [
        ("DTI_TOTAL", [[[1], ["abc"]]]),
        ("DTI_POINTS", [[["haugiang-2022-so"]], [["9.9.9"]], [[1]]]),
        ("DTI_GRADE", [[[50]], [["no-such-scheme"]]]),
    ])
    assert [status for status, _ in answers] == [400, 400, 400]  # 5xx is retried; 400 is shown
    total, points, grade = (text for _, text in answers)
    assert total.startswith("points: 'abc' không phải là số.") and " / points: 'abc' is not a number" in total
    assert points.startswith("'9.9.9' không phải mã một chỉ số") and "is not a leaf indicator" in points
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
