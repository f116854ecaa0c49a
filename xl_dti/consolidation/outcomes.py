"""Give every returned file exactly one outcome, settling resubmissions of the same unit.

For one unit, the same bytes again are a ``duplicate`` of the copy received first. Among different
valid files, the rule is one a forged timestamp cannot win silently:

1. Files are ordered by when the secretariat's disk received them (the file's creation or status-change
   time, which a sender cannot set), not by the saved time written inside the file.
2. The saved time inside (``dcterms:modified``) only checks that order: when both files carry one and it
   says the opposite by more than 14 hours (LibreOffice writes local time marked UTC), the order is
   uncertain. Files received within a few seconds of each other (copied together, unpacked from one
   zip) are ordered by their saved times alone, when those differ by more than 14 hours.
3. A saved time in the future is a clock that lies: the unit's different files are not ordered by it.
4. When the order is uncertain, the newest candidates are all ``quarantined`` for a person, each
   naming the others; otherwise the newest wins and the older ones are ``superseded``.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
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
    received: float = 0.0
    problems: list[Problem] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        """The stable codes of the findings, in order, without repeats."""
        return list(dict.fromkeys(p.code for p in self.problems))


SAME_TIME_SECONDS = 2.0  # received this close together: copied at once, their order unknown
CLOCK_SLACK_SECONDS = 14 * 3600  # saved times this close may differ only by a time zone written wrongly


def decide(readings: list[tuple[FileReading, float]], now: float | None = None) -> list[FileOutcome]:
    """The outcome of every file.

    Args:
        readings: each file's reading with the time the secretariat's disk received it (seconds since the
            epoch).
        now: the time of the run (a saved time after it is in the future); default: the clock's.

    Returns:
        One outcome per file, sorted by file name.
    """
    outcomes: list[FileOutcome] = []
    by_unit: dict[str, list[FileOutcome]] = defaultdict(list)
    for reading, received in sorted(readings, key=lambda r: r[0].name):
        if reading.verdict != "read" or reading.unit_code is None:
            outcome: Outcome = "quarantined" if reading.verdict == "quarantined" else "rejected"
            outcomes.append(FileOutcome(reading, outcome, received, list(reading.problems)))
            continue
        candidate = FileOutcome(reading, "accepted", received, list(reading.problems))
        by_unit[reading.unit_code].append(candidate)
        outcomes.append(candidate)
    clock = time.time() if now is None else now
    for candidates in by_unit.values():
        _settle(candidates, clock)
    return sorted(outcomes, key=lambda o: o.reading.name)


def _settle(candidates: list[FileOutcome], now: float) -> None:
    distinct: dict[str, FileOutcome] = {}
    for candidate in sorted(candidates, key=lambda c: (c.received, c.reading.name)):  # the first copy is the original
        first = distinct.get(candidate.reading.sha256)
        if first is None:
            distinct[candidate.reading.sha256] = candidate
        else:
            candidate.outcome = "duplicate"
            candidate.problems.append(Problem("resubmission.duplicate", candidate.reading.name,
                                              {"same": first.reading.name}, "warning"))
    files = sorted(distinct.values(), key=lambda c: (c.received, c.reading.name))
    saved = {id(f): _saved_seconds(f.reading.saved) for f in files}
    for file in files:
        when = saved[id(file)]
        if when is not None and when > now + CLOCK_SLACK_SECONDS:
            file.problems.append(Problem("resubmission.future_time", file.reading.name,
                                         {"saved": file.reading.saved}, "warning"))
            saved[id(file)] = None if len(files) == 1 else float("inf")  # a lying clock orders nothing
    if len(files) == 1:
        return
    newest = [f for f in files if not any(_newer(g, f, saved) for g in files if g is not f)]
    if len(newest) != 1:  # no one file is surely the newest: a person decides between them
        for outcome in newest:
            others = ", ".join(o.reading.name for o in newest if o is not outcome)
            outcome.outcome = "quarantined"
            outcome.problems.append(Problem("resubmission.conflict", outcome.reading.name, {"other": others}))
    names = ", ".join(o.reading.name for o in newest)
    for older in files:
        if older not in newest:
            older.outcome = "superseded"
            older.problems.append(Problem("resubmission.superseded", older.reading.name, {"newer": names}, "warning"))


def _newer(first: FileOutcome, second: FileOutcome, saved: dict[int, float | None]) -> bool | None:
    """Whether ``first`` is surely newer than ``second`` (``None``: their order is uncertain)."""
    mine, theirs = saved[id(first)], saved[id(second)]
    if float("inf") in (mine, theirs):
        return None
    by_clock = None if mine is None or theirs is None or abs(mine - theirs) <= CLOCK_SLACK_SECONDS else mine > theirs
    gap = first.received - second.received
    if abs(gap) <= SAME_TIME_SECONDS:
        return by_clock
    by_disk = gap > 0
    return by_disk if by_clock in (None, by_disk) else None


def _saved_seconds(text: str) -> float | None:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
