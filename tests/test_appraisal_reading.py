"""Reading one council's appraisal workbook back: what it says, and what each refusal tells the council.

read_appraisal is called directly on real appraisal workbooks (written by ``appraise`` for a generated round,
then typed into the way a spreadsheet application stores it); every expected value is written down.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.returned import Kit, make_kit, saved_at, set_cell_xml, touch
from tests.tools import locate, needs
from xl_dti.appraisal.layout import APPRAISAL_SHEET, appraisal_layout
from xl_dti.appraisal.reading import AppraisalReading, read_appraisal
from xl_dti.appraisal.run import appraisal_name, appraise
from xl_dti.consolidation.package import Limits
from xl_dti.consolidation.reading import RoundContext
from xl_dti.workbook.structure import signature

SHEET_XML = "xl/worksheets/sheet1.xml"  # the appraisal sheet, the first one written


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return make_kit(tmp_path_factory.mktemp("reading"))


@pytest.fixture(scope="module")
def round_(kit: Kit, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The returned files of Sở Nội vụ and Kho bạc (which marked 3.3 «KĐG»), and their appraisal workbooks."""
    folder = tmp_path_factory.mktemp("round")
    returned = folder / "returned"
    returned.mkdir()
    for unit in ("so-noi-vu", "kho-bac"):
        touch(kit.filled(returned / f"{unit}.xlsx", unit), datetime(2023, 1, 2))
    appraise(kit.scheme, returned, kit.registry, folder / "out", jobs=1)
    return returned, folder / "out"


def _source(round_: tuple[Path, Path], unit: str = "so-noi-vu") -> Path:
    return round_[1] / appraisal_name(2022, unit)


def _read(kit: Kit, path: Path, limits: Limits | None = None) -> AppraisalReading:
    reading = read_appraisal(path.read_bytes(), path.name, RoundContext(kit.scheme, kit.registry, limits or Limits()))
    assert isinstance(reading, AppraisalReading)
    return reading


def _edited(source: Path, target: Path, edit: Callable[[Any], None]) -> Path:
    workbook = load_workbook(source)
    edit(workbook)
    workbook.save(target)
    return target


def _meta_row(workbook: Any, key: str) -> int:
    sheet = workbook["_meta"]
    (row,) = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == key]
    return row


def _set_meta(key: str, value: str | None) -> Callable[[Any], None]:
    return lambda workbook: setattr(workbook["_meta"].cell(_meta_row(workbook, key), 2), "value", value)


def _drop_meta(key: str) -> Callable[[Any], None]:
    """The identity row taken out (its key renamed: the reader no longer finds it)."""
    return lambda workbook: setattr(workbook["_meta"].cell(_meta_row(workbook, key), 1), "value", "ghi_chu")


def _typed(cell: str, value: object) -> Callable[[Any], None]:
    return lambda workbook: workbook[APPRAISAL_SHEET].__setitem__(cell, value)


def _resigned_without_values_fingerprint(kit: Kit) -> Callable[[Any], None]:
    """An appraisal workbook as the version before the .ods fingerprint wrote it, signed without it."""
    def edit(workbook: Any) -> None:
        meta = {row[0].value: row[1] for row in workbook["_meta"].iter_rows()}
        unit = kit.registry.units["so-noi-vu"]
        meta["values_fingerprint"].value = None
        meta["signature"].value = signature(unit.secret, unit.code, 2022, kit.registry.scheme_fingerprint,
                                            meta["structure_fingerprint"].value, meta["submission_sha256"].value)
    return edit


def test_an_untouched_appraisal_reads_with_the_facts_of_its_file(kit: Kit, round_: tuple[Path, Path]) -> None:
    source = _source(round_)
    data = source.read_bytes()
    reading = _read(kit, source)
    assert reading.problems == [] and reading.verdict == "read"
    assert (reading.name, reading.size, reading.sha256, reading.kind) == (
        source.name, len(data), hashlib.sha256(data).hexdigest(), "xlsx")
    assert reading.unit_code == "so-noi-vu"
    assert reading.submission_sha256 == hashlib.sha256((round_[0] / "so-noi-vu.xlsx").read_bytes()).hexdigest()


