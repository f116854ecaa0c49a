"""A generated workbook, read back: sheets, protection, locks, validation, formulas, identity, determinism."""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.formula.tokenizer import Token, Tokenizer

from tests.test_differential import EVERY_RULE
from tests.workbooks import OPTIONS, PASSWORD, SECRET
from xl_dti import load_scheme
from xl_dti.excel import ALLOWED_FUNCTIONS
from xl_dti.units import Unit
from xl_dti.workbook.build import CompiledScheme, build_workbook
from xl_dti.workbook.layout import (
    FORM_SHEET,
    GUIDE_SHEET,
    INPUT_MAP_HEADER,
    LISTS_SHEET,
    META_SHEET,
    OUTPUT_MAP_HEADER,
    SUMMARY_SHEET,
)
from xl_dti.workbook.maps import read_meta
from xl_dti.workbook.structure import signature, structure_fingerprint

UNIT = Unit(code="so-noi-vu", name="Sở Nội vụ", group="so")


def _built(scheme_id_or_scheme: object = "haugiang-2022-so", unit: Unit = UNIT) -> bytes:
    scheme = load_scheme(scheme_id_or_scheme) if isinstance(scheme_id_or_scheme, str) else scheme_id_or_scheme
    return build_workbook(CompiledScheme(scheme), unit, OPTIONS, SECRET, PASSWORD).data  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def workbook() -> Workbook:
    return load_workbook(io.BytesIO(_built()))


def test_sheets_and_visibility(workbook: Workbook) -> None:
    assert workbook.sheetnames == [GUIDE_SHEET, FORM_SHEET, SUMMARY_SHEET, LISTS_SHEET, META_SHEET]
    states = {ws.title: ws.sheet_state for ws in workbook.worksheets}
    assert states == {GUIDE_SHEET: "visible", FORM_SHEET: "visible", SUMMARY_SHEET: "visible",
                      LISTS_SHEET: "veryHidden", META_SHEET: "veryHidden"}


def test_every_sheet_and_the_structure_are_protected(workbook: Workbook) -> None:
    for ws in workbook.worksheets:
        assert ws.protection.sheet, ws.title
        assert ws.protection.password, ws.title
    assert workbook.security is not None and workbook.security.lockStructure
    assert workbook.security.workbookPassword


def test_only_the_input_map_cells_are_unlocked(workbook: Workbook) -> None:
    meta = read_meta(workbook)
    assert meta is not None
    mapped = {(sheet, cell) for _, _, sheet, cell in meta.inputs}
    unlocked = {
        (ws.title, c.coordinate)
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for c in row
        if not c.protection.locked
    }
    assert unlocked == mapped
    kinds = Counter(name.split(":")[0] for _, name, _, _ in meta.inputs)
    assert set(kinds) == {"value", "numerator", "denominator", "part", "na", "evidence", "explanation"}


def test_maps_have_the_documented_headers(workbook: Workbook) -> None:
    rows = [tuple(v for v in r[:4]) for r in workbook[META_SHEET].iter_rows(values_only=True)]
    assert INPUT_MAP_HEADER in rows and OUTPUT_MAP_HEADER in rows
    meta = read_meta(workbook)
    assert meta is not None
    footer = {name for code, name, _, _ in meta.outputs if code == "*"}
    assert footer == {"total", "applicable_max", "result", "grade"}
    indicators = {code for code, name, _, _ in meta.outputs if name == "points"}
    assert indicators == set(load_scheme("haugiang-2022-so").tree.order)


def test_every_input_is_validated(workbook: Workbook) -> None:
    meta = read_meta(workbook)
    assert meta is not None
    ws = workbook[FORM_SHEET]
    validated: dict[str, str] = {}
    for validation in ws.data_validations.dataValidation:
        assert validation.prompt and validation.error, "Vietnamese input and error messages"
        if validation.type == "list":
            assert validation.formula1.startswith(f"'{LISTS_SHEET}'!"), "lists come from the hidden sheet (no '=')"
        for cell_range in validation.sqref.ranges:
            validated[cell_range.coord] = validation.type
    for _, name, _, cell in meta.inputs:
        if name in ("evidence", "explanation"):
            continue
        assert cell in validated, f"{name} at {cell} has no validation"
    assert "whole" in validated.values() and "decimal" in validated.values() and "list" in validated.values()


