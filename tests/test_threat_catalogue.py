"""The hostile-file catalogue keeps every threat it had, each with its written-down outcome (a count proves none)."""

from __future__ import annotations

from tests.test_consolidate_threats import LIBREOFFICE_THREATS, THREATS

# id → the outcome the consolidation must give it; new threats may be added, none of these may go or change
EXPECTED = {
    "honest": "accepted", "decimal-comma": "accepted", "spaces": "accepted", "missing-answers": "accepted",
    "missing-evidence": "accepted", "protection-removed": "accepted", "empty": "rejected", "truncated": "rejected",
    "renamed-pdf": "rejected", "renamed-html": "rejected", "encrypted": "rejected", "xls": "rejected",
    "xlsb": "rejected", "xlsm-macros": "rejected", "random-bytes": "rejected", "junk-prefix": "rejected",
    "zip-bomb": "rejected", "billion-laughs": "rejected", "external-entity": "rejected",
    "duplicate-entries": "rejected", "case-duplicate-entries": "rejected", "too-many-entries": "rejected",
    "foreign-ods": "rejected", "pasted-into-new-workbook": "rejected", "last-years-file": "rejected",
    "another-scheme": "rejected", "unknown-unit": "rejected", "tampered-signature": "quarantined",
    "another-units-meta": "quarantined", "inserted-row": "rejected", "deleted-row": "rejected",
    "sorted-rows": "rejected", "changed-max": "rejected", "changed-formula": "rejected", "renamed-sheet": "rejected",
    "added-sheet": "rejected", "formula-in-input": "rejected", "ref-error": "rejected", "boolean": "rejected",
    "date": "rejected", "nan": "rejected", "infinity": "rejected", "thousands-separator": "rejected",
    "unit-suffix": "rejected", "percent-in-points": "rejected", "over-max": "rejected", "negative": "rejected",
    "off-step": "rejected", "na-not-allowed": "rejected", "na-plus-value": "rejected", "bad-tick": "rejected",
    "unknown-option": "rejected",
    "libreoffice-resave-xlsx": "accepted", "libreoffice-resave-ods": "accepted", "cached-total-edited": "accepted",
}


def test_every_threat_is_still_there_with_its_outcome() -> None:
    catalogue = {t[0]: t[3] for t in [*THREATS, *LIBREOFFICE_THREATS]}
    assert len(catalogue) == len(THREATS) + len(LIBREOFFICE_THREATS), "threat ids are unique"
    assert {name: catalogue.get(name) for name in EXPECTED} == EXPECTED
