"""Outputs are one consistent set: after a kill at any moment, the previous set or the new one, whole.

Real subprocesses (the ``xl-dti consolidate`` command) are killed with SIGKILL or interrupted with
SIGINT (Ctrl-C) at moments spread over a whole run; after each, the output folder must hold exactly
the previous complete set or the new complete set, and what else the folder held is still there.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.returned import Kit, make_kit
from xl_dti.consolidation.run import OUTPUT_NAMES, consolidate
from xl_dti.errors import UsageError
from xl_dti.output_set import MARK, output_set

FileSet = dict[str, bytes]


def _listing(folder: Path) -> FileSet:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_set_replaces_the_old_one_and_keeps_what_else_the_folder_holds(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "bao-cao").mkdir(parents=True)
    (out / "bao-cao" / "index.html").write_text("report")
    (out / "ghi-chu.txt").write_text("notes")
    (out / "chi-tiet.csv").write_text("stale: this run does not write it")
    (out / "master.xlsx").write_text("old")
    inode = (out / "ghi-chu.txt").stat().st_ino
    with output_set(out, {"master.xlsx", "chi-tiet.csv"}) as staging:
        (staging / "master.xlsx").write_text("new")
        assert (out / "master.xlsx").read_text() == "old", "nothing changes before the switch"
    assert _listing(out) == {"bao-cao/index.html": b"report", "ghi-chu.txt": b"notes", "master.xlsx": b"new"}
    assert (out / "ghi-chu.txt").stat().st_ino == inode, "kept by a link, never copied"
    assert not [p for p in tmp_path.iterdir() if MARK in p.name]


def test_a_failing_run_leaves_the_previous_set(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "master.xlsx").write_text("old")
    with pytest.raises(KeyboardInterrupt), output_set(out, {"master.xlsx"}) as staging:
        (staging / "master.xlsx").write_text("half")
        raise KeyboardInterrupt
    assert _listing(out) == {"master.xlsx": b"old"}
    assert not [p for p in tmp_path.iterdir() if MARK in p.name]


def test_a_failing_first_run_leaves_no_folder(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), output_set(tmp_path / "out", {"master.xlsx"}):
        raise RuntimeError
    assert list(tmp_path.iterdir()) == []


def test_a_second_run_into_the_same_folder_refuses(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with output_set(out, {"a"}) as staging:
        (staging / "a").write_text("first")
        with pytest.raises(UsageError) as raised, output_set(out, {"a"}):
            pass
        assert [p.code for p in raised.value.problems] == ["output.busy"]
    assert _listing(out) == {"a": b"first"}


def test_leftovers_of_a_killed_run_are_cleared_and_a_half_switch_is_put_back(tmp_path: Path) -> None:
    out = tmp_path / "out"
    old = tmp_path / f".out{MARK}old"
    old.mkdir()
    (old / "a").write_text("previous")  # killed between the two renames of the portable switch
    (tmp_path / f".out{MARK}new-99999").mkdir()
    with output_set(out, {"a"}) as staging:
        assert _listing(out) == {"a": b"previous"}
        (staging / "a").write_text("new")
    assert _listing(out) == {"a": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_file_named_as_the_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("x")
    with pytest.raises(UsageError) as raised, output_set(tmp_path / "out", {"a"}):
        pass
    assert [p.code for p in raised.value.problems] == ["output.not_a_folder"]


# --- real runs, really killed ---


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return make_kit(tmp_path_factory.mktemp("round"))


def _command(kit: Kit, returned: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "xl_dti", "consolidate", kit.scheme.id, str(returned), "--registry",
            str(kit.registry_path), "--out", str(out), "--jobs", "1", "--force"]


def _rounds(kit: Kit, tmp_path: Path) -> tuple[Path, Path, FileSet, FileSet]:
    first, second = tmp_path / "r1", tmp_path / "r2"
    first.mkdir()
    second.mkdir()
    kit.filled(first / "noi-vu.xlsx")
    kit.filled(second / "noi-vu.xlsx", **{"2.4": 3})
    kit.filled(second / "tu-phap.xlsx", "so-tu-phap")
    consolidate(kit.scheme, first, kit.registry, tmp_path / "ref1", jobs=1)
    consolidate(kit.scheme, second, kit.registry, tmp_path / "ref2", jobs=1)
    return first, second, _listing(tmp_path / "ref1"), _listing(tmp_path / "ref2")


def _ctrl_c_heard() -> None:
    """Ctrl-C as a terminal delivers it: a suite started in the background (``cmd &``) ignores SIGINT, and its
    children would inherit that and finish every run."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "Ctrl-C"])
