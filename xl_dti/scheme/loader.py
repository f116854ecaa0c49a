"""Load a scheme from a built-in id, a YAML file or plain data, collecting every problem at once."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from xl_dti.errors import Problem, SchemeError, UnknownSchemeError
from xl_dti.resources import builtin_schemes_dir
from xl_dti.scheme.checks import check_scheme, check_text
from xl_dti.scheme.model import Indicator, Scheme
from xl_dti.scheme.shape import unknown_key_paths, validation_problems
from xl_dti.scheme.yamlsource import YamlSource, dump_yaml, format_path, line_in, parse_mapping

SCHEME_SUFFIXES = (".yaml", ".yml")


def builtin_ids() -> list[str]:
    """The ids of the schemes shipped with xl-dti, sorted."""
    return sorted(p.stem for p in builtin_schemes_dir().glob("*.yaml"))


def load_scheme(id_or_path: str | Path) -> Scheme:
    """Load a built-in scheme by id, or a scheme file by path.

    Args:
        id_or_path: ``haugiang-2022-so`` or ``path/to/scheme.yaml``.

    Returns:
        The validated scheme.

    Raises:
        SchemeError: with every problem found, each located as ``file:line path``.
    """
    text = str(id_or_path)
    if isinstance(id_or_path, str) and text in builtin_ids():
        return _load_builtin(text)
    path = Path(id_or_path)
    if not path.exists() and not text.endswith(SCHEME_SUFFIXES):
        known = ", ".join(builtin_ids())
        raise UnknownSchemeError([Problem("scheme.unknown_id", params={"name": text, "known": known})])
    scheme, problems = read_scheme(path)
    if scheme is None:
        raise SchemeError(problems)
    return scheme


@cache
def _load_builtin(scheme_id: str) -> Scheme:
    scheme, problems = read_scheme(builtin_schemes_dir() / f"{scheme_id}.yaml")
    if scheme is None:
        raise SchemeError(problems)
    return scheme


def read_scheme(path: Path) -> tuple[Scheme | None, list[Problem]]:
    """Read and check one scheme file; the scheme is ``None`` when any problem is an error."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem("file.not_found", str(path))]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem("file.unreadable", str(path), {"detail": exc})]
    return parse_scheme(text, str(path))


def parse_scheme(text: str, file: str = "<scheme>") -> tuple[Scheme | None, list[Problem]]:
    """Parse and check scheme YAML text; see ``read_scheme``."""
    source, problems = parse_mapping(text, file, "yaml.not_mapping")
    return (None, problems) if source is None else _validate(source)


def scheme_from_data(data: dict[str, Any], file: str = "<scheme>") -> Scheme:
    """Build and check a scheme from plain Python data (numbers may be int, float, Decimal or text).

    Raises:
        SchemeError: with every problem found.
    """
    scheme, problems = _validate(YamlSource(file, data))
    if scheme is None:
        raise SchemeError(problems)
    return scheme


def _validate(source: YamlSource) -> tuple[Scheme | None, list[Problem]]:
    text = check_text(source.data, source.where)  # what no workbook could hold, whatever its key
    try:
        scheme = Scheme.model_validate(source.data)
    except ValidationError as exc:
        problems = text + validation_problems(exc, source) + _look_past_unknown_keys(source, exc)
        return None, sorted(problems, key=lambda p: line_in(p.where))
    _bind(scheme, source)
    problems = sorted(text + check_scheme(scheme, source.where), key=lambda p: line_in(p.where))
    return (None if problems else scheme), problems


def _look_past_unknown_keys(source: YamlSource, exc: ValidationError) -> list[Problem]:
    """Drop the unknown keys and check again, so a typo does not hide the file's other mistakes."""
    paths = unknown_key_paths(exc)
    if not paths:
        return []
    data = copy.deepcopy(source.data)
    for path in paths:
        _delete(data, path)
    try:
        scheme = Scheme.model_validate(data)
    except ValidationError:
        return []
    _bind(scheme, source)
    return check_scheme(scheme, source.where)


def _delete(data: Any, path: tuple[str | int, ...]) -> None:
    for part in path[:-1]:
        data = data[part]
    if isinstance(data, dict):
        data.pop(path[-1], None)


def _bind(scheme: Scheme, source: YamlSource) -> None:
    """Give the scheme and every indicator their provenance (file, YAML path, line)."""
    scheme._file = source.file
    for i, top in enumerate(scheme.indicators):
        _bind_node(top, ("indicators", i), source)


def _bind_node(node: Indicator, path: tuple[str | int, ...], source: YamlSource) -> None:
    node._path = path
    node._line = source.line_of(path)
    for j, child in enumerate(node.children):
        _bind_node(child, (*path, "children", j), source)


def scheme_to_data(scheme: Scheme) -> dict[str, Any]:
    """The scheme as plain data in the YAML language's own shape (rule keys flat on each leaf)."""
    data = scheme.model_dump(mode="python", exclude_defaults=True)
    data["indicators"] = [_flat_indicator(n) for n in scheme.indicators]
    plain: dict[str, Any] = _plain(data)
    return plain


def _flat_indicator(node: Indicator) -> dict[str, Any]:
    data = node.model_dump(mode="python", exclude_defaults=True, exclude={"rule", "children"})
    if node.rule is not None:
        data.update({"rule": node.rule.rule, **node.rule.model_dump(mode="python", exclude_defaults=True)})
    if node.children:
        data["children"] = [_flat_indicator(c) for c in node.children]
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, Iterable) and not isinstance(value, str):
        return [_plain(v) for v in value]
    return value


def dump_scheme(scheme: Scheme) -> str:
    """The scheme as YAML text that loads back to an equal scheme."""
    return dump_yaml(scheme_to_data(scheme))


__all__ = [
    "builtin_ids",
    "dump_scheme",
    "format_path",
    "load_scheme",
    "parse_scheme",
    "read_scheme",
    "scheme_from_data",
    "scheme_to_data",
]
