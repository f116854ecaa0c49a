"""Next year's scheme: the same content under a new id and year, the version reset."""

from __future__ import annotations

import pytest

from tests.conftest import make_scheme
from xl_dti.errors import UsageError
from xl_dti.scheme import load_scheme
from xl_dti.scheme.loader import scheme_to_data
from xl_dti.versions.successor import successor


def test_only_id_year_and_version_change() -> None:
    scheme = make_scheme('version: "3"\nindicators:\n  - {code: "1", name: A, max: 10}\n')
    created = successor(scheme, "test-scheme-2025", 2025)
    before, after = scheme_to_data(scheme), scheme_to_data(created)
    assert (after["id"], after["year"], created.version) == ("test-scheme-2025", 2025, "1")
    assert {k: v for k, v in after.items() if k not in ("id", "year")} == {
        k: v for k, v in before.items() if k not in ("id", "year", "version")}


def test_a_builtin_scheme_starts_next_year() -> None:
    created = successor(load_scheme("haugiang-2022-so"), "haugiang-2026-so", 2026)
    assert created.total_max == 245 and len(created.tree.order) == 29


@pytest.mark.parametrize(
    ("new_id", "year", "where"),
    [("Hau Giang", 2026, "--id"), ("haugiang-2026-so", 1999, "--year")],
)
def test_a_bad_id_or_year_points_at_its_option(new_id: str, year: int, where: str) -> None:
    with pytest.raises(UsageError) as caught:
        successor(load_scheme("haugiang-2022-so"), new_id, year)
    assert [(p.code, p.where) for p in caught.value.problems] == [("value.invalid", where)]
