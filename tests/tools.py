"""The outside programs tests need, found in one place: a test asks with ``@needs("libreoffice")``.

Outside CI a missing program skips the test (with the command that installs it). In CI (``CI=true``) it
fails the test: the workbook arithmetic, the browser report and the files saved by other spreadsheet
applications are guarded only by these tests, so a run without the real tools must not be green.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from xl_dti.libreoffice import soffice


def in_ci() -> bool:
    """Whether this run is CI's (``CI=true``, as every CI service sets it)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def _chromium() -> str | None:
    return shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


def _system_uno() -> str | None:
    """The system Python with LibreOffice's UNO bridge (python3-uno), which types into workbooks."""
    python = "/usr/bin/python3"
    if soffice() is None or not Path(python).exists():
        return None
    found = subprocess.run([python, "-c", "import uno"], capture_output=True, check=False).returncode == 0
    return python if found else None


def _writer() -> str | None:
    """LibreOffice Writer (converts Word documents); the calc-only package lacks it."""
    program = soffice()
    library = Path(program).resolve().parent / "libswlo.so" if program else None
    return str(library) if library is not None and library.exists() else None


def _python_module(name: str) -> Callable[[], str | None]:
    return lambda: name if importlib.util.find_spec(name) is not None else None


@dataclass(frozen=True)
class Tool:
    """A program some tests run: how to find it, and how a person installs it."""

    name: str
    find: Callable[[], str | None]
    install: str


TOOLS: dict[str, Tool] = {tool.name: tool for tool in (
    Tool("libreoffice", soffice, "apt-get install libreoffice-calc-nogui python3-uno"),
    Tool("libreoffice-writer", _writer, "apt-get install libreoffice-writer-nogui"),
    Tool("chromium", _chromium, "apt-get install chromium fonts-liberation2"),
    Tool("playwright", _python_module("playwright"), "pip install -e '.[dev]' (Playwright drives Debian's Chromium)"),
    Tool("gnumeric", lambda: shutil.which("ssconvert"), "apt-get install gnumeric"),
    Tool("uno", _system_uno, "apt-get install libreoffice-calc-nogui python3-uno"),
    Tool("node", lambda: shutil.which("node"), "apt-get install nodejs npm"),
)}


def needs(*names: str) -> pytest.MarkDecorator:
    """Mark a test (or, as ``pytestmark``, a module) as needing these programs (keys of ``TOOLS``)."""
    unknown = [name for name in names if name not in TOOLS]
    if unknown:
        raise ValueError(f"unknown tools {unknown}; known: {sorted(TOOLS)}")
    return pytest.mark.needs_tool(*names)


def locate(name: str) -> str:
    """Where the program is; skips the test (fails it in CI) when it is missing."""
    tool = TOOLS[name]
    found = tool.find()
    if found is None:
        missing(f"{tool.name} is not installed ({tool.install})")
    assert found is not None
    return found


def missing(reason: str) -> None:
    """Skip the current test for a missing program, or fail it in CI, where every tool must be present."""
    if in_ci():
        pytest.fail(f"CI=true and {reason}: CI must install it (.ci/run), not skip the tests that need it",
                    pytrace=False)
    pytest.skip(reason)
