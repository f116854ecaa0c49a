"""Where a problem sits in a rubric workbook (``rubric.xlsx › 'Chỉ số'!D17``), and located issues in sheet order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from xl_dti.errors import Problem


@dataclass(frozen=True, order=True)
class Cell:
    """A cell (1-based row and column) of the sheet that is ``order``-th in the workbook."""

    order: int
    sheet: str
    row: int
    column: int

    def address(self) -> str:
        """``'Chỉ số'!D17``, in Excel's own syntax (pasteable into the Name Box)."""
        quoted = self.sheet.replace("'", "''")
        return f"'{quoted}'!{get_column_letter(self.column)}{self.row}"


@dataclass(frozen=True)
class Issue:
    """One finding at a cell (``None``: the workbook as a whole): a message code and its parameters."""

    cell: Cell | None
    code: str
    params: dict[str, Any] = field(default_factory=dict)


def to_problems(issues: Iterable[Issue], file: str) -> list[Problem]:
    """The issues as problems located ``file › 'Sheet'!A1``, in workbook order, one per cell and message."""
    seen: set[tuple[Cell | None, str]] = set()
    ordered = sorted(issues, key=lambda i: (i.cell is not None, i.cell or Cell(0, "", 0, 0)))
    found: list[Problem] = []
    for issue in ordered:
        where = f"{file} › {issue.cell.address()}" if issue.cell is not None else file
        problem = Problem(issue.code, where, issue.params)
        if (issue.cell, problem.message) not in seen:
            seen.add((issue.cell, problem.message))
            found.append(problem)
    return found
