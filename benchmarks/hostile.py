"""Measure that hostile files cost about what honest ones do: every stage stays linear in a file's size.

    python benchmarks/hostile.py --units 2000 [--share 0.1] [--rounds 1]

Generates N unit workbooks and fills them (as ``run.py`` does), then consolidates, in the same round,
the N honest files and the same N with a share of them replaced by files built to make a pattern or a
parser slow (long texts without a break, runs of escapes, numbers of a million digits, hundreds of
thousands of cells or shared strings, deep nesting), each within the package limits. Prints both
times, their ratio (about 1 when nothing is quadratic) and each hostile kind's single-file reading
time beside an honest file's. The per-file timeout is a backstop: no file should reach it.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fastfill import FORM_PART, fill_bytes
from openpyxl.utils import get_column_letter

from xl_dti import load_scheme
from xl_dti.consolidation.package import Limits
from xl_dti.consolidation.reading import RoundContext, read_returned
from xl_dti.consolidation.run import consolidate
from xl_dti.demo.answers import unit_answers
from xl_dti.generate import generate
from xl_dti.registry import load_registry
from xl_dti.units import Unit
from xl_dti.workbook.layout import compute_layout

SCHEME = "quocgia-2022-tinh"


def _rewrite(data: bytes, part: str, change: Callable[[bytes], bytes], extra: dict[str, bytes] | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            target.writestr(info, change(body) if info.filename == part else body)
        for name, body in (extra or {}).items():
            target.writestr(name, body)
    return out.getvalue()


def _in_first_text(text: bytes) -> Callable[[bytes], bytes]:
    """Put ``text`` into the first inline string of the form (an evidence cell of the unit's answers)."""
    def change(body: bytes) -> bytes:
        start = body.index(b"<is><t") + len(b"<is><t")
        end = body.index(b"</t>", start)
        close = body.index(b">", start) + 1
        return body[:close] + text + body[end:]
    return change


def _before_sheet_data_end(xml: bytes) -> Callable[[bytes], bytes]:
    return lambda body: body.replace(b"</sheetData>", xml + b"</sheetData>", 1)


HOSTILE: dict[str, Callable[[bytes], bytes]] = {
    "long-text-no-break": lambda d: _rewrite(d, FORM_PART, _in_first_text(b"a" * 32000)),
    "run-of-escapes": lambda d: _rewrite(d, FORM_PART, _in_first_text(b"&lt;&amp;" * 4000)),
    "char-references": lambda d: _rewrite(d, FORM_PART, _in_first_text(b"&#7843;" * 5000)),
    "ooxml-escapes": lambda d: _rewrite(d, FORM_PART, _in_first_text(b"_x0041_" * 4600)),
    "spaces-then-letter": lambda d: _rewrite(d, FORM_PART, _in_first_text(b" " * 32000 + b"x")),
    "million-digit-number": lambda d: _rewrite(
        d, FORM_PART, _before_sheet_data_end(b'<row r="3000"><c r="Z3000"><v>1' + b"0" * 1_000_000
                                             + b"</v></c></row>")),
    "many-empty-rows": lambda d: _rewrite(
        d, FORM_PART, _before_sheet_data_end(b"".join(b'<row r="%d"/>' % r for r in range(3000, 300_000)))),
    "many-cells-one-row": lambda d: _rewrite(
        d, FORM_PART, _before_sheet_data_end(b'<row r="3000">' + b"".join(
            b'<c r="%s3000"/>' % get_column_letter(i).encode() for i in range(1, 16000)) + b"</row>")),
    "many-attributes": lambda d: _rewrite(
        d, FORM_PART, lambda body: body.replace(
            b"<worksheet ", b"<worksheet " + b" ".join(b'a%d="1"' % i for i in range(20000)) + b" ", 1)),
    "deep-nesting": lambda d: _rewrite(
        d, FORM_PART, _before_sheet_data_end(b'<row r="3000"><c r="A3000" t="inlineStr"><is>' + b"<r>" * 20000
                                             + b"</r>" * 20000 + b"</is></c></row>")),
    "big-unreachable-part": lambda d: _rewrite(d, "[Content_Types].xml", lambda body: body, {
        "xl/padding.xml": b'<?xml version="1.0"?><x>' + b"<si><t>x</t></si>" * 300_000 + b"</x>"}),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--share", type=float, default=0.1)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    scheme = load_scheme(SCHEME)
    layout = compute_layout(scheme, None)
    rng = random.Random(13)
    answers = [unit_answers(scheme, rng, 0.7) for _ in range(50)]
    units = [Unit(f"t{i:05d}", f"Đơn vị số {i}", None) for i in range(args.units)]
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        started = time.perf_counter()
        generate(scheme, units, work / "generated", year=2024)
        registry = load_registry(work / "generated" / "registry.json")
        honest, mixed = work / "honest", work / "mixed"
        honest.mkdir()
        mixed.mkdir()
        kinds = list(HOSTILE)
        hostile_every = max(1, round(1 / args.share)) if args.share else 0
        made: dict[str, bytes] = {}
        for index, unit in enumerate(units):
            data = fill_bytes((work / "generated" / registry.units[unit.code].file).read_bytes(), scheme, layout,
                              answers[index % len(answers)])
            (honest / f"{unit.code}.xlsx").write_bytes(data)
            if hostile_every and index % hostile_every == 0:
                kind = kinds[(index // hostile_every) % len(kinds)]
                data = HOSTILE[kind](data)
                made.setdefault(kind, data)
            (mixed / f"{unit.code}.xlsx").write_bytes(data)
        print(f"prepared {args.units} units in {time.perf_counter() - started:.1f} s", flush=True)
        context = RoundContext(scheme, registry, Limits())
        context.prepare()
        sample = (honest / f"{units[0].code}.xlsx").read_bytes()
        single = {"honest": _best(lambda: read_returned(sample, "h.xlsx", context))}
        for kind, data in made.items():
            single[kind] = _best(lambda data=data: read_returned(data, "x.xlsx", context))  # type: ignore[misc]
        times = {}
        for name, folder in (("honest", honest), ("mixed", mixed), ("honest again", honest)):
            out = work / f"out-{name.replace(' ', '-')}"
            begun = time.perf_counter()
            run = consolidate(scheme, folder, registry, out, jobs=args.jobs)
            times[name] = time.perf_counter() - begun
            timeouts = sum(1 for o in run.outcomes if "worker.timeout" in o.codes)
            print(f"{name}: {times[name]:.1f} s, {run.count('accepted')} accepted, {run.count('rejected')} rejected, "
                  f"{timeouts} timed out", flush=True)
            shutil.rmtree(out)
        honest_time = (times["honest"] + times["honest again"]) / 2
        print(f"\nmixed / honest: {times['mixed'] / honest_time:.2f} "
              f"({args.share:.0%} hostile of {args.units}; 1.00 = no extra cost)")
        print("\none file's reading, best of 3 (ms):")
        for kind, seconds in single.items():
            size = len(made.get(kind, sample))
            print(f"  {kind:24} {seconds * 1000:8.1f} ms  ({size / 1024:.0f} kB)")
    return 0


def _best(action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        begun = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - begun)
    return best


if __name__ == "__main__":
    sys.exit(main())