def test_a_run_killed_at_any_moment_leaves_one_whole_set(kit: Kit, tmp_path: Path, how: signal.Signals) -> None:
    first, second, set1, set2 = _rounds(kit, tmp_path)
    assert set1 != set2 and set(set1) <= OUTPUT_NAMES
    out = tmp_path / "out"
    subprocess.run(_command(kit, first, out), check=True, capture_output=True)
    (out / "ghi-chu.txt").write_bytes(b"kept")
    timings = []
    for attempt in range(3):  # the fastest of three: one slowed by a busy machine would put every kill too late
        started = time.monotonic()
        subprocess.run(_command(kit, second, tmp_path / f"timing-{attempt}"), check=True, capture_output=True)
        timings.append(time.monotonic() - started)
    whole = min(timings)
    seen = set()
    for fraction in (0.05, 0.2, 0.4, 0.55, 0.7, 0.8, 0.87, 0.93, 0.97, 1.0):
        process = subprocess.Popen(_command(kit, second, out), start_new_session=True, preexec_fn=_ctrl_c_heard,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(whole * fraction)
        os.killpg(process.pid, how)  # the whole run: the command, its workers and its writer
        process.wait(timeout=60)
        found = _listing(out)
        assert found.pop("ghi-chu.txt") == b"kept"
        assert found in (set1, set2), f"a mixed set after a kill at {fraction:.0%}: {sorted(found)}"
        seen.add("new" if found == set2 else "old")
        if found == set2:  # start again from the old set, to kill the next run later in its course
            shutil.rmtree(out)
            subprocess.run(_command(kit, first, out), check=True, capture_output=True)
            (out / "ghi-chu.txt").write_bytes(b"kept")
    assert "old" in seen
    subprocess.run(_command(kit, second, out), check=True, capture_output=True)
    assert _listing(out) == {**set2, "ghi-chu.txt": b"kept"}, "a rerun after kills gives the same set"
    assert not [p for p in tmp_path.iterdir() if MARK in p.name], "no staging folder is left behind"


def _kill_while_writing(kit: Kit, returned: Path, out: Path, after: str) -> int:
    """Run consolidate in a child that SIGKILLs itself right after writing ``after`` of the new set."""
    script = f"""
import os, signal, sys
from pathlib import Path
import xl_dti.consolidation.run as run
real = run.write_json
def write_json(target, document):
    real(target, document)
    if target.name == {after!r}:
        os.kill(os.getpid(), signal.SIGKILL)
run.write_json = write_json
from xl_dti.cli import main
sys.argv = {_command(kit, returned, out)[3:]!r}
sys.argv.insert(0, "xl-dti")
main()
"""
    return subprocess.run([sys.executable, "-c", script], capture_output=True, check=False).returncode


def test_a_kill_between_two_files_of_the_set_leaves_the_old_set(kit: Kit, tmp_path: Path) -> None:
    first, second, set1, _ = _rounds(kit, tmp_path)
    out = tmp_path / "out"
    consolidate(kit.scheme, first, kit.registry, out, jobs=1)
    assert _kill_while_writing(kit, second, out, "manifest.json") == -signal.SIGKILL
    assert _listing(out) == set1


def test_a_second_command_into_a_busy_folder_exits_2(kit: Kit, tmp_path: Path) -> None:
    first, _, set1, _ = _rounds(kit, tmp_path)
    out = tmp_path / "out"
    consolidate(kit.scheme, first, kit.registry, out, jobs=1)
    with pytest.raises(RuntimeError), output_set(out, OUTPUT_NAMES):  # a run busy in it (that fails later)
        result = subprocess.run(_command(kit, first, out), capture_output=True, text=True, check=False)
        raise RuntimeError
    assert result.returncode == 2 and "đang ghi vào thư mục" in result.stdout + result.stderr
    assert _listing(out) == set1
