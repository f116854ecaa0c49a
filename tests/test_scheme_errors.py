"""Scheme validation: every problem found at once, each with its code and file:line."""

from __future__ import annotations

import re

import pytest

from tests.conftest import HEADER, problems_of
from xl_dti.errors import Problem, SchemeError
from xl_dti.messages import CATALOGUE, render
from xl_dti.scheme import load_scheme, parse_scheme

LEAF = "indicators:\n  - {code: '1', name: A, max: 10}\n"

# (id, body, expected code, expected location: "line path")
CASES = [
    ("unknown-key", "indicators:\n  - code: '1'\n    name: A\n    maxx: 10\n    max: 10\n",
     "key.unknown", "10 indicators[0].maxx"),
    ("unknown-top-key", "grade:\n  - {label: Tốt, min: 5}\n" + LEAF, "key.unknown", "7 grade"),
    ("missing-name", "indicators:\n  - code: '1'\n    max: 10\n", "key.missing", "8 indicators[0].name"),
    ("not-a-number", "indicators:\n  - code: '1'\n    name: A\n    max: mười\n",
     "value.invalid", "10 indicators[0].max"),
    ("unknown-rule", "indicators:\n  - code: '1'\n    name: A\n    max: 10\n    rule: yesno\n",
     "value.invalid", "11 indicators[0].rule"),
    ("param-of-other-rule", "indicators:\n  - code: '1'\n    name: A\n    max: 10\n    rule: yes_no\n    each: 1\n",
     "key.unknown", "12 indicators[0].each"),
    ("bad-result", "result: score\n" + LEAF, "value.invalid", "7 result"),
    ("duplicate-code", "indicators:\n  - {code: '1', name: A, max: 10}\n  - {code: '1', name: B, max: 5}\n",
     "code.duplicate", "9 indicators[1].code"),
    ("sum-mismatch", "indicators:\n  - code: '1'\n    name: A\n    max: 40\n    children:\n"
     "      - {code: '1.1', name: B, max: 20}\n      - {code: '1.2', name: C, max: 15}\n",
     "max.sum_mismatch", "10 indicators[0].max"),
    ("scheme-max", "max: 20\n" + LEAF, "max.scheme_mismatch", "7 max"),
    ("bands-order", "grades:\n  - {label: Khá, min: 5}\n  - {label: Tốt, min: 8}\n  - {label: Yếu}\n" + LEAF,
     "grades.order", "9 grades[1].min"),
    ("bands-bottom", "grades:\n  - {label: Tốt, min: 8}\n  - {label: Khá, min: 5}\n" + LEAF,
     "grades.bottom", "9 grades[1].min"),
    ("band-without-min", "grades:\n  - {label: Tốt}\n  - {label: Khá}\n" + LEAF, "grades.min_missing", "8 grades[0]"),
    ("weights", "result: weighted\n" + LEAF + "aggregates:\n  - {code: X, name: X, of: ['1'], weight: 0.5}\n",
     "weights.sum", "10 aggregates"),
    ("aggregate-unknown", LEAF + "aggregates:\n  - {code: X, name: X, of: ['1', '9']}\n",
     "aggregate.unknown_code", "10 aggregates[0].of[1]"),
    ("applies-to-unknown", "groups:\n  - {code: so, name: Sở}\n"
     "indicators:\n  - {code: '1', name: A, max: 10, applies_to: [huyen]}\n",
     "applies_to.unknown_group", "10 indicators[0].applies_to"),
    ("option-above-max", "indicators:\n  - code: '1'\n    name: A\n    max: 10\n    rule: choice\n    options:\n"
     "      - {label: Có, points: 12}\n", "rule.above_max", "13 indicators[0].options[0].points"),
    ("step-above-max", "indicators:\n  - code: '1'\n    name: A\n    max: 10\n    rule: steps\n"
     "    steps: [{min: 1, points: 15}]\n", "rule.above_max", "12 indicators[0].steps[0].points"),
    ("fraction-range", "indicators:\n  - code: '1'\n    name: A\n    max: 10\n    rule: parts\n    parts:\n"
     "      - {label: X, fraction: 1.5}\n", "rule.fraction_range", "13 indicators[0].parts[0].fraction"),
    ("rule-on-parent", "indicators:\n  - code: '1'\n    name: A\n    max: 10\n    rule: yes_no\n    children:\n"
     "      - {code: '1.1', name: B, max: 10}\n", "rule.on_parent", "11 indicators[0].rule"),
    ("bonus-nested", "indicators:\n  - code: '1'\n    name: A\n    max: 10\n    children:\n"
     "      - {code: '1.1', name: B, max: 10}\n      - {code: '1.2', name: T, max: 5, effect: bonus}\n",
     "effect.nested", "13 indicators[0].children[1].effect"),
    ("yaml-syntax", "indicators:\n  - {code: '1', name: A, max: 10\n", "yaml.syntax", "9"),
    ("word-line-break", 'indicators:\n  - code: "1"\n    name: "Nhận thức\\vsố"\n    max: 10\n',
     "text.illegal_character", "9 indicators[0].name"),
    ("control-in-label", "indicators:\n  - code: '1'\n    name: A\n    max: 10\n    rule: choice\n    options:\n"
     '      - {label: "Có\\x01", points: 10}\n', "text.illegal_character", "13 indicators[0].options[0].label"),
    ("text-past-a-cell", f"indicators:\n  - {{code: '1', name: {'😀' * 16384}, max: 10}}\n", "text.too_long",
     "8 indicators[0].name"),
    ("duplicate-key", "indicators:\n  - code: '1'\n    code: '2'\n    name: A\n    max: 10\n",
     "yaml.duplicate_key", "9 indicators[0].code"),
]


