"""The adversarial suite: one constructed file per threat, each with its outcome and its code."""

from __future__ import annotations

import re
import shutil
import sys
import time
import warnings
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from tests.returned import (
    Kit,
    blank_workbook_with,
    bytes_of,
    make_kit,
    replace_in_part,
    saved_at,
    set_cell_xml,
    touch,
    write_zip,
    zip_parts,
)
from xl_dti.consolidation.package import Limits
from xl_dti.consolidation.reading import FileReading, RoundContext, read_returned
from xl_dti.consolidation.run import consolidate
from xl_dti.generate import generate
from xl_dti.libreoffice import convert, soffice
from xl_dti.scheme import load_scheme
from xl_dti.units import Unit

FORM, META = "xl/worksheets/sheet2.xml", "xl/worksheets/sheet5.xml"
Builder = Callable[[Kit, Path], Path]


def _f(kit: Kit, t: Path, **changes: object) -> Path:
    return kit.filled(t, **changes)


def _form_cell(kit: Kit, t: Path, code: str, xml_value: str, name: str = "value") -> Path:
    base = kit.filled(kit.work / f"b-{t.name}")
    cell = kit.cell_of(code, name)
    return set_cell_xml(base, t, FORM, cell, f'<c r="{cell}"{xml_value}</c>')


def _edit_form(edit: Callable[[object], None]) -> Callable[[Kit, Path], Path]:
    return lambda kit, t: kit.edited(t, lambda wb: edit(wb["Chấm điểm"]))


def _zip_bomb(kit: Kit, t: Path) -> Path:
    parts = zip_parts(kit.filled(kit.work / "b-bomb.xlsx"))
    parts["xl/media/padding.bin"] = b"\0" * (30 * 1024 * 1024)
    return write_zip(t, parts)


def _doctype(payload: bytes) -> Builder:
    def build(kit: Kit, t: Path) -> Path:
        base = kit.filled(kit.work / f"b-{t.name}")
        return replace_in_part(base, t, FORM, b"<worksheet", payload + b"<worksheet")
    return build


BILLION_LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                  b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
EXTERNAL_ENTITY = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _duplicate_entries(case_only: bool) -> Builder:
    def build(kit: Kit, t: Path) -> Path:
        parts = list(zip_parts(kit.filled(kit.work / f"b-{t.name}")).items())
        name, data = next((n, d) for n, d in parts if n == FORM)
        parts.append((name.upper() if case_only else name, data))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return write_zip(t, parts)
    return build


def _swap_meta(kit: Kit, t: Path) -> Path:
    mine = zip_parts(kit.filled(kit.work / "mine.xlsx", "so-noi-vu"))
    theirs = zip_parts(kit.filled(kit.work / "theirs.xlsx", "so-tu-phap"))
    mine[META] = theirs[META]  # strings are written inline, so the part carries the other unit's identity
    return write_zip(t, mine)


def _meta_string(old: bytes, new: bytes) -> Builder:
    return lambda kit, t: replace_in_part(kit.filled(kit.work / f"b-{t.name}"), t, META, old, new)


def _other_round(year: int, scheme_id: str, unit: Unit) -> Builder:
    def build(kit: Kit, t: Path) -> Path:
        folder = kit.work / f"round-{year}-{scheme_id}"
        report = generate(load_scheme(scheme_id), [unit], folder, year=year)
        shutil.copy(report.files[0], t)
        return t
    return build


def _sort_rows(ws: object) -> None:
    sheet = ws  # swap two indicator rows' locked content (a «sorted» form)
    for column in "ABCD":
        upper, lower = sheet[f"{column}8"], sheet[f"{column}12"]  # type: ignore[index]
        upper.value, lower.value = lower.value, upper.value


def _cached_total(kit: Kit, t: Path) -> Path:
    base = kit.filled(kit.work / "b-cached.xlsx")
    (recalculated,) = convert([base], kit.work / "recalc")
    cell = "G73"
    parts = zip_parts(recalculated)
    form = next(n for n in parts if n.startswith("xl/worksheets/") and b'r="G73"' in parts[n] and b"E8" in parts[n])
    text = parts[form].decode()
    text = re.sub(rf'(<c r="{cell}"[^>]*>.*?<v>)([^<]*)(</v>)', r"\g<1>999\g<3>", text, count=1)
    parts[form] = text.encode()
    return write_zip(t, parts)


