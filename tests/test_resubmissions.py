"""Which submission wins: a rule a forged timestamp cannot win silently (issue 13 §5).

Each case: a unit's files as (name, when the secretariat's disk received it, saved time inside, bytes
tag) and the outcome each must get. The run's clock is 2023-02-01.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from xl_dti.consolidation.outcomes import decide
from xl_dti.consolidation.reading import FileReading
from xl_dti.errors import Problem

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
    ("saved-times-exactly-14-hours-against-the-disk-are-within-slack",
     [("a", 0, "2023-01-09T14:00:00Z", "a"), ("b", DAY, "2023-01-09T00:00:00Z", "b")],
     {"a": "superseded", "b": "accepted"}, {}),
    ("saved-times-14-hours-and-a-second-against-the-disk-are-uncertain",
     [("a", 0, "2023-01-09T14:00:01Z", "a"), ("b", DAY, "2023-01-09T00:00:00Z", "b")],
     {"a": "quarantined", "b": "quarantined"}, {"a": "resubmission.conflict"}),
    ("received-2-seconds-apart-is-copied-together",
     [("a", 0, "", "a"), ("b", 2.0, "", "b")], {"a": "quarantined", "b": "quarantined"}, {}),
    ("received-3-seconds-apart-follows-the-disk",
     [("a", 0, "", "a"), ("b", 3.0, "", "b")], {"a": "superseded", "b": "accepted"}, {}),
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


def test_an_older_appraisal_speaks_of_the_councils_newer_file() -> None:
    from xl_dti.consolidation.outcomes import COUNCIL_CODES

    readings = [(FileReading(name=f"phieu-{i}.xlsx", size=1, sha256=str(i) * 64, unit_code="u"), T0 + i * DAY)
                for i in range(2)]
    outcomes = {o.reading.name: o for o in decide(readings, NOW, COUNCIL_CODES)}
    assert outcomes["phieu-0.xlsx"].codes == ["appraisal.superseded"]
    assert "Hội đồng đã có phiếu thẩm định mới hơn" in outcomes["phieu-0.xlsx"].problems[0].message
    together = [(FileReading(name=f"p{i}.xlsx", size=1, sha256=str(i) * 64, unit_code="u"), T0) for i in range(2)]
    assert {o.outcome for o in decide(together, NOW, COUNCIL_CODES)} == {"quarantined"}
    assert all(o.codes == ["appraisal.conflict"] for o in decide(together, NOW, COUNCIL_CODES))


def test_a_duplicate_and_a_future_time_are_warnings_naming_what_they_are_about() -> None:
    """Neither blocks the file it is about: a duplicate names the copy counted, a future time the time saved."""
    readings = [(FileReading(name="copy.xlsx", size=1, sha256="a" * 64, unit_code="u",
                             saved="2099-01-01T00:00:00Z"), T0 + DAY),
                (FileReading(name="original.xlsx", size=1, sha256="a" * 64, unit_code="u",
                             saved="2099-01-01T00:00:00Z"), T0)]
    outcomes = {o.reading.name: o for o in decide(readings, NOW)}
    (duplicate,) = outcomes["copy.xlsx"].problems
    assert (duplicate.code, duplicate.severity, duplicate.where) == ("resubmission.duplicate", "warning", "copy.xlsx")
    assert "'original.xlsx'" in duplicate.message
    (future,) = outcomes["original.xlsx"].problems
    assert (future.code, future.severity, future.where, outcomes["original.xlsx"].outcome) == (
        "resubmission.future_time", "warning", "original.xlsx", "accepted")
    assert "(2099-01-01T00:00:00Z)" in future.message


def test_no_file_is_dropped_or_counted_twice() -> None:
    """Every file gets exactly one outcome, sorted by name; files that were not read are rejected or quarantined."""
    readings = [(FileReading(name="z.xlsx", size=1, sha256="z" * 64, unit_code="u"), T0),
                (FileReading(name="bad.xlsx", size=1, sha256="b" * 64, verdict="rejected"), T0),
                (FileReading(name="odd.xlsx", size=1, sha256="o" * 64, verdict="quarantined", unit_code="u"), T0),
                (FileReading(name="no-unit.xlsx", size=1, sha256="n" * 64), T0)]
    outcomes = decide(readings, NOW)
    assert [(o.reading.name, o.outcome) for o in outcomes] == [
        ("bad.xlsx", "rejected"), ("no-unit.xlsx", "rejected"), ("odd.xlsx", "quarantined"), ("z.xlsx", "accepted")]


@pytest.mark.parametrize(("saved", "codes"), [("2023-02-01T14:00:00Z", []),
                                              ("2023-02-01T14:00:01Z", ["resubmission.future_time"])],
                         ids=["14-hours-ahead-is-a-time-zone", "a-second-more-is-the-future"])
def test_how_far_ahead_a_saved_time_is_in_the_future(saved: str, codes: list[str]) -> None:
    (outcome,) = decide([(FileReading(name="only.xlsx", size=1, sha256="a" * 64, unit_code="u", saved=saved), T0)],
                        NOW)
    assert (outcome.outcome, outcome.codes) == ("accepted", codes)


def test_every_finding_names_its_file_and_the_files_it_is_about() -> None:
    """An older file names the newer ones; each of the newest uncertain ones names the others, in the text shown."""
    readings = [(FileReading(name=name, size=1, sha256=name * 64, unit_code="u"), T0 + offset)
                for name, offset in (("a", 0), ("b", DAY), ("c", DAY + 1), ("d", DAY + 1.5))]
    outcomes = {o.reading.name: o for o in decide(readings, NOW)}
    (older,) = outcomes["a"].problems
    assert (older.where, older.severity, older.message) == (
        "a", "warning", "đơn vị đã gửi tệp mới hơn (b, c, d); tệp này không được dùng.")
    (conflict,) = outcomes["c"].problems
    assert (conflict.where, conflict.severity) == ("c", "error")
    assert conflict.message.startswith("đơn vị có hai tệp khác nhau mà không xác định được tệp nào mới hơn (b, d).")
    for outcome in outcomes.values():
        assert all(p.where == outcome.reading.name for p in outcome.problems)


def test_a_file_keeps_what_its_reading_found_and_when_it_was_received() -> None:
    warning = Problem("ratio.above_one", "'Chấm điểm'!F9", {}, "warning")
    error = Problem("identity.bad_signature", "x")
    readings = [(FileReading(name="read.xlsx", size=1, sha256="r" * 64, unit_code="u", problems=[warning]), T0),
                (FileReading(name="bad.xlsx", size=1, sha256="b" * 64, verdict="rejected", problems=[error]), T0 + 5)]
    outcomes = {o.reading.name: o for o in decide(readings, NOW)}
    assert (outcomes["read.xlsx"].problems, outcomes["read.xlsx"].received) == ([warning], T0)
    assert (outcomes["bad.xlsx"].problems, outcomes["bad.xlsx"].received) == ([error], T0 + 5)


def test_without_a_clock_given_the_run_s_own_clock_judges_the_future() -> None:
    future = FileReading(name="f.xlsx", size=1, sha256="f" * 64, unit_code="u", saved="2999-01-01T00:00:00Z")
    past = FileReading(name="p.xlsx", size=1, sha256="p" * 64, unit_code="u", saved="2001-01-01T00:00:00Z")
    assert [o.codes for o in decide([(future, T0)])] == [["resubmission.future_time"]]
    assert [o.codes for o in decide([(past, T0)])] == [[]]


@pytest.mark.parametrize("zone", ["UTC", "Asia/Ho_Chi_Minh", "America/New_York"])
def test_a_saved_time_is_read_in_its_own_zone_whatever_the_machine_s(monkeypatch: pytest.MonkeyPatch,
                                                                       zone: str) -> None:
    """A time with an offset is that moment; one without is UTC (as Excel writes dcterms:modified), never local."""
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        cases = {"2023-02-01T20:00:00+07:00": [],  # 13:00 UTC: within the 14-hour slack of the run at 00:00 UTC
                 "2023-02-01T13:59:59": [],  # no zone: UTC
                 "2023-02-01T14:00:01": ["resubmission.future_time"],
                 "2023-02-02T10:00:00+07:00": ["resubmission.future_time"]}  # 03:00 UTC the next day
        for saved, codes in cases.items():
            reading = FileReading(name="only.xlsx", size=1, sha256="a" * 64, unit_code="u", saved=saved)
            assert [o.codes for o in decide([(reading, T0)], NOW)] == [codes], saved
    finally:
        monkeypatch.undo()
        time.tzset()
