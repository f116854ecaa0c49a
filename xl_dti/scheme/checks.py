"""The scheme's own consistency rules, beyond types: every problem found, each located."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from xl_dti.decimals import ONE, ZERO, plain
from xl_dti.errors import Problem
from xl_dti.excel import MAX_ARGUMENTS, MAX_LENGTH, MAX_NESTING, formula_limits, text_problem
from xl_dti.scheme.model import Indicator, Scheme
from xl_dti.scheme.yamlsource import Path

Locate = Callable[[Path], str]
Found = Iterator[Problem]


def check_scheme(scheme: Scheme, locate: Locate) -> list[Problem]:
    """Every consistency problem of a type-valid scheme.

    Args:
        scheme: the validated model (its indicators carry their YAML paths).
        locate: turns a YAML path into ``file:line path``.

    Returns:
        The problems, in document order of the checks below (empty when the scheme is sound).
    """
    checks: list[Callable[[Scheme, Locate], Found]] = [
        _check_codes,
        _check_tree,
        _check_total,
        _check_grades,
        _check_groups,
        _check_aggregates,
    ]
    problems = [problem for check in checks for problem in check(scheme, locate)]
    return problems or list(_check_formula_limits(scheme, locate))  # a sound scheme can be laid out


def check_text(data: Any, locate: Locate, path: Path = ()) -> list[Problem]:
    """Every text of the raw scheme that no cell can hold: a character XML forbids, or past 32,767 units."""
    if isinstance(data, str):
        found = text_problem(data)
        return [Problem(found[0], locate(path), found[1])] if found else []
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in check_text(value, locate, (*path, str(key)))]
    if isinstance(data, list):
        return [p for i, value in enumerate(data) for p in check_text(value, locate, (*path, i))]
    return []


def _check_codes(scheme: Scheme, locate: Locate) -> Found:
    first: dict[str, Indicator] = {}
    for top in scheme.indicators:
        for node in top.walk():
            if node.code in first:
                yield Problem("code.duplicate", locate((*node.path, "code")),
                              {"code": node.code, "first": first[node.code].line})
            else:
                first[node.code] = node


def _check_tree(scheme: Scheme, locate: Locate) -> Found:
    known_groups = set(scheme.group_codes)
    for top in scheme.indicators:
        if top.kind == "group" and not top.children:
            yield Problem("kind.group_leaf", locate((*top.path, "kind")), {"code": top.code})
        yield from _check_node(top, None, known_groups, bool(scheme.groups), locate)


def _check_node(node: Indicator, parent: Indicator | None, groups: set[str], has_groups: bool, locate: Locate) -> Found:
    if parent is not None:
        if node.kind == "group":
            yield Problem("kind.group_nested", locate((*node.path, "kind")), {"code": node.code})
        if node.effect != "base" and parent.effect == "base":
            yield Problem("effect.nested", locate((*node.path, "effect")),
                          {"code": node.code, "effect": node.effect, "parent": parent.code})
        elif node.effect != "base" and node.effect != parent.effect:
            yield Problem("effect.child_mismatch", locate((*node.path, "effect")),
                          {"code": node.code, "effect": node.effect, "parent_effect": parent.effect})
    for group in node.applies_to or []:
        if not has_groups:
            yield Problem("applies_to.no_groups", locate((*node.path, "applies_to")), {})
            break
        if group not in groups:
            yield Problem("applies_to.unknown_group", locate((*node.path, "applies_to")),
                          {"group": group, "known": ", ".join(sorted(groups))})
    if node.children:
        if node.rule is not None:
            yield Problem("rule.on_parent", locate((*node.path, "rule")), {"code": node.code, "key": "rule"})
        total = sum((c.max for c in node.children if c.effect in ("base", node.effect)), ZERO)
        if total != node.max:
            yield Problem("max.sum_mismatch", locate((*node.path, "max")),
                          {"total": plain(total), "max": plain(node.max)})
        for child in node.children:
            yield from _check_node(child, node, groups, has_groups, locate)
    else:
        for sub_path, code, params in node.scoring_rule.problems(node.max):
            yield Problem(code, locate((*node.path, *sub_path)), params)


def _check_total(scheme: Scheme, locate: Locate) -> Found:
    total = scheme.total_max
    if scheme.max is not None and total != scheme.max:
        yield Problem("max.scheme_mismatch", locate(("max",)), {"total": plain(total), "max": plain(scheme.max)})
    if total == ZERO:
        yield Problem("scheme.zero_max", locate(("indicators",)), {})


def _check_grades(scheme: Scheme, locate: Locate) -> Found:
    previous: Decimal | None = None
    seen: set[str] = set()
    last = len(scheme.grades) - 1
    for i, band in enumerate(scheme.grades):
        if band.label in seen:
            yield Problem("grades.duplicate", locate(("grades", i, "label")), {"label": band.label})
        seen.add(band.label)
        if band.min is None:
            if i != last:
                yield Problem("grades.min_missing", locate(("grades", i)), {"label": band.label})
            continue
        if previous is not None and band.min >= previous:
            yield Problem("grades.order", locate(("grades", i, "min")),
                          {"label": band.label, "min": plain(band.min), "previous": plain(previous)})
        if i == last and band.min > 0:
            yield Problem("grades.bottom", locate(("grades", i, "min")), {"label": band.label, "min": plain(band.min)})
        previous = band.min


def _check_groups(scheme: Scheme, locate: Locate) -> Found:
    seen: set[str] = set()
    for i, group in enumerate(scheme.groups):
        if group.code in seen:
            yield Problem("group.duplicate", locate(("groups", i, "code")), {"code": group.code})
        seen.add(group.code)


def _check_aggregates(scheme: Scheme, locate: Locate) -> Found:
    codes = scheme.tree.by_code
    seen: set[str] = set()
    for i, aggregate in enumerate(scheme.aggregates):
        if aggregate.code in seen:
            yield Problem("aggregate.duplicate", locate(("aggregates", i, "code")), {"code": aggregate.code})
        elif aggregate.code in codes:
            yield Problem("aggregate.clash", locate(("aggregates", i, "code")), {"code": aggregate.code})
        seen.add(aggregate.code)
        for j, member in enumerate(aggregate.of):
            if member not in codes:
                yield Problem("aggregate.unknown_code", locate(("aggregates", i, "of", j)),
                              {"aggregate": aggregate.code, "code": member})
    yield from _check_weights(scheme, locate)


def _check_weights(scheme: Scheme, locate: Locate) -> Found:
    if scheme.result != "weighted":
        for i, aggregate in enumerate(scheme.aggregates):
            if aggregate.weight is not None:
                yield Problem("weights.unused", locate(("aggregates", i, "weight")),
                              {"code": aggregate.code, "result": scheme.result})
        return
    if all(a.weight is None for a in scheme.aggregates):
        yield Problem("weights.none", locate(("aggregates",)), {})
        return
    total = sum((a.weight or ZERO for a in scheme.aggregates), ZERO)
    if total != ONE:
        yield Problem("weights.sum", locate(("aggregates",)), {"total": plain(total)})


_LIMITS = {"length": ("dài {value} ký tự", MAX_LENGTH), "nesting": ("lồng {value} cấp hàm", MAX_NESTING),
           "arguments": ("có một hàm {value} đối số", MAX_ARGUMENTS)}


def _check_formula_limits(scheme: Scheme, locate: Locate) -> Found:
    """Every formula a unit's workbook would hold fits Excel's limits (a scheme that validates opens)."""
    from xl_dti.workbook.formulas import footer_formulas, na_condition, row_formulas, summary_formulas
    from xl_dti.workbook.layout import compute_layout

    reported: set[str] = set()
    groups: list[str | None] = [*scheme.group_codes] or [None]
    for group in groups:
        layout = compute_layout(scheme, group)
        formulas: list[tuple[str, str, object]] = []
        for code in scheme.tree.order:
            node = scheme.tree.by_code[code]
            row = row_formulas(layout, node)
            formulas += [(code, "points", row.points), (code, "applicable", row.applicable)]
            if code in layout.inputs:  # the conditional formats that grey out a not-applicable row
                formulas.append((code, "na", na_condition(layout, node, fixed=True)))
        formulas += [("", key, formula) for key, formula in footer_formulas(layout).items()]
        formulas += [(code, "summary", f) for code in layout.summary_row for f in summary_formulas(layout, code)]
        for code, _, formula in formulas:
            exceeded = formula_limits(formula) if isinstance(formula, str) else {}
            if not exceeded or code in reported:
                continue
            reported.add(code)
            detail = "; ".join(_LIMITS[k][0].format(value=v) + f" (Excel cho phép tối đa {_LIMITS[k][1]})"
                               for k, v in exceeded.items())
            where = locate(scheme.tree.by_code[code].path) if code in scheme.tree.by_code else locate(("indicators",))
            yield Problem("formula.limits", where, {"code": code or "total", "detail": detail})
