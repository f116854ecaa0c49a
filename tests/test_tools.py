"""In CI (CI=true) a test that needs a missing program, or any skipped test, fails the run; elsewhere it skips."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]
ROOT = str(Path(__file__).resolve().parents[1])

INNER_CONFTEST = """
from tests.conftest import *  # the suite's own hooks
from tests.tools import TOOLS, Tool

TOOLS["absent"] = Tool("absent", lambda: None, "apt-get install absent")
"""
INNER_TESTS = """
from pathlib import Path

import pytest
from tests.tools import locate, needs

@needs("absent")
def test_marked() -> None:
    pass

def test_located() -> None:
    locate("absent")

@pytest.mark.skipif(True, reason="any other reason")
def test_skipped_otherwise() -> None:
    pass

def test_runs() -> None:
    pass
"""


@pytest.mark.parametrize(("ci", "outcomes"), [
    ("true", {"passed": 1, "failed": 1, "errors": 2, "skipped": 0}),
    ("", {"passed": 1, "failed": 0, "errors": 0, "skipped": 3}),
    ("false", {"passed": 1, "failed": 0, "errors": 0, "skipped": 3}),
], ids=["ci-fails", "no-ci-skips", "ci-false-skips"])
def test_a_missing_tool_fails_only_in_ci(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch,
                                          ci: str, outcomes: dict[str, int]) -> None:
    monkeypatch.setenv("CI", ci)
    monkeypatch.setenv("PYTHONPATH", ROOT)
    pytester.makeconftest(INNER_CONFTEST)
    pytester.makepyfile(test_inner=INNER_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(**outcomes)
    if ci == "true":
        result.stdout.fnmatch_lines(["*CI=true and absent is not installed (apt-get install absent)*"])


def test_a_module_skipped_at_collection_fails_in_ci(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("PYTHONPATH", ROOT)
    pytester.makeconftest(INNER_CONFTEST)
    pytester.makepyfile(test_inner="import pytest\npytest.importorskip('no_such_module_anywhere')\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*CI=true and the test skipped*no_such_module_anywhere*"])


@pytest.mark.parametrize("name", ["libreoffice", "chromium", "playwright", "gnumeric", "node"])
def test_the_suite_s_tools_are_known(name: str) -> None:
    from tests.tools import TOOLS, needs

    assert needs(name).args == (name,)
    assert TOOLS[name].install


def test_an_unknown_tool_is_refused() -> None:
    from tests.tools import needs

    with pytest.raises(ValueError, match="unknown tools"):
        needs("excel")
