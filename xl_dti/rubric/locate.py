"""Translate the scheme's own problems, located by YAML path, to the rubric cells the data came from.

``scheme_from_data`` locates each problem as ``file:line path`` (e.g. ``rubric.xlsx:1
indicators[2].children[0].max``); the path names a row of a sheet and a column key, which the
row index turns into a cell (``'Chỉ số'!D17``).
"""

from __future__ import annotations

import re

from xl_dti.errors import Problem
from xl_dti.rubric.assemble import RowIndex
from xl_dti.rubric.cells import Cell, Issue
from xl_dti.scheme.yamlsource import Path

_LINE_AND_PATH = re.compile(r"^\d+(?: chỉ số \S+ \((?P<coded>.*)\)| (?P<path>.*))?$")  # see YamlSource.where
_PATH_PART = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")
LISTS = ("indicators", "grades", "groups", "aggregates")


def to_issue(problem: Problem, file: str, index: RowIndex) -> Issue:
    """The problem at the cell its YAML path came from (the whole workbook when it has no path)."""
    path = yaml_path(problem.where, file)
    return Issue(cell_of(path, index) if path is not None else None, problem.code, problem.params)


def yaml_path(where: str, file: str) -> Path | None:
    """``rubric.xlsx:1 indicators[2].max`` → ``('indicators', 2, 'max')`` (``None`` if not of that form)."""
    if not where.startswith(file + ":"):
        return None
    match = _LINE_AND_PATH.match(where[len(file) + 1:])
    if match is None:
        return None
    text = match.group("coded") or match.group("path") or ""
    return tuple(int(m.group(1)) if m.group(1) else m.group(2) for m in _PATH_PART.finditer(text))


def cell_of(path: Path, index: RowIndex) -> Cell | None:
    """The cell a YAML path of the assembled data came from."""
    if not path:
        return None
    head = path[0]
    if head in LISTS:
        table = index.tables.get(str(head))
        if table is None:
            return None
        for end in range(len(path), 1, -1):
            row = index.rows.get(path[:end])
            if row is not None:
                key = next((p for p in path[end:] if isinstance(p, str)), None)
                return table.cell(row, key if key in table.columns else None)
        return table.header()
    identity = index.tables.get("")
    found = index.identity.get(str(head))
    if found is not None:
        return found
    return identity.header() if identity is not None else None
