"""Write output files atomically: a temporary file beside the target, then an atomic replace."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO


def write_bytes_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` so that readers see either the old file or the whole new one."""
    with _replacing(target, "wb") as handle:
        handle.write(data)


@contextmanager
def open_atomic(target: Path) -> Iterator[TextIO]:
    """A UTF-8 text file to write progressively; it replaces ``target`` only when the block ends well."""
    with _replacing(target, "w", encoding="utf-8", newline="") as handle:
        yield handle


@contextmanager
def _replacing(target: Path, mode: str, **options: Any) -> Iterator[Any]:
    """A temporary file beside ``target``, moved over it once written and synced (removed on failure)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.chmod(temp, 0o666 & ~_umask())
        with os.fdopen(fd, mode, **options) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_text_atomic(target: Path, text: str) -> None:
    """Write UTF-8 text atomically (see ``write_bytes_atomic``)."""
    write_bytes_atomic(target, text.encode("utf-8"))


def _umask() -> int:
    # mkstemp creates 0600 files; outputs get the permissions any new file of the user gets
    current = os.umask(0)
    os.umask(current)
    return current
