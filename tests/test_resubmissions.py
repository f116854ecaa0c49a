"""Which submission wins: a rule a forged timestamp cannot win silently (issue 13 §5).

Each case: a unit's files as (name, when the secretariat's disk received it, saved time inside, bytes
tag) and the outcome each must get. The run's clock is 2023-02-01.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from xl_dti.consolidation.outcomes import decide
from xl_dti.consolidation.reading import FileReading

NOW = datetime(2023, 2, 1, tzinfo=UTC).timestamp()
DAY = 86400.0
T0 = datetime(2023, 1, 10, tzinfo=UTC).timestamp()

# (id, [(name, received offset in seconds from T0, saved, content tag)], {name: outcome}, {name: code})
CASES = [
    ("later-received-wins", [("v1", 0, "2023-01-09T10:00:00Z", "a"), ("v2", DAY, "2023-01-10T10:00:00Z", "b")],
     {"v1": "superseded", "v2": "accepted"}, {"v1": "resubmission.superseded"}),
    ("forged-2099-received-first-does-not-win",
     [("forged", 0, "2099-01-01T00:00:00Z", "a"), ("genuine", DAY, "2023-01-10T10:00:00Z", "b")],
     {"forged": "quarantined", "genuine": "quarantined"},
     {"forged": "resubmission.future_time", "genuine": "resubmission.conflict"}),
    ("forged-2099-received-last-does-not-win-silently",
     [("genuine", 0, "2023-01-10T10:00:00Z", "a"), ("forged", DAY, "2099-01-01T00:00:00Z", "b")],
     {"forged": "quarantined", "genuine": "quarantined"}, {"forged": "resubmission.conflict"}),
    ("saved-time-contradicts-the-disk",
     [("a", 0, "2023-01-09T10:00:00Z", "a"), ("b", DAY, "2023-01-05T10:00:00Z", "b")],
     {"a": "quarantined", "b": "quarantined"}, {"a": "resubmission.conflict", "b": "resubmission.conflict"}),
    ("libreoffice-local-time-marked-utc-is-within-slack",
     [("excel", 0, "2023-01-09T10:00:00Z", "a"), ("libreoffice", 3600, "2023-01-09T16:30:00Z", "b")],
     {"excel": "superseded", "libreoffice": "accepted"}, {}),
    ("libreoffice-seven-hours-behind-still-follows-the-disk",
     [("first", 0, "2023-01-09T17:00:00Z", "a"), ("second", 3600, "2023-01-09T10:30:00Z", "b")],
     {"first": "superseded", "second": "accepted"}, {}),
    ("ods-without-saved-time-received-later-wins",
     [("x.xlsx", 0, "2023-01-09T10:00:00Z", "a"), ("y.ods", DAY, "", "b")],
     {"x.xlsx": "superseded", "y.ods": "accepted"}, {}),
    ("ods-received-earlier-loses", [("y.ods", 0, "", "a"), ("x.xlsx", DAY, "2023-01-09T10:00:00Z", "b")],
     {"x.xlsx": "accepted", "y.ods": "superseded"}, {}),
    ("copied-together-ordered-by-saved-days-apart",
     [("old", 0, "2023-01-02T10:00:00Z", "a"), ("new", 0.5, "2023-01-08T10:00:00Z", "b")],
     {"old": "superseded", "new": "accepted"}, {}),
    ("copied-together-saved-hours-apart-is-uncertain",
     [("a", 0, "2023-01-08T10:00:00Z", "a"), ("b", 0.5, "2023-01-08T15:00:00Z", "b")],
     {"a": "quarantined", "b": "quarantined"}, {"a": "resubmission.conflict"}),
    ("copied-together-one-without-saved-time-is-uncertain",
     [("a.ods", 0, "", "a"), ("b.xlsx", 1, "2023-01-08T15:00:00Z", "b")],
     {"a.ods": "quarantined", "b.xlsx": "quarantined"}, {}),
    ("three-in-order", [("a", 0, "", "a"), ("b", DAY, "", "b"), ("c", 2 * DAY, "", "c")],
     {"a": "superseded", "b": "superseded", "c": "accepted"}, {}),
    ("two-newest-uncertain-the-oldest-superseded",
     [("a", 0, "2023-01-01T00:00:00Z", "a"), ("b", 5 * DAY, "2023-01-06T00:00:00Z", "b"),
      ("c", 5 * DAY + 1, "2023-01-06T01:00:00Z", "c")],
     {"a": "superseded", "b": "quarantined", "c": "quarantined"}, {}),
    ("a-lone-file-with-a-future-time-is-accepted-with-a-warning", [("only", 0, "2099-01-01T00:00:00Z", "a")],
     {"only": "accepted"}, {"only": "resubmission.future_time"}),
    ("same-bytes-later-is-a-duplicate-of-the-first-received",
     [("copy", DAY, "2023-01-09T10:00:00Z", "a"), ("original", 0, "2023-01-09T10:00:00Z", "a")],
     {"copy": "duplicate", "original": "accepted"}, {"copy": "resubmission.duplicate"}),
    ("unparseable-saved-time-is-no-saved-time",
     [("a", 0, "hôm qua", "a"), ("b", DAY, "2023-01-09T10:00:00Z", "b")],
     {"a": "superseded", "b": "accepted"}, {}),
]


@pytest.mark.parametrize(("files", "expected", "codes"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_which_submission_wins(files: list[tuple[str, float, str, str]], expected: dict[str, str],
                               codes: dict[str, str]) -> None:
    readings = [(FileReading(name=name, size=1, sha256=tag * 64, unit_code="u", saved=saved), T0 + offset)
                for name, offset, saved, tag in files]
    outcomes = {o.reading.name: o for o in decide(readings, NOW)}
    assert {name: o.outcome for name, o in outcomes.items()} == expected
    for name, code in codes.items():
        assert code in outcomes[name].codes, outcomes[name].codes
    for outcome in outcomes.values():
        if outcome.outcome == "quarantined":
            others = [n for n in expected if n != outcome.reading.name and expected[n] == "quarantined"]
            (conflict,) = [p for p in outcome.problems if p.code == "resubmission.conflict"]
            assert all(n in conflict.message for n in others), "each quarantined file names the others"


def test_units_are_settled_apart() -> None:
    readings = [(FileReading(name=f"{u}-{i}", size=1, sha256=f"{u}{i}" * 32, unit_code=u), T0 + i * DAY)
                for u in ("x", "y") for i in range(2)]
    outcomes = {o.reading.name: o.outcome for o in decide(readings, NOW)}
    assert outcomes == {"x-0": "superseded", "x-1": "accepted", "y-0": "superseded", "y-1": "accepted"}
