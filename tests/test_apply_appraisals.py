"""Bringing the council's appraisal files into a round: which apply, to which submission, and what they carry.

read_appraisals is called directly on real appraisal workbooks (written by ``appraise`` for a generated round,
filled as the council does), with the accepted submissions given as the consolidation hands them over.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tests.returned import Kit, make_kit, touch
from xl_dti.appraisal.apply import APPRAISAL_PREFIX, Appraisal, read_appraisals
from xl_dti.appraisal.fill import fill_appraisal
from xl_dti.appraisal.run import appraisal_name, appraise
from xl_dti.consolidation.outcomes import FileOutcome
from xl_dti.consolidation.package import Limits
from xl_dti.consolidation.reading import FileReading
from xl_dti.consolidation.run import returned_files

UNITS = ("so-noi-vu", "so-tu-phap")


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return make_kit(tmp_path_factory.mktemp("apply"))


@pytest.fixture(scope="module")
def written(kit: Kit, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The round's returned files (their SHA-256 by unit) and the appraisal workbooks written for them."""
    folder = tmp_path_factory.mktemp("round")
    returned = folder / "returned"
    returned.mkdir()
    for unit in UNITS:
        touch(kit.filled(returned / f"{unit}.xlsx", unit), datetime(2023, 1, 2))
    appraise(kit.scheme, returned, kit.registry, folder / "written", jobs=1)
    shas = {u: hashlib.sha256((returned / f"{u}.xlsx").read_bytes()).hexdigest() for u in UNITS}
    return folder / "written", shas


def _council(kit: Kit, written: Path, folder: Path, units: tuple[str, ...] = UNITS) -> Path:
    """The council's folder: so-noi-vu's appraisal with 1.4 changed, a comment, 3.1 cleared; others as written."""
    folder.mkdir()
    for unit in units:
        source = written / appraisal_name(2022, unit)
        if unit == "so-noi-vu":
            fill_appraisal(source, folder / source.name, kit.scheme, {"1.4": 5}, {"1.4": "Chỉ 10 tin bài đạt"},
                           blank=("3.1",))
        else:
            (folder / source.name).write_bytes(source.read_bytes())
    return folder


def _accepted(shas: dict[str, str]) -> dict[str, FileOutcome]:
    return {unit: FileOutcome(FileReading(name=f"{unit}.xlsx", size=1, sha256=sha, unit_code=unit), "accepted")
            for unit, sha in shas.items()}


def _read(kit: Kit, folder: Path, accepted: dict[str, FileOutcome]) -> Appraisal:
    return read_appraisals(kit.scheme, kit.registry, folder, accepted, Limits(), returned_files(folder), jobs=1)


