"""Find the scheme a spreadsheet function's ``scheme`` argument names, within what its runtime may read.

On a desktop (the classic add-in, or Python itself) the argument is a built-in id or the path of a
scheme file. On a server (xlwings Server) the person typing the formula is not the one who owns the
machine, so the argument is a built-in id or the name of a scheme in the folder the server's
administrator configured (``XL_DTI_SCHEMES``), nothing else: no path, and the same answer whether
a refused file exists or not. Either way only a regular file of at most ``MAX_SCHEME_BYTES`` is read.
"""

from __future__ import annotations

import os
import re
import stat
from functools import lru_cache
from pathlib import Path

from xl_dti.errors import XlDtiError
from xl_dti.scheme import Scheme, builtin_ids, load_scheme
from xl_dti.udf_arguments import CellError, CellValue, blank, fail, single

SCHEMES_FOLDER_ENV = "XL_DTI_SCHEMES"
"""The environment variable that names a server's folder of schemes."""
MAX_SCHEME_BYTES = 2_000_000
"""The largest scheme file the functions read (the built-in schemes are about 30 kB)."""
_BARE_NAME = re.compile(r"^[\w][\w .-]*$")


def scheme_for(value: CellValue, *, server: bool) -> Scheme:
    """The scheme named by a one-cell argument, loaded once per file version.

    Args:
        value: the argument as Excel passes it.
        server: whether the function runs on a server (only built-in ids and the configured folder).

    Raises:
        CellError: when the argument is empty, not allowed, not a readable scheme, or a scheme with problems.
    """
    name = single("scheme", value)
    if blank(name) or name == 0:  # 0: an empty cell as some Excel builds send it
        raise fail("function.no_scheme")
    text = str(name).strip()
    if text in builtin_ids():
        return _load(text, None)
    path = _server_file(text) if server else Path(text)
    if not server and not path.exists():
        return _load(text, None)  # the loader's own message: neither a built-in id nor a file
    return _load(str(path), _stamp(text, path))


def _server_file(name: str) -> Path:
    """The file a name stands for in the configured folder; anything else is refused alike."""
    folder = os.environ.get(SCHEMES_FOLDER_ENV, "").strip()
    refused = fail("function.scheme_not_allowed", name=name,
                   folder="" if folder else f" ({SCHEMES_FOLDER_ENV} is not set on the server)")
    if not folder or not _BARE_NAME.match(name) or ".." in name:
        raise refused
    base = Path(folder).resolve()
    path = base / (name if name.lower().endswith((".yaml", ".yml")) else f"{name}.yaml")
    try:
        inside = path.resolve().parent == base and stat.S_ISREG(path.stat().st_mode)
    except OSError:
        inside = False
    if not inside:
        raise refused
    return path


def _stamp(name: str, path: Path) -> tuple[int, int]:
    """The file's modification time and size (a changed file is read again); refuses all but small regular files."""
    try:
        found = path.stat()
    except OSError as exc:
        raise fail("function.scheme_not_file", name=name, detail=exc.strerror or str(exc),
                   limit=MAX_SCHEME_BYTES) from None
    if not stat.S_ISREG(found.st_mode):
        raise fail("function.scheme_not_file", name=name, detail="not a regular file", limit=MAX_SCHEME_BYTES)
    if found.st_size > MAX_SCHEME_BYTES:
        raise fail("function.scheme_not_file", name=name, detail=f"{found.st_size} bytes", limit=MAX_SCHEME_BYTES)
    return (found.st_mtime_ns, found.st_size)


@lru_cache(maxsize=32)
def _load(name: str, stamp: tuple[int, int] | None) -> Scheme:
    """``stamp`` is the file's modification time and size, so an edited scheme file is read again."""
    try:
        return load_scheme(name)
    except XlDtiError as exc:
        raise one_line(exc, name) from None


def one_line(exc: XlDtiError, file: str = "") -> CellError:
    """The first problem, and how many more there are: a cell has room for one line."""
    first = exc.problems[0]
    if len(exc.problems) == 1:
        return CellError(first)
    return fail("function.scheme_problems", first=str(first), more=len(exc.problems) - 1, file=file)
