"""Build one unit's scoring workbook from a compiled scheme: sheets, protection, identity, bytes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from xl_dti import __version__
from xl_dti.errors import Problem, XlDtiError
from xl_dti.excel import NOT_XML_BYTES
from xl_dti.scheme.model import Scheme
from xl_dti.units import Unit
from xl_dti.workbook import styles
from xl_dti.workbook.form_sheet import FormContext, title_height, title_lines, write_form
from xl_dti.workbook.guide import GuideLine, guide_lines
from xl_dti.workbook.layout import (
    FORM_SHEET,
    GUIDE_SHEET,
    LISTS_SHEET,
    META_SHEET,
    SUMMARY_SHEET,
    FormLayout,
    compute_layout,
)
from xl_dti.workbook.meta_sheet import write_meta
from xl_dti.workbook.other_sheets import guide_height, write_guide, write_lists, write_summary
from xl_dti.workbook.protection import DEFAULT_SALT, protect
from xl_dti.workbook.structure import signature, structure_fingerprint

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class UnwritableText(XlDtiError, ValueError):
    """A text on its way into a workbook holds a character no spreadsheet file can store."""


def check_part(name: str, data: bytes) -> bytes:
    """The part, unchanged, if XML can hold every character in it; else ``UnwritableText``: a
    file with such a character opens nowhere, so it is never written."""
    bad = NOT_XML_BYTES.search(data)
    if bad:
        raise UnwritableText([Problem("workbook.illegal_character", name, {"char": repr(bad.group())})])
    return data


@dataclass(frozen=True)
class RoundOptions:
    """What every workbook of one evaluation round shares."""

    year: int
    deadline: str = ""
    contact: str = ""
    generated: datetime = datetime(2000, 1, 1)
    formulas: str = "native"
    salt: bytes = DEFAULT_SALT  # of the SHA-512 protection, for passwords the legacy hash cannot hold


@dataclass
class CompiledScheme:
    """A scheme prepared once per run: its fingerprint and one layout per unit group."""

    scheme: Scheme
    fingerprint: str = ""
    layouts: dict[str | None, FormLayout] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.fingerprint = self.scheme.fingerprint()

    def layout(self, group: str | None) -> FormLayout:
        """The layout for a group's units, computed on first use."""
        if group not in self.layouts:
            self.layouts[group] = compute_layout(self.scheme, group)
        return self.layouts[group]


@dataclass(frozen=True)
class BuiltWorkbook:
    """A generated workbook's bytes and what the registry records about it."""

    data: bytes
    structure_fingerprint: str
    signature: str


SHEETS = (GUIDE_SHEET, FORM_SHEET, SUMMARY_SHEET, LISTS_SHEET, META_SHEET)
"""The sheets of a unit's workbook, in their order (``build_workbook`` writes them so)."""


@dataclass(frozen=True)
class UnitRow:
    """A row whose height follows the unit's name or code: where it is, and how tall it is for a unit."""

    sheet: str
    row: int
    height: Callable[[Unit], float]


def unit_rows(compiled: CompiledScheme, placeholder: Unit, options: RoundOptions) -> list[UnitRow]:
    """The rows of a workbook of ``placeholder``'s group whose text names the unit (the guide's and the form's
    title), found by the placeholder's code and name, which no other text holds."""
    layout = compiled.layout(placeholder.group)
    lines = guide_lines(layout, placeholder, options.year, options.deadline, options.contact)
    rows = [UnitRow(GUIDE_SHEET, row, partial(_guide_height, line, placeholder))
            for row, line in enumerate(lines, start=1) if names_unit(line.text, placeholder)]
    context = FormContext(placeholder, options.year, options.deadline, options.formulas)
    rows += [UnitRow(FORM_SHEET, row, partial(_title_height, text, font, placeholder))
             for row, (text, font) in enumerate(title_lines(layout, context), start=1) if names_unit(text, placeholder)]
    return rows


def names_unit(text: str, placeholder: Unit) -> bool:
    """Whether ``text``, written for ``placeholder``, holds its code or name."""
    return placeholder.code in text or placeholder.name in text


