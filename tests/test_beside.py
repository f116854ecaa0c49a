"""Outputs written beside the parent: the work is done, and a failure comes back to the caller."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from xl_dti.consolidation.beside import Beside


def test_the_action_runs_and_its_file_is_there_after_join(tmp_path: Path) -> None:
    target = tmp_path / "master.txt"
    job = Beside(lambda: target.write_text("xong", encoding="utf-8"))
    job.join()
    assert target.read_text(encoding="utf-8") == "xong"


def test_an_error_in_the_action_is_raised_by_join(tmp_path: Path) -> None:
    def fail() -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path / "master.xlsx"))

    with pytest.raises(PermissionError, match=r"master\.xlsx"):  # without fork, the constructor raises it
        Beside(fail).join()


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2,
                    reason="without fork (or a second core) the action runs in this process")
def test_a_writer_that_dies_is_reported() -> None:
    job = Beside(lambda: os._exit(3))
    with pytest.raises(RuntimeError, match="exit code 3"):
        job.join()
