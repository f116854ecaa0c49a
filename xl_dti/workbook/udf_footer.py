"""The footer of a ``--formulas udf`` workbook: total, result and grade call the xl-dti functions on xlwings Server.

Everything else stays native. The total sums the form's points column with ``DTI_TOTAL``, leaving
out, through a hidden flag column, every row that is not a base leaf (parents, input rows, bonus
and penalty rows, rows computed at consolidation); the result and grade call ``DTI_RESULT`` and
``DTI_GRADE`` with the scheme's id. A weighted result needs every pillar, so it stays native.

The calls are written as Excel itself stores an Office.js custom function: ``_xldudf_`` then the
add-in's namespace and the function's name joined by ``_`` (``=XLWINGS.DTI_TOTAL(…)`` is stored as
``_xldudf_XLWINGS_DTI_TOTAL(…)``). Excel shows the stored name until the add-in that defines the
function has loaded, then binds it; a plain ``DTI_TOTAL(…)`` would stay ``#NAME?`` (on a protected
sheet for good). Only xlwings Server can serve these workbooks: the classic add-in's functions are
VBA wrappers in a macro workbook, and xlwings Lite needs its code stored inside the workbook.
"""

from __future__ import annotations

from pathlib import Path

from xl_dti.excel import num, text
from xl_dti.scheme.loader import builtin_ids, load_scheme
from xl_dti.scheme.model import Scheme
from xl_dti.scheme.rules import RelativeRule
from xl_dti.workbook.layout import FIRST_ROW, Col, FormLayout, cell

SKIP = "x"
"""What the hidden flag column holds on rows ``DTI_TOTAL`` must leave out."""
NAMESPACE = "XLWINGS"
"""xlwings Server's function namespace in production (its default ``XLWINGS_FUNCTIONS_NAMESPACE``)."""


def stored_name(function: str) -> str:
    """How a workbook stores a call of ``NAMESPACE.function``: ``_xldudf_XLWINGS_DTI_TOTAL``."""
    return f"_xldudf_{NAMESPACE}_{function}"


def scheme_reference(scheme: Scheme) -> str:
    """How the functions on the server find the scheme: its built-in id, else its file's name without
    ``.yaml``, which names it in the server's scheme folder (``XL_DTI_SCHEMES``; a server reads no paths)."""
    if scheme.id in builtin_ids() and load_scheme(scheme.id).fingerprint() == scheme.fingerprint():
        return scheme.id
    return Path(scheme.file).stem if scheme.file else scheme.id


def skipped_rows(layout: FormLayout) -> list[int]:
    """Rows the total leaves out: all but the applicable base leaves that the workbook can score."""
    scoring = {
        layout.node_row[code]
        for code, node in layout.scheme.tree.by_code.items()
        if node.is_leaf and layout.applicable[code] and layout.scheme.tree.effect[code] == "base"
        and not isinstance(node.rule, RelativeRule)
    }
    return [row for row in range(FIRST_ROW, layout.last_row + 1) if row not in scoring]


def udf_footer(layout: FormLayout, native: dict[str, str]) -> dict[str, str]:
    """The footer formulas with the total, result and grade replaced by xl-dti function calls.

    Args:
        layout: the form's layout.
        native: the native footer formulas (kept for everything the functions do not compute).
    """
    scheme, footer = layout.scheme, layout.footer
    points = f"{cell(Col.POINTS, FIRST_ROW)}:{cell(Col.POINTS, layout.last_row)}"
    flags = f"{cell(Col.SKIP, FIRST_ROW)}:{cell(Col.SKIP, layout.last_row)}"
    formulas = dict(native)
    base = f"{stored_name('DTI_TOTAL')}({points},{flags})"
    if "base_total" in footer:
        formulas["base_total"] = f"={base}"
    else:
        formulas["total"] = f"=MIN({footer['applicable_max']},{base})"
    reference = text(scheme_reference(scheme))
    if scheme.result != "weighted":
        maximum = num(scheme.total_max)
        na_max = f"{maximum}-{footer['applicable_max']}"
        call = f"{stored_name('DTI_RESULT')}({footer['total']},{maximum},{na_max},{reference})"
        formulas["result"] = f'=IF({footer["applicable_max"]}>0,{call},"")'
    if "grade" in footer:
        grade = f"{stored_name('DTI_GRADE')}({footer['result']},{reference})"
        formulas["grade"] = f'=IF(ISNUMBER({footer["result"]}),{grade},"")'
    return formulas
