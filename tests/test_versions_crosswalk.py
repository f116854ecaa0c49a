"""Crosswalks: reading one (errors at file:line), fitting it to two schemes, re-keying values, the draft."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import make_scheme
from xl_dti.scheme import load_scheme
from xl_dti.versions.crosswalk import (
    Crosswalk,
    CrosswalkError,
    check_crosswalk,
    load_crosswalk,
    parse_crosswalk,
    rekey,
)
from xl_dti.versions.draft import draft_crosswalk

GOOD = """\
old: test-scheme
new: test-scheme
map:
  "1": "2"
  "2": null
  X: X
notes: |
  Chỉ số 1 đổi mã thành 2.
"""


def test_a_crosswalk_reads() -> None:
    crosswalk, problems = parse_crosswalk(GOOD, "cw.yaml")
    assert problems == []
    assert crosswalk is not None
    assert crosswalk.map == {"1": "2", "2": None, "X": "X"}
    assert (crosswalk.old, crosswalk.new) == ("test-scheme", "test-scheme")
    assert crosswalk.notes == "Chỉ số 1 đổi mã thành 2.\n"
    assert (crosswalk.new_code("1"), crosswalk.new_code("2"), crosswalk.old_code("2"), crosswalk.old_code("9")) == (
        "2", None, "1", None)


# (id, text, code, where)
CASES = [
    ("not-yaml", "map: [\n", "yaml.syntax", "cw.yaml:2"),
    ("a-list", "- 1\n- 2\n", "crosswalk.not_mapping", "cw.yaml:1"),
    ("unknown-key", "olds: a\nmap: {}\n", "crosswalk.unknown_key", "cw.yaml:1 olds"),
    ("no-map", "old: a\n", "crosswalk.map_missing", "cw.yaml:1"),
    ("map-is-a-list", "map:\n  - '1'\n", "crosswalk.map_not_mapping", "cw.yaml:1 map"),
    ("target-is-a-list", "map:\n  '1': ['1', '2']\n", "crosswalk.bad_target", "cw.yaml:2 map.1"),
    ("target-is-empty", "map:\n  '1': ''\n", "crosswalk.bad_target", "cw.yaml:2 map.1"),
    ("two-old-codes-one-new", "map:\n  '1': '1'\n  '2': '1'\n", "crosswalk.duplicate_target", "cw.yaml:3 map.2"),
    ("notes-not-text", "map: {}\nnotes:\n  a: b\n", "crosswalk.not_text", "cw.yaml:2 notes"),
    ("duplicate-old-code", "map:\n  '1': '1'\n  '1': '2'\n", "yaml.duplicate_key", "cw.yaml:3 map.1"),
]


@pytest.mark.parametrize(("text", "code", "where"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_problems_are_located_by_line(text: str, code: str, where: str) -> None:
    crosswalk, problems = parse_crosswalk(text, "cw.yaml")
    assert crosswalk is None
    assert [(p.code, p.where) for p in problems] == [(code, where)]


def test_load_raises_with_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "cw.yaml"
    path.write_text("mapp: 1\nmap:\n  '1': '1'\n  '2': '1'\n", encoding="utf-8")
    with pytest.raises(CrosswalkError) as caught:
        load_crosswalk(path)
    assert [p.code for p in caught.value.problems] == ["crosswalk.unknown_key", "crosswalk.duplicate_target"]
    with pytest.raises(CrosswalkError) as missing:
        load_crosswalk(tmp_path / "nowhere.yaml")
    assert [p.code for p in missing.value.problems] == ["file.not_found"]


SCHEME = """\
indicators:
  - {code: "1", name: A, max: 10, children: [{code: "1.1", name: A1, max: 10}]}
  - {code: "2", name: B, max: 10}
aggregates:
  - {code: X, name: Trụ X, of: ["1"]}
"""


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        pytest.param(GOOD, [], id="fits"),
        pytest.param(GOOD.replace('"1": "2"', '"1.1": "2"'), [("crosswalk.unknown_code", "cw.yaml:4", "old")],
                     id="sub-index-is-not-compared"),
        pytest.param(GOOD.replace('X: X', 'X: Y'), [("crosswalk.unknown_code", "cw.yaml:6", "new")], id="unknown-new"),
        pytest.param(GOOD.replace("new: test-scheme", "new: other"), [("crosswalk.wrong_scheme", "cw.yaml:2", "new")],
                     id="other-scheme"),
    ],
)
def test_a_crosswalk_must_fit_its_schemes(text: str, problems: list[tuple[str, str, str]]) -> None:
    crosswalk, _ = parse_crosswalk(text, "cw.yaml")
    assert crosswalk is not None
    scheme = make_scheme(SCHEME)
    found = check_crosswalk(crosswalk, scheme, scheme)
    assert [(p.code, p.where, p.params["side"]) for p in found] == problems


@pytest.mark.parametrize(
    ("mapping", "values", "expected"),
    [
        pytest.param({"1": "2", "2": None}, {"1": 40, "2": 35}, {"2": 40}, id="renamed-and-dropped"),
        pytest.param({"1": "1", "9": "9"}, {"1": 40}, {"1": 40}, id="no-value"),
        pytest.param(None, {"1": 40}, {}, id="no-crosswalk-compares-nothing"),
    ],
)
def test_rekey(mapping: dict[str, str | None] | None, values: dict[str, int], expected: dict[str, int]) -> None:
    crosswalk = Crosswalk(mapping) if mapping is not None else None
    assert rekey(values, crosswalk) == expected


@pytest.mark.parametrize(
    ("old", "new"),
    [("haugiang-2022-so", "haugiang-2022-huyen"), ("quocgia-2020-tinh", "quocgia-2022-tinh"),
     ("haiduong-2023-so", "haiduong-2023-huyen"), ("haugiang-2021-cntt", "haugiang-2022-so")],
)
def test_the_draft_reads_and_fits_its_schemes(old: str, new: str) -> None:
    before, after = load_scheme(old), load_scheme(new)
    crosswalk, problems = parse_crosswalk(draft_crosswalk(before, after), "draft.yaml")
    assert problems == []
    assert crosswalk is not None
    assert check_crosswalk(crosswalk, before, after) == []
    assert set(crosswalk.map) == {n.code for n in before.tree.main_indices()} | {a.code for a in before.aggregates}


def test_the_draft_maps_what_it_matched() -> None:
    crosswalk, _ = parse_crosswalk(draft_crosswalk(load_scheme("haugiang-2022-so"), load_scheme("haugiang-2022-huyen")))
    assert crosswalk is not None
    assert crosswalk.map == {"1": "1", "2": "2", "3": "5", "4": "4", "5": "6"}
