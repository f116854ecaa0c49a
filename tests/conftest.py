"""Shared test helpers: schemes written inline as YAML."""

from __future__ import annotations

import textwrap

import pytest

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
