"""Text that breaks a writer or a terminal, and last year's file built to break the comparison.

Characters XML forbids, text past a cell's 32,767 UTF-16 units, terminal escapes and console markup
from a unit's file never reach master.xlsx, the appraisal workbooks, the CSVs, the JSON documents or
the screen raw, and never crash `consolidate` or `appraise`. A previous-year file with NaN, Infinity
or a broken structure gets ``previous.unreadable`` with its place; ranking.json is always valid JSON.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from defusedxml import ElementTree

from tests.returned import Kit, make_kit, set_cell_xml
from xl_dti.appraisal.run import appraise
from xl_dti.consolidation.previous import PreviousError, load_previous
from xl_dti.consolidation.run import consolidate
from xl_dti.safe_text import console_text, xml_text

FORM = "xl/worksheets/sheet2.xml"
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@pytest.mark.parametrize(("text", "expected"), [
    ("a\x01b\x1fc", "abc"),
    ("a\ufffeb\uffffc", "abc"),
    ("a\ud800b\udfffc", "abc"),
    ("tab\tnew\nline\r", "tab\tnew\nline\r"),
    ("Sở Nội vụ 😀", "Sở Nội vụ 😀"),
])
def test_xml_text_drops_what_xml_forbids(text: str, expected: str) -> None:
    assert xml_text(text) == expected


@pytest.mark.parametrize(("text", "units"), [
    ("a" * 40000, 32767),
    ("😀" * 20000, 32766),  # two units each: never cut inside one
    ("ạ" * 32767, 32767),
    ("a" + "😀" * 16383, 32767),
])
def test_a_cell_holds_32767_utf16_units(text: str, units: int) -> None:
    kept = xml_text(text)
    assert len(kept.encode("utf-16-le")) // 2 == units
    kept.encode("utf-8")  # no half of a pair


@pytest.mark.parametrize(("text", "shown"), [
    ("\x1b[31mđỏ\x1b[0m", "đỏ"),
    ("[bold red]giả mạo[/]", "\\[bold red]giả mạo\\[/]"),
    ("\x1b]0;tiêu đề\x07ok", "ok"),
    ("\x9b31mC1", "31mC1"),
    ("abc\u202egnp", "abcgnp"),
])
def test_console_text_prints_nothing_a_terminal_obeys(text: str, shown: str) -> None:
    assert console_text(text) == shown


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return make_kit(tmp_path_factory.mktemp("round"))


HOSTILE = ["ctrl\x01\x02\x1b[31mred", "nonchars\ufffe\uffff", "[bold]markup[/bold] <b>&amp;</b>",
           "=HYPERLINK(\"http://x\")", "dài " + "😀" * 17000]


def _with_evidence(kit: Kit, folder: Path, name: str, text: str, unit: str = "so-noi-vu") -> Path:
    cell = kit.cell_of("2.4", "evidence")
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    base = kit.filled(folder.parent / f"b-{name}", unit)
    return set_cell_xml(base, folder / name, FORM, cell,
                        f'<c r="{cell}" t="inlineStr"><is><t>{escaped}</t></is></c>')


def _well_formed(path: Path) -> None:
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                data = package.read(name)
                ElementTree.fromstring(data)
                assert not FORBIDDEN.search(data.decode("utf-8")), f"{path.name}:{name}"


@pytest.mark.parametrize("text", HOSTILE, ids=["control", "nonchars", "markup", "formula", "long-emoji"])
def test_hostile_evidence_never_reaches_an_output_raw(kit: Kit, tmp_path: Path, text: str) -> None:
    folder = tmp_path / "returned"
    folder.mkdir()
    _with_evidence(kit, folder, "noi-vu.xlsx", text)
    out = tmp_path / "out"
    run = consolidate(kit.scheme, folder, kit.registry, out, jobs=1)
    (outcome,) = run.outcomes  # raw control characters are not well-formed XML: a stricter reader may refuse
    _well_formed(out / "master.xlsx")
    ranking = json.loads((out / "ranking.json").read_text(encoding="utf-8"))
    if outcome.outcome == "accepted":
        evidence = ranking["units"][0]["evidence"]["2.4"]
        assert not FORBIDDEN.search(evidence) and len(evidence.encode("utf-16-le")) // 2 <= 32767
    json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for row in csv.reader(io.StringIO((out / "ranking.csv").read_text(encoding="utf-8-sig"))):
        assert not any(FORBIDDEN.search(c) or c.startswith("=") for c in row)
    report = appraise(kit.scheme, folder, kit.registry, tmp_path / "appraisal", jobs=1)
    for path in report.files:
        _well_formed(path)


def test_a_detail_csv_is_clean(tmp_path: Path) -> None:
    from xl_dti.consolidation.exports import write_detail_csv
    from xl_dti.consolidation.master import DETAIL_HEADERS

    row = ["x"] * (len(DETAIL_HEADERS) - 2) + ["a\x01\ud800b", "=1+1"]
    write_detail_csv(tmp_path / "chi-tiet.csv", [(row, False)])
    text = (tmp_path / "chi-tiet.csv").read_text(encoding="utf-8-sig")
    assert "ab" in text and "'=1+1" in text and not FORBIDDEN.search(text)


# (id, file name, content, the place the message must name)
PREVIOUS: list[tuple[str, str, str, str]] = [
    ("json-nan", "ranking.json", '{"units": [{"unit_code": "a", "rank": 1, "result": 50}, '
     '{"unit_code": "b", "rank": 2, "result": NaN}]}', "units[1] cột result"),
    ("json-infinity", "ranking.json", '{"units": [{"unit_code": "a", "rank": 1, "result": Infinity}]}',
     "units[0] cột result"),
    ("json-huge", "ranking.json", '{"units": [{"unit_code": "a", "rank": 1, "result": 1e999}]}',
     "units[0] cột result"),
    ("json-measure-nan", "ranking.json",
     '{"units": [{"unit_code": "a", "rank": 1, "result": 5, "measures": {"1": NaN}}]}', "units[0] cột 1"),
    ("json-units-not-a-list", "ranking.json", '{"units": {"a": 1}}', "ranking.json"),
    ("json-row-not-a-row", "ranking.json", '{"units": [1, 2]}', "units[0]"),
    ("json-list", "ranking.json", "[1, 2, 3]", "ranking.json"),
    ("json-deep", "ranking.json", "[" * 100000 + "]" * 100000, "ranking.json"),
    ("json-rank-list", "ranking.json", '{"units": [{"unit_code": "a", "rank": [1]}]}', "units[0] cột rank"),
    ("csv-nan", "ranking.csv", "unit_code,rank,result\r\na,1,50\r\nb,2,NaN\r\n", "dòng 3 cột result"),
    ("csv-infinity", "ranking.csv", "unit_code,rank,result\r\na,1,-Infinity\r\n", "dòng 2 cột result"),
    ("csv-huge-field", "ranking.csv", "unit_code,rank,result\r\na,1,\"" + "9" * 200000 + "\"\r\n", "ranking.csv"),
    ("not-a-zip", "master.xlsx", "PK\x03\x04 not really", "master.xlsx"),
    ("binary-json", "ranking.json", "\udcff", "ranking.json"),
]


@pytest.mark.parametrize(("name", "content", "place"), [p[1:] for p in PREVIOUS], ids=[p[0] for p in PREVIOUS])
def test_a_hostile_previous_year_file_is_refused_with_its_place(tmp_path: Path, name: str, content: str,
                                                                 place: str) -> None:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    with pytest.raises(PreviousError) as raised:
        load_previous(path)
    (problem,) = raised.value.problems
    assert problem.code == "previous.unreadable" and place in problem.where, problem.where
    assert len(str(problem)) < 600


def test_a_previous_file_with_text_marks_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "ranking.csv"
    path.write_text("unit_code,rank,result,1\r\na,1,50,3.5\r\nb,—,—,\r\n", encoding="utf-8")
    previous = load_previous(path)
    assert previous.units["a"].rank == 1 and previous.units["b"].rank is None and previous.units["b"].result is None


def test_a_hostile_previous_file_stops_nothing_before_reading(kit: Kit, tmp_path: Path) -> None:
    folder = tmp_path / "returned"
    folder.mkdir()
    shutil.copy(kit.filled(tmp_path / "x.xlsx"), folder)
    bad = tmp_path / "ranking.json"
    bad.write_text('{"units": [{"unit_code": "so-noi-vu", "rank": 1, "result": NaN}]}')
    with pytest.raises(PreviousError):
        consolidate(kit.scheme, folder, kit.registry, tmp_path / "out", previous=bad, jobs=1)
    assert not (tmp_path / "out").exists(), "no half set, no empty folder"


def test_a_units_csv_with_a_huge_field_is_a_located_error(kit: Kit, tmp_path: Path) -> None:
    from xl_dti.units import UnitsError, read_units

    path = tmp_path / "units.csv"
    path.write_text("code,name,group\nso-a,Sở A,so\nso-b,\"" + "x" * 200000 + "\",so\n", encoding="utf-8")
    with pytest.raises(UnitsError) as raised:
        read_units(path, kit.scheme)
    (problem,) = raised.value.problems
    assert problem.code == "units.bad_csv" and problem.where == f"{path}:3" and len(str(problem)) < 600


def test_a_file_name_with_terminal_escapes_and_markup_is_printed_as_text(kit: Kit, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    folder = tmp_path / "returned"
    folder.mkdir()
    (folder / "\x1b[2J\x1b]0;owned\x07[blink]x[red].pdf").write_bytes(b"%PDF-1.7\n")
    result = subprocess.run(
        [sys.executable, "-m", "xl_dti", "consolidate", kit.scheme.id, str(folder), "--registry",
         str(kit.registry_path), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, check=False, env={**os.environ, "COLUMNS": "300", "FORCE_COLOR": "1"})
    assert result.returncode == 2
    printed = result.stdout + result.stderr
    assert "[blink]x[red].pdf" in printed and "owned" not in printed
    assert "\x1b[2J" not in printed and "\x1b]0" not in printed and "\x1b[5m" not in printed
