"""The look of generated workbooks: Times New Roman (Decree 30/2020/NĐ-CP), fills, borders, formats."""

from __future__ import annotations

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

FONT_NAME = "Times New Roman"
BODY = Font(name=FONT_NAME, size=11)
BOLD = Font(name=FONT_NAME, size=11, bold=True)
TITLE = Font(name=FONT_NAME, size=14, bold=True)
SUBTITLE = Font(name=FONT_NAME, size=12, bold=True)
ITALIC = Font(name=FONT_NAME, size=11, italic=True)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
PARENT_FILL = PatternFill("solid", fgColor="F2F2F2")
INPUT_FILL = PatternFill("solid", fgColor="FFFFFF")
FOOTER_FILL = PatternFill("solid", fgColor="E2EFDA")
UNANSWERED_FILL = PatternFill("solid", fgColor="FFF2CC")
MISSING_EVIDENCE_FILL = PatternFill("solid", fgColor="F8CBAD")
NA_FILL = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin", color="808080")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
RIGHT = Alignment(vertical="top", horizontal="right")
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)
POINTS_FORMAT = "0.00"


def header(target: Cell, title: str) -> None:
    """Make ``target`` a table header cell reading ``title``."""
    target.value = title
    target.data_type = "s"
    target.font, target.fill, target.alignment, target.border = BOLD, HEADER_FILL, WRAP_CENTER, GRID
