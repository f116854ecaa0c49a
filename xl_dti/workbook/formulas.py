"""The native formulas of a unit workbook: the engine's arithmetic, written in Excel.

Each leaf's points come from its rule's own formula face (``Rule.formula``); this module adds what
the engine adds around it: N/A (marked, inherited from a parent, outside ``applies_to``, or a zero
denominator), rounding, parent sums, bonus and penalty, the result mode and the grade.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from xl_dti.excel import MAX_TEXT, NA_MARK, absolute, any_of, num, on_sheet, sum_of, text
from xl_dti.scheme.model import Indicator, Scheme
from xl_dti.scheme.rules import FormulaRefs
from xl_dti.workbook.layout import FORM_SHEET, Col, FormLayout, cell

PENDING_TEXT = "tính khi tổng hợp"


@dataclass(frozen=True)
class RowFormulas:
    """What the self-score and applicable-max cells of one indicator row hold."""

    points: str | int
    applicable: str | int


def row_formulas(layout: FormLayout, node: Indicator) -> RowFormulas:
    """The self-score and applicable-max content of an indicator's row (formula text or constant)."""
    if not layout.applicable[node.code]:
        return RowFormulas(0, 0)
    if node.children:
        return RowFormulas(
            "=" + sum_of(layout.points_cell(c.code) for c in node.children),
            "=" + sum_of(layout.applicable_cell(c.code) for c in node.children),
        )
    expression = node.scoring_rule.formula(node.max, _refs(layout, node))
    na = na_condition(layout, node)
    if expression is None:
        return RowFormulas(PENDING_TEXT, f"={num(node.max)}" if na is None else f"=IF({na},0,{num(node.max)})")
    rounded = f"ROUND({expression},{layout.scheme.leaf_decimals})"
    if na is None:
        return RowFormulas("=" + rounded, f"={num(node.max)}")
    return RowFormulas(f"=IF({na},0,{rounded})", f"=IF({na},0,{num(node.max)})")


def _refs(layout: FormLayout, node: Indicator, fixed: bool = False) -> FormulaRefs:
    labels, points = layout.options.get(node.code, (None, None))
    inputs = {**layout.inputs.get(node.code, {}), **layout.number_cells(node.code)}
    if fixed:
        inputs = {name: absolute(address) for name, address in inputs.items()}
    return FormulaRefs(inputs=inputs, labels=labels, points=points)


def na_condition(layout: FormLayout, node: Indicator, fixed: bool = False) -> str | None:
    """The condition under which a leaf is not applicable: marked «KĐG» on it or on an ancestor,
    or its rule's own condition (a zero denominator). ``fixed`` gives absolute references, for
    conditional formats that span several columns."""
    conditions: list[str] = []
    code: str | None = node.code
    while code is not None:
        na_cell = layout.na_cell(code)
        if na_cell:
            conditions.append(f"{absolute(na_cell) if fixed else na_cell}={text(NA_MARK)}")
        code = layout.scheme.tree.parent[code]
    rule_na = node.scoring_rule.na_formula(_refs(layout, node, fixed))
    return any_of([*reversed(conditions), *([rule_na] if rule_na else [])])


def number_formulas(layout: FormLayout) -> dict[str, str]:
    """The hidden cells beside each number input: its text without sign or spaces, and the number
    its formulas read (see ``number_of``)."""
    found = {}
    for code, inputs in layout.inputs.items():
        for name, address in layout.number_cells(code).items():
            body = Col.NUMBER_TEXT + address[len(Col.NUMBER):]
            found[body] = "=" + body_of(inputs[name])
            found[address] = "=" + number_of(inputs[name], body)
    return found


_NBSP = "\u00a0"


def _trimmed(v: str) -> str:
    return f'TRIM(SUBSTITUTE({v},"{_NBSP}",""))'


def body_of(v: str) -> str:
    """Input ``v`` as text, spaces and a leading sign taken away (``""`` for an error value)."""
    t = _trimmed(v)
    return f'IFERROR(MID({t},1+OR(LEFT({t},1)="-",LEFT({t},1)="+"),{MAX_TEXT}),"")'


