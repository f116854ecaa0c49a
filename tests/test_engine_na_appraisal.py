"""How appraised points meet N/A leaves, and how a parent's N/A follows its children (expected values written)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.conftest import make_scheme
from xl_dti import score

TREE = """\
points_decimals: 1
groups:
  - {code: so, name: Sở}
  - {code: nganh-doc, name: Ngành dọc}
indicators:
  - code: "1"
    name: Nhận thức số
    max: 30
    na: true
    children:
      - {code: "1.1", name: Ban chỉ đạo, max: 10}
      - {code: "1.2", name: Kế hoạch, max: 20, na: true}
  - code: "2"
    name: Dịch vụ công
    max: 20
    children:
      - {code: "2.1", name: DVC trực tuyến, max: 10, applies_to: [so]}
      - {code: "2.2", name: Cổng thông tin, max: 10, na: true}
"""
FULL = {"1.1": 10, "1.2": 20, "2.1": 10, "2.2": 10}

# (id, group, answers over FULL, appraised, {code: (points, applicable max, na)}, total, applicable max)
CASES: list[tuple[str, str, dict[str, Any], dict[str, str], dict[str, tuple[str, str, bool]], str, str]] = [
    ("appraisal-replaces-self-points", "so", {"1.1": 8}, {"1.1": "6"},
     {"1.1": ("6", "10", False), "1": ("26", "30", False)}, "46", "50"),
    ("appraisal-is-rounded-to-points-decimals", "so", {}, {"1.1": "6.25"},
     {"1.1": ("6.3", "10", False)}, "46.3", "50"),
    ("appraisal-of-zero-counts", "so", {}, {"2.2": "0"},
     {"2.2": ("0", "10", False), "2": ("10", "20", False)}, "40", "50"),
    ("appraisal-on-a-leaf-marked-na-is-ignored", "so", {"1.2": "N/A"}, {"1.2": "15"},
     {"1.2": ("0", "0", True), "1": ("10", "10", False)}, "30", "30"),
    ("appraisal-on-a-leaf-outside-applies-to-is-ignored", "nganh-doc", {"2.1": None}, {"2.1": "7"},
     {"2.1": ("0", "0", True), "2": ("10", "10", False)}, "40", "40"),
    ("appraisal-under-a-parent-marked-na-is-ignored", "so", {"1": "N/A"}, {"1.1": "9"},
     {"1.1": ("0", "0", True), "1": ("0", "0", True)}, "20", "20"),
    ("appraisal-of-a-blank-leaf-makes-it-count", "so", {"2.2": None}, {"2.2": "4"},
     {"2.2": ("4", "10", False)}, "44", "50"),
    ("some-na-children-parent-stays-applicable", "so", {"1.2": "N/A"}, {},
     {"1.2": ("0", "0", True), "1": ("10", "10", False)}, "30", "30"),
    ("all-na-children-parent-is-na", "nganh-doc", {"2.1": None, "2.2": "N/A"}, {},
     {"2.1": ("0", "0", True), "2.2": ("0", "0", True), "2": ("0", "0", True)}, "30", "30"),
    ("parent-marked-na-takes-its-children", "so", {"1": "N/A"}, {},
     {"1.1": ("0", "0", True), "1.2": ("0", "0", True), "1": ("0", "0", True)}, "20", "20"),
]


@pytest.mark.parametrize(("group", "changes", "appraised", "nodes", "total", "applicable"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_appraisal_and_na(group: str, changes: dict[str, Any], appraised: dict[str, str],
                          nodes: dict[str, tuple[str, str, bool]], total: str, applicable: str) -> None:
    scheme = make_scheme(TREE)
    answers = {k: v for k, v in {**FULL, **changes}.items() if v is not None}
    result = score(scheme, answers, group, appraised={k: Decimal(v) for k, v in appraised.items()})
    found = {code: (result.nodes[code].points, result.nodes[code].applicable_max, result.nodes[code].na)
             for code in nodes}
    assert found == {code: (Decimal(p), Decimal(m), na) for code, (p, m, na) in nodes.items()}
    assert (result.total, result.applicable_max) == (Decimal(total), Decimal(applicable))