def test_the_time_the_council_saved_the_file_is_kept(kit: Kit, round_: tuple[Path, Path], tmp_path: Path) -> None:
    path = saved_at(_edited(_source(round_), tmp_path / "phieu.xlsx", lambda wb: None), "2023-01-05T08:30:00Z")
    assert _read(kit, path).saved == "2023-01-05T08:30:00Z"


def test_the_council_s_points_count_on_every_leaf_also_after_an_na_row(kit: Kit, round_: tuple[Path, Path],
                                                                      tmp_path: Path) -> None:
    """Kho bạc marked 3.3 «KĐG»: that row has no points, and the leaves after it are still read."""
    layout = appraisal_layout(kit.scheme)

    def council(workbook: Any) -> None:
        sheet = workbook[APPRAISAL_SHEET]
        for code, points in {"1.1": 0, "2.4": 5, "3.4": 2.5, "5.8": 7}.items():
            sheet[layout.appraised_cell(code)] = points

    reading = _read(kit, _edited(_source(round_, "kho-bac"), tmp_path / "phieu.xlsx", council))
    assert reading.problems == [] and reading.verdict == "read" and reading.unit_code == "kho-bac"
    assert "3.3" not in reading.points and "3" not in reading.points
    assert {c: reading.points[c] for c in ("1.1", "2.4", "3.4", "5.8")} == {
        "1.1": Decimal(0), "2.4": Decimal(5), "3.4": Decimal("2.5"), "5.8": Decimal(7)}


# (id, edit of the council's workbook, code, the exact message)
REFUSED: list[tuple[str, Callable[[Any], None], str, str]] = [
    ("not-an-appraisal", _set_meta("kind", "unit"), "appraisal.not_appraisal",
     "không phải phiếu thẩm định do xl-dti tạo (thiếu thông tin nhận dạng). Dùng phiếu do lệnh xl-dti appraise tạo."),
    ("no-unit-code", _drop_meta("unit_code"), "appraisal.not_appraisal",
     "không phải phiếu thẩm định do xl-dti tạo (thiếu thông tin nhận dạng). Dùng phiếu do lệnh xl-dti appraise tạo."),
    ("another-scheme", _set_meta("scheme_id", "bo-khac"), "identity.wrong_scheme",
     "biểu mẫu theo bộ chỉ số 'bo-khac', không phải 'haugiang-2022-so'. Điền vào đúng biểu mẫu năm nay."),
    ("another-year", _set_meta("year", "2021"), "identity.wrong_year",
     "biểu mẫu của năm 2021, không phải năm 2022. Điền vào biểu mẫu năm 2022."),
    ("unknown-unit", _set_meta("unit_code", "so-khong-co"), "identity.unknown_unit",
     "biểu mẫu của đơn vị mã 'so-khong-co', không có trong danh sách đơn vị được đánh giá. "
     "Liên hệ cơ quan thường trực."),
    ("another-unit-s-code", _set_meta("unit_code", "so-tu-phap"), "identity.bad_signature",
     "thông tin nhận dạng của biểu mẫu (đơn vị 'so-tu-phap') đã bị thay đổi. Tệp được chuyển Hội đồng xem xét."),
    ("no-structure-fingerprint", _drop_meta("structure_fingerprint"), "identity.bad_signature",
     "thông tin nhận dạng của biểu mẫu (đơn vị 'so-noi-vu') đã bị thay đổi. Tệp được chuyển Hội đồng xem xét."),
    ("no-submission", _drop_meta("submission_sha256"), "identity.bad_signature",
     "thông tin nhận dạng của biểu mẫu (đơn vị 'so-noi-vu') đã bị thay đổi. Tệp được chuyển Hội đồng xem xét."),
    ("a-sheet-added", lambda wb: wb.create_sheet("Ghi chú"), "appraisal.sheets",
     f"các trang tính của phiếu thẩm định đã bị đổi (có: {APPRAISAL_SHEET}, _lists, _meta, Ghi chú; cần: "
     f"{APPRAISAL_SHEET}, _lists, _meta). Không đổi tên, thêm hay xóa trang; Hội đồng nhập điểm và ý kiến vào "
     "phiếu do xl-dti appraise tạo."),
    ("a-locked-formula-rewritten", lambda wb: wb[APPRAISAL_SHEET].__setitem__("I7", "=SUM(I8:I11)+1"),
     "appraisal.structure_changed",
     "nội dung bị khóa của phiếu thẩm định đã bị thay đổi (mã, tên, điểm, số liệu của đơn vị hoặc công thức). "
     "Hội đồng chỉ nhập vào cột «Điểm thẩm định» và «Ý kiến thẩm định» của phiếu do xl-dti appraise tạo; "
     "nhập lại vào phiếu đó."),
]