def _path_only(where: str) -> str:
    """``x.yaml:9 chỉ số 1.2 (indicators[1].code)`` → ``x.yaml:9 indicators[1].code`` (the code is tested apart)."""
    return re.sub(r" chỉ số \S+ \((.*)\)$", r" \1", where)


@pytest.mark.parametrize(("body", "code", "where"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_mistake_is_located(body: str, code: str, where: str) -> None:
    scheme, problems = parse_scheme(HEADER + body, "inline.yaml")
    assert scheme is None
    found = [(p.code, _path_only(p.where)) for p in problems]
    assert (code, f"inline.yaml:{where}") in found, found


def test_id_must_be_kebab_case() -> None:
    _, problems = parse_scheme(HEADER.replace("id: test-scheme", "id: Test Scheme") + LEAF, "inline.yaml")
    assert [(p.code, p.where) for p in problems] == [("value.invalid", "inline.yaml:1 id")]


def test_five_different_mistakes_are_all_reported_with_their_lines() -> None:
    problems = problems_of(
        """\
max: 30
grades:
  - {label: Khá, min: 10}
  - {label: Tốt, min: 20}
  - {label: Yếu}
indicators:
  - code: "1"
    name: Nhận thức số
    max: 25
    maxx: 3
    children:
      - {code: "1.1", name: Ban chỉ đạo, max: 10}
      - {code: "1.1", name: Kế hoạch, max: 10}
  - {code: "2", name: Hạ tầng, max: 10}
aggregates:
  - {code: X, name: Tổng hợp, of: ["1", "9"]}
"""
    )
    assert [(p.code, _path_only(p.where)) for p in problems] == [
        ("max.scheme_mismatch", "inline.yaml:7 max"),
        ("grades.order", "inline.yaml:10 grades[1].min"),
        ("max.sum_mismatch", "inline.yaml:15 indicators[0].max"),
        ("key.unknown", "inline.yaml:16 indicators[0].maxx"),
        ("code.duplicate", "inline.yaml:19 indicators[0].children[1].code"),
        ("aggregate.unknown_code", "inline.yaml:22 aggregates[0].of[1]"),
    ]


def test_unknown_key_suggests_the_closest_allowed_key() -> None:
    (problem,) = problems_of("indicators:\n  - {code: '1', name: A, max: 10, evidense: Báo cáo}\n")
    assert problem.params["suggestion"] == " (có phải là 'evidence'?)"


def test_messages_never_dump_pydantic() -> None:
    problems = problems_of("indicators:\n  - {code: '1', name: A, max: [1, 2]}\n")
    text = "\n".join(str(p) for p in problems)
    assert "pydantic" not in text and "errors.pydantic.dev" not in text and "type=" not in text


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_message_code_renders_with_its_location(code: str) -> None:
    problem = Problem(code, "inline.yaml:3 indicators[0]", {})
    assert str(problem).startswith("inline.yaml:3 indicators[0]: ")
    assert render(code, {}) == problem.message and problem.message.strip()


def test_load_scheme_raises_scheme_error_that_is_also_value_error(tmp_path: object) -> None:
    with pytest.raises(ValueError) as caught:
        load_scheme("no-such-scheme")
    assert isinstance(caught.value, SchemeError)
    assert caught.value.problems[0].code == "scheme.unknown_id"
