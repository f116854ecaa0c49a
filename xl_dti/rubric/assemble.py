"""Put the rubric's rows together as plain scheme data, remembering which row each part came from.

Indicators form a tree through their ``parent`` column (each parent on a row above its
children); without a ``parent`` column, the tree follows dotted codes (``1.2`` under ``1``), as
a secretariat's own table numbers its rows.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from xl_dti.rubric.cells import Cell, Issue
from xl_dti.rubric.columns import IDENTITY_FIELDS, identity_field
from xl_dti.rubric.reader import Book, Table, TableRow
from xl_dti.rubric.values import cell_data
from xl_dti.scheme.rules import normalize_label
from xl_dti.scheme.yamlsource import Path

LISTS = ("grades", "groups", "aggregates")


@dataclass
class RowIndex:
    """Where each part of the scheme data came from: identity keys → value cells, list paths → rows."""

    tables: dict[str, Table]
    identity: dict[str, Cell] = field(default_factory=dict)
    rows: dict[Path, int] = field(default_factory=dict)


@dataclass
class Assembly:
    """The scheme as plain data (YAML-shaped), where its parts came from, and what could not be read."""

    data: dict[str, Any]
    index: RowIndex
    issues: list[Issue]


@dataclass
class _Node:
    row: TableRow
    data: dict[str, Any]
    children: list[_Node] = field(default_factory=list)


def assemble(book: Book) -> Assembly:
    """The scheme data a rubric's tables hold.

    Args:
        book: the tables read from the workbook.

    Returns:
        The data for ``scheme_from_data``, the row index that locates its paths, and the issues
        found in cells (list syntax, Có/Không, codes and parents).
    """
    index = RowIndex(book.tables)
    issues: list[Issue] = []
    data: dict[str, Any] = {}
    if "" in book.tables:
        data.update(_identity(book.tables[""], index, issues))
    if "indicators" in book.tables:
        data["indicators"] = _indicators(book.tables["indicators"], index, issues)
    for name in LISTS:
        if name in book.tables and book.tables[name].rows:
            table = book.tables[name]
            data[name] = [_record(table, row, issues) for row in table.rows]
            index.rows.update({(name, i): row.number for i, row in enumerate(table.rows)})
    return Assembly(data, index, issues)


def _identity(table: Table, index: RowIndex, issues: list[Issue]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    first: dict[str, int] = {}
    allowed = ", ".join(f.key for f in IDENTITY_FIELDS)
    for row in table.rows:
        key = str(row.values.get("key", "")).strip()
        field_ = identity_field(key) or identity_field(normalize_label(key))
        where = table.cell(row.number, "key")
        if not key:
            issues.append(Issue(where, "key.missing", {"key": "key"}))
        elif field_ is None:
            close = difflib.get_close_matches(key, [f.key for f in IDENTITY_FIELDS], n=1)
            suggestion = f" (did you mean '{close[0]}'?)" if close else ""
            issues.append(Issue(where, "rubric.unknown_key",
                                {"key": key, "suggestion": suggestion, "allowed": allowed}))
        elif field_.key in first:
            issues.append(Issue(where, "rubric.duplicate_key", {"key": key, "first": first[field_.key]}))
        else:
            first[field_.key] = row.number
            index.identity[field_.key] = table.cell(row.number, "value")
            if "value" in row.values:
                value, found = cell_data(row.values["value"], field_)
                issues += [Issue(index.identity[field_.key], i.code, i.params) for i in found]
                if not found:
                    data[field_.key] = value
    return data


def _record(table: Table, row: TableRow, issues: list[Issue]) -> dict[str, Any]:
    """One row's cells as scheme data by column key (cells that cannot be read are left out)."""
    record: dict[str, Any] = {}
    for key, value in row.values.items():
        column = table.spec.column(key)
        assert column is not None
        data, found = cell_data(value, column)
        issues += [Issue(table.cell(row.number, key), i.code, i.params) for i in found]
        if not found:
            record[key] = data
    return record


def _indicators(table: Table, index: RowIndex, issues: list[Issue]) -> list[dict[str, Any]]:
    nodes = [_Node(row, _record(table, row, issues)) for row in table.rows]
    rows_of: dict[str, list[int]] = {}
    for node in nodes:
        code = node.data.get("code")
        if code is not None:
            rows_of.setdefault(str(code), []).append(node.row.number)
    for code, numbers in rows_of.items():
        for number in numbers[1:]:
            issues.append(Issue(table.cell(number, "code"), "rubric.duplicate_code",
                                {"code": code, "first": numbers[0]}))
    top = _tree(table, nodes, rows_of, issues)
    return [_plain(node, ("indicators", i), index) for i, node in enumerate(top)]


def _tree(table: Table, nodes: list[_Node], rows_of: dict[str, list[int]], issues: list[Issue]) -> list[_Node]:
    """The top-level nodes, each holding its children in row order."""
    top: list[_Node] = []
    seen: dict[str, _Node] = {}
    explicit = "parent" in table.columns
    for node in nodes:
        parent_code = node.data.pop("parent", None)
        code = node.data.get("code")
        if not explicit and code is not None:
            parent_code = _dotted_parent(str(code), seen)
        parent = seen.get(parent_code) if parent_code else None
        if parent_code and parent is None:
            issues.append(_parent_issue(table, node, parent_code, rows_of))
        (parent.children if parent is not None else top).append(node)
        if code is not None:
            seen.setdefault(str(code), node)
    return top


def _parent_issue(table: Table, node: _Node, parent: str, rows_of: dict[str, list[int]]) -> Issue:
    where = table.cell(node.row.number, "parent")
    if parent == node.data.get("code"):
        return Issue(where, "rubric.parent_self", {"parent": parent})
    if parent in rows_of:
        return Issue(where, "rubric.parent_below", {"parent": parent, "row": rows_of[parent][0]})
    return Issue(where, "rubric.unknown_parent", {"parent": parent})


def _dotted_parent(code: str, seen: dict[str, _Node]) -> str | None:
    """``1.2.a`` → ``1.2`` (or ``1``): the longest dotted prefix that is the code of a row above."""
    parts = code.rstrip(".").split(".")
    for end in range(len(parts) - 1, 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in seen:
            return candidate
    return None


def _plain(node: _Node, path: Path, index: RowIndex) -> dict[str, Any]:
    index.rows[path] = node.row.number
    data = dict(node.data)
    if node.children:
        data["children"] = [_plain(child, (*path, "children", j), index) for j, child in enumerate(node.children)]
    return data
