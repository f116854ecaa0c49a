"""Fill a generated workbook with a unit's answers, as the unit would by hand (demo and tests)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

from openpyxl import load_workbook

from xl_dti.atomic import write_bytes_atomic
from xl_dti.errors import Problem, XlDtiError
from xl_dti.scheme.model import Scheme
from xl_dti.workbook.cells import answer_to_cells
from xl_dti.workbook.maps import read_meta


def fill_workbook(source: Path, target: Path, scheme: Scheme, answers: Mapping[str, object]) -> None:
    """Write ``answers`` (indicator code → raw answer) into the input cells of ``source``; save as ``target``.

    Cells are found through the workbook's own input map; answers for indicators without input
    cells (not applicable to the unit's group) are skipped.
    """
    workbook = load_workbook(source)
    meta = read_meta(workbook)
    if meta is None:
        raise XlDtiError([Problem("generic", str(source), {"text": "this workbook has no «_meta» sheet"})])
    for code, raw in answers.items():
        node = scheme.tree.by_code.get(code)
        places = meta.input_cells(code)
        if node is None or not places:
            continue
        for name, value in answer_to_cells(node, raw).items():
            if name in places:
                sheet, address = places[name]
                cell = workbook[sheet][address]
                cell.value = value
                if name in ("evidence", "explanation"):
                    cell.data_type = "s"  # typed as text, as a unit's evidence always is
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_bytes_atomic(target, buffer.getvalue())
