"""Benchmark generation and consolidation against their naive baselines and the file-format floor.

    python benchmarks/run.py --units 1000 [--rounds 3] [--json FILE]

For a built-in scheme of about 100 indicators it generates N unit workbooks, fills them as units
would, consolidates them (every check on, master and CSV/JSON written), and in the same rounds,
interleaved, measures the baselines:
- naive generation: the same workbooks built one by one with openpyxl from scratch;
- naive reading: ``openpyxl.load_workbook`` of every returned file, reading the input cells;
- floor: opening each returned file and decompressing the parts that hold the inputs, no parsing.
Baselines run on a sample of the files (their rate per file is what is compared). Figures are
medians over the rounds; ratios compare rates measured in the same round.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fastfill import fill_bytes
from openpyxl import load_workbook

from xl_dti import load_scheme
from xl_dti.consolidation.run import consolidate
from xl_dti.demo.answers import unit_answers
from xl_dti.generate import generate
from xl_dti.registry import load_registry
from xl_dti.units import Unit
from xl_dti.workbook.build import CompiledScheme, build_workbook
from xl_dti.workbook.layout import FORM_SHEET, compute_layout

SCHEME = "quocgia-2022-tinh"  # 9 main indices, 98 sub-indices
SAMPLE = 40  # files per round for the slow baselines


def _timed(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


# A separate process samples the memory of this process and all its children (workers, the
# master's writer) every 0.2 s: proportional set size, so pages a forked child shares with its
# parent count once. It prints the peak, in kB, when its stdin closes.
_MONITOR = """
import os, sys, threading, time
root, peak, done = int(sys.argv[1]), 0, threading.Event()
def pss(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("Pss:"))
    except (OSError, StopIteration):
        return 0
def tree(pid):
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found += [p for child in f.read().split() for p in tree(int(child))]
    except OSError:
        pass
    return found
threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
while not done.is_set():
    peak = max(peak, sum(pss(p) for p in tree(root)))
    done.wait(0.2)
print(peak)
"""


class _MemoryMonitor:
    """The peak memory of this process tree (Linux); elsewhere the largest single process's peak."""

    def __init__(self) -> None:
        self.process = None
        if Path(f"/proc/{os.getpid()}/smaps_rollup").exists():
            self.process = subprocess.Popen([sys.executable, "-c", _MONITOR, str(os.getpid())],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def peak_mb(self) -> float:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        largest = max(own, children) / 1024
        if self.process is None:
            return largest
        out, _ = self.process.communicate("", timeout=30)
        return max(largest, int(out.strip() or 0) / 1024)


def run(units: int, rounds: int, folder: Path) -> dict[str, Any]:
    """Measure ``rounds`` interleaved rounds; return the medians and ratios."""
    scheme = load_scheme(SCHEME)
    unit_list = [Unit(f"t{i:05d}", f"Đơn vị số {i}", None) for i in range(units)]
    layout = compute_layout(scheme, None)
    monitor = _MemoryMonitor()
    rng = random.Random(922)
    answers = [unit_answers(scheme, rng, 0.7) for _ in range(min(units, 200))]
    samples: dict[str, list[float]] = {k: [] for k in ("generate", "generate_naive", "consolidate", "read_naive",
                                                        "floor")}
    for round_number in range(rounds):
        measured = _round(scheme, unit_list, layout, answers, folder / f"round-{round_number}")
        for key, value in measured.items():
            samples[key].append(value)
        print(f"round {round_number + 1}/{rounds}: " + ", ".join(f"{k} {v[-1]:.1f}/s" for k, v in samples.items()),
              flush=True)
    ratios = {
        "generate_ratio": [g / n for g, n in zip(samples["generate"], samples["generate_naive"], strict=True)],
        "consolidate_ratio": [c / n for c, n in zip(samples["consolidate"], samples["read_naive"], strict=True)],
        "floor_ratio": [f / c for f, c in zip(samples["floor"], samples["consolidate"], strict=True)],
    }
    result: dict[str, Any] = {f"{k}_per_s": round(statistics.median(v), 2) for k, v in samples.items()}
    result.update({k: round(statistics.median(v), 2) for k, v in ratios.items()})
    result.update({"peak_rss_mb": round(monitor.peak_mb(), 1), "units": units, "rounds": rounds, "scheme": SCHEME})
    return result


def _round(scheme: Any, unit_list: list[Unit], layout: Any, answers: list[Any], work: Path) -> dict[str, float]:
    """One round: every measurement once, on the same files (rates in files or workbooks per second)."""
    generated, returned = work / "generated", work / "returned"
    units = len(unit_list)
    rates = {"generate": units / _timed(lambda: generate(scheme, unit_list, generated, year=2024))}
    registry = load_registry(generated / "registry.json")
    returned.mkdir(parents=True)
    for i, unit in enumerate(unit_list):
        data = (generated / registry.units[unit.code].file).read_bytes()
        (returned / f"{unit.code}.xlsx").write_bytes(fill_bytes(data, scheme, layout, answers[i % len(answers)]))
    files = sorted(returned.glob("*.xlsx"))
    sample = files[:SAMPLE]
    compiled = CompiledScheme(scheme)
    options = registry.round_options()
    rates["generate_naive"] = len(sample) / _timed(lambda: [
        build_workbook(compiled, u, options, registry.unit_secret(u.code), "x") for u in unit_list[:len(sample)]
    ])
    rates["read_naive"] = len(sample) / _timed(lambda: [_naive_read(p, layout) for p in sample])
    rates["floor"] = len(files) / _timed(lambda: [_floor(p) for p in files])
    runs = []
    rates["consolidate"] = units / _timed(lambda: runs.append(consolidate(scheme, returned, registry, work / "out")))
    assert runs[0].count("accepted") == units, "every benchmark file is accepted"
    shutil.rmtree(work)
    return rates


def _naive_read(path: Path, layout: Any) -> list[Any]:
    workbook = load_workbook(path)
    sheet = workbook[FORM_SHEET]
    return [sheet[address].value for _, _, _, address in layout.input_map()]


def _floor(path: Path) -> int:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        return sum(len(archive.read(name)) for name in ("xl/worksheets/sheet2.xml", "xl/worksheets/sheet5.xml"))


def table(result: dict[str, Any]) -> str:
    """The result as a Markdown table (for the README)."""
    rows = [
        ("generation (ours)", f"{result['generate_per_s']:.1f} workbooks/s", f"{result['generate_ratio']:.1f}× naive"),
        ("generation, naive openpyxl", f"{result['generate_naive_per_s']:.1f} workbooks/s", "1×"),
        ("consolidation end to end (ours)", f"{result['consolidate_per_s']:.1f} files/s",
         f"{result['consolidate_ratio']:.1f}× naive reading"),
        ("reading, naive openpyxl", f"{result['read_naive_per_s']:.1f} files/s", "1×"),
        ("floor: unzip the input parts", f"{result['floor_per_s']:.1f} files/s",
         f"ours is {result['floor_ratio']:.1f}× slower"),
    ]
    lines = ["| measure | rate | ratio |", "| --- | --- | --- |", *(f"| {a} | {b} | {c} |" for a, b, c in rows)]
    lines.append(f"\n{result['units']} units of `{result['scheme']}`, median of {result['rounds']} rounds; "
                 f"peak memory {result['peak_rss_mb']:.0f} MB.")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="xl-dti-bench-") as folder:
        result = run(options.units, options.rounds, Path(folder))
    print(table(result))
    if options.json:
        options.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
