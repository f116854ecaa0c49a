"""Competition ranking within groups, on rounded values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.conftest import make_scheme
from xl_dti import Submission, UsageError, competition_ranks, rank, score_units


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param([10, 9, 9, 8], [1, 2, 2, 4], id="1-2-2-4"),
        pytest.param([5, 5, 5], [1, 1, 1], id="all-tied"),
        pytest.param([1, 2, 3], [3, 2, 1], id="reverse"),
        pytest.param([7, None, 7], [1, None, 1], id="no-value-no-rank"),
        pytest.param([], [], id="empty"),
    ],
)
def test_competition_ranks(values: list[int | None], expected: list[int | None]) -> None:
    pairs = [(i, None if v is None else Decimal(v)) for i, v in enumerate(values)]
    assert list(competition_ranks(pairs).values()) == expected


SCHEME = """\
decimals: 1
groups:
  - {code: so, name: Sở}
  - {code: huyen, name: Huyện}
  - {code: thu-nghiem, name: Thử nghiệm, ranked: false}
indicators:
  - {code: "1", name: Nhận thức, max: 10, rule: points}
  - {code: "2", name: Hạ tầng, max: 10, rule: points}
aggregates:
  - {code: NT, name: Nền tảng, of: ["1"]}
"""


def _results(rows: list[tuple[str, str, float, float]]) -> tuple[object, list[object]]:
    scheme = make_scheme(SCHEME)
    submissions = [Submission(unit, {"1": a, "2": b}, group) for unit, group, a, b in rows]
    return scheme, score_units(scheme, submissions)


def test_units_are_ranked_within_their_group_on_the_rounded_result() -> None:
    scheme, results = _results(
        [
            ("so-b", "so", 8, 8.04),  # 16.04 → 16.0
            ("so-a", "so", 8, 8.01),  # 16.01 → 16.0: tied with so-b after rounding
            ("so-c", "so", 9, 9),
            ("so-d", "so", 1, 1),
            ("h-1", "huyen", 2, 2),
            ("t-1", "thu-nghiem", 10, 10),
        ]
    )
    rows = [(r.group, r.rank, r.unit, r.value) for r in rank(scheme, results)]  # type: ignore[arg-type]
    assert rows == [
        ("so", 1, "so-c", Decimal("18.0")),
        ("so", 2, "so-a", Decimal("16.0")),
        ("so", 2, "so-b", Decimal("16.0")),
        ("so", 4, "so-d", Decimal("2.0")),
        ("huyen", 1, "h-1", Decimal("4.0")),
        ("thu-nghiem", None, "t-1", Decimal("20.0")),
    ]


@pytest.mark.parametrize(
    ("measure", "expected"),
    [("1", ["b", "a"]), ("NT", ["b", "a"]), ("2", ["a", "b"])],
)
def test_main_indices_and_aggregates_rank_the_same_way(measure: str, expected: list[str]) -> None:
    scheme, results = _results([("a", "so", 3, 9), ("b", "so", 7, 1)])
    assert [r.unit for r in rank(scheme, results, measure)] == expected  # type: ignore[arg-type]


def test_unknown_measure_is_a_usage_error() -> None:
    scheme, results = _results([("a", "so", 3, 9)])
    with pytest.raises(UsageError):
        rank(scheme, results, "9")  # type: ignore[arg-type]
