"""Export then import gives back the same scheme: every built-in scheme and random ones."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.conftest import make_scheme
from tests.strategies import schemes
from xl_dti.rubric.export import export_rubric, rubric_bytes
from xl_dti.rubric.importer import import_rubric
from xl_dti.scheme import Scheme, builtin_ids, load_scheme
from xl_dti.scheme.loader import scheme_to_data


def _round_trip(scheme: Scheme, folder: Path) -> Scheme:
    return import_rubric(export_rubric(scheme, folder / "rubric.xlsx"))


def _assert_same(again: Scheme, scheme: Scheme) -> None:
    assert scheme_to_data(again) == scheme_to_data(scheme)
    assert again.fingerprint() == scheme.fingerprint()


@pytest.mark.parametrize("scheme_id", builtin_ids())
def test_builtin_schemes_round_trip(scheme_id: str, tmp_path: Path) -> None:
    scheme = load_scheme(scheme_id)
    _assert_same(_round_trip(scheme, tmp_path), scheme)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schemes(modes=("points", "percent", "index")))
def test_random_schemes_round_trip(scheme: Scheme) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _assert_same(_round_trip(scheme, Path(folder)), scheme)


EDGE_CASES = {
    "labels-with-colons": """\
indicators:
  - code: "1"
    name: Tiêu chuẩn
    max: 10
    rule: choice
    options:
      - {label: "Đạt TCVN 9250:2012 mức 2", points: 10}
      - {label: "a = b", fraction: 0.5}
      - {label: Không đạt, points: 0}
""",
    "codes-that-look-like-numbers": """\
indicators:
  - code: "1"
    name: A
    max: 10
    children:
      - {code: "1.10", name: B, max: 5}
      - {code: "1.2", name: C, max: 5, rule: points}
""",
    "text-that-looks-like-a-formula": """\
indicators:
  - {code: "1", name: "=SUM(A1:A3)", max: 10, description: "+ cộng điểm", evidence: "@văn bản"}
""",
    "multi-line-text-and-explicit-defaults": """\
source: |
  Dòng một.
  Dòng hai.
version: "2"
indicators:
  - {code: "1", name: A, max: 10, kind: main, effect: base, rule: ratio, numerator: a, denominator: b, target: 1}
""",
    "groups-bonus-and-weights": """\
result: weighted
groups:
  - {code: so, name: Sở}
  - {code: nganh-doc, name: Ngành dọc, ranked: false}
indicators:
  - code: G
    name: Nhóm
    kind: group
    max: 20
    children:
      - {code: "1", name: A, max: 10, applies_to: [so], na: true, rule: yes_no, yes_points: 8}
      - {code: "2", name: B, max: 10, rule: steps, input: Số lần, unit: lần,
         steps: [{min: 4, points: 10}, {min: 1, points: 2.5}]}
  - {code: T, name: Thưởng, max: 5, effect: bonus, rule: count, each: 0.5}
aggregates:
  - {code: X, name: Trụ X, of: ["1"], weight: 0.4}
  - {code: Y, name: Trụ Y, of: ["1", "2"], weight: 0.6}
grades:
  - {label: Tốt, min: 0.8}
  - {label: Khá, min: 0.5}
  - {label: Yếu}
""",
}


@pytest.mark.parametrize("body", EDGE_CASES.values(), ids=EDGE_CASES.keys())
def test_edge_cases_round_trip(body: str, tmp_path: Path) -> None:
    scheme = make_scheme(body)
    _assert_same(_round_trip(scheme, tmp_path), scheme)


def test_the_same_scheme_gives_the_same_bytes() -> None:
    scheme = load_scheme("haugiang-2022-so")
    assert rubric_bytes(scheme) == rubric_bytes(scheme)
