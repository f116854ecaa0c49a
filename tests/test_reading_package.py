"""What is recorded of every returned file, read or not (name, size, hash, kind, when it was saved), a package
whose sheets the reader refuses (with the reader's own reason), and the round's shared context."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests.returned import Kit, make_kit, saved_at, set_cell_xml
from xl_dti.consolidation.package import Limits
from xl_dti.consolidation.reading import FileReading, RoundContext, read_returned
from xl_dti.errors import Problem

FORM_PART = "xl/worksheets/sheet2.xml"


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return make_kit(tmp_path_factory.mktemp("package"))


def _read(kit: Kit, data: bytes, name: str) -> FileReading:
    return read_returned(data, name, RoundContext(kit.scheme, kit.registry, Limits()))


def test_a_refused_file_is_recorded_with_its_size_and_hash(kit: Kit) -> None:
    reading = _read(kit, b"%PDF-1.7 not a workbook", "bao-cao.xlsx")
    assert (reading.name, reading.size, reading.sha256) == (
        "bao-cao.xlsx", 23, "acc08f4292d9ee5e0798824df4bfce4c1853848ea04a73c72ed60f22a2e13624")
    assert (reading.verdict, reading.kind, reading.unit_code) == ("rejected", "", None)
    assert [(p.code, p.where) for p in reading.problems] == [("format.pdf", "bao-cao.xlsx")]


def test_when_the_file_was_saved_is_recorded(kit: Kit, tmp_path: Path) -> None:
    path = saved_at(kit.filled(tmp_path / "so-noi-vu.xlsx"), "2023-01-14T08:30:00Z")
    reading = _read(kit, path.read_bytes(), path.name)
    assert (reading.verdict, reading.kind, reading.saved) == ("read", "xlsx", "2023-01-14T08:30:00Z")
    assert reading.size == len(path.read_bytes())


def test_a_form_sheet_the_reader_refuses_gets_the_reader_s_reason(kit: Kit, tmp_path: Path) -> None:
    filled = kit.filled(tmp_path / "filled.xlsx")
    path = set_cell_xml(filled, tmp_path / "so-noi-vu.xlsx", FORM_PART, "E13", '<c r="E13"><v>24</v>')
    reading = _read(kit, path.read_bytes(), path.name)
    assert (reading.verdict, [(p.code, p.where) for p in reading.problems]) == (
        "rejected", [("package.malformed_xml", "so-noi-vu.xlsx")])
    assert FORM_PART in reading.problems[0].message


def _ods(content: bytes | None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest='
                         '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
        if content is not None:
            archive.writestr("content.xml", content)
    return buffer.getvalue()


@pytest.mark.parametrize(("content", "code"), [
    (b'<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">',
     "package.malformed_xml"),
    (None, "format.damaged"),
], ids=["content-not-well-formed", "no-content"])
def test_an_ods_the_reader_refuses_gets_the_reader_s_reason(kit: Kit, content: bytes | None, code: str) -> None:
    reading = _read(kit, _ods(content), "so-noi-vu.ods")
    assert (reading.verdict, reading.kind, [(p.code, p.where) for p in reading.problems]) == (
        "rejected", "ods", [(code, "so-noi-vu.ods")])


def test_failing_twice_keeps_every_problem_and_the_quarantine() -> None:
    reading = FileReading("a.xlsx", 10, "ab")
    reading.problems.append(Problem("protection.removed", "a.xlsx", severity="warning"))
    reading.fail([Problem("identity.bad_signature", "a.xlsx", {"unit": "u"})])
    assert reading.verdict == "quarantined"
    reading.fail(iter([Problem("structure.changed", "a.xlsx", {"unit": "u", "cells": "'Chấm điểm'!B8"})]))
    assert reading.verdict == "quarantined", "a later finding never lifts a quarantine"
    assert [p.code for p in reading.problems] == ["protection.removed", "identity.bad_signature", "structure.changed"]
    assert FileReading("b.xlsx", 1, "cd").fail([Problem("structure.changed", "b.xlsx")]).verdict == "rejected"


def test_the_round_works_out_every_group_s_layout_before_the_files(kit: Kit) -> None:
    context = RoundContext(kit.scheme, kit.registry, Limits())
    context.prepare()
    assert set(context.layouts) == {"so", "nganh-doc"}
    assert context.layout("so") is context.layouts["so"], "a group's layout is worked out once"
    assert [context.layouts[g].scheme is kit.scheme for g in ("so", "nganh-doc")] == [True, True]