def _libreoffice(target: str) -> Builder:
    def build(kit: Kit, t: Path) -> Path:
        base = kit.filled(kit.work / f"lo-{t.stem}.xlsx")
        (converted,) = convert([base], kit.work / f"lo-{target}", target)
        shutil.copy(converted, t)
        return t
    return build


needs_lo = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")

# (id, file name, builder, outcome, code that must be among the file's codes)
THREATS: list[tuple[str, str, Builder, str, str | None]] = [
    ("honest", "honest.xlsx", _f, "accepted", None),
    ("decimal-comma", "comma.xlsx", lambda k, t: _f(k, t, **{"2.4": "4,5"}), "accepted", "input.decimal_comma"),
    ("spaces", "spaces.xlsx", lambda k, t: _f(k, t, **{"1.3": " 4 "}), "accepted", "input.spaces"),
    ("missing-answers", "missing.xlsx", lambda k, t: _f(k, t, **{"1.3": None, "2.4": None}), "accepted",
     "answer.missing"),
    ("missing-evidence", "evidence.xlsx", lambda k, t: _f(k, t, **{"2.4": 4}), "accepted", "evidence.missing"),
    ("protection-removed", "unprotected.xlsx",
     lambda k, t: k.edited(t, lambda wb: [setattr(ws.protection, "sheet", False) for ws in wb.worksheets]),
     "accepted", "protection.removed"),
    ("empty", "empty.xlsx", lambda k, t: bytes_of(b"", t), "rejected", "format.empty"),
    ("truncated", "truncated.xlsx", lambda k, t: bytes_of(k.filled(k.work / "b-trunc.xlsx").read_bytes()[:3000], t),
     "rejected", "format.damaged"),
    ("renamed-pdf", "report.xlsx", lambda k, t: bytes_of(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", t),
     "rejected", "format.pdf"),
    ("renamed-html", "page.xlsx", lambda k, t: bytes_of(b"<html><body><table><tr><td>1</td></tr></table>", t),
     "rejected", "format.html"),
    ("encrypted", "secret.xlsx",
     lambda k, t: bytes_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptionInfo".encode("utf-16-le"), t),
     "rejected", "format.encrypted"),
    ("xls", "old.xls", lambda k, t: bytes_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024, t),
     "rejected", "format.xls"),
    ("xlsb", "binary.xlsb", lambda k, t: write_zip(t, {"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"x"}),
     "rejected", "format.xlsb"),
    ("xlsm-macros", "macro.xlsm",
     lambda k, t: write_zip(t, {**zip_parts(k.filled(k.work / "b-m.xlsx")), "xl/vbaProject.bin": b"\0" * 64}),
     "rejected", "format.macros"),
    ("random-bytes", "noise.xlsx", lambda k, t: bytes_of(bytes(range(256)) * 8, t), "rejected", "format.unknown"),
    ("junk-prefix", "prefixed.xlsx", lambda k, t: bytes_of(b"MZ" + b"\0" * 100 + k.filled(k.work / "b-j.xlsx")
                                                           .read_bytes(), t), "rejected", "package.junk_prefix"),
    ("zip-bomb", "bomb.xlsx", _zip_bomb, "rejected", "package.zip_bomb"),
    ("billion-laughs", "laughs.xlsx", _doctype(BILLION_LAUGHS), "rejected", "package.doctype"),
    ("external-entity", "xxe.xlsx", _doctype(EXTERNAL_ENTITY), "rejected", "package.doctype"),
    ("duplicate-entries", "dup.xlsx", _duplicate_entries(False), "rejected", "package.duplicate_entry"),
    ("case-duplicate-entries", "case.xlsx", _duplicate_entries(True), "rejected", "package.duplicate_entry"),
    ("too-many-entries", "many.xlsx",
     lambda k, t: write_zip(t, {**zip_parts(k.filled(k.work / "b-many.xlsx")),
                                **{f"xl/x/{i}.txt": b"" for i in range(1001)}}),
     "rejected", "package.too_many_entries"),
    ("foreign-ods", "foreign.ods",
     lambda k, t: write_zip(t, {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                                "content.xml": b'<?xml version="1.0"?><office:document-content xmlns:office='
                                b'"urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'}),
     "rejected", "identity.no_meta"),
    ("pasted-into-new-workbook", "pasted.xlsx",
     lambda k, t: blank_workbook_with({"A7": "1", "E8": "Người đứng đầu trực tiếp phụ trách"}, t),
     "rejected", "identity.no_meta"),
    ("last-years-file", "2021.xlsx", _other_round(2021, "haugiang-2022-so", Unit("so-noi-vu", "Sở Nội vụ", "so")),
     "rejected", "identity.wrong_year"),
    ("another-scheme", "huyen.xlsx", _other_round(2022, "haugiang-2022-huyen", Unit("h", "UBND huyện", "huyen")),
     "rejected", "identity.wrong_scheme"),
    ("unknown-unit", "unknown.xlsx", _meta_string(b"<t>so-noi-vu</t>", b"<t>so-khong-co</t>"), "rejected",
     "identity.unknown_unit"),
    ("tampered-signature", "signature.xlsx", lambda k, t: _meta_string(
        k.registry.units["so-noi-vu"].signature[:12].encode(), b"000000000000")(k, t),
     "quarantined", "identity.bad_signature"),
    ("another-units-meta", "swapped.xlsx", _swap_meta, "quarantined", "identity.conflict"),
    ("inserted-row", "inserted.xlsx", _edit_form(lambda ws: ws.insert_rows(9)), "rejected",  # type: ignore[attr-defined]
     "structure.changed"),
    ("deleted-row", "deleted.xlsx", _edit_form(lambda ws: ws.delete_rows(9)), "rejected",  # type: ignore[attr-defined]
     "structure.changed"),
    ("sorted-rows", "sorted.xlsx", _edit_form(_sort_rows), "rejected", "structure.changed"),
    ("changed-max", "max.xlsx", _edit_form(lambda ws: ws.__setitem__("C8", 20)), "rejected", "structure.changed"),
    ("changed-formula", "formula.xlsx", _edit_form(lambda ws: ws.__setitem__("G8", "=10")), "rejected",
     "structure.changed"),
    ("renamed-sheet", "renamed.xlsx", lambda k, t: k.edited(t, lambda wb: setattr(wb["Tổng hợp"], "title", "TH")),
     "rejected", "structure.sheets"),
    ("added-sheet", "added.xlsx", lambda k, t: k.edited(t, lambda wb: wb.create_sheet("Ghi chú")), "rejected",
     "structure.sheets"),
    ("formula-in-input", "input-formula.xlsx", lambda k, t: _f(k, t, **{"2.4": "=5*1"}), "rejected", "input.formula"),
    ("ref-error", "ref.xlsx", lambda k, t: _f(k, t, **{"2.4": "#REF!"}), "rejected", "input.error_value"),
    ("boolean", "bool.xlsx", lambda k, t: _form_cell(k, t, "2.4", ' t="b"><v>1</v>'), "rejected", "input.boolean"),
    ("date", "date.xlsx", lambda k, t: _f(k, t, **{"2.4": datetime(2022, 5, 1)}), "rejected", "input.date"),
    ("nan", "nan.xlsx", lambda k, t: _form_cell(k, t, "2.4", "><v>NaN</v>"), "rejected", "input.not_finite"),
    ("infinity", "inf.xlsx", lambda k, t: _form_cell(k, t, "1.3", "><v>Infinity</v>"), "rejected", "input.not_finite"),
    ("thousands-separator", "1000.xlsx", lambda k, t: _f(k, t, **{"1.4": "1.000"}), "rejected", "input.ambiguous"),
    ("unit-suffix", "dong.xlsx", lambda k, t: _f(k, t, **{"2.4": "4.5đ"}), "rejected", "answer.not_number"),
    ("percent-in-points", "pct.xlsx", lambda k, t: _f(k, t, **{"2.4": "85%"}), "rejected", "answer.not_number"),
    ("over-max", "over.xlsx", lambda k, t: _f(k, t, **{"2.4": 7}), "rejected", "answer.out_of_range"),
    ("negative", "neg.xlsx", lambda k, t: _f(k, t, **{"2.4": -1}), "rejected", "answer.out_of_range"),
    ("off-step", "step.xlsx", lambda k, t: _f(k, t, **{"2.4": 4.3}), "rejected", "answer.not_step"),
    ("na-not-allowed", "na.xlsx", lambda k, t: _form_cell(k, t, "2.4", ' t="inlineStr"><is><t>KĐG</t></is>'),
     "rejected", "answer.na_not_allowed"),
    ("na-plus-value", "na-value.xlsx",
     lambda k, t: _f(k, t, **{"3.3": {"na": True, "numerator": 1, "denominator": 2}}), "rejected",
     "answer.na_with_value"),
    ("bad-tick", "tick.xlsx", lambda k, t: _form_cell(k, t, "1.2", ' t="inlineStr"><is><t>x</t></is>', "part:1"),
     "rejected", "input.bad_choice"),
    ("unknown-option", "option.xlsx", lambda k, t: _f(k, t, **{"1.1": "Giám đốc"}), "rejected",
     "answer.unknown_option"),
]

LIBREOFFICE_THREATS = [
    ("libreoffice-resave-xlsx", "lo.xlsx", _libreoffice("xlsx"), "accepted", "protection.structure_dropped"),
    ("libreoffice-resave-ods", "lo.ods", _libreoffice("ods"), "accepted", "structure.formulas_unchecked"),
    ("cached-total-edited", "cached.xlsx", _cached_total, "accepted", "cached.differs"),
]


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return make_kit(tmp_path_factory.mktemp("round"))


def _read(kit: Kit, path: Path) -> FileReading:
    return read_returned(path.read_bytes(), path.name, RoundContext(kit.scheme, kit.registry, Limits()))


def _check(kit: Kit, tmp_path: Path, name: str, build: Builder, outcome: str, code: str | None) -> None:
    path = build(kit, tmp_path / name)
    before = path.read_bytes()
    folder = tmp_path / "returned"
    folder.mkdir()
    shutil.copy(path, folder / name)
    run = consolidate(kit.scheme, folder, kit.registry, tmp_path / "out", jobs=1)
    (result,) = run.outcomes
    assert result.outcome == outcome, [str(p) for p in result.problems]
    if code is not None:
        assert code in result.codes, [str(p) for p in result.problems]
    assert (folder / name).read_bytes() == before, "input files are never modified"
    assert all(str(p) for p in result.problems), "every finding renders its message"


@pytest.mark.parametrize(("name", "build", "outcome", "code"), [t[1:] for t in THREATS], ids=[t[0] for t in THREATS])
def test_threat(kit: Kit, tmp_path: Path, name: str, build: Builder, outcome: str, code: str | None) -> None:
    _check(kit, tmp_path, name, build, outcome, code)


@needs_lo
@pytest.mark.slow
@pytest.mark.parametrize(("name", "build", "outcome", "code"), [t[1:] for t in LIBREOFFICE_THREATS],
                         ids=[t[0] for t in LIBREOFFICE_THREATS])
def test_libreoffice_threat(kit: Kit, tmp_path: Path, name: str, build: Builder, outcome: str, code: str) -> None:
    _check(kit, tmp_path, name, build, outcome, code)


def test_problems_point_at_the_cell(kit: Kit, tmp_path: Path) -> None:
    reading = _read(kit, kit.filled(tmp_path / "over.xlsx", **{"2.4": 7}))
    (problem,) = [p for p in reading.problems if p.code == "answer.out_of_range"]
    assert problem.where == f"'Chấm điểm'!{kit.cell_of('2.4')}"
    assert "7" in problem.message and "5" in problem.message


def test_structure_change_lists_the_cells(kit: Kit, tmp_path: Path) -> None:
    path = kit.edited(tmp_path / "max.xlsx", lambda wb: wb["Chấm điểm"].__setitem__("C8", 20))
    (problem,) = _read(kit, path).problems
    assert "'Chấm điểm'!C8" in problem.message


def _slow_reader(data: bytes, name: str, context: RoundContext) -> FileReading:
    if "hang" in name:
        time.sleep(60)
    if "crash" in name:
        sys.exit(3)
    return read_returned(data, name, context)


def test_a_hanging_or_crashing_worker_is_its_own_outcome_and_the_run_goes_on(kit: Kit, tmp_path: Path) -> None:
    folder = tmp_path / "returned"
    folder.mkdir()
    kit.filled(folder / "a-hang.xlsx")
    kit.filled(folder / "b-crash.xlsx", "so-tu-phap")
    kit.filled(folder / "c-good.xlsx", "kho-bac")
    limits = Limits(timeout_seconds=2)
    run = consolidate(kit.scheme, folder, kit.registry, tmp_path / "out", jobs=2, limits=limits, reader=_slow_reader)
    outcomes = {o.reading.name: (o.outcome, o.codes) for o in run.outcomes}
    assert outcomes == {
        "a-hang.xlsx": ("rejected", ["worker.timeout"]),
        "b-crash.xlsx": ("rejected", ["worker.crashed"]),
        "c-good.xlsx": ("accepted", []),
    }


def test_resubmissions_newest_received_wins_duplicates_and_conflicts(kit: Kit, tmp_path: Path) -> None:
    folder = tmp_path / "returned"
    folder.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    old = saved_at(kit.filled(work / "noi-vu-v1.xlsx", **{"2.4": 2}), "2023-01-02T00:00:00Z")
    new = saved_at(kit.filled(work / "noi-vu-v2.xlsx"), "2023-01-05T00:00:00Z")
    forged = saved_at(kit.filled(work / "kho-bac-forged.xlsx", "kho-bac", **{"1.3": 0}), "2099-01-01T00:00:00Z")
    genuine = saved_at(kit.filled(work / "kho-bac.xlsx", "kho-bac"), "2023-01-06T00:00:00Z")
    first = saved_at(kit.filled(work / "tu-phap-a.xlsx", "so-tu-phap"), "2023-01-03T00:00:00Z")
    second = saved_at(kit.filled(work / "tu-phap-b.xlsx", "so-tu-phap", **{"2.4": 1}), "2023-01-03T00:00:00Z")
    shutil.copy(forged, folder)  # the forged copy (saved «in 2099») arrives first, the genuine file later
    shutil.copy(old, folder)
    time.sleep(2.2)  # received later on the secretariat's disk
    for path in (new, genuine, first, second):  # the two files of Sở Tư pháp arrive together
        shutil.copy(path, folder)
    shutil.copy(new, folder / "noi-vu-v2-copy.xlsx")
    touch(folder / "noi-vu-v1.xlsx", datetime(2030, 1, 1))  # a modification time carried over is not trusted
    (folder / "~$noi-vu-v2.xlsx").write_bytes(b"owner file")
    run = consolidate(kit.scheme, folder, kit.registry, tmp_path / "out", jobs=2)
    outcomes = {o.reading.name: (o.outcome, [c for c in o.codes if c.startswith("resub")]) for o in run.outcomes}
    assert outcomes == {
        "noi-vu-v1.xlsx": ("superseded", ["resubmission.superseded"]),
        "noi-vu-v2.xlsx": ("accepted", []),
        "noi-vu-v2-copy.xlsx": ("duplicate", ["resubmission.duplicate"]),
        "kho-bac-forged.xlsx": ("quarantined", ["resubmission.future_time", "resubmission.conflict"]),
        "kho-bac.xlsx": ("quarantined", ["resubmission.conflict"]),
        "tu-phap-a.xlsx": ("quarantined", ["resubmission.conflict"]),
        "tu-phap-b.xlsx": ("quarantined", ["resubmission.conflict"]),
    }
    conflict = next(p for o in run.outcomes if o.reading.name == "kho-bac.xlsx" for p in o.problems)
    assert "kho-bac-forged.xlsx" in conflict.message, "each file names the other one"


def test_every_threat_is_listed_once() -> None:
    """The tables are what the README's threat table promises: a case dropped or pasted twice is noticed."""
    ids = [threat[0] for threat in THREATS] + [threat[0] for threat in LIBREOFFICE_THREATS]
    assert len(ids) == len(set(ids)) == 55  # 52 built in Python, 3 saved by LibreOffice


def test_zip_is_not_opened_when_the_bomb_is_declared(kit: Kit, tmp_path: Path) -> None:
    path = _zip_bomb(kit, tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 1024 * 1024
    assert zipfile.ZipFile(path).getinfo("xl/media/padding.bin").file_size == 30 * 1024 * 1024
