"""Type answers into stamped workbooks at the XML level, as a spreadsheet saves typed values.

Filling thousands of workbooks through openpyxl would take longer than everything measured; the
benchmark writes the input cells straight into the form sheet instead (numbers as numbers, text as
inline strings), which is what Excel or LibreOffice store when a person types.
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from xl_dti.scheme.model import Scheme
from xl_dti.workbook.cells import answer_to_cells
from xl_dti.workbook.layout import FormLayout

FORM_PART = "xl/worksheets/sheet2.xml"


def fill_bytes(data: bytes, scheme: Scheme, layout: FormLayout, answers: dict[str, Any]) -> bytes:
    """The workbook ``data`` with ``answers`` typed into its input cells (every one must land)."""
    values: dict[str, Any] = {}
    for code, raw in answers.items():
        places = dict(layout.inputs.get(code, {}))
        places.update(layout.text_cells(code) if scheme.tree.by_code[code].is_leaf else {})
        for name, value in answer_to_cells(scheme.tree.by_code[code], raw).items():
            if name in places:
                values[places[name]] = value
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == FORM_PART:
                part, typed = _type_cells(part, values)
                assert typed == len(values), f"{len(values) - typed} answers found no empty input cell"
            target.writestr(info, part)
    return out.getvalue()


def _type_cells(xml: bytes, values: dict[str, Any]) -> tuple[bytes, int]:
    count = 0

    def typed(match: re.Match[bytes]) -> bytes:
        nonlocal count
        address, style = match[1].decode(), match[2] or b""
        if address not in values:
            return match[0]
        count += 1
        value = values[address]
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return b'<c r="%s"%s><v>%s</v></c>' % (match[1], style, str(value).encode())
        text = escape(str(value)).encode("ascii", "xmlcharrefreplace")
        return b'<c r="%s"%s t="inlineStr"><is><t>%s</t></is></c>' % (match[1], style, text)

    # openpyxl writes an empty cell as <c r="E8" s="12" t="n"></c>; others as <c r="E8" s="12"/>
    filled = re.sub(rb'<c r="([A-Z]+[0-9]+)"( s="[0-9]+")?(?: t="n")?\s*(?:/>|></c>)', typed, xml)
    return filled, count
