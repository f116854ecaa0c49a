"""Write one appraisal workbook per accepted submission, for the council."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xl_dti.appraisal.layout import appraisal_layout
from xl_dti.appraisal.workbook import SubmissionInfo, build_appraisal
from xl_dti.atomic import write_bytes_atomic
from xl_dti.consolidation.run import Collected, collect
from xl_dti.engine import score_units
from xl_dti.registry import Registry
from xl_dti.scheme.model import Scheme


@dataclass(frozen=True)
class AppraisalReport:
    """What ``appraise`` read and wrote."""

    collected: Collected
    files: list[Path]


def appraisal_name(year: int, unit_code: str) -> str:
    """``<year>_<code>_tham-dinh.xlsx``."""
    return f"{year}_{unit_code}_tham-dinh.xlsx"


def appraise(scheme: Scheme, returned: Path, registry: Registry, out_dir: Path, **options: Any) -> AppraisalReport:
    """Read the returned files like ``consolidate`` does and write an appraisal workbook for each
    accepted submission, prefilled with its recomputed self-scores.

    Args:
        scheme: the scheme in force.
        returned: the folder of returned files.
        registry: the generation registry.
        out_dir: where the appraisal workbooks go.
        options: passed to ``collect`` (units, jobs, limits, progress, on_start).
    """
    collected = collect(scheme, returned, registry, skip=(out_dir,), **options)
    layout = appraisal_layout(scheme)
    files = []
    for result in score_units(scheme, collected.submissions()):
        code = result.unit or ""
        reading = collected.accepted[code].reading
        submission = SubmissionInfo(registry.units[code], reading.name, reading.sha256, reading.answers, result)
        path = out_dir / appraisal_name(registry.year, code)
        write_bytes_atomic(path, build_appraisal(layout, submission, registry))
        files.append(path)
    return AppraisalReport(collected, files)
