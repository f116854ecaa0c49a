"""Main indices and pillars are ranked on their published (rounded) values, like the result (expected written)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.conftest import make_scheme
from xl_dti import Submission, UsageError, rank, score_units

SCHEME = """\
decimals: 1
points_decimals: 2
aggregate_decimals: 2
indicators:
  - {code: "1", name: Nhận thức số, max: 10, na: true}
  - {code: "2", name: Hạ tầng số, max: 10}
aggregates:
  - {code: NT, name: Nền tảng, of: ["1"]}
"""
# unit: points of "1" (None: N/A), of "2"
UNITS = {"a": ("8.04", "5"), "b": ("8.01", "5"), "c": ("8.06", "5"), "d": ("8.05", "5"), "e": ("7.94", "5"),
         "f": (None, "5")}

# (measure, [(unit, published value, rank)] in ranking order)
TABLE = [
    ("1", [("c", "8.1", 1), ("d", "8.1", 1), ("a", "8.0", 3), ("b", "8.0", 3), ("e", "7.9", 5), ("f", None, None)]),
    ("NT", [("c", "0.81", 1), ("d", "0.81", 1), ("a", "0.80", 3), ("b", "0.80", 3), ("e", "0.79", 5),
            ("f", None, None)]),
]


@pytest.mark.parametrize(("measure", "expected"), TABLE, ids=["main-index", "pillar"])
def test_ranked_on_the_rounded_value(measure: str, expected: list[tuple[str, str | None, int | None]]) -> None:
    scheme = make_scheme(SCHEME)
    submissions = [Submission(unit, {"1": "N/A" if one is None else one, "2": two}, None)
                   for unit, (one, two) in UNITS.items()]
    rows = rank(scheme, score_units(scheme, submissions), measure)
    assert [(r.unit, r.value, r.rank) for r in rows] == [
        (unit, None if value is None else Decimal(value), place) for unit, value, place in expected]
    assert all(str(r.value) == value for r, (_, value, _) in zip(rows, expected, strict=True) if value), "padded"


@pytest.mark.parametrize("measure", ["9", "1.1"], ids=["unknown-code", "a-sub-index"])
def test_only_the_result_main_indices_and_aggregates_are_ranked(measure: str) -> None:
    scheme = make_scheme("""\
indicators:
  - code: "1"
    name: Nhận thức số
    max: 10
    children:
      - {code: "1.1", name: Kế hoạch, max: 10}
aggregates:
  - {code: NT, name: Nền tảng, of: ["1"]}
""")
    results = score_units(scheme, [Submission("a", {"1.1": 5})])
    with pytest.raises(UsageError) as raised:
        rank(scheme, results, measure)
    (problem,) = raised.value.problems
    assert (problem.code, problem.params) == ("usage.unknown_measure", {"measure": measure, "known": "result, 1, NT"})
