"""Fill an appraisal workbook as the council would by hand (demo and tests)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

from openpyxl import load_workbook

from xl_dti.appraisal.layout import APPRAISAL_SHEET, appraisal_layout
from xl_dti.atomic import write_bytes_atomic
from xl_dti.scheme.model import Scheme


def fill_appraisal(
    source: Path, target: Path, scheme: Scheme, points: Mapping[str, object],
    comments: Mapping[str, str] | None = None, blank: tuple[str, ...] = (),
) -> None:
    """Write appraised points and comments (indicator code → value) and save as ``target``.

    ``blank`` lists indicators whose appraised cell the council clears (they keep the self-score).
    """
    layout = appraisal_layout(scheme)
    workbook = load_workbook(source)
    sheet = workbook[APPRAISAL_SHEET]
    for code, value in points.items():
        sheet[layout.appraised_cell(code)] = value
    for code in blank:
        sheet[layout.appraised_cell(code)] = None
    for code, text in (comments or {}).items():
        cell = sheet[layout.comment_cell(code)]
        cell.value, cell.data_type = text, "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_bytes_atomic(target, buffer.getvalue())
