"""Write the very hidden «_meta» sheet: identity, the input map and the output map."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from xl_dti.workbook.layout import INPUT_MAP_HEADER, META_KEYS, OUTPUT_MAP_HEADER, FormLayout


def write_meta(ws: Worksheet, layout: FormLayout, identity: dict[str, str]) -> None:
    """Identity as key/value rows, then the input map, then the output map, each under its header.

    Args:
        ws: the (empty) meta sheet.
        layout: where the inputs and outputs are.
        identity: a value for every key in ``META_KEYS``.
    """
    row = 1
    for key in META_KEYS:
        _text_row(ws, row, (key, identity[key]))
        row += 1
    row += 1
    for table in ((INPUT_MAP_HEADER, layout.input_map()), (OUTPUT_MAP_HEADER, layout.output_map())):
        header, rows = table
        _text_row(ws, row, header)
        for entry in rows:
            row += 1
            _text_row(ws, row, entry)
        row += 2
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 70


def _text_row(ws: Worksheet, row: int, values: tuple[str, ...]) -> None:
    for column, value in enumerate(values, start=1):
        ws.cell(row=row, column=column, value=value).data_type = "s"
