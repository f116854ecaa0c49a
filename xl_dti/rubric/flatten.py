"""Lay a scheme out as the rubric's rows: one row per indicator, grade band, group and aggregate.

Pure: the cell values come out as plain text and numbers, in the cell syntax of
``xl_dti.rubric.cellsyntax``; the exporter only styles and writes them. A scheme that a rubric
cannot hold exactly (a label containing ``;``…) is refused with every such problem located.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xl_dti.errors import Problem
from xl_dti.rubric.cellsyntax import (
    SyntaxIssue,
    code_issue,
    format_codes,
    format_steps,
    format_valued,
    valued_label_issue,
)
from xl_dti.rubric.columns import AGGREGATES, GRADES, GROUPS, IDENTITY_FIELDS, INDICATORS, YES_NO, SheetSpec
from xl_dti.rubric.errors import RubricError
from xl_dti.scheme.loader import scheme_to_data
from xl_dti.scheme.model import Scheme
from xl_dti.scheme.yamlsource import Path, format_path

CellValue = str | int | float | None
Row = dict[str, CellValue]


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator's cells, with its depth in the tree (0 for the top level) and whether it has children."""

    cells: Row
    depth: int
    is_parent: bool


@dataclass
class RubricRows:
    """Everything the rubric workbook shows, sheet by sheet."""

    identity: list[tuple[str, CellValue]] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    grades: list[Row] = field(default_factory=list)
    groups: list[Row] = field(default_factory=list)
    aggregates: list[Row] = field(default_factory=list)


def rubric_rows(scheme: Scheme) -> RubricRows:
    """The scheme as rubric rows.

    Args:
        scheme: a valid scheme.

    Returns:
        The identity rows and the rows of every list, in document order.

    Raises:
        RubricError: a label or code the rubric's cell syntax cannot hold, each located in the scheme.
    """
    problems = list(_unwritable(scheme))
    if problems:
        raise RubricError(problems)
    data = scheme_to_data(scheme)
    rows = RubricRows()
    rows.identity = [(f.key, _cell(getattr(scheme, f.key), f.kind)) for f in IDENTITY_FIELDS]
    rows.indicators = list(_indicator_rows(data["indicators"], None, 0))
    rows.grades = [_row(GRADES, g) for g in data.get("grades", [])]
    rows.groups = [_row(GROUPS, g) for g in data.get("groups", [])]
    rows.aggregates = [_row(AGGREGATES, a) for a in data.get("aggregates", [])]
    return rows


def _indicator_rows(nodes: list[dict[str, Any]], parent: str | None, depth: int) -> Iterator[IndicatorRow]:
    for node in nodes:
        children = node.get("children", [])
        cells = _row(INDICATORS, {k: v for k, v in node.items() if k != "children"})
        cells["parent"] = parent
        yield IndicatorRow(cells, depth, bool(children))
        yield from _indicator_rows(children, str(node["code"]), depth + 1)


def _row(sheet: SheetSpec, data: dict[str, Any]) -> Row:
    row: Row = {}
    for key, value in data.items():
        column = sheet.column(key)
        assert column is not None, f"the rubric has no column for the scheme key {key!r}"
        row[key] = _cell(value, column.kind)
    return row


def _cell(value: Any, kind: str) -> CellValue:
    """One plain scheme value as the cell shows it."""
    if value is None:
        return None
    if kind == "valued":
        return format_valued(value)
    if kind == "steps":
        return format_steps(value)
    if kind == "codes":
        return format_codes([str(v) for v in value])
    if isinstance(value, bool):
        return YES_NO[0] if value else YES_NO[1]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, int | float | str):
        return value
    return str(value)


def _unwritable(scheme: Scheme) -> Iterator[Problem]:
    """Every label and code the rubric's cells could not give back exactly."""
    for top in scheme.indicators:
        for node in top.walk():
            yield from _located(_edge_spaces(node.code), _where(scheme, (*node.path, "code"), node.line))
            for key in ("options", "parts"):
                for i, entry in enumerate(getattr(node.rule, key, None) or []):
                    issue = valued_label_issue(entry.label)
                    yield from _located(issue, _where(scheme, (*node.path, key, i, "label"), node.line))
            if node.applies_to == []:
                yield Problem("rubric.empty_applies_to", _where(scheme, (*node.path, "applies_to"), node.line))
            for i, group in enumerate(node.applies_to or []):
                yield from _located(code_issue(group), _where(scheme, (*node.path, "applies_to", i), node.line))
    for i, aggregate in enumerate(scheme.aggregates):
        yield from _located(_edge_spaces(aggregate.code), _where(scheme, ("aggregates", i, "code")))
        for j, member in enumerate(aggregate.of):
            yield from _located(code_issue(member), _where(scheme, ("aggregates", i, "of", j)))
    for i, unit_group in enumerate(scheme.groups):
        yield from _located(_edge_spaces(unit_group.code), _where(scheme, ("groups", i, "code")))


def _edge_spaces(code: str) -> SyntaxIssue | None:
    return code_issue(code) if code != code.strip() else None


def _located(issue: SyntaxIssue | None, where: str) -> Iterator[Problem]:
    if issue is not None:
        yield Problem(issue.code, where, issue.params)


def _where(scheme: Scheme, path: Path, line: int = 0) -> str:
    """``file:line path`` (``file path`` where the line is not known: lists other than indicators)."""
    file = scheme.file or scheme.id
    return f"{file}:{line} {format_path(path)}" if line else f"{file} {format_path(path)}"
