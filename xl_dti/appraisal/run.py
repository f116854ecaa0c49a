"""Write one appraisal workbook per accepted submission, for the council."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xl_dti.appraisal.layout import META_KEYS, appraisal_layout
from xl_dti.appraisal.workbook import SubmissionInfo, build_appraisal
from xl_dti.atomic import write_bytes_atomic
from xl_dti.consolidation.ods_cells import OdsError, read_ods
from xl_dti.consolidation.package import Limits, open_package
from xl_dti.consolidation.reading import meta_identity
from xl_dti.consolidation.run import Collected, collect
from xl_dti.consolidation.xlsx_cells import XlsxError, read_xlsx
from xl_dti.engine import score_units
from xl_dti.overwrite import output_folder, same_bytes
from xl_dti.registry import Registry
from xl_dti.scheme.model import Scheme
from xl_dti.workbook.layout import META_SHEET


@dataclass(frozen=True)
class AppraisalReport:
    """What ``appraise`` read and wrote: ``files`` are every accepted submission's appraisal workbook,
    of which ``kept`` already existed with other content and were left as they were (no ``force``)
    and ``unchanged`` already held exactly these bytes."""

    collected: Collected
    files: list[Path]
    kept: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)  # kept, but about a file the unit has since replaced

    @property
    def written(self) -> list[Path]:
        """The appraisal workbooks this run wrote."""
        kept = {p.with_suffix(".xlsx") for p in self.kept}
        return [p for p in self.files if p not in kept and p not in self.unchanged]


def appraisal_name(year: int, unit_code: str) -> str:
    """``<year>_<code>_tham-dinh.xlsx``."""
    return f"{year}_{unit_code}_tham-dinh.xlsx"


def appraise(
    scheme: Scheme, returned: Path, registry: Registry, out_dir: Path, *, force: bool = False, **options: Any
) -> AppraisalReport:
    """Read the returned files like ``consolidate`` does and write an appraisal workbook for each
    accepted submission, prefilled with its recomputed self-scores.

    An appraisal workbook that already exists, or its .ods twin, is never replaced without ``force``
    (the council may have filled it): it is kept, and the report lists it.

    Args:
        scheme: the scheme in force.
        returned: the folder of returned files.
        registry: the generation registry.
        out_dir: where the appraisal workbooks go.
        force: replace appraisal workbooks that exist.
        options: passed to ``collect`` (units, jobs, limits, progress, on_start).
    """
    output_folder(out_dir)
    collected = collect(scheme, returned, registry, skip=(out_dir,), **options)
    layout = appraisal_layout(scheme)
    report = AppraisalReport(collected, [])
    for result in score_units(scheme, collected.submissions()):
        code = result.unit or ""
        reading = collected.accepted[code].reading
        submission = SubmissionInfo(registry.units[code], reading.name, reading.sha256, reading.answers, result)
        path = out_dir / appraisal_name(registry.year, code)
        data = build_appraisal(layout, submission, registry)
        report.files.append(path)
        existing = [p for p in (path, path.with_suffix(".ods")) if p.exists()]  # the council may save as .ods
        if same_bytes(path, data):
            report.unchanged.append(path)
        elif existing and not force:
            report.kept.append(existing[0])
            if appraised_file(existing[0]) != reading.sha256:
                report.stale.append(existing[0])
        else:
            write_bytes_atomic(path, data)
    return report


def appraised_file(path: Path) -> str | None:
    """The SHA-256 of the submission an existing appraisal workbook is about (``None`` if unreadable)."""
    try:
        package, _ = open_package(path.read_bytes(), path.name, Limits())
        if package is None:
            return None
        wanted: dict[str, int | None] = {META_SHEET: len(META_KEYS)}
        grid = read_xlsx(package.parts, wanted) if package.kind == "xlsx" else read_ods(package.parts, set(wanted))
    except (OSError, XlsxError, OdsError):
        return None
    return meta_identity(grid, META_KEYS).get("submission_sha256")
