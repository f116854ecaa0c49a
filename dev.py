#!/usr/bin/env python3
"""Set up and run xl-dti from a fresh checkout, with only python3 (3.11+) installed.

    python3 dev.py demo    # the end-to-end demo on the built-in samples
    python3 dev.py test    # the whole test suite: ruff, mypy, pytest

Each command creates (or refreshes) the virtual environment .venv with xl-dti and its
development dependencies, then runs. Extra arguments go to the demo or to pytest.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".xl-dti-installed"


def _bin(name: str) -> str:
    folder = "Scripts" if os.name == "nt" else "bin"
    return str(VENV / folder / name)


def _run(*args: str) -> int:
    print("$", " ".join(args), flush=True)
    return subprocess.call(args, cwd=ROOT)


def ensure_venv() -> None:
    """Create .venv and install xl-dti[dev] into it, again whenever pyproject.toml changes."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (VENV / "pyvenv.cfg").exists():
        print(f"Creating the virtual environment {VENV} …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    steps = [
        (_bin("python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip"),
        (_bin("python"), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"),
    ]
    for step in steps:
        if _run(*step) != 0:
            sys.exit("Installing xl-dti's dependencies failed; see pip's message above.")
    STAMP.write_text(wanted)


def demo(extra: list[str]) -> int:
    """The README's first command: the end-to-end demo."""
    return _run(_bin("xl-dti"), "demo", *extra)


def test(extra: list[str]) -> int:
    """The README's second command: lint, type-check, then every test."""
    for check in ((_bin("ruff"), "check", "xl_dti", "tests", "benchmarks", "dev.py"), (_bin("mypy"),)):
        code = _run(*check)
        if code != 0:
            return code
    return _run(_bin("python"), "-m", "pytest", *extra)


def main() -> int:
    commands = {"demo": demo, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    ensure_venv()
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
