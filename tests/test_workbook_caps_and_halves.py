"""Every cap and every exact half, in the workbook recalculated by real LibreOffice, exactly as the engine says.

Each case is written so that it reaches the cap or lands exactly on a half (the engine's figures are written down
and checked first, so a case that stops reaching its edge fails instead of silently testing nothing).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_scheme
from tests.workbooks import mismatches, needs_libreoffice, recalculate, write_case
from xl_dti import score

pytestmark = [needs_libreoffice, pytest.mark.slow]


def _scheme(result: str, decimals: int, indicators: str, extra: str = "") -> str:
    return f"result: {result}\ndecimals: {decimals}\npoints_decimals: 2\n{extra}indicators:\n{indicators}"


BONUS = """\
  - {code: "1", name: Cơ bản, max: 10, na: true}
  - {code: "2", name: Khác, max: 10, na: true}
  - {code: T, name: Điểm thưởng, max: 5, effect: bonus}
  - {code: P, name: Điểm trừ, max: 30, effect: penalty}
"""
RATIO = """\
  - {code: "1", name: Tỷ lệ, max: 10, rule: ratio, numerator: Số đạt, denominator: Tổng số}
  - {code: "2", name: Ứng dụng, max: 4, rule: count, each: 1.5, input: Số ứng dụng}
  - {code: "3", name: Lần họp, max: 6, rule: steps, input: Số lần, unit: lần, steps: [{min: 2, points: 6}]}
"""
HALF = """\
  - {code: "1", name: Tỷ lệ, max: 1, rule: ratio, numerator: Số đạt, denominator: Tổng số}
  - {code: "2", name: Điểm, max: 199}
"""
NA_HALF = """\
  - {code: "1", name: Không áp dụng, max: 100, na: true}
  - {code: "2", name: Điểm, max: 100}
"""

# (id, scheme, answers, written-down engine figures: total, applicable max, result)
CASES: list[tuple[str, str, dict[str, Any], tuple[str, str, str]]] = [
    ("bonus-capped-at-the-max", _scheme("points", 2, BONUS), {"1": 10, "2": 8, "T": 5, "P": 0},
     ("20", "20", "20.00")),
    ("bonus-capped-at-the-applicable-max", _scheme("points", 2, BONUS), {"1": 9, "2": "N/A", "T": 5, "P": 0},
     ("10", "10", "20.00")),
    ("penalty-floored-at-zero", _scheme("points", 2, BONUS), {"1": 3, "2": 4, "T": 0, "P": 30},
     ("0", "20", "0.00")),
    ("above-the-max-when-allowed", _scheme("points", 2, BONUS, "allow_above_max: true\n"),
     {"1": 10, "2": 10, "T": 5, "P": 0}, ("25.00", "20", "25.00")),
    ("ratio-count-and-steps-capped", _scheme("points", 2, RATIO), {"1": [30, 20], "2": 9, "3": 7},
     ("20.00", "20", "20.00")),
    ("points-result-exact-half-up", _scheme("points", 0, HALF), {"1": [1, 2], "2": 12},
     ("12.50", "200", "13")),
    ("percent-exact-half-up", _scheme("percent", 0, HALF), {"1": [1, 1], "2": 24},
     ("25.00", "200", "13")),
    ("index-exact-half-at-the-fifth-decimal", _scheme("index", 4, HALF), {"1": [1, 2], "2": Decimal("24.19")},
     ("24.69", "200", "0.1235")),
    ("leaf-points-exact-half", _scheme("points", 3, HALF), {"1": [1, 8], "2": 0},
     ("0.13", "200", "0.130")),
    ("points-exact-half-at-one-decimal", _scheme("points", 1, HALF), {"1": [0, 1], "2": Decimal("24.75")},
     ("24.75", "200", "24.8")),
    ("rescaled-points-exact-half", _scheme("points", 0, NA_HALF), {"1": "N/A", "2": Decimal("12.25")},
     ("12.25", "100", "25")),
]


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("edges")
    cases = {name: write_case(make_scheme(body), answers, None, folder, name) for name, body, answers, _ in CASES}
    paths = recalculate(list(cases.values()), folder)
    return {name: (case, paths[i]) for i, (name, case) in enumerate(cases.items())}


@pytest.mark.parametrize(("name", "figures"), [(c[0], c[3]) for c in CASES], ids=[c[0] for c in CASES])
def test_the_workbook_reaches_the_same_edge(recalculated: dict[str, Any], name: str,
                                            figures: tuple[str, str, str]) -> None:
    case, path = recalculated[name]
    result = score(case.scheme, case.answers, case.group)
    assert (str(result.total), str(result.applicable_max), str(result.result)) == figures, "the case hits its edge"
    assert mismatches(case, path) == []


def test_the_cases_are_recalculated_in_order(recalculated: dict[str, Any]) -> None:
    assert [Path(path).stem for _, path in recalculated.values()] == [c[0] for c in CASES]
