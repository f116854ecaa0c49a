"""The units list as people save it: either separator, with or without BOM, Vietnamese headers, .xlsx."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.conftest import make_scheme
from xl_dti.units import Unit, UnitsError, read_units

SCHEME = make_scheme("""\
groups:
  - {code: so, name: "Sở, ban, ngành"}
  - {code: xa, name: UBND xã}
indicators:
  - {code: "1", name: Nhận thức số, max: 10}
""")
EXPECTED = [Unit("so-noi-vu", "Sở Nội vụ", "so", "snv@haugiang.gov.vn"), Unit("xa-a", "UBND xã A, huyện B", "xa")]


@pytest.mark.parametrize(("text", "encoding"), [
    pytest.param("code,name,group,email\nso-noi-vu,Sở Nội vụ,so,snv@haugiang.gov.vn\nxa-a,\"UBND xã A, huyện B\",xa,\n",
                 "utf-8", id="comma-utf8"),
    pytest.param("code,name,group,email\nso-noi-vu,Sở Nội vụ,so,snv@haugiang.gov.vn\nxa-a,\"UBND xã A, huyện B\",xa,\n",
                 "utf-8-sig", id="comma-bom"),
    pytest.param("code;name;group;email\nso-noi-vu;Sở Nội vụ;so;snv@haugiang.gov.vn\nxa-a;UBND xã A, huyện B;xa;\n",
                 "utf-8-sig", id="semicolon-excel-vn"),
    pytest.param("Mã;Tên đơn vị;Nhóm;Email\nso-noi-vu;Sở Nội vụ;so;snv@haugiang.gov.vn\nxa-a;UBND xã A, huyện B;xa;\n",
                 "utf-8-sig", id="vietnamese-headers-semicolon"),
    pytest.param("MÃ ĐƠN VỊ,  Tên đơn vị ,nhóm,E-mail\nso-noi-vu,Sở Nội vụ,so,snv@haugiang.gov.vn\n"
                 "xa-a,\"UBND xã A, huyện B\",xa,\n", "utf-8", id="vietnamese-headers-any-case"),
    pytest.param("Ma,Ten don vi,Nhom,Email\nso-noi-vu,Sở Nội vụ,so,snv@haugiang.gov.vn\n"
                 "xa-a,\"UBND xã A, huyện B\",xa,\n", "utf-8", id="headers-without-diacritics"),
])
def test_units_csv_as_people_save_it(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(text.encode(encoding))
    assert read_units(path, SCHEME) == EXPECTED


def test_units_xlsx_with_vietnamese_headers(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in (["Mã", "Tên đơn vị", "Nhóm", "Email"], ["so-noi-vu", "Sở Nội vụ", "so", "snv@haugiang.gov.vn"],
                ["xa-a", "UBND xã A, huyện B", "xa", None]):
        sheet.append(row)
    workbook.save(tmp_path / "units.xlsx")
    assert read_units(tmp_path / "units.xlsx", SCHEME) == EXPECTED


@pytest.mark.parametrize(("encoding", "bom"), [
    pytest.param("cp1258", b"", id="cp1258"),
    pytest.param("utf-16-le", b"\xff\xfe", id="utf16-excel-unicode-text"),
    pytest.param("utf-16-be", b"\xfe\xff", id="utf16-be"),
])
def test_units_in_another_encoding_ask_for_csv_utf8(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(bom + "code,name,group\nso-tu-phap,Sở Tư pháp,so\n".replace("ở", "o\u0309").encode(encoding))
    with pytest.raises(UnitsError) as caught:
        read_units(path, SCHEME)
    assert [(p.code, p.where) for p in caught.value.problems] == [("units.encoding", str(path))]


def test_missing_column_names_what_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text("Mã;Tên\nso-noi-vu;Sở Nội vụ\n", encoding="utf-8")
    with pytest.raises(UnitsError) as caught:
        read_units(path, SCHEME)
    [problem] = caught.value.problems
    assert (problem.code, problem.where, problem.params["missing"]) == ("units.missing_column", f"{path}:1", "Nhóm")