def test_the_council_s_points_and_comments_apply_to_the_submission_appraised(
        kit: Kit, written: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    appraisal = _read(kit, _council(kit, written[0], tmp_path / "council"), _accepted(written[1]))
    assert sorted(appraisal.points) == sorted(UNITS)
    noi_vu = appraisal.points["so-noi-vu"]
    assert noi_vu["1.4"] == Decimal(5) and "3.1" not in noi_vu
    assert appraisal.comments == {"so-noi-vu": {"1.4": "Chỉ 10 tin bài đạt"}, "so-tu-phap": {}}
    assert [(o.reading.name, o.outcome) for o in appraisal.outcomes] == [
        (APPRAISAL_PREFIX + appraisal_name(2022, u), "accepted") for u in UNITS]
    assert APPRAISAL_PREFIX == "thẩm định/"


def test_the_leaves_left_blank_keep_the_self_score(kit: Kit, written: tuple[Path, dict[str, str]],
                                                   tmp_path: Path) -> None:
    appraisal = _read(kit, _council(kit, written[0], tmp_path / "council"), _accepted(written[1]))
    scheme = kit.scheme
    leaves = [c for c in scheme.tree.order if scheme.tree.by_code[c].is_leaf]
    assert appraisal.kept_self(scheme, "so-noi-vu") == [c for c in leaves if c not in appraisal.points["so-noi-vu"]]
    assert "3.1" in appraisal.kept_self(scheme, "so-noi-vu")
    assert appraisal.kept_self(scheme, "kho-bac") == [], "a unit without an appraisal keeps nothing 'kept'"


def test_an_appraisal_of_an_older_submission_is_quarantined_naming_the_current_file(
        kit: Kit, written: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    accepted = _accepted(written[1])
    accepted["so-noi-vu"] = FileOutcome(FileReading(name="so-noi-vu-v2.xlsx", size=1, sha256="f" * 64,
                                                    unit_code="so-noi-vu"), "accepted")
    appraisal = _read(kit, _council(kit, written[0], tmp_path / "council"), accepted)
    assert sorted(appraisal.points) == ["so-tu-phap"]
    stale = next(o for o in appraisal.outcomes if "so-noi-vu" in o.reading.name)
    assert (stale.outcome, stale.codes) == ("quarantined", ["appraisal.stale"])
    (problem,) = stale.problems
    assert problem.where == APPRAISAL_PREFIX + appraisal_name(2022, "so-noi-vu")
    assert "(so-noi-vu-v2.xlsx)" in problem.message


def test_an_appraisal_of_a_unit_with_no_accepted_submission_is_quarantined(
        kit: Kit, written: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    accepted = _accepted(written[1])
    del accepted["so-tu-phap"]
    appraisal = _read(kit, _council(kit, written[0], tmp_path / "council"), accepted)
    assert sorted(appraisal.points) == ["so-noi-vu"] and sorted(appraisal.comments) == ["so-noi-vu"]
    stale = next(o for o in appraisal.outcomes if "so-tu-phap" in o.reading.name)
    assert (stale.outcome, stale.codes) == ("quarantined", ["appraisal.stale"])
    assert "(—)" in stale.problems[0].message


def test_two_appraisals_of_one_unit_received_together_apply_neither(
        kit: Kit, written: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    council = _council(kit, written[0], tmp_path / "council", ("so-noi-vu",))
    fill_appraisal(council / appraisal_name(2022, "so-noi-vu"), council / "lan-2.xlsx", kit.scheme, {"1.4": 6})
    appraisal = _read(kit, council, _accepted(written[1]))
    assert appraisal.points == {} and {o.outcome for o in appraisal.outcomes} == {"quarantined"}
    assert all(o.codes == ["appraisal.conflict"] for o in appraisal.outcomes), [o.codes for o in appraisal.outcomes]


def test_a_file_that_is_not_an_appraisal_is_rejected_and_the_others_still_apply(
        kit: Kit, written: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    council = _council(kit, written[0], tmp_path / "council")
    (council / "0-ghi-chu.xlsx").write_bytes(b"%PDF-1.4")  # first by name, so first in the outcomes
    appraisal = _read(kit, council, _accepted(written[1]))
    assert sorted(appraisal.points) == sorted(UNITS)
    first = appraisal.outcomes[0]
    assert (first.reading.name, first.outcome) == (APPRAISAL_PREFIX + "0-ghi-chu.xlsx", "rejected")


def test_of_two_appraisals_of_one_unit_the_one_received_later_applies(
        kit: Kit, written: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    council = _council(kit, written[0], tmp_path / "council", ("so-noi-vu",))
    first = council / appraisal_name(2022, "so-noi-vu")
    fill_appraisal(first, council / "z-lan-2.xlsx", kit.scheme, {"1.4": 6})
    received = {first.name: 1_672_000_000.0, "z-lan-2.xlsx": 1_672_000_000.0 + 86400}  # a day later
    tasks = [replace(t, seen=replace(t.seen, received=received[t.name])) if t.seen else t
             for t in returned_files(council)]
    appraisal = read_appraisals(kit.scheme, kit.registry, council, _accepted(written[1]), Limits(), tasks, jobs=1)
    assert appraisal.points["so-noi-vu"]["1.4"] == Decimal(6)
    outcomes = {o.reading.name: (o.outcome, o.codes) for o in appraisal.outcomes}
    assert outcomes == {APPRAISAL_PREFIX + first.name: ("superseded", ["appraisal.superseded"]),
                        APPRAISAL_PREFIX + "z-lan-2.xlsx": ("accepted", [])}
