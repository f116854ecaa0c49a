"""Import a rubric workbook as a scheme, every problem located at its cell, nothing half-done.

The steps: read the sheets (``reader``), put the rows together as scheme data (``assemble``),
and let the scheme's own validation and checks (``scheme_from_data``) judge the result, their
YAML paths translated back to cells (``locate``). Every problem of every step is collected; a
cell that already has a problem of its own is not reported again by a later step, and the sums
are not checked while a row has no parent.
"""

from __future__ import annotations

from pathlib import Path

from xl_dti.errors import Problem, SchemeError
from xl_dti.rubric.assemble import Assembly, assemble
from xl_dti.rubric.cells import Issue, to_problems
from xl_dti.rubric.errors import RubricError
from xl_dti.rubric.locate import to_issue
from xl_dti.rubric.reader import read_book
from xl_dti.scheme import Scheme, scheme_from_data

SUPERSEDED = frozenset({"code.duplicate"})
"""Scheme problems the rubric reports in its own words (with row numbers instead of YAML lines)."""
TREE_ISSUES = frozenset({"rubric.unknown_parent", "rubric.parent_below", "rubric.parent_self"})
SUM_CHECKS = frozenset({"max.sum_mismatch", "max.scheme_mismatch"})
"""Sums are checked once every row has its parent: a row without one would make them all wrong."""


def import_rubric(path: Path) -> Scheme:
    """Read a rubric workbook as a scheme.

    Args:
        path: the .xlsx file (as exported by ``export_rubric``, or a secretariat's own table
            with the same sheets and headers).

    Returns:
        The validated scheme.

    Raises:
        RubricError: with every problem found, each located as ``rubric.xlsx › 'Chỉ số'!D17``.
    """
    scheme, problems = read_rubric(path)
    if scheme is None:
        raise RubricError(problems)
    return scheme


def read_rubric(path: Path) -> tuple[Scheme | None, list[Problem]]:
    """Read and check a rubric workbook; the scheme is ``None`` when any problem was found."""
    file = str(path)
    book, issues = read_book(path)
    if book is None:
        return None, to_problems(issues, file)
    assembly = assemble(book)
    issues += assembly.issues
    scheme: Scheme | None = None
    if book.complete:
        scheme, checked = _check(assembly, file)
        taken = {i.cell for i in issues if i.cell is not None}
        tree_broken = any(i.code in TREE_ISSUES for i in issues)
        issues += [i for i in checked if (i.cell is None or i.cell not in taken)
                   and not (tree_broken and i.code in SUM_CHECKS)]
    problems = to_problems(issues, file)
    return (None if problems else scheme), problems


def _check(assembly: Assembly, file: str) -> tuple[Scheme | None, list[Issue]]:
    """The scheme's own validation and checks, located in the workbook."""
    try:
        return scheme_from_data(assembly.data, file), []
    except SchemeError as exc:
        return None, [to_issue(p, file, assembly.index) for p in exc.problems if p.code not in SUPERSEDED]
