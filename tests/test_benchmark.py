"""The benchmark runs end to end on a small round (a smoke test: no time is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KEYS = {"generate_per_s", "generate_naive_per_s", "generate_ratio", "consolidate_per_s", "read_naive_per_s",
        "consolidate_ratio", "floor_per_s", "peak_rss_mb", "units"}


@pytest.mark.slow
def test_the_benchmark_runs_and_writes_its_figures(tmp_path: Path) -> None:
    target = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--units", "6", "--rounds", "1",
                           "--json", str(target)], capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(target.read_text(encoding="utf-8"))
    assert set(figures) >= KEYS
    assert figures["units"] == 6 and all(figures[k] > 0 for k in KEYS - {"units"})
    assert "| generation (ours) |" in done.stdout
