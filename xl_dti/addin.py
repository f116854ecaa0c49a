"""Read and update the classic xlwings add-in's user configuration so Excel loads ``xl_dti.udfs``.

The add-in reads ``%USERPROFILE%\\.xlwings\\xlwings.conf``: one ``"KEY","value"`` line per
setting, keys compared without regard to case. xl-dti sets two of them, ``UDF MODULES`` (a
``;``-separated list, to which ``xl_dti.udfs`` is added) and ``INTERPRETER_WIN`` (the Python that
has xl-dti installed), and leaves every other line exactly as it was, bytes included. Two things it
does not do: set ``INTERPRETER_WIN`` when ``CONDA PATH`` and ``CONDA ENV`` are set (the add-in
activates the conda environment only while the interpreter is left at its default, and packages
built for conda need that activation), and point another project's ``UDF MODULES`` at a different
Python without ``force`` (their modules would no longer import).
"""

from __future__ import annotations

import locale
import re
from dataclasses import dataclass
from pathlib import Path

from xl_dti.atomic import write_bytes_atomic
from xl_dti.errors import UsageError

UDF_MODULE = "xl_dti.udfs"
UDF_MODULES_KEY = "UDF MODULES"
INTERPRETER_KEY = "INTERPRETER_WIN"
CONDA_KEYS = ("CONDA PATH", "CONDA ENV")
_SETTING = re.compile(r'^\s*"([^"]*)"\s*,\s*"([^"]*)"')


@dataclass(frozen=True)
class AddinConfig:
    """What the add-in's configuration file says about xl-dti.

    Attributes:
        path: the configuration file.
        exists: whether the file exists.
        udf_modules: the modules the add-in imports functions from, in order.
        interpreter: the Python the add-in starts on Windows (``None``: xlwings' default, ``pythonw`` on PATH).
    """

    path: Path
    exists: bool
    udf_modules: tuple[str, ...]
    interpreter: str | None

    @property
    def installed(self) -> bool:
        """Whether ``xl_dti.udfs`` is one of the UDF modules."""
        return UDF_MODULE in self.udf_modules


@dataclass(frozen=True)
class Change:
    """One setting ``install`` wrote: ``before`` is ``None`` when the key was not set."""

    key: str
    before: str | None
    after: str


def default_config_path() -> Path:
    """Where the add-in looks for the user configuration: ``~/.xlwings/xlwings.conf``."""
    return Path.home() / ".xlwings" / "xlwings.conf"


def read_config(path: Path) -> AddinConfig:
    """Read the add-in configuration (a missing file is an empty configuration).

    Raises:
        UsageError: when the file exists but cannot be read.
    """
    lines = _read_lines(path)
    settings = _settings(lines)
    modules = tuple(m.strip() for m in settings.get(UDF_MODULES_KEY.lower(), "").split(";") if m.strip())
    return AddinConfig(path, path.exists(), modules, settings.get(INTERPRETER_KEY.lower()) or None)


def install(path: Path, interpreter: str, *, force: bool = False) -> list[Change]:
    """Register ``xl_dti.udfs`` and the interpreter in the add-in configuration, keeping everything else.

    Args:
        path: the configuration file (created if missing).
        interpreter: the full path of the Python that has xl-dti installed.
        force: point other projects' UDF modules at ``interpreter`` too (they must be installed in it).

    Returns:
        The settings that changed (empty when it was already installed this way).

    Raises:
        UsageError: when the file cannot be read or written, the path cannot be written in its encoding,
            or other projects' UDF modules run on another Python and ``force`` is not given.
    """
    lines = _read_lines(path)
    settings = _settings(lines)
    modules = _all_modules(lines)
    wanted = {UDF_MODULES_KEY: ";".join(modules if UDF_MODULE in modules else [*modules, UDF_MODULE])}
    conda = all(settings.get(key.lower(), "").strip() for key in CONDA_KEYS)
    current = settings.get(INTERPRETER_KEY.lower()) or None
    if not conda:
        others = [m for m in modules if m != UDF_MODULE]
        if others and current not in (None, interpreter) and not force:
            raise UsageError(
                f"{path}: UDF MODULES already lists {', '.join(others)}, which run on {current}. "
                f"Pointing INTERPRETER_WIN at {interpreter} would stop them importing. Install xl-dti into "
                f"that Python and run this command with it (--interpreter \"{current}\"), or give --force "
                "if those modules are installed in this Python too."
            )
        wanted[INTERPRETER_KEY] = interpreter
    changes = [
        Change(key, settings.get(key.lower()), value)
        for key, value in wanted.items()
        if settings.get(key.lower()) != value or (key == UDF_MODULES_KEY and _repeated(lines, key))
    ]
    if changes:
        _write_lines(path, _updated(lines, {c.key: c.after for c in changes}))
    return changes


def _all_modules(lines: list[str]) -> list[str]:
    """Every module of every UDF MODULES line, in order, once each (a repeated line is merged, not dropped)."""
    found: list[str] = []
    for line in lines:
        match = _SETTING.match(line)
        if match and match.group(1).lower() == UDF_MODULES_KEY.lower():
            found += [m.strip() for m in match.group(2).split(";") if m.strip() and m.strip() not in found]
    return found


def _repeated(lines: list[str], key: str) -> bool:
    return sum(1 for line in lines if (m := _SETTING.match(line)) and m.group(1).lower() == key.lower()) > 1


def _read_lines(path: Path) -> list[str]:
    """The file's lines with their endings; undecodable bytes survive a round trip."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the xlwings configuration ({exc}).") from None
    return data.decode(_encoding(), "surrogateescape").splitlines(keepends=True)


def _write_lines(path: Path, lines: list[str]) -> None:
    try:
        data = "".join(lines).encode(_encoding(), "surrogateescape")
    except UnicodeEncodeError as exc:
        raise UsageError(
            f"{path}: '{exc.object[exc.start:exc.end]}' cannot be written in this PC's encoding ({_encoding()}), "
            "so Excel could not read it. Install Python in a folder whose path has no accented letters."
        ) from None
    try:
        write_bytes_atomic(path, data)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write the xlwings configuration ({exc}).") from None


def _encoding() -> str:
    """The encoding xlwings writes this file in, and Excel's VBA reads it in: the system's ANSI code page."""
    return locale.getpreferredencoding(False)


def _settings(lines: list[str]) -> dict[str, str]:
    """Lower-cased key → value; the first line of a key wins, as in the add-in's VBA."""
    found: dict[str, str] = {}
    for line in lines:
        match = _SETTING.match(line)
        if match:
            found.setdefault(match.group(1).lower(), match.group(2))
    return found


def _updated(lines: list[str], values: dict[str, str]) -> list[str]:
    """Replace each key's first line in place, drop its later duplicates, append keys not yet there."""
    newline = "\n" if lines and all(not line.endswith("\r\n") for line in lines if line.endswith("\n")) else "\r\n"
    result: list[str] = []
    written: set[str] = set()
    by_key = {key.lower(): key for key in values}
    for line in lines:
        match = _SETTING.match(line)
        key = match.group(1).lower() if match else None
        if key not in by_key:
            result.append(line)
        elif key not in written:
            ending = line[len(line.rstrip("\r\n")):] or newline
            result.append(f'"{by_key[key]}","{values[by_key[key]]}"{ending}')
            written.add(key)
    if result and not result[-1].endswith(("\n", "\r")):
        result[-1] += newline
    result.extend(f'"{key}","{value}"{newline}' for key, value in values.items() if key.lower() not in written)
    return result
