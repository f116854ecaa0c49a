"""Read and update the classic xlwings add-in's user configuration so Excel loads ``xl_dti.udfs``.

The add-in reads ``%USERPROFILE%\\.xlwings\\xlwings.conf``: one ``"KEY","value"`` line per
setting, keys compared without regard to case. xl-dti sets two of them, ``UDF MODULES`` (a
``;``-separated list, to which ``xl_dti.udfs`` is added) and ``INTERPRETER_WIN`` (the Python that
has xl-dti installed), and leaves every other line exactly as it was, bytes included.
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


def install(path: Path, interpreter: str) -> list[Change]:
    """Register ``xl_dti.udfs`` and the interpreter in the add-in configuration, keeping everything else.

    Args:
        path: the configuration file (created if missing).
        interpreter: the full path of the Python that has xl-dti installed.

    Returns:
        The settings that changed (empty when it was already installed this way).

    Raises:
        UsageError: when the file cannot be read or written, or the path cannot be written in its encoding.
    """
    lines = _read_lines(path)
    settings = _settings(lines)
    modules = [m.strip() for m in settings.get(UDF_MODULES_KEY.lower(), "").split(";") if m.strip()]
    wanted = {
        UDF_MODULES_KEY: ";".join(modules if UDF_MODULE in modules else [*modules, UDF_MODULE]),
        INTERPRETER_KEY: interpreter,
    }
    changes = [
        Change(key, settings.get(key.lower()), value)
        for key, value in wanted.items()
        if settings.get(key.lower()) != value
    ]
    if changes:
        _write_lines(path, _updated(lines, {c.key: c.after for c in changes}))
    return changes


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
