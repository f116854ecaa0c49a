"""Bring the council's appraisal into the consolidation: appraised points replace self points.

An appraisal applies only to the exact submission it was made from: if the unit resubmitted after
the appraisal, the appraisal is flagged (quarantined), not silently applied. Indicators the council
left blank keep the unit's self-score, and the master says so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from xl_dti.appraisal.reading import AppraisalReading, read_appraisal
from xl_dti.consolidation.isolation import Task, read_isolated
from xl_dti.consolidation.outcomes import COUNCIL_CODES, FileOutcome, decide
from xl_dti.consolidation.package import Limits
from xl_dti.consolidation.reading import RoundContext
from xl_dti.errors import Problem
from xl_dti.registry import Registry
from xl_dti.scheme.model import Scheme

APPRAISAL_PREFIX = "thẩm định/"


@dataclass
class Appraisal:
    """The applied appraisals: per unit, the council's points and comments, and every file's outcome."""

    points: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    comments: dict[str, dict[str, str]] = field(default_factory=dict)
    outcomes: list[FileOutcome] = field(default_factory=list)

    def kept_self(self, scheme: Scheme, unit: str) -> list[str]:
        """The leaves of an appraised unit for which the council gave no points (its N/A leaves among them: the
        caller, who has the unit's result, tells those apart)."""
        if unit not in self.points:
            return []
        return [c for c in scheme.tree.order if scheme.tree.by_code[c].is_leaf and c not in self.points[unit]]


def read_appraisals(
    scheme: Scheme, registry: Registry, folder: Path, accepted: dict[str, FileOutcome], limits: Limits,
    tasks: list[Task], jobs: int | None = None,
) -> Appraisal:
    """Read every appraisal file and apply those that match the accepted submissions.

    Args:
        scheme: the scheme in force.
        registry: the generation registry (the appraisals are signed with the units' secrets).
        folder: the appraisal folder (for messages).
        accepted: unit code → the accepted submission's outcome.
        limits: per-file bounds.
        tasks: the appraisal files.
        jobs: worker processes.
    """
    context = RoundContext(scheme, registry, limits)
    readings = list(read_isolated(tasks, context, jobs or os.cpu_count() or 1, read_appraisal))
    received = {t.name: t.received for t in tasks}
    outcomes = decide([(r, received.get(r.name, 0.0)) for r in readings], codes=COUNCIL_CODES)
    appraisal = Appraisal()
    for outcome in outcomes:
        outcome.reading.name = APPRAISAL_PREFIX + outcome.reading.name
        reading = outcome.reading
        if outcome.outcome != "accepted" or not isinstance(reading, AppraisalReading):
            continue
        submission = accepted.get(reading.unit_code or "")
        if submission is None or submission.reading.sha256 != reading.submission_sha256:
            outcome.outcome = "quarantined"
            current = submission.reading.name if submission else "—"
            outcome.problems.append(Problem("appraisal.stale", reading.name, {"current": current}))
            continue
        appraisal.points[reading.unit_code or ""] = reading.points
        appraisal.comments[reading.unit_code or ""] = reading.comments
    appraisal.outcomes = outcomes
    return appraisal
