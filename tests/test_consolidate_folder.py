"""The returned folder is untrusted like its files: every entry gets one outcome, the round completes.

Links out of the folder, FIFOs, sockets, dangling links, link loops, names that are not UTF-8, files
that vanish, change or weigh gigabytes while the round runs, and numbers no spreadsheet can hold.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.returned import Kit, make_kit, set_cell_xml, write_zip, zip_parts
from xl_dti.consolidation.folder import Task, Unreadable, read_task, walk
from xl_dti.consolidation.package import Limits
from xl_dti.consolidation.reading import FileReading, RoundContext, read_returned
from xl_dti.consolidation.run import Consolidation, consolidate
from xl_dti.errors import UsageError

FORM = "xl/worksheets/sheet2.xml"


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return make_kit(tmp_path_factory.mktemp("round"))


def _run(kit: Kit, folder: Path, out: Path, **options: object) -> Consolidation:
    run = consolidate(kit.scheme, folder, kit.registry, out, jobs=1, **options)  # type: ignore[arg-type]
    json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    json.loads((out / "ranking.json").read_text(encoding="utf-8"))
    return run


def _outcomes(run: Consolidation) -> dict[str, tuple[str, list[str]]]:
    return {o.reading.name: (o.outcome, o.codes) for o in run.outcomes}


def _fifo_and_link(fifo: Path, link: Path) -> None:
    os.mkfifo(fifo)
    os.symlink(fifo.name, link)


# (id, entry name, how the entry is made in the returned folder, outcome, code)
Maker = Callable[[Kit, Path, Path], None]
ENTRIES: list[tuple[str, str, Maker, str, str]] = [
    ("link-to-another-units-blank", "tu-phap.xlsx",
     lambda k, folder, e: os.symlink(k.blanks["so-tu-phap"], e), "rejected", "file.link_outside"),
    ("relative-link-out", "up.xlsx",
     lambda k, folder, e: os.symlink(os.path.relpath(k.blanks["so-tu-phap"], folder), e), "rejected",
     "file.link_outside"),
    ("link-to-a-folder-outside", "generated",
     lambda k, folder, e: os.symlink(k.blanks["so-tu-phap"].parent, e), "rejected", "file.link_outside"),
    ("fifo", "pipe.xlsx", lambda k, folder, e: os.mkfifo(e), "rejected", "file.not_regular"),
    ("link-to-a-fifo-inside", "to-pipe.xlsx",
     lambda k, folder, e: _fifo_and_link(folder / "sub-pipe", e), "rejected", "file.not_regular"),
    ("dangling-link", "gone.xlsx", lambda k, folder, e: os.symlink(folder / "nowhere.xlsx", e), "rejected",
     "file.unreadable"),
    ("link-loop", "loop.xlsx", lambda k, folder, e: os.symlink("loop.xlsx", e), "rejected", "file.unreadable"),
    ("device", "null.xlsx", lambda k, folder, e: os.symlink("/dev/null", e), "rejected", "file.link_outside"),
]


@pytest.mark.parametrize(("name", "make", "outcome", "code"), [e[1:] for e in ENTRIES], ids=[e[0] for e in ENTRIES])
def test_every_entry_gets_its_outcome(kit: Kit, tmp_path: Path, name: str, make: Maker, outcome: str,
                                      code: str) -> None:
    folder = tmp_path / "returned"
    folder.mkdir()
    kit.filled(folder / "noi-vu.xlsx")
    make(kit, folder, folder / name)
    run = _run(kit, folder, tmp_path / "out", limits=Limits(timeout_seconds=10))
    found = _outcomes(run)
    assert found["noi-vu.xlsx"] == ("accepted", []), "the honest file beside it is unaffected"
    assert found[name][0] == outcome and code in found[name][1], found
    assert "so-tu-phap" in {u.code for u in run.missing}, "a linked blank is not a submission"
    assert all(str(p) for o in run.outcomes for p in o.problems)


def test_a_socket_is_not_regular(kit: Kit, tmp_path: Path) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    kit.filled(folder / "noi-vu.xlsx")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "s.xlsx"))
    try:
        found = _outcomes(_run(kit, folder, tmp_path / "out"))
    finally:
        server.close()
    assert found["s.xlsx"] == ("rejected", ["file.not_regular"])


def test_a_link_inside_the_folder_is_read_as_its_target(kit: Kit, tmp_path: Path) -> None:
    folder = tmp_path / "r"
    (folder / "nop").mkdir(parents=True)
    kit.filled(folder / "nop" / "noi-vu.xlsx")
    os.symlink("nop/noi-vu.xlsx", folder / "alias.xlsx")
    os.symlink("nop", folder / "alias-folder")  # walked where it is, not twice
    found = _outcomes(_run(kit, folder, tmp_path / "out"))
    assert found == {"alias.xlsx": ("accepted", []), "nop/noi-vu.xlsx": ("duplicate", ["resubmission.duplicate"])}


def test_an_unreadable_file_or_folder_is_reported(kit: Kit, tmp_path: Path) -> None:
    folder = tmp_path / "r"
    (folder / "locked").mkdir(parents=True)
    kit.filled(folder / "noi-vu.xlsx")
    kit.filled(folder / "secret.xlsx", "so-tu-phap").chmod(0)
    (folder / "locked").chmod(0)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "xl_dti", "consolidate", kit.scheme.id, str(folder), "--registry",
               str(kit.registry_path), "--out", str(out), "--jobs", "1"]
    if os.geteuid() == 0:  # root reads any file unless it gives up the capabilities that let it
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    finally:
        (folder / "locked").chmod(0o755)
    assert result.returncode == 0, result.stderr[-1000:]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    found = {f["name"]: (f["outcome"], f["codes"]) for f in manifest["files"]}
    assert found == {"noi-vu.xlsx": ("accepted", []), "secret.xlsx": ("rejected", ["file.unreadable"]),
                     "locked": ("rejected", ["file.unreadable"])}


def test_a_name_that_is_not_utf8_is_read_and_shown_readable(kit: Kit, tmp_path: Path) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/S\xd4 N\xd9i v\xf5.xlsx"  # cp1258 bytes, as a Windows zip writes them
    shutil.copy(kit.filled(tmp_path / "x.xlsx"), raw)
    run = _run(kit, folder, tmp_path / "out")
    (outcome,) = run.outcomes
    assert outcome.outcome == "accepted" and outcome.codes == ["file.name_encoding"]
    assert outcome.reading.name == "S\ufffd N\ufffdi v\ufffd.xlsx"
    manifest = (tmp_path / "out" / "manifest.json").read_text(encoding="utf-8")
    assert "S\ufffd N\ufffdi" in manifest


def test_a_file_of_gigabytes_is_never_read(kit: Kit, tmp_path: Path) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    kit.filled(folder / "noi-vu.xlsx")
    with open(folder / "huge.xlsx", "wb") as handle:  # sparse: 6 GB that take no disk space
        handle.truncate(6 * 1024**3)
    run = _run(kit, folder, tmp_path / "out")
    huge = next(o for o in run.outcomes if o.reading.name == "huge.xlsx")
    assert (huge.outcome, huge.codes) == ("rejected", ["package.too_large"])
    assert huge.reading.size == 6 * 1024**3 and huge.reading.sha256 == ""


def _meddling(action: Callable[[Path], None]) -> Callable[[bytes, str, RoundContext], FileReading]:
    def reader(data: bytes, name: str, context: RoundContext) -> FileReading:
        if name == "a.xlsx":  # while the first file is read, someone touches the next one
            action(context_folder[0] / "b.xlsx")
        return read_returned(data, name, context)
    return reader


context_folder: list[Path] = []


@pytest.mark.parametrize(("action", "code"), [
    (lambda p: p.unlink(), "file.vanished"),
    (lambda p: p.write_bytes(p.read_bytes() + b"\0"), "file.changed"),
    (lambda p: (p.unlink(), os.mkfifo(p)), "file.not_regular"),
], ids=["vanished", "changed", "swapped-for-a-fifo"])
def test_a_file_that_vanishes_or_changes_during_the_round(kit: Kit, tmp_path: Path,
                                                          action: Callable[[Path], None], code: str) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    context_folder[:] = [folder]
    kit.filled(folder / "a.xlsx")
    kit.filled(folder / "b.xlsx", "so-tu-phap")
    run = _run(kit, folder, tmp_path / "out", reader=_meddling(action), limits=Limits(timeout_seconds=10))
    found = _outcomes(run)
    assert found["a.xlsx"] == ("accepted", [])
    assert found["b.xlsx"] == ("rejected", [code])


def test_read_task_checks_what_was_found(tmp_path: Path) -> None:
    path = tmp_path / "f.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"x" * 100)
    (task,) = walk(tmp_path)
    assert read_task(task, 1000) == path.read_bytes()
    with pytest.raises(Unreadable) as raised:
        read_task(task, 50)
    assert raised.value.code == "package.too_large"
    os.utime(path, ns=(0, 0))
    with pytest.raises(Unreadable) as raised:
        read_task(task, 1000)
    assert raised.value.code == "file.changed"
    with pytest.raises(Unreadable) as raised:
        read_task(Task(tmp_path / "none", "none"), 1000)
    assert raised.value.code == "file.vanished"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="statx: the creation time on Linux")
def test_tidying_the_folder_does_not_change_when_a_file_was_received(tmp_path: Path) -> None:
    """Renaming a file, changing its permissions or linking it moves its status-change time, not when
    it arrived: the secretariat may tidy the returned folder without reordering resubmissions."""
    first, second = tmp_path / "so-a-lan-1.xlsx", tmp_path / "so-a-lan-2.xlsx"
    first.write_bytes(b"PK first")
    time.sleep(0.05)  # file times tick in jiffies
    second.write_bytes(b"PK second")
    received = {task.name: task.received for task in walk(tmp_path)}
    time.sleep(0.05)
    os.chmod(first, 0o600)
    first.rename(tmp_path / "so-a-lan-1-da-xem.xlsx")
    os.link(tmp_path / "so-a-lan-1-da-xem.xlsx", tmp_path.parent / f"{tmp_path.name}-link")
    tidied = {task.name: task.received for task in walk(tmp_path)}
    assert tidied == {"so-a-lan-1-da-xem.xlsx": received["so-a-lan-1.xlsx"],
                      "so-a-lan-2.xlsx": received["so-a-lan-2.xlsx"]}
    assert tidied["so-a-lan-1-da-xem.xlsx"] < tidied["so-a-lan-2.xlsx"]


def test_the_output_folder_inside_the_returned_folder_is_never_read_back(kit: Kit, tmp_path: Path) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    kit.filled(folder / "noi-vu.xlsx")
    first = _outcomes(_run(kit, folder, folder / "tong-hop"))
    second = _outcomes(_run(kit, folder, folder / "tong-hop"))
    assert first == second == {"noi-vu.xlsx": ("accepted", [])}


def test_an_empty_folder_is_an_error_not_an_empty_ranking(kit: Kit, tmp_path: Path) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / ".DS_Store").write_bytes(b"x")
    with pytest.raises(UsageError) as raised:
        consolidate(kit.scheme, folder, kit.registry, tmp_path / "out", jobs=1)
    assert [p.code for p in raised.value.problems] == ["consolidate.no_files"]
    assert not (tmp_path / "out" / "master.xlsx").exists()


def test_a_folder_without_a_workbook_is_an_error(kit: Kit, tmp_path: Path) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "cong-van.pdf").write_bytes(b"%PDF-1.7\n")
    (folder / "ghi-chu.txt").write_text("xin gửi")
    with pytest.raises(UsageError) as raised:
        consolidate(kit.scheme, folder, kit.registry, tmp_path / "out", jobs=1)
    (problem,) = raised.value.problems
    assert problem.code == "consolidate.no_workbooks" and "cong-van.pdf" in problem.message


def _cell(kit: Kit, tmp_path: Path, name: str, cell: str, xml_inside: str) -> Path:
    base = kit.filled(tmp_path / f"b-{name}")
    return set_cell_xml(base, tmp_path / name, FORM, cell, f'<c r="{cell}"{xml_inside}</c>')


def _cached_total(kit: Kit, tmp_path: Path, name: str, value: str) -> Path:
    parts = zip_parts(kit.filled(tmp_path / f"b-{name}"))
    text = parts[FORM].decode()
    cell = re.search(r'<c r="G73"[^>]*>.*?</c>', text).group(0)  # type: ignore[union-attr]
    parts[FORM] = text.replace(cell, re.sub(r"<v */>|<v>[^<]*</v>", f"<v>{value}</v>", cell)).encode()
    return write_zip(tmp_path / name, parts)


NUMBERS = ["1E+9999999", "1E+400", "-1E+400", "NaN", "sNaN", "Infinity", "-Infinity"]


@pytest.mark.parametrize("value", NUMBERS)
def test_a_number_no_spreadsheet_can_hold_in_an_input(kit: Kit, tmp_path: Path, value: str) -> None:
    path = _cell(kit, tmp_path, "n.xlsx", kit.cell_of("2.4"), f"><v>{value}</v>")
    reading = read_returned(path.read_bytes(), path.name, RoundContext(kit.scheme, kit.registry, Limits()))
    assert reading.verdict == "rejected" and "input.not_finite" in [p.code for p in reading.problems]
    (problem,) = [p for p in reading.problems if p.code == "input.not_finite"]
    assert problem.where == f"'Chấm điểm'!{kit.cell_of('2.4')}" and len(str(problem)) < 200


@pytest.mark.parametrize("value", NUMBERS)
def test_a_number_no_spreadsheet_can_hold_in_a_cached_result(kit: Kit, tmp_path: Path, value: str) -> None:
    path = _cached_total(kit, tmp_path, "c.xlsx", value)
    reading = read_returned(path.read_bytes(), path.name, RoundContext(kit.scheme, kit.registry, Limits()))
    assert reading.verdict == "read" and [p.code for p in reading.problems] == ["cached.differs"]
    assert len(str(reading.problems[0])) < 200


def test_hostile_numbers_leave_a_small_manifest_and_the_round_completes(kit: Kit, tmp_path: Path) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    for index, value in enumerate(NUMBERS):
        shutil.move(_cell(kit, tmp_path, f"in-{index}.xlsx", kit.cell_of("2.4"), f"><v>{value}</v>"), folder)
        shutil.move(_cached_total(kit, tmp_path, f"cached-{index}.xlsx", value), folder)
    run = _run(kit, folder, tmp_path / "out")
    assert len(run.outcomes) == 2 * len(NUMBERS)
    assert (tmp_path / "out" / "manifest.json").stat().st_size < 64 * 1024


@pytest.mark.parametrize("value", NUMBERS)
def test_a_number_no_spreadsheet_can_hold_in_a_locked_cell_is_a_changed_structure(kit: Kit, tmp_path: Path,
                                                                                   value: str) -> None:
    path = _cell(kit, tmp_path, "locked.xlsx", "C8", f"><v>{value}</v>")
    reading = read_returned(path.read_bytes(), path.name, RoundContext(kit.scheme, kit.registry, Limits()))
    assert (reading.verdict, [p.code for p in reading.problems]) == ("rejected", ["structure.changed"])
    assert "'Chấm điểm'!C8" in reading.problems[0].message


def test_the_expected_structure_is_built_once_per_group_and_equals_a_rebuild(kit: Kit) -> None:
    from xl_dti.consolidation import expected
    from xl_dti.units import Unit
    from xl_dti.workbook.layout import compute_layout

    expected._TEMPLATES.clear()
    for group in ("so", "nganh-doc"):
        layout = compute_layout(kit.scheme, group)
        units = [u for u in kit.registry.units.values() if u.group == group]
        for unit in units * 2:
            rebuilt = expected._built(layout, Unit(unit.code, unit.name, unit.group), unit, kit.registry)
            assert expected.expected_content(layout, unit, kit.registry) == rebuilt
        assert expected._TEMPLATES[(id(layout), group)][1] is not None, "the stand-in serves the group"


def test_the_returned_folder_as_the_output_folder_is_a_usage_error(kit: Kit, tmp_path: Path) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    kit.filled(folder / "noi-vu.xlsx")
    with pytest.raises(UsageError) as raised:
        consolidate(kit.scheme, folder, kit.registry, folder / ".", jobs=1)
    assert [p.code for p in raised.value.problems] == ["output.is_returned"]
    assert sorted(p.name for p in folder.iterdir()) == ["noi-vu.xlsx"]
