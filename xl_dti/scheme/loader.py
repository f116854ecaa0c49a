"""Load a scheme from a built-in id, a YAML file or plain data, collecting every problem at once."""

from __future__ import annotations

import copy
import difflib
import unicodedata
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
from xl_dti.scheme.shape import DROP, stand_ins, validation_problems
from xl_dti.scheme.yamlsource import Path as YamlPath
from xl_dti.scheme.yamlsource import YamlSource, dump_yaml, format_path, line_in, parse_mapping

SCHEME_SUFFIXES = (".yaml", ".yml")
_REPAIR_ROUNDS = 4


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
        ids = builtin_ids()
        closest = closest_id(text, ids)
        params = {"name": text, "known": ", ".join(ids), "closest": closest,
                  "suggestion": f" Có phải là '{closest}'?" if closest else ""}
        raise UnknownSchemeError([Problem("scheme.unknown_id", params=params)])
    scheme, problems = read_scheme(path)
    if scheme is None:
        raise SchemeError(problems)
    return scheme


def closest_id(typed: str, ids: list[str]) -> str:
    """The built-in id closest to what was typed (ignoring case and diacritics), or ``""``."""
    bare = {_bare(i): i for i in ids}
    found = difflib.get_close_matches(_bare(typed), list(bare), n=1, cutoff=0.6)
    return bare[found[0]] if found else ""


def _bare(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


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
        problems = text + validation_problems(exc, source) + _look_past_errors(source, exc)
        return None, sorted(problems, key=lambda p: line_in(p.where))
    _bind(scheme, source)
    problems = sorted(text + check_scheme(scheme, source.where), key=lambda p: line_in(p.where))
    return (None if problems else scheme), problems


def _look_past_errors(source: YamlSource, exc: ValidationError) -> list[Problem]:
    """Stand in for what pydantic rejected and check again, so one mistake does not hide the file's others.

    Unknown keys are dropped; a wrong value gets a neutral stand-in, and the consistency problems that
    stand-in could cause (at its indicator or above it) are left out.
    """
    data = copy.deepcopy(source.data)
    replaced: list[YamlPath] = []
    for _ in range(_REPAIR_ROUNDS):  # a dropped rule may reveal its parameters as unknown keys
        fixes = stand_ins(exc)
        if not fixes:
            return []
        for path, value in fixes:
            _put(data, path, value)
            if value is not DROP or path[-1] == "rule":
                replaced.append(path)
        try:
            scheme = Scheme.model_validate(data)
        except ValidationError as again:
            exc = again
            continue
        _bind(scheme, source)
        located = _Locator(source)
        return [p for p in check_scheme(scheme, located) if not _caused_by(located.paths[p.where], replaced)]
    return []


class _Locator:
    """``source.where``, remembering which path each location came from."""

    def __init__(self, source: YamlSource) -> None:
        self.source = source
        self.paths: dict[str, YamlPath] = {}

    def __call__(self, path: YamlPath) -> str:
        where = self.source.where(path)
        self.paths[where] = path
        return where


def _caused_by(where: YamlPath, replaced: list[YamlPath]) -> bool:
    """Whether a problem at ``where`` may come from a stand-in: it is one, or sits on a block above one
    (a parent's sum, the scheme's total)."""
    block = where[:-1]
    return any(where == r or (len(block) < len(r) - 1 and r[:len(block)] == block) for r in replaced)


def _put(data: Any, path: YamlPath, value: object) -> None:
    for part in path[:-1]:
        data = data[part]
    if isinstance(data, dict):
        if value is DROP:
            data.pop(path[-1], None)
        else:
            data[path[-1]] = value


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
