#!/usr/bin/env python3
"""Set up and run xl-dti from a fresh checkout, with only python3 (3.11+) installed.

    python3 dev.py demo    # the end-to-end demo on the built-in samples
    python3 dev.py test    # the whole test suite: ruff, mypy, pytest

Each command creates (or refreshes) the virtual environment .venv with xl-dti and its
development dependencies, then runs. Extra arguments go to the demo or to pytest.

``test`` without extra arguments then runs the reader and consolidation tests once more with
Debian's /usr/bin/python3 (3.11.2 on Debian 12, in .venv-system) when that interpreter exists and
is another version than .venv's: the project claims every Python from 3.11, and CPython before
3.11.5 has regular-expression bugs (possessive quantifiers, atomic groups) that once made every
returned file unreadable there.
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
SYSTEM_PYTHON = Path("/usr/bin/python3")
SYSTEM_VENV = ROOT / ".venv-system"
# what runs on the system interpreter too: every test of reading and consolidating returned files
SYSTEM_TESTS = (
    "tests/test_worksheet.py", "tests/test_xlsx_cells.py", "tests/test_package.py", "tests/test_reader_threats.py",
    "tests/test_consolidate_threats.py", "tests/test_consolidate_batch.py", "tests/test_consolidate_folder.py",
    "tests/test_resubmissions.py", "tests/test_output_set.py",
)


def _bin(name: str, venv: Path = VENV) -> str:
    folder = "Scripts" if os.name == "nt" else "bin"
    return str(venv / folder / name)


def _run(*args: str) -> int:
    print("$", " ".join(args), flush=True)
    return subprocess.call(args, cwd=ROOT)


def ensure_venv(target: Path = VENV, python: str | None = None) -> None:
    """Create a virtual environment (.venv, with this interpreter unless ``python`` is given) and
    install xl-dti[dev] into it, again whenever pyproject.toml changes."""
    stamp = target / STAMP.name
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    if not (target / "pyvenv.cfg").exists():
        print(f"Creating the virtual environment {target} …", flush=True)
        if python is None:
            venv.EnvBuilder(with_pip=True).create(target)
        elif _run(python, "-m", "venv", str(target)) != 0:
            sys.exit(f"Creating {target} with {python} failed (on Debian: apt-get install python3-venv).")
    steps = [
        (_bin("python", target), "-m", "pip", "install", "--quiet", "--upgrade", "pip"),
        (_bin("python", target), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"),
    ]
    for step in steps:
        if _run(*step) != 0:
            sys.exit("Installing xl-dti's dependencies failed; see pip's message above.")
    stamp.write_text(wanted)


def _version(python: str) -> str:
    found = subprocess.run([python, "-c", "import sys; print(sys.version)"], capture_output=True, text=True)
    return found.stdout.strip()


def system_python_tests() -> int:
    """The reader and consolidation tests on /usr/bin/python3, when it is another Python than .venv's."""
    if os.name == "nt" or not SYSTEM_PYTHON.exists() or _version(str(SYSTEM_PYTHON)) == _version(_bin("python")):
        return 0
    ensure_venv(SYSTEM_VENV, str(SYSTEM_PYTHON))
    return _run(_bin("python", SYSTEM_VENV), "-m", "pytest", "-q", *SYSTEM_TESTS)


def demo(extra: list[str]) -> int:
    """The README's first command: the end-to-end demo."""
    return _run(_bin("xl-dti"), "demo", *extra)


def test(extra: list[str]) -> int:
    """The README's second command: lint, type-check, then every test."""
    for check in ((_bin("ruff"), "check", "xl_dti", "tests", "benchmarks", "dev.py"), (_bin("mypy"),)):
        code = _run(*check)
        if code != 0:
            return code
    code = _run(_bin("python"), "-m", "pytest", *extra)
    return code or (system_python_tests() if not extra else 0)


def main() -> int:
    commands = {"demo": demo, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    ensure_venv()
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
