"""The same inputs give the same bytes in another process under another hash seed: workbooks, master, exports.

Each run is a fresh interpreter (``PYTHONHASHSEED`` differs, so set and dict-of-set orders differ) that generates
a round's workbooks into a folder holding the same registry and consolidates the same returned files.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ROUND = """
import hashlib, json, random, sys
from pathlib import Path
from xl_dti import load_scheme
from xl_dti.consolidation.run import consolidate
from xl_dti.demo.answers import unit_answers
from xl_dti.generate import generate
from xl_dti.registry import load_registry
from xl_dti.units import Unit
from xl_dti.workbook.fill import fill_workbook

folder = Path(sys.argv[1])
scheme = load_scheme("haugiang-2022-so")
units = [Unit("so-noi-vu", "Sở Nội vụ", "so"), Unit("so-tu-phap", "Sở Tư pháp", "so"),
         Unit("so-y-te", "Sở Y tế", "so"), Unit("cuc-thue", "Cục Thuế tỉnh", "nganh-doc"),
         Unit("kho-bac", "Kho bạc Nhà nước", "nganh-doc")]
report = generate(scheme, units, folder / "generated", year=2022)
registry = load_registry(report.registry)
rng = random.Random(1949)
for unit in units:  # a unit's save carries its own time: the later runs take these files as they are
    blank = folder / "generated" / registry.units[unit.code].file
    if not (folder / "returned").exists() or sys.argv[2] == "fill":
        fill_workbook(blank, folder / "returned" / f"{unit.code}.xlsx", scheme, unit_answers(scheme, rng, 0.5))
run = consolidate(scheme, folder / "returned", registry, folder / "out", jobs=1)
print(json.dumps({"outcomes": sorted(o.outcome for o in run.outcomes),
                  "files": {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                            for p in sorted(folder.rglob("*")) if p.is_file()}}))
"""


def _round(folder: Path, seed: str) -> dict[str, object]:
    environment = {**os.environ, "PYTHONHASHSEED": seed}
    step = "fill" if seed == "0" else "keep"
    done = subprocess.run([sys.executable, "-c", ROUND, str(folder), step], capture_output=True, text=True, cwd=ROOT,
                          env=environment, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    found: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


@pytest.mark.slow
def test_a_round_is_byte_identical_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    first = _round(tmp_path / "a", "0")
    assert first["outcomes"] == ["accepted"] * 5
    files = first["files"]
    assert isinstance(files, dict)
    for name in ("out/master.xlsx", "out/ranking.json", "out/ranking.csv", "generated/registry.json",
                 "generated/2022_so-noi-vu_so-noi-vu.xlsx"):
        assert name in files, sorted(files)
    for folder, seed in (("b", "1"), ("c", "4242")):  # the same registry: the same secrets and generation time
        (tmp_path / folder / "generated").mkdir(parents=True)
        shutil.copy(tmp_path / "a" / "generated" / "registry.json", tmp_path / folder / "generated")
        shutil.copytree(tmp_path / "a" / "returned", tmp_path / folder / "returned")
        again = _round(tmp_path / folder, seed)
        assert again["outcomes"] == first["outcomes"]
        other = again["files"]
        assert isinstance(other, dict)
        assert sorted(other) == sorted(files)
        assert [name for name in files if files[name] != other[name]] == [], f"hash seed {seed} changed these"


def test_hashing_sees_a_changed_byte(tmp_path: Path) -> None:
    """The comparison above is over real contents: one flipped byte changes the digest it compares."""
    path = tmp_path / "x.bin"
    path.write_bytes(b"\x00" * 64)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    path.write_bytes(b"\x00" * 63 + b"\x01")
    assert hashlib.sha256(path.read_bytes()).hexdigest() != before