def test_conditional_formats_cover_unanswered_inputs_evidence_and_na(workbook: Workbook) -> None:
    ws = workbook[FORM_SHEET]
    formulas = [rule.formula[0] for cf in ws.conditional_formatting for rule in cf.rules]
    assert any(f.startswith("ISBLANK(") or f.startswith("AND(ISBLANK(") for f in formulas)
    assert any("LEN(TRIM(" in f for f in formulas)
    assert any('="KĐG"' in f and not f.startswith("AND(") for f in formulas)


def _formulas(workbook: Workbook) -> list[tuple[str, str, str]]:
    return [
        (ws.title, c.coordinate, c.value)
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    ]


@pytest.mark.parametrize("scheme_id", ["haugiang-2022-so", "haugiang-2022-huyen", "haiduong-2023-so",
                                       "quocgia-2022-tinh", "quocgia-2020-tinh"])
def test_every_formula_parses_and_uses_only_allowed_functions(scheme_id: str) -> None:
    scheme = load_scheme(scheme_id)
    group = scheme.group_codes[0] if scheme.groups else None
    workbook = load_workbook(io.BytesIO(_built(scheme, Unit("u", "Đơn vị", group))))
    formulas = _formulas(workbook)
    assert len(formulas) > len(scheme.tree.order)
    for sheet, cell, formula in formulas:
        tokens = Tokenizer(formula).items
        functions = {t.value.rstrip("(").upper() for t in tokens if t.type == Token.FUNC and t.subtype == Token.OPEN}
        assert functions <= ALLOWED_FUNCTIONS, f"'{sheet}'!{cell}: {functions - ALLOWED_FUNCTIONS}"


def test_identity_is_signed_and_the_fingerprint_matches(workbook: Workbook) -> None:
    meta = read_meta(workbook)
    assert meta is not None
    identity = meta.identity
    scheme = load_scheme("haugiang-2022-so")
    assert identity["scheme_id"] == scheme.id and identity["scheme_fingerprint"] == scheme.fingerprint()
    assert (identity["unit_code"], identity["unit_name"], identity["unit_group"]) == ("so-noi-vu", "Sở Nội vụ", "so")
    assert identity["structure_fingerprint"] == structure_fingerprint(workbook)
    assert identity["signature"] == signature(SECRET, "so-noi-vu", 2024, scheme.fingerprint(),
                                              identity["structure_fingerprint"])


def test_generation_is_deterministic() -> None:
    assert _built() == _built()


def test_unit_text_is_written_as_text_never_as_a_formula() -> None:
    hostile = Unit(code="x", name='=HYPERLINK("http://evil.example","bấm vào")', group="so")
    workbook = load_workbook(io.BytesIO(_built(unit=hostile)))
    texts = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and "evil.example" in c.value]
    assert texts and all(c.data_type == "s" for c in texts)


def test_times_new_roman_a4_landscape_fit_to_width(workbook: Workbook) -> None:
    ws = workbook[FORM_SHEET]
    fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
    assert fonts == {"Times New Roman"}
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$6:$6" or ws.print_title_rows == "6:6"
    assert ws.freeze_panes == "C7"


def test_every_rule_kind_has_inputs_in_the_workbook() -> None:
    workbook = load_workbook(io.BytesIO(_built(EVERY_RULE)))
    meta = read_meta(workbook)
    assert meta is not None
    assert {c for c, _, _, _ in meta.inputs} >= {"1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "2.3",
                                                  "2.4", "2.5", "T", "P"}
    assert [n for c, n, _, _ in meta.inputs if c == "1.4"] == ["part:1", "part:2", "part:3", "evidence",
                                                               "explanation"]
    assert [n for c, n, _, _ in meta.inputs if c == "1"] == ["na"]


def test_xml_parts_are_deflated_with_fixed_times() -> None:
    archive = zipfile.ZipFile(io.BytesIO(_built()))
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_guide_is_rendered_for_the_unit(workbook: Workbook) -> None:
    text = "\n".join(str(c.value) for row in workbook[GUIDE_SHEET].iter_rows() for c in row if c.value)
    assert "Sở Nội vụ" in text and "15/01/2025" in text and "Xuất sắc: từ 220 trở lên" in text
    assert "Yếu: dưới 122" in text


def test_written_file_opens(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(_built())
    assert load_workbook(path).sheetnames[1] == FORM_SHEET
