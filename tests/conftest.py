"""Shared test helpers: schemes written inline as YAML; in CI, a missing tool or any skip fails the run."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from typing import Any

import pytest

from tests.tools import in_ci, locate
from xl_dti.errors import Problem
from xl_dti.scheme import Scheme, parse_scheme

HEADER = """\
id: test-scheme
title: Bộ chỉ số thử nghiệm
issuer: UBND tỉnh Thử
decision: Quyết định số 1/QĐ-UBND ngày 01/01/2024
level: so
year: 2024
"""


def scheme_yaml(body: str, header: str = HEADER) -> str:
    """A complete scheme file: the standard header plus ``body`` (dedented)."""
    return header + textwrap.dedent(body)


def make_scheme(body: str) -> Scheme:
    """Parse an inline scheme body, failing the test with every problem if it does not load."""
    scheme, problems = parse_scheme(scheme_yaml(body), "inline.yaml")
    if scheme is None:
        pytest.fail("scheme did not load:\n" + "\n".join(str(p) for p in problems))
    return scheme


def problems_of(body: str) -> list[Problem]:
    """The problems an inline scheme body has (the scheme must not load)."""
    scheme, problems = parse_scheme(scheme_yaml(body), "inline.yaml")
    assert scheme is None, "expected the scheme to be rejected"
    return problems


def one_leaf(rule_yaml: str, max_points: int | str = 10, extra: str = "") -> Scheme:
    """A scheme with a single leaf ``"1"`` of ``max_points`` scored by ``rule_yaml``."""
    rule = textwrap.indent(textwrap.dedent(rule_yaml).strip(), "    ")
    return make_scheme(
        f"""\
indicators:
  - code: "1"
    name: Chỉ số thử
    max: {max_points}
{rule}
{textwrap.indent(textwrap.dedent(extra).strip(), "    ")}
"""
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs_tool(*names): the test runs these programs (tests/tools.py's TOOLS)")


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers("needs_tool"):
        for name in marker.args:
            locate(name)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """In CI a skipped test is a failed one: nothing that guards a score may quietly not run there."""
    outcome: Any = yield
    _fail_skip_in_ci(outcome.get_result(), item.nodeid)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    outcome: Any = yield
    _fail_skip_in_ci(outcome.get_result(), collector.nodeid)


def _fail_skip_in_ci(report: pytest.TestReport | pytest.CollectReport, where: str) -> None:
    if not (in_ci() and report.skipped) or hasattr(report, "wasxfail"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = (f"{where}: CI=true and the test skipped ({reason}); in CI every test must run: "
                       ".ci/run installs the tools, and a test that cannot run there is a failure")
