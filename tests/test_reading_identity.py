"""Which unit a returned file says it is, and whether to believe it: every identity finding with its code, its
values and the verdict it calls for, on files whose «_meta» a person (or a forger) changed.

A file that names no unit, another scheme, another year or an unknown unit is rejected; one whose signature does
not hold, or that is signed for another generation of the unit's workbook, is quarantined for the council."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.returned import Kit, blank_workbook_with, make_kit
from xl_dti.consolidation.package import Limits, open_package
from xl_dti.consolidation.reading import FileReading, RoundContext, meta_identity, read_returned
from xl_dti.consolidation.xlsx_cells import read_xlsx
from xl_dti.workbook.layout import META_KEYS, META_SHEET
from xl_dti.workbook.structure import signature


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return make_kit(tmp_path_factory.mktemp("identity"))


@pytest.fixture(scope="module")
def context(kit: Kit) -> RoundContext:
    return RoundContext(kit.scheme, kit.registry, Limits())


def _with_meta(kit: Kit, target: Path, values: Mapping[str, str | None]) -> Path:
    """So-noi-vu's filled workbook with some «_meta» values (by key) changed or emptied."""
    def edit(workbook: Workbook) -> None:
        sheet = workbook[META_SHEET]
        rows = {sheet.cell(row, 1).value: row for row in range(1, len(META_KEYS) + 1)}
        for key, value in values.items():
            sheet.cell(rows[key], 2).value = value
    return kit.edited(target, edit)


def _read(context: RoundContext, path: Path) -> FileReading:
    return read_returned(path.read_bytes(), path.name, context)


def _forged(kit: Kit, code: str, structure: str) -> str:
    """A signature made with the unit's own secret (as the tool makes it) over another structure fingerprint."""
    unit = kit.registry.units[code]
    return signature(unit.secret, code, kit.registry.year, kit.registry.scheme_fingerprint, structure)


# (id, «_meta» values changed, code, params, verdict, the unit code recorded)
CASES: list[tuple[str, dict[str, str | None], str, dict[str, object], str, str | None]] = [
    ("no-unit-code", {"unit_code": None}, "identity.no_meta", {}, "rejected", None),
    ("no-signature", {"signature": None}, "identity.no_meta", {}, "rejected", None),
    ("another-scheme", {"scheme_id": "bo-khac"}, "identity.wrong_scheme",
     {"found": "bo-khac", "scheme": "haugiang-2022-so"}, "rejected", "so-noi-vu"),
    ("no-scheme", {"scheme_id": None}, "identity.wrong_scheme", {"found": None, "scheme": "haugiang-2022-so"},
     "rejected", "so-noi-vu"),
    ("another-year", {"year": "2021"}, "identity.wrong_year", {"found": "2021", "year": 2022}, "rejected",
     "so-noi-vu"),
    ("no-year", {"year": None}, "identity.wrong_year", {"found": None, "year": 2022}, "rejected", "so-noi-vu"),
    ("an-unknown-unit", {"unit_code": "so-khong-co"}, "identity.unknown_unit", {"unit": "so-khong-co"},
     "rejected", "so-khong-co"),
    ("another-unit-s-code", {"unit_code": "so-tu-phap"}, "identity.bad_signature", {"unit": "so-tu-phap"},
     "quarantined", "so-tu-phap"),
    ("a-tampered-signature", {"signature": "0" * 64}, "identity.bad_signature", {"unit": "so-noi-vu"},
     "quarantined", "so-noi-vu"),
    ("a-forged-structure-fingerprint", {"structure_fingerprint": "0" * 40}, "identity.bad_signature",
     {"unit": "so-noi-vu"}, "quarantined", "so-noi-vu"),
    ("no-structure-fingerprint", {"structure_fingerprint": None}, "identity.bad_signature", {"unit": "so-noi-vu"},
     "quarantined", "so-noi-vu"),
]