def number_of(v: str, body: str) -> str:
    """The number in input cell ``v`` as consolidation reads it: a number as is; text that is a
    plain number (``8``, ``-2.5``, ``8,5``: spaces trimmed, one ``.`` or ``,`` between digits) as
    that number; anything else, including what could be thousands (``1.000``), as ``""``, which
    every rule scores 0. ``body`` holds ``body_of(v)``. Text is read digit by digit, never by
    VALUE's locale-dependent parsing."""
    digits = f'SUBSTITUTE(SUBSTITUTE({body},".",""),",","")'
    rest = digits
    for digit in "0123456789":
        rest = f'SUBSTITUTE({rest},"{digit}","")'
    separator = f'FIND(".",SUBSTITUTE({body},",",".")&".")'
    before, after = f"LEFT({body},{separator}-1)", f"MID({body},{separator}+1,{MAX_TEXT})"
    separators = f"LEN({body})-LEN({digits})"
    plain = (f'AND(ISTEXT({v}),LEN({digits})>0,{rest}="",{separators}<=1,{separator}>1,'
             f"OR({separators}=0,LEN({after})>0),NOT(AND({separators}=1,LEN({after})=3,{separator}<=4)))")
    sign = f'IF(LEFT({_trimmed(v)},1)="-",-1,1)'
    value = f"{sign}*(VALUE({before})+IF({separators}=1,VALUE({after})/10^LEN({after}),0))"
    return f'IF(ISNUMBER({v}),{v},IF({plain},{value},""))'


class ScoreSheet(Protocol):
    """Any sheet with a points and an applicable-max cell per indicator and a footer (form, appraisal)."""

    scheme: Scheme
    footer: dict[str, str]
    grade_ranges: tuple[str, str] | None

    def points_cell(self, code: str) -> str: ...

    def applicable_cell(self, code: str) -> str: ...


def footer_formulas(layout: ScoreSheet) -> dict[str, str]:
    """The footer cells: base/bonus/penalty where used, total, applicable max, result, grade."""
    scheme = layout.scheme
    f = layout.footer
    tops = {e: [n.code for n in scheme.indicators if n.effect == e] for e in ("base", "bonus", "penalty")}
    base = sum_of(layout.points_cell(c) for c in tops["base"])
    formulas: dict[str, str] = {}
    if "base_total" in f:
        formulas["base_total"] = "=" + base
        raw = f"{f['base_total']}"
        if "bonus" in f:
            formulas["bonus"] = "=" + sum_of(layout.points_cell(c) for c in tops["bonus"])
            raw += f"+{f['bonus']}"
        if "penalty" in f:
            formulas["penalty"] = "=" + sum_of(layout.points_cell(c) for c in tops["penalty"])
            raw += f"-{f['penalty']}"
    else:
        raw = base
    floor = f"MAX(0,{raw})"
    formulas["total"] = f"={floor}" if scheme.allow_above_max else f"=MIN({f['applicable_max']},{floor})"
    formulas["applicable_max"] = "=" + sum_of(layout.applicable_cell(c) for c in tops["base"])
    formulas["result"] = "=" + _result(layout)
    if "grade" in f and layout.grade_ranges:
        mins, labels = layout.grade_ranges
        formulas["grade"] = f'=IF(ISNUMBER({f["result"]}),INDEX({labels},MATCH({f["result"]},{mins},1)),"")'
    return formulas


def _result(layout: ScoreSheet) -> str:
    scheme = layout.scheme
    total, applicable = layout.footer["total"], layout.footer["applicable_max"]
    d = scheme.decimals
    if scheme.result == "weighted":
        return _weighted(layout)
    exact = {
        "points": f"IF({applicable}={num(scheme.total_max)},{total},{total}*{num(scheme.total_max)}/{applicable})",
        "percent": f"100*{total}/{applicable}",
        "index": f"{total}/{applicable}",
    }[scheme.result]
    return f'IF({applicable}>0,ROUND({exact},{d}),"")'


def _weighted(layout: ScoreSheet) -> str:
    scheme = layout.scheme
    terms, weights = [], []
    for aggregate in scheme.aggregates:
        if aggregate.weight is None:
            continue
        points = sum_of(layout.points_cell(c) for c in aggregate.of)
        applicable = sum_of(layout.applicable_cell(c) for c in aggregate.of)
        w = num(aggregate.weight)
        terms.append(f"{w}*IF({applicable}>0,{points}/{applicable},0)")
        weights.append(f"{w}*({applicable}>0)")
    weight = "(" + "+".join(weights) + ")"
    return f'IF({weight}>0,ROUND(({"+".join(terms)})/{weight},{scheme.decimals}),"")'


def summary_formulas(layout: FormLayout, code: str) -> tuple[str, str, str]:
    """Applicable max, self-score and ratio formulas of a summary row (a main index or aggregate)."""
    scheme = layout.scheme
    members = next((a.of for a in scheme.aggregates if a.code == code), [code])
    row = layout.summary_row[code]
    applicable = "=" + sum_of(on_sheet(FORM_SHEET, layout.applicable_cell(m)) for m in members)
    points = "=" + sum_of(on_sheet(FORM_SHEET, layout.points_cell(m)) for m in members)
    ratio = f'=IF({cell("D", row)}>0,ROUND({cell("E", row)}/{cell("D", row)},{scheme.aggregate_decimals}),"")'
    return applicable, points, ratio


