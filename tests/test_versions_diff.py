"""Comparing two scheme versions: how indicators are matched and which changes are reported."""

from __future__ import annotations

import pytest
from rich.console import Console

from tests.conftest import make_scheme
from xl_dti.scheme import load_scheme
from xl_dti.versions.diff import diff_schemes
from xl_dti.versions.matching import Named, match_items, similarity
from xl_dti.versions.view import diff_view

Pair = tuple[str | None, str | None]
OLD = """\
indicators:
  - code: "1"
    name: Nhận thức số
    max: 20
    children:
      - {code: "1.1", name: Người đứng đầu phụ trách chuyển đổi số, max: 10, rule: yes_no}
      - {code: "1.2", name: Số cuộc họp về chuyển đổi số, max: 10, rule: count, each: 2}
  - code: "2"
    name: Hoạt động chính quyền số
    max: 10
    children:
      - {code: "2.1", name: Tỉ lệ văn bản ký số, max: 10, rule: ratio, numerator: a, denominator: b}
"""

ADDED = """\
indicators:
  - code: "1"
    name: Nhận thức số
    max: 20
    children:
      - {code: "1.1", name: Người đứng đầu phụ trách chuyển đổi số, max: 10, rule: yes_no}
      - {code: "1.2", name: Số cuộc họp về chuyển đổi số, max: 10, rule: count, each: 2}
  - code: "2"
    name: Hoạt động chính quyền số
    max: 15
    children:
      - {code: "2.1", name: Tỉ lệ văn bản ký số, max: 10, rule: ratio, numerator: a, denominator: b}
      - {code: "2.2", name: Cổng dịch vụ công, max: 5, rule: yes_no}
"""
REMOVED = """\
indicators:
  - code: "1"
    name: Nhận thức số
    max: 10
    children:
      - {code: "1.1", name: Người đứng đầu phụ trách chuyển đổi số, max: 10, rule: yes_no}
  - code: "2"
    name: Hoạt động chính quyền số
    max: 10
    children:
      - {code: "2.1", name: Tỉ lệ văn bản ký số, max: 10, rule: ratio, numerator: a, denominator: b}
"""
MOVED = """\
indicators:
  - code: "1"
    name: Nhận thức số
    max: 10
    children:
      - {code: "1.1", name: Người đứng đầu phụ trách chuyển đổi số, max: 10, rule: yes_no}
  - code: "2"
    name: Hoạt động chính quyền số
    max: 20
    children:
      - {code: "2.1", name: Tỉ lệ văn bản ký số, max: 10, rule: ratio, numerator: a, denominator: b}
      - {code: "2.2", name: Số cuộc họp về chuyển đổi số, max: 10, rule: count, each: 2}
"""
CODE_REUSED = """\
indicators:
  - code: "1"
    name: Nhận thức số
    max: 20
    children:
      - {code: "1.1", name: Người đứng đầu phụ trách chuyển đổi số, max: 10, rule: yes_no}
      - {code: "1.2", name: Số cuộc họp về chuyển đổi số, max: 10, rule: count, each: 2}
  - {code: "2", name: An toàn thông tin mạng, max: 10, rule: yes_no}
  - code: "3"
    name: Hoạt động chính quyền số
    max: 10
    children:
      - {code: "3.1", name: Tỉ lệ văn bản ký số, max: 10, rule: ratio, numerator: a, denominator: b}
"""

# (id, new scheme body, expected {(old code, new code): (status, changes)} for the entries that differ)
CASES = [
    ("nothing-changed", OLD, {}),
    ("renamed", OLD.replace("Số cuộc họp về chuyển đổi số", "Số cuộc họp chuyên đề về chuyển đổi số"),
     {("1.2", "1.2"): ("changed", ("renamed",))}),
    ("reworded-beyond-recognition", OLD.replace("Số cuộc họp về chuyển đổi số", "Giao ban định kỳ"),
     {("1.2", "1.2"): ("changed", ("renamed",))}),
    ("max-changed", OLD.replace("max: 20", "max: 25").replace("max: 10, rule: count", "max: 15, rule: count"),
     {("1", "1"): ("changed", ("max",)), ("1.2", "1.2"): ("changed", ("max",))}),
    ("rule-kind-changed", OLD.replace("rule: count, each: 2", "rule: points"),
     {("1.2", "1.2"): ("changed", ("rule",))}),
    ("rule-parameter-changed", OLD.replace("each: 2", "each: 5"), {("1.2", "1.2"): ("changed", ("rule",))}),
    ("added", ADDED, {("2", "2"): ("changed", ("max",)), (None, "2.2"): ("added", ())}),
    ("removed", REMOVED, {("1", "1"): ("changed", ("max",)), ("1.2", None): ("removed", ())}),
    ("recoded", OLD.replace('code: "1.2"', 'code: "1.3"'), {("1.2", "1.3"): ("changed", ("recoded",))}),
    ("moved", MOVED, {("1", "1"): ("changed", ("max",)), ("2", "2"): ("changed", ("max",)),
                      ("1.2", "2.2"): ("changed", ("recoded", "moved"))}),
    ("code-reused-for-something-else", CODE_REUSED,
     {(None, "2"): ("added", ()), ("2", "3"): ("changed", ("recoded",)),
      ("2.1", "3.1"): ("changed", ("recoded",))}),
]


@pytest.mark.parametrize(("body", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_changes_are_found(body: str, expected: dict[Pair, tuple[str, tuple[str, ...]]]) -> None:
    diff = diff_schemes(make_scheme(OLD), make_scheme(body))
    found = {(i.old.code if i.old else None, i.new.code if i.new else None): (i.status, i.changes)
             for i in diff.indicators if i.status != "same"}
    assert found == expected


@pytest.mark.parametrize(
    ("a", "b", "alike"),
    [
        pytest.param("Nhận thức số", "nhận  thức SỐ", True, id="case-and-spacing"),
        pytest.param("Thể chế số", "Thể chế số và chính sách", True, id="words-added"),
        pytest.param("Hoạt động kinh tế số", "Hoạt động xã hội số", False, id="shared-syllables"),
        pytest.param("Nhận thức số", "Nhân lực số", False, id="similar-letters"),
    ],
)
def test_names_are_alike_by_words(a: str, b: str, alike: bool) -> None:
    assert (similarity(a, b) >= 0.65) is alike


def test_codes_win_when_the_names_agree_or_nothing_better_exists() -> None:
    old = [Named("1", "Nhận thức số"), Named("2", "Thể chế số")]
    new = [Named("1", "Nhận thức số của cán bộ"), Named("2", "Hạ tầng số"), Named("3", "Thể chế số")]
    pairs = {(m.old, m.new, m.by) for m in match_items(old, new)}
    assert pairs == {("1", "1", "code"), ("2", "3", "name")}


def test_the_view_lists_only_what_changed() -> None:
    diff = diff_schemes(load_scheme("haugiang-2022-so"), load_scheme("haugiang-2022-huyen"))
    console = Console(width=200, record=True)
    console.print(diff_view(diff))
    text = console.export_text()
    assert "Hoạt động chính quyền số; matched by name, 100%; max 90 → 100" in text
    assert "29 → 42 indicators:" in text
    assert "│ 2   │ 2   │ max " in text