@pytest.mark.parametrize(("values", "code", "params", "verdict", "unit"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_identity_findings(kit: Kit, context: RoundContext, tmp_path: Path, values: dict[str, str | None],
                           code: str, params: dict[str, object], verdict: str, unit: str | None) -> None:
    reading = _read(context, _with_meta(kit, tmp_path / "so-noi-vu.xlsx", values))
    assert [(p.code, p.where, p.params, p.severity) for p in reading.problems] == [
        (code, "so-noi-vu.xlsx", params, "error")]
    assert (reading.verdict, reading.unit_code, reading.kind) == (verdict, unit, "xlsx")
    assert not reading.answers and reading.result is None


def test_a_workbook_signed_for_another_generation_is_a_conflict(kit: Kit, context: RoundContext,
                                                                 tmp_path: Path) -> None:
    """Signed with the unit's secret, but over a structure that is not the one the registry has for the unit
    (a workbook of an earlier generation): whose file it is cannot be told, so the council decides."""
    other = "1" * 40
    path = _with_meta(kit, tmp_path / "so-noi-vu.xlsx",
                      {"structure_fingerprint": other, "signature": _forged(kit, "so-noi-vu", other)})
    reading = _read(context, path)
    assert [(p.code, p.params) for p in reading.problems] == [("identity.conflict", {"unit": "so-noi-vu"})]
    assert (reading.verdict, reading.unit_code) == ("quarantined", "so-noi-vu")


def test_a_file_signed_over_no_structure_is_a_conflict(kit: Kit, context: RoundContext, tmp_path: Path) -> None:
    """Without a structure fingerprint the signature is checked over an empty one: signed so, the file is the
    tool's, but not the structure the registry has for the unit."""
    path = _with_meta(kit, tmp_path / "so-noi-vu.xlsx",
                      {"structure_fingerprint": None, "signature": _forged(kit, "so-noi-vu", "")})
    reading = _read(context, path)
    assert ([p.code for p in reading.problems], reading.verdict) == (["identity.conflict"], "quarantined")


def test_a_workbook_without_meta_names_no_unit(kit: Kit, context: RoundContext, tmp_path: Path) -> None:
    """Answers pasted into a new workbook: no «_meta» sheet at all."""
    path = blank_workbook_with({"A7": "1", "E8": "Người đứng đầu trực tiếp phụ trách"}, tmp_path / "dan.xlsx")
    reading = _read(context, path)
    assert [(p.code, p.where) for p in reading.problems] == [("identity.no_meta", "dan.xlsx")]
    assert (reading.verdict, reading.unit_code) == ("rejected", None)


def test_the_honest_file_s_identity(kit: Kit, context: RoundContext, tmp_path: Path) -> None:
    reading = _read(context, kit.filled(tmp_path / "so-noi-vu.xlsx"))
    assert (reading.verdict, reading.unit_code, reading.problems) == ("read", "so-noi-vu", [])


def test_meta_identity_reads_the_key_rows_at_the_top_only(kit: Kit, tmp_path: Path) -> None:
    """The identity is the key/value rows at the top of «_meta»: all of them, the last included; a key row below
    them, an unknown key or a key without a value is not part of it."""
    def edit(workbook: Workbook) -> None:
        sheet = workbook[META_SHEET]
        sheet.cell(3, 1).value = "not_a_key"  # scheme_fingerprint's row, under another name
        sheet.cell(4, 2).value = None  # xl_dti_version without a value
        below = len(META_KEYS) + 1
        sheet.cell(below, 1).value, sheet.cell(below, 2).value = "unit_code", "so-tu-phap"
    path = kit.edited(tmp_path / "meta.xlsx", edit)
    package, _ = open_package(path.read_bytes(), path.name, Limits())
    assert package is not None
    identity = meta_identity(read_xlsx(package.parts, {META_SHEET: None}))
    assert set(identity) == set(META_KEYS) - {"scheme_fingerprint", "xl_dti_version"}
    assert (identity["scheme_id"], identity["unit_code"], identity["signature"]) == (
        "haugiang-2022-so", "so-noi-vu", kit.registry.units["so-noi-vu"].signature)
    assert identity["unit_name"] == "Sở Nội vụ" and identity["year"] == "2022"