@pytest.mark.parametrize(("edit", "code", "message"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_a_refused_appraisal_says_why_in_the_council_s_words(kit: Kit, round_: tuple[Path, Path], tmp_path: Path,
                                                           edit: Callable[[Any], None], code: str,
                                                           message: str) -> None:
    reading = _read(kit, _edited(_source(round_), tmp_path / "phieu.xlsx", edit))
    assert reading.verdict in ("rejected", "quarantined") and reading.points == {} and reading.comments == {}
    assert [(p.code, p.where, p.message) for p in reading.problems] == [(code, "phieu.xlsx", message)]


def test_the_parent_s_sum_formula_is_where_the_test_above_rewrites_it(kit: Kit) -> None:
    """The control of «a-locked-formula-rewritten»: I7 is pillar 1's locked sum of its four leaves."""
    layout = appraisal_layout(kit.scheme)
    assert layout.points_cell("1") == "I7" and [layout.node_row[c] for c in ("1.1", "1.4")] == [8, 11]


def test_an_appraisal_signed_before_the_ods_fingerprint_existed_still_reads(kit: Kit, round_: tuple[Path, Path],
                                                                            tmp_path: Path) -> None:
    cell = appraisal_layout(kit.scheme).appraised_cell("1.4")

    def edit(workbook: Any) -> None:
        _resigned_without_values_fingerprint(kit)(workbook)
        workbook[APPRAISAL_SHEET][cell] = 6

    reading = _read(kit, _edited(_source(round_), tmp_path / "phieu.xlsx", edit))
    assert reading.problems == [] and reading.points["1.4"] == Decimal(6)


def test_a_file_that_cannot_be_opened_is_named_in_its_problem(kit: Kit, tmp_path: Path) -> None:
    path = tmp_path / "phieu-hong.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    reading = _read(kit, path)
    assert reading.name == "phieu-hong.xlsx" and reading.verdict == "rejected" and reading.size == 21
    assert [(p.code, p.where) for p in reading.problems] == [("format.damaged", "phieu-hong.xlsx")]


def test_a_file_above_the_round_s_size_limit_is_refused(kit: Kit, round_: tuple[Path, Path]) -> None:
    reading = _read(kit, _source(round_), Limits(max_file_bytes=1000))
    assert reading.verdict == "rejected" and [p.code for p in reading.problems] == ["package.too_large"]


# (id, the XML of leaf 1.4's appraised cell (max 10) as a spreadsheet stores it, what the message says was there)
NOT_A_NUMBER: list[tuple[str, str, str]] = [
    ("a-formula", '<c r="{cell}"><f>2+3</f><v>5</v></c>', "công thức =2+3"),
    ("an-error-value", '<c r="{cell}" t="e"><v>#DIV/0!</v></c>', "giá trị lỗi #DIV/0!"),
    ("a-boolean", '<c r="{cell}" t="b"><v>1</v></c>', "giá trị TRUE/FALSE"),
    ("a-date", '<c r="{cell}" t="d"><v>2023-01-05</v></c>', "ngày tháng"),
    ("not-finite", '<c r="{cell}"><v>NaN</v></c>', "chữ 'NaN'"),
    ("thousands-or-decimal", '<c r="{cell}" t="inlineStr"><is><t>1.000</t></is></c>',
     "'1.000' (không rõ dấu chấm là dấu thập phân hay dấu ngăn cách hàng nghìn)"),
    ("an-exponent", '<c r="{cell}" t="inlineStr"><is><t>1e1</t></is></c>', "chữ '1e1'"),
    ("words", '<c r="{cell}" t="inlineStr"><is><t>năm điểm</t></is></c>', "chữ 'năm điểm'"),
]


@pytest.mark.parametrize(("xml", "what"), [r[1:] for r in NOT_A_NUMBER], ids=[r[0] for r in NOT_A_NUMBER])
def test_a_cell_that_is_not_a_number_is_refused_saying_what_it_holds(kit: Kit, round_: tuple[Path, Path],
                                                                    tmp_path: Path, xml: str, what: str) -> None:
    cell = appraisal_layout(kit.scheme).appraised_cell("1.4")
    path = set_cell_xml(_source(round_), tmp_path / "phieu.xlsx", SHEET_XML, cell, xml.format(cell=cell))
    reading = _read(kit, path)
    assert reading.verdict == "rejected" and "1.4" not in reading.points
    assert [(p.code, p.where, p.message) for p in reading.problems] == [(
        "appraisal.not_number", f"'{APPRAISAL_SHEET}'!{cell}",
        f"ô điểm thẩm định chứa {what}, không phải một số. Hội đồng nhập một số từ 0 đến 10 (số lẻ viết 7,5), "
        "không nhập công thức; để trống thì giữ điểm tự chấm.")]


def test_points_outside_a_leaf_s_own_range_name_its_max(kit: Kit, round_: tuple[Path, Path], tmp_path: Path) -> None:
    cell = appraisal_layout(kit.scheme).appraised_cell("2.4")  # max 5
    reading = _read(kit, _edited(_source(round_), tmp_path / "phieu.xlsx", _typed(cell, 5.5)))
    assert reading.verdict == "rejected" and "2.4" not in reading.points
    assert [(p.code, p.where, p.message) for p in reading.problems] == [(
        "appraisal.bad_points", f"'{APPRAISAL_SHEET}'!{cell}",
        "điểm thẩm định 5,5 nằm ngoài khoảng cho phép. Nhập một số từ 0 đến 5.")]


def test_a_decimal_comma_is_read_with_the_unit_s_warning(kit: Kit, round_: tuple[Path, Path], tmp_path: Path) -> None:
    cell = appraisal_layout(kit.scheme).appraised_cell("1.4")
    reading = _read(kit, _edited(_source(round_), tmp_path / "phieu.xlsx", _typed(cell, "8,5")))
    assert reading.verdict == "read" and reading.points["1.4"] == Decimal("8.5")
    assert [(p.code, p.where, p.severity, p.message) for p in reading.problems] == [
        ("input.decimal_comma", f"'{APPRAISAL_SHEET}'!{cell}", "warning",
         "'8,5' được đọc là 8,5 (dấu phẩy thập phân).")]


def test_a_comment_is_kept_as_typed_without_its_surrounding_spaces(kit: Kit, round_: tuple[Path, Path],
                                                                  tmp_path: Path) -> None:
    layout = appraisal_layout(kit.scheme)

    def council(workbook: Any) -> None:
        sheet = workbook[APPRAISAL_SHEET]
        sheet[layout.comment_cell("1")] = "  Nhìn chung đạt "
        sheet[layout.comment_cell("1.4")] = "Chỉ 7 tin bài đạt yêu cầu"
        sheet[layout.comment_cell("2.1")] = "   "
        sheet[layout.comment_cell("5.8")] = 12  # a number typed as a comment is still the council's comment

    reading = _read(kit, _edited(_source(round_), tmp_path / "phieu.xlsx", council))
    assert reading.problems == [] and reading.verdict == "read"
    assert reading.comments == {"1": "Nhìn chung đạt", "1.4": "Chỉ 7 tin bài đạt yêu cầu", "5.8": "12"}


def test_a_formula_in_a_comment_is_refused_naming_the_cell(kit: Kit, round_: tuple[Path, Path],
                                                           tmp_path: Path) -> None:
    cell = appraisal_layout(kit.scheme).comment_cell("1.4")
    path = set_cell_xml(_source(round_), tmp_path / "phieu.xlsx", SHEET_XML, cell,
                        f'<c r="{cell}" t="str"><f>"Đạt"&amp;"!"</f><v>Đạt!</v></c>')
    reading = _read(kit, path)
    assert reading.verdict == "rejected" and reading.comments == {}
    assert [(p.code, p.where, p.message) for p in reading.problems] == [(
        "appraisal.comment_formula", f"'{APPRAISAL_SHEET}'!{cell}",
        'ô ý kiến thẩm định chứa công thức (="Đạt"&"!"). Nhập ý kiến dạng chữ, không bắt đầu bằng dấu =.')]


# (id, the XML of Kho bạc's 3.3 appraised cell, a row it marked «KĐG»; whether it is refused)
NA_ROW: list[tuple[str, str | None, bool]] = [
    ("kdg-kept", None, False),
    ("kdg-with-spaces", '<c r="{cell}" t="inlineStr"><is><t> KĐG </t></is></c>', False),
    ("only-spaces", '<c r="{cell}" t="inlineStr"><is><t>   </t></is></c>', False),
    ("emptied", '<c r="{cell}"/>', False),
    ("points", '<c r="{cell}"><v>5</v></c>', True),
    ("zero", '<c r="{cell}"><v>0</v></c>', True),
    ("words", '<c r="{cell}" t="inlineStr"><is><t>Không đánh giá</t></is></c>', True),
    ("a-formula-showing-kdg", '<c r="{cell}" t="str"><f>"KĐG"</f><v>KĐG</v></c>', True),
]


@pytest.mark.parametrize(("xml", "refused"), [r[1:] for r in NA_ROW], ids=[r[0] for r in NA_ROW])
def test_an_na_row_must_keep_kdg_in_its_appraised_cell(kit: Kit, round_: tuple[Path, Path], tmp_path: Path,
                                                       xml: str | None, refused: bool) -> None:
    layout = appraisal_layout(kit.scheme)
    cell = layout.appraised_cell("3.3")
    source = _source(round_, "kho-bac")
    assert load_workbook(source)[APPRAISAL_SHEET][cell].value == "KĐG", "the control: the row is marked «KĐG»"
    path = source if xml is None else set_cell_xml(source, tmp_path / "phieu.xlsx", SHEET_XML, cell,
                                                   xml.format(cell=cell))
    reading = _read(kit, path)
    assert "3.3" not in reading.points and reading.points["3.4"] == Decimal(10), "the next leaf is still read"
    if not refused:
        assert reading.problems == [] and reading.verdict == "read"
        return
    assert reading.verdict == "rejected"
    assert [(p.code, p.where) for p in reading.problems] == [("appraisal.na_row", f"'{APPRAISAL_SHEET}'!{cell}")]


@pytest.fixture(scope="module")
def as_ods(kit: Kit, round_: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """So Nội vụ's appraisal re-saved as .ods by Gnumeric: as written, and as the earlier version signed it."""
    folder = tmp_path_factory.mktemp("ods")
    sources = {"current": _source(round_),
               "earlier": _edited(_source(round_), folder / "earlier.xlsx", _resigned_without_values_fingerprint(kit))}
    saved = {}
    for name, source in sources.items():
        saved[name] = folder / f"{name}.ods"
        subprocess.run([locate("gnumeric"), str(source), str(saved[name])], check=True, capture_output=True,
                       timeout=120)
    return saved


@needs("gnumeric")
def test_an_appraisal_re_saved_as_ods_reads(kit: Kit, as_ods: dict[str, Path]) -> None:
    reading = _read(kit, as_ods["current"])
    assert reading.problems == [] and reading.verdict == "read" and reading.kind == "ods"
    assert reading.unit_code == "so-noi-vu" and reading.points["1.4"] == Decimal(10)


def _ods_with(path: Path, target: Path, old: bytes, new: bytes) -> Path:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    assert old in parts["content.xml"]
    parts["content.xml"] = parts["content.xml"].replace(old, new, 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", parts.pop("mimetype"), compress_type=zipfile.ZIP_STORED)
        for name, data in parts.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    target.write_bytes(buffer.getvalue())
    return target


@needs("gnumeric")
@pytest.mark.parametrize("case", ["a-locked-name-changed", "signed-before-the-ods-fingerprint"])
def test_an_ods_appraisal_whose_locked_values_cannot_be_vouched_for_is_refused(kit: Kit, as_ods: dict[str, Path],
                                                                              tmp_path: Path, case: str) -> None:
    """An .ods keeps values, not formulas: only the values fingerprint (signed since it exists) vouches for them."""
    if case == "a-locked-name-changed":
        name = kit.scheme.tree.by_code["1.4"].name.encode()
        path = _ods_with(as_ods["current"], tmp_path / "phieu.ods", name, name + " (đã sửa)".encode())
    else:
        path = shutil.copy(as_ods["earlier"], tmp_path / "phieu.ods")
    reading = _read(kit, Path(path))
    assert reading.verdict == "rejected" and reading.points == {}
    assert [(p.code, p.where) for p in reading.problems] == [("appraisal.structure_changed", "phieu.ods")]


@needs("gnumeric")
def test_a_sheet_added_to_an_ods_appraisal_is_named_even_when_it_cannot_be_read(kit: Kit, as_ods: dict[str, Path],
                                                                                tmp_path: Path) -> None:
    """The reader reads only the appraisal's own sheets: the council hears that a sheet was added, not that
    the file is damaged because of what that sheet holds."""
    added = ('<table:table table:name="Ghi chú"><table:table-row><table:table-cell office:value-type="float" '
             'office:value="không phải số"/></table:table-row></table:table></office:spreadsheet>')
    path = _ods_with(as_ods["current"], tmp_path / "phieu.ods", b"</office:spreadsheet>", added.encode())
    reading = _read(kit, path)
    assert reading.verdict == "rejected"
    assert [(p.code, p.where) for p in reading.problems] == [("appraisal.sheets", "phieu.ods")]
    assert f"(có: {APPRAISAL_SHEET}, _lists, _meta, Ghi chú;" in reading.problems[0].message


def test_a_file_the_reader_refuses_gets_the_reader_s_reason_naming_the_file(kit: Kit, round_: tuple[Path, Path],
                                                                           tmp_path: Path) -> None:
    cell = appraisal_layout(kit.scheme).appraised_cell("1.4")
    path = set_cell_xml(_source(round_), tmp_path / "phieu.xlsx", SHEET_XML, cell, f'<c r="{cell}"><v>1</v>')
    reading = _read(kit, path)
    assert reading.verdict == "rejected"
    assert [(p.code, p.where) for p in reading.problems] == [("package.malformed_xml", "phieu.xlsx")]
    assert "xl/worksheets/sheet1.xml" in reading.problems[0].message
