"""The error a rubric workbook raises when it cannot be written or read back into a scheme."""

from __future__ import annotations

from xl_dti.errors import XlDtiError


class RubricError(XlDtiError, ValueError):
    """A rubric workbook that cannot be imported (or a scheme that cannot be exported), with every problem."""
