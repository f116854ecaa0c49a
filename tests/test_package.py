"""Zip entries are read straight from the package, and any damage to them is caught."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.test_xlsx_cells import WORKBOOK, package
from xl_dti.consolidation.package import Limits, _member, open_package

PARTS = package(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>')
VIEWS = b"<bookViews>" + b"<workbookView/>" * 500 + b"</bookViews>"
PARTS["xl/workbook.xml"] = WORKBOOK.replace(b"<sheets>", VIEWS + b"<sheets>")


def _package(method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in PARTS.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_every_part_is_read_whole(method: int) -> None:
    package, problems = open_package(_package(method), "a.xlsx", Limits())
    assert not problems and package is not None
    assert package.kind == "xlsx" and package.parts == PARTS


def _codes(data: bytes) -> list[str]:
    package, problems = open_package(data, "a.xlsx", Limits())
    assert package is None
    return [p.code for p in problems]


def test_a_changed_byte_inside_a_part_is_damage() -> None:
    data = bytearray(_package(zipfile.ZIP_STORED))
    data[data.index(b"<workbookView/>") + 2] ^= 0x20  # the CRC no longer matches
    assert _codes(bytes(data)) == ["format.damaged"]


def test_compressed_data_that_does_not_inflate_is_damage() -> None:
    data = bytearray(_package())
    start = data.index(b"xl/workbook.xml") + len("xl/workbook.xml")
    data[start + 5:start + 25] = b"\xff" * 20
    assert _codes(bytes(data)) == ["format.damaged"]


def test_a_part_longer_than_declared_is_damage() -> None:
    data = _package(zipfile.ZIP_STORED)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/workbook.xml")
    assert info.file_size > 100
    # both headers declare 100 bytes fewer than the entry holds
    lying = data.replace(info.file_size.to_bytes(4, "little"), (info.file_size - 100).to_bytes(4, "little"))
    assert _codes(lying) == ["format.damaged"]


def test_a_local_header_that_disagrees_with_the_directory_is_damage() -> None:
    data = _package(zipfile.ZIP_STORED)
    renamed = data.replace(b"xl/workbook.xml", b"xl/workbook.xmm", 1)  # the local header comes first
    assert _codes(renamed) == ["format.damaged"]
    local = data.index(b"PK\x03\x04" + data[4:6])  # the first entry's local header: its method field
    methods = bytearray(data)
    methods[local + 8] = zipfile.ZIP_DEFLATED  # the directory still says stored
    assert _codes(bytes(methods)) == ["format.damaged"]


def test_an_entry_said_to_start_before_the_file_is_damage() -> None:
    info = zipfile.ZipFile(io.BytesIO(_package())).getinfo("xl/workbook.xml")
    info.header_offset = -30
    with pytest.raises(zipfile.BadZipFile):
        _member(_package(), info)