def named(text: str, placeholder: Unit, unit: Unit) -> str:
    """``text``, written for ``placeholder``, as written for ``unit``."""
    return text.replace(placeholder.code, unit.code).replace(placeholder.name, unit.name)


def _guide_height(line: GuideLine, placeholder: Unit, unit: Unit) -> float:
    return guide_height(GuideLine(named(line.text, placeholder, unit), line.heading))


def _title_height(text: str, font: Font, placeholder: Unit, unit: Unit) -> float:
    return title_height(named(text, placeholder, unit), font)


def build_workbook(
    compiled: CompiledScheme, unit: Unit, options: RoundOptions, secret: str, password: str
) -> BuiltWorkbook:
    """Build one unit's workbook.

    Args:
        compiled: the compiled scheme.
        unit: the unit the workbook is for.
        options: the round's year, deadline, contact, generation time and formula mode.
        secret: the unit's signing secret (hex), from the registry.
        password: the sheet and structure protection password.

    Returns:
        The xlsx bytes (deterministic for the same inputs) and its fingerprint and signature.
    """
    layout = compiled.layout(unit.group)
    workbook = Workbook()
    _set_default_font(workbook)
    guide = workbook.active
    guide.title = GUIDE_SHEET
    form, summary, lists, meta = (workbook.create_sheet(title) for title in SHEETS[1:])
    write_guide(guide, guide_lines(layout, unit, options.year, options.deadline, options.contact))
    write_form(form, layout, FormContext(unit, options.year, options.deadline, options.formulas))
    write_summary(summary, layout, unit.name)
    write_lists(lists, layout)
    structure = structure_fingerprint(workbook)
    signed = signature(secret, unit.code, options.year, compiled.fingerprint, structure)
    write_meta(meta, layout, _identity(compiled, unit, options, structure, signed))
    protect(workbook, [guide, form, summary, lists, meta], password, options.salt)
    lists.sheet_state = meta.sheet_state = "veryHidden"
    workbook.active = 1
    guide.sheet_view.tabSelected = False
    form.sheet_view.tabSelected = True
    _set_properties(workbook, compiled.scheme, unit, options)
    return BuiltWorkbook(save_deterministic(workbook, options.generated), structure, signed)


def _identity(
    compiled: CompiledScheme, unit: Unit, options: RoundOptions, structure: str, signed: str
) -> dict[str, str]:
    scheme = compiled.scheme
    return {
        "scheme_id": scheme.id,
        "scheme_version": scheme.version,
        "scheme_fingerprint": compiled.fingerprint,
        "xl_dti_version": __version__,
        "unit_code": unit.code,
        "unit_name": unit.name,
        "unit_group": unit.group or "",
        "year": str(options.year),
        "deadline": options.deadline,
        "generated": options.generated.strftime("%d/%m/%Y %H:%M"),
        "formulas": options.formulas,
        "structure_fingerprint": structure,
        "signature": signed,
    }


def _set_default_font(workbook: Workbook) -> None:
    workbook._named_styles["Normal"].font = styles.BODY  # the Normal style every untouched cell uses


def _set_properties(workbook: Workbook, scheme: Scheme, unit: Unit, options: RoundOptions) -> None:
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = f"xl-dti {__version__}"
    properties.title = f"Tự đánh giá chỉ số chuyển đổi số năm {options.year} — {unit.name}"
    properties.subject = scheme.title
    properties.keywords = f"xl-dti; {scheme.id}; {unit.code}"
    properties.created = properties.modified = options.generated


def save_deterministic(
    workbook: Workbook, generated: datetime, finish: Callable[[bytes], bytes] | None = None
) -> bytes:
    """The xlsx bytes with fixed timestamps (``generated`` and the zip epoch): same inputs, same file.
    ``finish`` may rewrite each worksheet part before it is compressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # compressed once, below
        workbook.properties.created = workbook.properties.modified = generated
        ExcelWriter(workbook, archive).write_data()
    return _fixed_zip_times(buffer.getvalue(), finish)


def _fixed_zip_times(data: bytes, finish: Callable[[bytes], bytes] | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            part = check_part(info.filename, source.read(info.filename))
            if finish is not None and info.filename.startswith("xl/worksheets/"):
                part = finish(part)
            target.writestr(fixed, part)
    return out.getvalue()
