"""Consolidate a folder of returned workbooks into the master ranking (the whole run, step by step)."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from xl_dti.answers import Answer
from xl_dti.appraisal.apply import Appraisal, read_appraisals
from xl_dti.atomic import write_text_atomic
from xl_dti.consolidation.beside import Beside
from xl_dti.consolidation.comparison import compare_years
from xl_dti.consolidation.exports import (
    manifest_document,
    ranking_csv,
    ranking_document,
    write_detail_csv,
    write_json,
)
from xl_dti.consolidation.folder import walk
from xl_dti.consolidation.isolation import Reader, Task, read_isolated
from xl_dti.consolidation.master import MasterData, detail_fits, detail_rows, write_master
from xl_dti.consolidation.outcomes import FileOutcome, decide
from xl_dti.consolidation.package import Limits
from xl_dti.consolidation.previous import Successor, load_previous, previous_for_successors
from xl_dti.consolidation.reading import FileReading, RoundContext, read_returned
from xl_dti.consolidation.tables import RankingRow, grade_counts, measure_rankings, ranking_rows
from xl_dti.engine import Submission, score_units
from xl_dti.errors import Problem, UsageError, XlDtiError
from xl_dti.output_set import output_set
from xl_dti.ranking import measures
from xl_dti.registry import Registry, RegistryUnit
from xl_dti.results import UnitResult
from xl_dti.scheme.model import Scheme
from xl_dti.units import Unit

OUTPUT_NAMES = frozenset({"master.xlsx", "ranking.csv", "ranking.json", "manifest.json", "chi-tiet.csv"})
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".xltx", ".xltm")


@dataclass
class Consolidation:
    """What a consolidation run found and wrote."""

    scheme: Scheme
    registry: Registry
    outcomes: list[FileOutcome]
    results: list[UnitResult]
    rows: list[RankingRow]
    missing: list[RegistryUnit]
    limits: Limits
    appraisal: Appraisal | None = None
    comparison: str | None = None
    outputs: list[Path] = field(default_factory=list)
    previous_problems: list[Problem] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        """How many files got ``outcome``."""
        return sum(1 for o in self.outcomes if o.outcome == outcome)


def require_defusedxml() -> None:
    """Refuse to read untrusted workbooks unless defusedxml protects the XML parsers."""
    try:
        import defusedxml  # noqa: F401
        from openpyxl.xml import DEFUSEDXML
    except ImportError:
        raise XlDtiError([Problem("consolidate.no_defusedxml")]) from None
    if not DEFUSEDXML:
        raise XlDtiError([Problem("consolidate.no_defusedxml")])


def returned_files(folder: Path, skip: Iterable[Path] = (), required: bool = True) -> list[Task]:
    """Every entry under ``folder`` (recursively; see ``folder.walk``), except office lock files, system
    files and the folders in ``skip`` (an output folder inside the returned folder is never read back).

    Raises:
        UsageError: ``folder`` is not a folder, or holds no file at all (when ``required``).
    """
    if not folder.is_dir():
        raise UsageError([Problem("consolidate.not_a_folder", params={"path": str(folder)})])
    tasks = walk(folder, skip)
    if not tasks and required:
        raise UsageError([Problem("consolidate.no_files", params={"path": str(folder)})])
    return tasks


def _check_workbooks_found(folder: Path, readings: list[FileReading]) -> None:
    """A folder in which no file is a workbook is a mistake (the wrong folder), not an empty ranking."""
    if any(r.kind or r.name.lower().endswith(WORKBOOK_SUFFIXES) for r in readings):
        return
    names = ", ".join(r.name for r in readings[:5]) + (", …" if len(readings) > 5 else "")
    raise UsageError([Problem("consolidate.no_workbooks", params={"path": str(folder), "count": len(readings),
                                                                  "names": names})])


@dataclass
class Collected:
    """Every returned file read and given its outcome; the accepted submission of each unit."""

    outcomes: list[FileOutcome]
    accepted: dict[str, FileOutcome]
    expected: dict[str, RegistryUnit]
    limits: Limits

    def submissions(self, appraised: dict[str, dict[str, Decimal]] | None = None) -> list[Submission]:
        """The accepted answers as the engine takes them (with the council's points, if given)."""
        return [
            Submission(code, o.reading.answers, self.expected[code].group, (appraised or {}).get(code))
            for code, o in self.accepted.items()
        ]


def collect(
    scheme: Scheme,
    returned: Path,
    registry: Registry,
    *,
    units: list[Unit] | None = None,
    jobs: int | None = None,
    limits: Limits | None = None,
    reader: Reader = read_returned,
    progress: Callable[[FileReading], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    skip: Iterable[Path] = (),
) -> Collected:
    """Check and read every returned file in isolated workers and decide each file's outcome.

    Args:
        scheme: the scheme the workbooks were generated from (its fingerprint must match the registry).
        returned: the folder of returned files (read recursively, never written).
        registry: the generation registry (secrets and structure fingerprints).
        units: the units to expect (default: every unit in the registry).
        jobs: worker processes (default: one per core).
        limits: size, time and memory bounds per file.
        reader: the per-file reading (tests substitute a misbehaving one).
        progress: called as each file is read.
        on_start: called with the number of files found, before reading.
        skip: folders inside ``returned`` that are not read (the outputs).
    """
    require_defusedxml()
    _check_registry(scheme, registry)
    limits = limits or Limits()
    tasks = returned_files(returned, skip)
    if on_start:
        on_start(len(tasks))
    context = RoundContext(scheme, registry, limits)
    context.prepare()
    readings = list(read_isolated(tasks, context, jobs or os.cpu_count() or 1, reader, progress))
    _check_workbooks_found(returned, readings)
    received = {t.name: t.received for t in tasks}
    outcomes = decide([(r, received.get(r.name, 0.0)) for r in readings])
    expected = _expected_units(registry, units)
    accepted = {o.reading.unit_code or "": o for o in outcomes
                if o.outcome == "accepted" and o.reading.unit_code in expected}
    return Collected(outcomes, dict(sorted(accepted.items())), expected, limits)


def consolidate(
    scheme: Scheme,
    returned: Path,
    registry: Registry,
    out_dir: Path,
    *,
    previous: Path | None = None,
    crosswalk: Path | None = None,
    appraisals: Path | None = None,
    **options: Any,
) -> Consolidation:
    """Check, read and recompute every returned file; apply the appraisal; rank; write the outputs.

    Args:
        scheme: the scheme in force.
        returned: the folder of returned files.
        registry: the generation registry.
        out_dir: where master.xlsx, ranking.csv, ranking.json and manifest.json go.
        previous: last year's ranking.json, ranking.csv or master.xlsx.
        crosswalk: old code → new code for main indices and pillars, when the scheme changed.
        appraisals: a folder of appraisal workbooks written by ``xl-dti appraise`` and filled by the council.
        options: passed to ``collect`` (units, jobs, limits, reader, progress, on_start).

    Returns:
        The outcomes, results and ranking rows, and the paths written.
    """
    if out_dir.resolve() == returned.resolve():
        raise UsageError([Problem("output.is_returned", str(out_dir))])
    with output_set(out_dir, OUTPUT_NAMES) as staging:  # the previous set or the new one, whole
        run, collected = _consolidated(scheme, returned, registry, out_dir, previous, crosswalk, appraisals, options)
        with _heap_frozen():
            run.outputs = [out_dir / path.name for path in _write(staging, run, collected)]
    return run


@contextmanager
def _heap_frozen() -> Iterator[None]:
    """Leave the round's readings and results out of the garbage collector's passes while the outputs
    are written: they all live until then, and the writers make millions of short-lived objects
    (each full pass would walk them all again; the forked writer would copy every page it touched)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _consolidated(
    scheme: Scheme, returned: Path, registry: Registry, out_dir: Path, previous: Path | None,
    crosswalk: Path | None, appraisals: Path | None, options: dict[str, Any],
) -> tuple[Consolidation, Collected]:
    earlier = load_previous(previous) if previous else None  # a secretariat's file: refused before the reading
    collected = collect(scheme, returned, registry, skip=(out_dir, *([appraisals] if appraisals else [])),
                        **options)
    appraisal = read_appraisals(
        scheme, registry, appraisals, collected.accepted, collected.limits,
        returned_files(appraisals, [out_dir], required=False), options.get("jobs"),
    ) if appraisals else None
    # each worker already scored its file on its own: that is the engine's first pass
    first = None if appraisal else [o.reading.result for o in collected.accepted.values()]
    results = score_units(scheme, collected.submissions(appraisal.points if appraisal else None),
                          first if first and all(first) else None)  # type: ignore[arg-type]
    del first
    for outcome in collected.outcomes:
        outcome.reading.result = None  # the first pass is done with: a country's worth is hundreds of MB
    self_results = score_units(scheme, collected.submissions()) if appraisal else None
    previous_problems: list[Problem] = []
    if earlier:
        successors = _successors(collected.expected, options.get("units"))
        earlier, previous_problems = previous_for_successors(earlier, successors, scheme.decimals)
    years = compare_years(scheme, earlier, crosswalk) if earlier else None
    rows = ranking_rows(scheme, results, collected.expected, earlier.units if earlier else None, self_results,
                        set(appraisal.points) if appraisal else None, years.measures if years else None)
    missing = [u for code, u in collected.expected.items() if code not in collected.accepted]
    outcomes = collected.outcomes + (appraisal.outcomes if appraisal else [])
    run = Consolidation(scheme, registry, outcomes, results, rows, missing, collected.limits, appraisal,
                        years.mode if years else None, previous_problems=previous_problems)
    return run, collected


def _check_registry(scheme: Scheme, registry: Registry) -> None:
    if registry.scheme_id != scheme.id or registry.scheme_fingerprint != scheme.fingerprint():
        params = {"registry_scheme": registry.scheme_id, "registry_fp": registry.scheme_fingerprint[:12],
                  "scheme": scheme.id}
        raise UsageError([Problem("consolidate.scheme_mismatch", params=params)])


def _successors(expected: dict[str, RegistryUnit], units: list[Unit] | None) -> list[Successor]:
    """This year's units and their predecessors: from the units list when given, else the registry."""
    if units is not None:
        return [Successor(u.code, u.group, u.predecessors) for u in units if u.code in expected]
    return [Successor(u.code, u.group, tuple(u.predecessors)) for u in expected.values()]


def _expected_units(registry: Registry, units: list[Unit] | None) -> dict[str, RegistryUnit]:
    if units is None:
        return dict(registry.units)
    return {u.code: registry.units[u.code] for u in units if u.code in registry.units}


def _write(out_dir: Path, run: Consolidation, collected: Collected) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    scheme = run.scheme
    answers: dict[str, Mapping[str, Answer]] = {code: o.reading.answers for code, o in collected.accepted.items()}
    generated = datetime.strptime(run.registry.generated, "%Y-%m-%dT%H:%M:%S")
    master = out_dir / "master.xlsx"
    data = MasterData(
        scheme, run.registry.year, run.rows, measure_rankings(scheme, run.results), run.outcomes, answers,
        run.missing, grade_counts(scheme, run.rows), generated, run.appraisal,
    )
    ranking = ranking_document(scheme, run.registry.year, run.rows, run.missing, answers, run.appraisal,
                               run.comparison)

    def beside_the_parent() -> None:  # about half the work, in a forked child
        write_master(master, data)
        write_json(out_dir / "ranking.json", ranking)

    written = [master, out_dir / "ranking.csv", out_dir / "ranking.json", out_dir / "manifest.json"]
    child = Beside(beside_the_parent)
    try:
        codes = [m for m in measures(scheme) if m != "result"]
        write_text_atomic(out_dir / "ranking.csv", ranking_csv(run.rows, codes))
        write_json(out_dir / "manifest.json", manifest_document(run.outcomes, run.limits))
        if not detail_fits(data):
            write_detail_csv(out_dir / "chi-tiet.csv", detail_rows(data))
            written.append(out_dir / "chi-tiet.csv")
    finally:
        child.join()
    return written
