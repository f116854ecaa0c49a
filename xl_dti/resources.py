"""Where the files shipped with xl-dti (built-in schemes, templates, samples) are found."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    """A data folder: inside the installed wheel (``xl_dti/_data/NAME``) or at the source tree's top."""
    installed = _PACKAGE / "_data" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def builtin_schemes_dir() -> Path:
    """The folder of built-in scheme YAML files."""
    return _shipped("schemes")


def templates_dir() -> Path:
    """The folder of jinja2 templates."""
    return _shipped("templates")


def samples_dir() -> Path:
    """The folder of sample units, answers and last year's rankings."""
    return _shipped("samples")
