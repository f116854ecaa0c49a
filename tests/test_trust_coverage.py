"""What the checks cover: the fingerprinted sheets, the fields each signature signs, the appraised values accepted.

Each row is a tampering a real person could do with a spreadsheet application; the expected code is written down.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.returned import Kit, make_kit, set_cell_xml, touch
from xl_dti.appraisal.layout import APPRAISAL_SHEET, appraisal_layout
from xl_dti.appraisal.reading import AppraisalReading, read_appraisal
from xl_dti.appraisal.run import appraisal_name, appraise
from xl_dti.consolidation.package import Limits
from xl_dti.consolidation.reading import RoundContext, read_returned
from xl_dti.workbook.layout import FORM_SHEET, LISTS_SHEET, SUMMARY_SHEET


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return make_kit(tmp_path_factory.mktemp("trust"))


def _context(kit: Kit) -> RoundContext:
    return RoundContext(kit.scheme, kit.registry, Limits())


def _set_meta(workbook: Any, key: str, value: str) -> None:
    sheet = workbook["_meta"]
    (row,) = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == key]
    sheet.cell(row, 2).value = value


def _last_locked_text(sheet: Any) -> str:
    """A locked label low on the sheet (the top rows hold the unit's identity, checked on their own)."""
    return [c.coordinate for row in sheet.iter_rows() for c in row
            if isinstance(c.value, str) and c.value and not c.value.startswith("=") and c.protection.locked][-1]


def _retitled(title: str) -> Callable[[Any], None]:
    def edit(workbook: Any) -> None:
        sheet = workbook[title]
        sheet[_last_locked_text(sheet)] = "Đã sửa"
    return edit


def _forged_structure(workbook: Any) -> None:
    workbook[FORM_SHEET]["C8"] = 20  # a max point raised, and the identity's fingerprint "updated" to hide it
    _set_meta(workbook, "structure_fingerprint", "0" * 64)


# (id, edit of a filled unit workbook, code, where the message must point)
UNIT_TAMPERING: list[tuple[str, Callable[[Any], None], str, str | None]] = [
    ("summary-sheet-text", _retitled(SUMMARY_SHEET), "structure.changed", f"'{SUMMARY_SHEET}'!"),
    ("lists-sheet-text", _retitled(LISTS_SHEET), "structure.changed", f"'{LISTS_SHEET}'!"),
    ("form-sheet-max", lambda wb: wb[FORM_SHEET].__setitem__("C8", 20), "structure.changed", f"'{FORM_SHEET}'!C8"),
    ("identity-fingerprint-forged", _forged_structure, "identity.bad_signature", None),
    ("identity-fingerprint-only", lambda wb: _set_meta(wb, "structure_fingerprint", "0" * 64),
     "identity.bad_signature", None),
]


@pytest.mark.parametrize(("edit", "code", "at"), [t[1:] for t in UNIT_TAMPERING], ids=[t[0] for t in UNIT_TAMPERING])
def test_a_unit_workbook_tampered_with(kit: Kit, tmp_path: Path, edit: Callable[[Any], None], code: str,
                                       at: str | None) -> None:
    path = kit.edited(tmp_path / "tampered.xlsx", edit)
    reading = read_returned(path.read_bytes(), path.name, _context(kit))
    assert reading.verdict != "read"
    assert [p.code for p in reading.problems] == [code]
    if at is not None:
        assert at in reading.problems[0].message, reading.problems[0].message


def test_the_untampered_workbook_reads(kit: Kit, tmp_path: Path) -> None:
    """The control: the same re-save by openpyxl without an edit is read, so each row above fails for its edit."""
    path = kit.edited(tmp_path / "resaved.xlsx", lambda wb: None)
    reading = read_returned(path.read_bytes(), path.name, _context(kit))
    assert reading.verdict == "read" and [p.code for p in reading.problems if p.severity == "error"] == []


@pytest.fixture(scope="module")
def appraisal(kit: Kit, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("appraisal")
    returned = folder / "returned"
    returned.mkdir()
    for unit in ("so-noi-vu", "so-tu-phap"):
        touch(kit.filled(returned / f"{unit}.xlsx", unit), __import__("datetime").datetime(2023, 1, 2))
    appraise(kit.scheme, returned, kit.registry, folder / "out", jobs=1)
    return folder / "out" / appraisal_name(2022, "so-noi-vu")


def _other_submission(kit: Kit, path: Path) -> str:
    other = load_workbook(path.with_name(appraisal_name(2022, "so-tu-phap")))["_meta"]
    return str(next(r[1] for r in other.iter_rows(values_only=True) if r[0] == "submission_sha256"))


def _read_edited(kit: Kit, source: Path, target: Path, edit: Callable[[Any], None]) -> AppraisalReading:
    shutil.copy(source, target)
    workbook = load_workbook(target)
    edit(workbook)
    workbook.save(target)
    reading = read_appraisal(target.read_bytes(), target.name, _context(kit))
    assert isinstance(reading, AppraisalReading)
    return reading


def test_a_forged_appraisal_pointing_at_another_submission_is_refused(kit: Kit, appraisal: Path,
                                                                      tmp_path: Path) -> None:
    other = _other_submission(kit, appraisal)
    reading = _read_edited(kit, appraisal, tmp_path / "forged.xlsx", lambda wb: _set_meta(wb, "submission_sha256",
                                                                                         other))
    assert [p.code for p in reading.problems] == ["identity.bad_signature"] and reading.verdict != "read"


def test_an_appraisal_with_a_forged_structure_fingerprint_is_refused(kit: Kit, appraisal: Path,
                                                                     tmp_path: Path) -> None:
    reading = _read_edited(kit, appraisal, tmp_path / "forged.xlsx",
                           lambda wb: _set_meta(wb, "structure_fingerprint", "0" * 64))
    assert [p.code for p in reading.problems] == ["identity.bad_signature"]


@pytest.mark.parametrize("sheet", [APPRAISAL_SHEET, LISTS_SHEET])
def test_an_appraisal_with_locked_text_changed_is_refused(kit: Kit, appraisal: Path, tmp_path: Path,
                                                          sheet: str) -> None:
    reading = _read_edited(kit, appraisal, tmp_path / "edited.xlsx", _retitled(sheet))
    assert [p.code for p in reading.problems] == ["appraisal.structure_changed"]


# (id, what the council typed into leaf 1.4's appraised cell (max 10), accepted points or None, codes)
APPRAISED: list[tuple[str, object, str | None, list[str]]] = [
    ("zero", 0, "0", []),
    ("the-max", 10, "10", []),
    ("a-fraction", 2.5, "2.5", []),
    ("negative", -1, None, ["appraisal.bad_points"]),
    ("negative-zero-point-five", -0.5, None, ["appraisal.bad_points"]),
    ("above-the-max", 10.01, None, ["appraisal.bad_points"]),
    ("a-formula-not-yet-computed", "=2+3", None, ["appraisal.not_number"]),
    ("text", "năm", None, ["appraisal.not_number"]),
    ("a-boolean", True, None, ["appraisal.not_number"]),
    ("blank-keeps-the-self-score", None, None, []),
    ("kdg-on-an-applicable-row", "KĐG", None, ["appraisal.not_number"]),
]


@pytest.mark.parametrize(("typed", "accepted", "codes"), [a[1:] for a in APPRAISED], ids=[a[0] for a in APPRAISED])
def test_which_appraised_values_are_accepted(kit: Kit, appraisal: Path, tmp_path: Path, typed: object,
                                             accepted: str | None, codes: list[str]) -> None:
    cell = appraisal_layout(kit.scheme).appraised_cell("1.4")
    reading = _read_edited(kit, appraisal, tmp_path / "typed.xlsx",
                           lambda wb: wb[APPRAISAL_SHEET].__setitem__(cell, typed))
    assert [p.code for p in reading.problems] == codes
    assert reading.verdict == ("rejected" if codes else "read")
    if accepted is None:
        assert "1.4" not in reading.points
    else:
        assert str(reading.points["1.4"]) == accepted
    if codes:
        assert reading.problems[0].where == f"'{APPRAISAL_SHEET}'!{cell}"


@pytest.mark.parametrize(("xml", "shown"), [
    ('<c r="{cell}"><f>2+3</f><v>5</v></c>', "2+3"),
    ('<c r="{cell}"><f>C8</f><v>10</v></c>', "C8"),
    ('<c r="{cell}" t="str"><f>"7"</f><v>7</v></c>', '"7"'),
], ids=["sum", "a-cell-reference", "text-result"])
def test_a_formula_with_its_cached_value_is_refused(kit: Kit, appraisal: Path, tmp_path: Path, xml: str,
                                                    shown: str) -> None:
    """As a spreadsheet saves it: the formula and the value it computed; the value is not taken as points."""
    cell = appraisal_layout(kit.scheme).appraised_cell("1.4")
    path = set_cell_xml(appraisal, tmp_path / "formula.xlsx", "xl/worksheets/sheet1.xml", cell, xml.format(cell=cell))
    reading = read_appraisal(path.read_bytes(), path.name, _context(kit))
    assert isinstance(reading, AppraisalReading)
    assert [p.code for p in reading.problems] == ["appraisal.not_number"] and "1.4" not in reading.points
    assert shown in reading.problems[0].message


def _read_bytes(kit: Kit, data: bytes, name: str = "phieu.xlsx") -> AppraisalReading:
    reading = read_appraisal(data, name, _context(kit))
    assert isinstance(reading, AppraisalReading)
    return reading


# (id, edit of the council's workbook, code, what the message must name)
APPRAISAL_REFUSALS: list[tuple[str, Callable[[Any], None], str, list[str]]] = [
    ("another-scheme", lambda wb: _set_meta(wb, "scheme_id", "bo-khac"), "identity.wrong_scheme",
     ["'bo-khac'", "'haugiang-2022-so'"]),
    ("another-year", lambda wb: _set_meta(wb, "year", "2021"), "identity.wrong_year", ["năm 2021", "năm 2022"]),
    ("unknown-unit", lambda wb: _set_meta(wb, "unit_code", "so-khong-co"), "identity.unknown_unit",
     ["'so-khong-co'"]),
    ("not-an-appraisal", lambda wb: _set_meta(wb, "kind", "unit"), "appraisal.not_appraisal", []),
    ("no-signature", lambda wb: _set_meta(wb, "signature", ""), "appraisal.not_appraisal", []),
    ("added-sheet", lambda wb: wb.create_sheet("Ghi chú"), "appraisal.sheets", ["Ghi chú", APPRAISAL_SHEET]),
]


@pytest.mark.parametrize(("edit", "code", "named"), [r[1:] for r in APPRAISAL_REFUSALS],
                         ids=[r[0] for r in APPRAISAL_REFUSALS])
def test_an_appraisal_that_is_not_this_round_s_is_refused(kit: Kit, appraisal: Path, tmp_path: Path,
                                                          edit: Callable[[Any], None], code: str,
                                                          named: list[str]) -> None:
    reading = _read_edited(kit, appraisal, tmp_path / "phieu.xlsx", edit)
    assert reading.verdict != "read" and reading.points == {}
    (problem,) = reading.problems
    assert (problem.code, problem.where) == (code, "phieu.xlsx")
    for text in named:
        assert text in problem.message, problem.message


def _ods() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest='
                         '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content xmlns:office='
                         '"urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
    return buffer.getvalue()


@pytest.mark.parametrize(("data", "code"), [
    (b"PK\x03\x04 not really a zip", "format.damaged"),
    (b"%PDF-1.7", "format.pdf"),
    (_ods(), "appraisal.not_appraisal"),
], ids=["damaged", "a-pdf", "an-ods-re-save"])
def test_an_appraisal_that_is_not_a_workbook_is_refused(kit: Kit, data: bytes, code: str) -> None:
    reading = _read_bytes(kit, data)
    assert reading.verdict != "read" and code in [p.code for p in reading.problems]


@pytest.mark.parametrize(("xml", "code", "named"), [
    ('<c r="{cell}"><v>1</v>', "package.malformed_xml", "xl/worksheets/sheet1.xml"),  # Excel refuses it too
    ('<c r="{cell}"><v>1</v></c><c r="{cell}"><v>9</v></c>', "package.hidden_cells", ""),  # which would Excel show?
], ids=["not-well-formed", "a-cell-given-twice"])
def test_an_appraisal_the_reader_refuses_gets_the_reader_s_own_reason(kit: Kit, appraisal: Path, tmp_path: Path,
                                                                      xml: str, code: str, named: str) -> None:
    """As for a unit's file: the council hears what is wrong with the file, not that it is damaged."""
    cell = appraisal_layout(kit.scheme).appraised_cell("1.4")
    path = set_cell_xml(appraisal, tmp_path / "phieu.xlsx", "xl/worksheets/sheet1.xml", cell, xml.format(cell=cell))
    reading = _read_bytes(kit, path.read_bytes(), path.name)
    assert reading.verdict != "read" and [p.code for p in reading.problems] == [code]
    assert named in reading.problems[0].message


def test_a_unit_workbook_given_as_an_appraisal_is_refused(kit: Kit, tmp_path: Path) -> None:
    path = kit.filled(tmp_path / "so-noi-vu.xlsx")
    reading = _read_bytes(kit, path.read_bytes(), path.name)
    assert [(p.code, p.where) for p in reading.problems] == [("appraisal.not_appraisal", "so-noi-vu.xlsx")]


def test_an_appraisal_is_read_with_its_points_comments_and_submission(kit: Kit, appraisal: Path,
                                                                      tmp_path: Path) -> None:
    layout = appraisal_layout(kit.scheme)

    def council(workbook: Any) -> None:
        sheet = workbook[APPRAISAL_SHEET]
        sheet[layout.appraised_cell("1.4")] = 7
        sheet[layout.comment_cell("1.4")] = "  Chỉ 7 tin bài đạt yêu cầu  "
        sheet[layout.comment_cell("1")] = "Nhìn chung đạt"
        sheet[layout.comment_cell("2.1")] = "   "

    reading = _read_edited(kit, appraisal, tmp_path / "phieu.xlsx", council)
    meta = load_workbook(appraisal)["_meta"]
    identity = {r[0]: r[1] for r in meta.iter_rows(values_only=True)}
    assert reading.verdict == "read" and reading.problems == []
    assert (reading.unit_code, reading.submission_sha256) == ("so-noi-vu", identity["submission_sha256"])
    assert reading.points["1.4"] == 7 and "1" not in reading.points, "only leaves carry points"
    assert reading.comments == {"1.4": "Chỉ 7 tin bài đạt yêu cầu", "1": "Nhìn chung đạt"}


def test_a_bad_appraised_value_says_what_was_typed_and_the_max(kit: Kit, appraisal: Path, tmp_path: Path) -> None:
    cell = appraisal_layout(kit.scheme).appraised_cell("1.4")
    reading = _read_edited(kit, appraisal, tmp_path / "phieu.xlsx",
                           lambda wb: wb[APPRAISAL_SHEET].__setitem__(cell, 12))
    (problem,) = reading.problems
    assert "12" in problem.message and "10" in problem.message
