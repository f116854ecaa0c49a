"""Read the «_meta» sheet back: the identity and the input and output maps."""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.workbook.workbook import Workbook

from xl_dti.workbook.layout import INPUT_MAP_HEADER, META_KEYS, META_SHEET, OUTPUT_MAP_HEADER

MapEntry = tuple[str, str, str, str]  # indicator, input or output name, sheet, cell


@dataclass
class Meta:
    """What a workbook says about itself in «_meta»."""

    identity: dict[str, str] = field(default_factory=dict)
    inputs: list[MapEntry] = field(default_factory=list)
    outputs: list[MapEntry] = field(default_factory=list)

    def input_cells(self, code: str) -> dict[str, tuple[str, str]]:
        """input name → (sheet, cell) for one indicator."""
        return {name: (sheet, address) for c, name, sheet, address in self.inputs if c == code}

    def output_cell(self, code: str, name: str) -> tuple[str, str] | None:
        """(sheet, cell) of one output, e.g. ``("*", "total")`` or ``("1.2", "points")``."""
        return next(((s, a) for c, n, s, a in self.outputs if c == code and n == name), None)


def read_meta(workbook: Workbook) -> Meta | None:
    """The workbook's «_meta», or ``None`` when it has none."""
    if META_SHEET not in workbook.sheetnames:
        return None
    meta = Meta()
    target: list[MapEntry] | None = None
    for row in workbook[META_SHEET].iter_rows(values_only=True):
        values = tuple("" if v is None else str(v) for v in row[:4])
        if not any(values):
            target = None
            continue
        if values == INPUT_MAP_HEADER:
            target = meta.inputs
        elif values == OUTPUT_MAP_HEADER:
            target = meta.outputs
        elif target is not None:
            target.append(values)  # type: ignore[arg-type]
        elif values[0] in META_KEYS:
            meta.identity[values[0]] = values[1]
    return meta
