"""Nothing the secretariat holds is replaced without ``--force``: the one check every command that writes makes.

The policy (README › "Files xl-dti writes"): before writing anything, a command checks its
targets. A target that does not exist is created; an existing file stops the command with a usage
error (exit 2) that names it and says ``--force`` replaces it. ``generate`` and ``appraise`` leave
alone a file that would get exactly the bytes it already has, and ``appraise`` keeps each other
appraisal workbook that exists (the council may have filled it), says so, and writes the others.
An ``--out`` that should be a folder but is a file, or the reverse, is a usage error too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from xl_dti.errors import Problem, UsageError

SHOWN = 5  # file names listed in a message; the rest are counted


def output_folder(path: Path) -> None:
    """An ``--out`` folder: it may exist (as a folder) or not yet.

    Raises:
        UsageError: ``path`` is an existing file.
    """
    if path.exists() and not path.is_dir():
        raise UsageError([Problem("output.not_a_folder", str(path))])


def output_file(path: Path, force: bool) -> None:
    """An ``--out`` file: refused when it is a folder, or exists and ``force`` is not given.

    Raises:
        UsageError: ``path`` is a folder, or an existing file without ``force``.
    """
    if path.is_dir():
        raise UsageError([Problem("output.is_folder", str(path))])
    if path.exists() and not force:
        raise UsageError([Problem("output.exists", str(path))])


def existing_outputs(folder: Path, names: Iterable[str], force: bool) -> None:
    """The outputs a command writes into ``folder`` as one set: refused when any exists, unless ``force``.

    Raises:
        UsageError: ``folder`` is a file, or holds one of ``names`` and ``force`` is not given.
    """
    output_folder(folder)
    found = [name for name in names if (folder / name).exists()]
    if found and not force:
        raise UsageError([Problem("output.set_exists", str(folder), {"names": shown(found)})])


def same_bytes(path: Path, data: bytes) -> bool:
    """Whether ``path`` already holds exactly ``data`` (writing it again would change nothing)."""
    try:
        if path.stat().st_size != len(data):
            return False
        return hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(data).digest()
    except OSError:
        return False


def shown(names: list[str]) -> str:
    """A few file names for a message: ``a.xlsx, b.xlsx … và 12 tệp khác``."""
    more = f" … và {len(names) - SHOWN} tệp khác" if len(names) > SHOWN else ""
    return ", ".join(names[:SHOWN]) + more
