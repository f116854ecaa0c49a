"""Give every returned file exactly one outcome, settling resubmissions of the same unit.

For one unit, the same bytes again are a ``duplicate``; among different valid files the newest
wins (by the workbook's own saved time, then the file's modification time) and the older ones are
``superseded``; two different files that cannot be ordered are both ``quarantined``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from xl_dti.consolidation.reading import FileReading
from xl_dti.errors import Problem

Outcome = Literal["accepted", "superseded", "duplicate", "rejected", "quarantined"]
OUTCOMES: tuple[Outcome, ...] = ("accepted", "superseded", "duplicate", "rejected", "quarantined")


@dataclass
class FileOutcome:
    """A returned file's outcome, with every finding about it."""

    reading: FileReading
    outcome: Outcome
    modified: float = 0.0
    problems: list[Problem] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        """The stable codes of the findings, in order, without repeats."""
        return list(dict.fromkeys(p.code for p in self.problems))


def decide(readings: list[tuple[FileReading, float]]) -> list[FileOutcome]:
    """The outcome of every file.

    Args:
        readings: each file's reading with its modification time (seconds since the epoch).

    Returns:
        One outcome per file, sorted by file name.
    """
    outcomes: list[FileOutcome] = []
    by_unit: dict[str, list[FileOutcome]] = defaultdict(list)
    for reading, modified in sorted(readings, key=lambda r: r[0].name):
        if reading.verdict != "read" or reading.unit_code is None:
            outcome: Outcome = "quarantined" if reading.verdict == "quarantined" else "rejected"
            outcomes.append(FileOutcome(reading, outcome, modified, list(reading.problems)))
            continue
        candidate = FileOutcome(reading, "accepted", modified, list(reading.problems))
        by_unit[reading.unit_code].append(candidate)
        outcomes.append(candidate)
    for candidates in by_unit.values():
        _settle(candidates)
    return sorted(outcomes, key=lambda o: o.reading.name)


def _settle(candidates: list[FileOutcome]) -> None:
    distinct: dict[str, FileOutcome] = {}
    for candidate in sorted(candidates, key=lambda c: (c.modified, c.reading.name)):  # the first copy is the original
        first = distinct.get(candidate.reading.sha256)
        if first is None:
            distinct[candidate.reading.sha256] = candidate
        else:
            candidate.outcome = "duplicate"
            candidate.problems.append(Problem("resubmission.duplicate", candidate.reading.name,
                                              {"same": first.reading.name}, "warning"))
    ordered = sorted(distinct.values(), key=_recency, reverse=True)
    if len(ordered) > 1 and _recency(ordered[0]) == _recency(ordered[1]):
        tied = [o for o in ordered if _recency(o) == _recency(ordered[0])]
        for outcome in tied:
            others = ", ".join(o.reading.name for o in tied if o is not outcome)
            outcome.outcome = "quarantined"
            outcome.problems.append(Problem("resubmission.conflict", outcome.reading.name, {"other": others}))
        ordered = [o for o in ordered if o not in tied]
        newest_name = ", ".join(o.reading.name for o in tied)
    else:
        newest_name = ordered[0].reading.name
        ordered = ordered[1:]
    for older in ordered:
        older.outcome = "superseded"
        older.problems.append(Problem("resubmission.superseded", older.reading.name,
                                      {"newer": newest_name}, "warning"))


def _recency(outcome: FileOutcome) -> tuple[str, float]:
    return outcome.reading.saved, outcome.modified
