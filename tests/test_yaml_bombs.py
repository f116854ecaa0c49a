"""A scheme YAML built to exhaust the reader is refused at once, with a located message (issue 13 §2).

Each document is parsed in a child process with a memory bound and a generous time backstop: today's
reader expanded aliases without end (the child would be killed), so these cases fail on it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from xl_dti.scheme.yamlsource import parse_yaml


def _laughs(levels: int, width: int) -> str:
    lines = ["l0: &l0 [" + ", ".join(["lol"] * width) + "]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def _deep_block(depth: int) -> str:
    return "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "x\n"


# (id, text, code, line)
BOMBS = [
    ("billion-laughs", _laughs(10, 10), "yaml.alias_bomb", 0),
    ("wide-laughs", _laughs(4, 300), "yaml.alias_bomb", 0),
    ("recursive-alias", "a: &a\n  b: *a\n", "yaml.recursive_alias", 0),
    ("recursive-alias-in-a-list", "a: &a [1, [2, *a]]\n", "yaml.recursive_alias", 0),
    ("deep-flow-nesting", "x: " + "[" * 200000 + "]" * 200000 + "\n", "yaml.too_deep", 1),
    ("deep-block-nesting", _deep_block(5000), "yaml.too_deep", 0),
    ("deep-mapping-flow", "{a: " * 3000 + "1" + "}" * 3000, "yaml.too_deep", 1),
    ("block-as-key", "? [a, b]\n: 1\n", "yaml.complex_key", 1),
]

_CHILD = textwrap.dedent("""
    import json, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (1024 ** 3, 1024 ** 3))
    from xl_dti.scheme.yamlsource import parse_yaml
    source, problems = parse_yaml(sys.stdin.read(), "scheme.yaml")
    print(json.dumps([[p.code, p.where, p.message] for p in problems]))
""")


@pytest.mark.parametrize(("text", "code", "line"), [b[1:] for b in BOMBS], ids=[b[0] for b in BOMBS])
def test_a_yaml_bomb_is_refused_in_bounded_time_and_memory(text: str, code: str, line: int) -> None:
    result = subprocess.run([sys.executable, "-c", _CHILD], input=text, capture_output=True, text=True,
                            timeout=60, check=False)  # a backstop, far above the milliseconds it takes
    assert result.returncode == 0, result.stderr[-500:]
    ((found, where, message),) = json.loads(result.stdout)
    assert found == code and where.startswith("scheme.yaml:") and message
    if line:
        assert where == f"scheme.yaml:{line}"


@pytest.mark.parametrize("text", [
    "base: &base {max: 5, step: 0.5}\nitems:\n  - <<: *base\n  - code: '1.1'\n    opts: *base\n",
    "opts: &o [Có, Không]\na: *o\nb: *o\nc: *o\n",
    _laughs(2, 10),
], ids=["merge-key", "repeated-list", "small-expansion"])
def test_honest_aliases_still_read(text: str) -> None:
    source, problems = parse_yaml(text, "scheme.yaml")
    assert problems == [] and source is not None


def test_a_scheme_file_with_a_bomb_is_a_located_scheme_error(tmp_path: pytest.TempPathFactory) -> None:
    from xl_dti.errors import SchemeError
    from xl_dti.scheme import load_scheme

    path = tmp_path / "bomb.yaml"  # type: ignore[operator]
    path.write_text("id: x\n" + _laughs(9, 9), encoding="utf-8")
    with pytest.raises(SchemeError) as raised:
        load_scheme(path)
    assert [p.code for p in raised.value.problems] == ["yaml.alias_bomb"]
