"""Every message code the code raises has a template, and every template renders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from xl_dti.errors import Problem
from xl_dti.messages import CATALOGUE

PACKAGE = Path(__file__).resolve().parent.parent / "xl_dti"
PREFIXES = (
    "answer|evidence|relative|ratio|usage|file|scheme|yaml|key|value|code|max|grades|weights|aggregate|group|"
    "applies_to|rule|effect|kind|na|units|registry|libreoffice|format|package|worker|identity|structure|"
    "protection|input|cached|resubmission|appraisal|previous|consolidate|report|rubric|crosswalk|function|output"
)
CODE = re.compile(rf'"((?:{PREFIXES})\.[a-z_]+)"')


def _codes_in_source() -> set[str]:
    return {code for path in PACKAGE.rglob("*.py") for code in CODE.findall(path.read_text(encoding="utf-8"))}


def test_every_code_used_in_the_package_has_a_template() -> None:
    used = _codes_in_source()
    assert len(used) > 100
    file_names = {"registry.json"}  # quoted file names that look like codes
    assert sorted(used - set(CATALOGUE) - file_names) == []


def test_every_template_is_said_somewhere() -> None:
    """A template no code raises is a message nobody reads (or a code spelled two ways)."""
    sources = [*PACKAGE.rglob("*.py"), *(PACKAGE.parent / "templates").rglob("*.j2")]
    text = "".join(path.read_text(encoding="utf-8") for path in sources if path.name != "messages.py")
    assert [code for code in CATALOGUE if f'"{code}"' not in text and f"'{code}'" not in text] == []


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_template_renders_without_parameters(code: str) -> None:
    assert Problem(code, "somewhere").message.strip()
