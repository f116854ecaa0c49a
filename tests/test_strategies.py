"""The hypothesis strategies reach every edge their docstrings name (a strategy that never does tests nothing)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import Phase, find, settings

from tests.strategies import Evaluation, evaluations
from xl_dti.scheme.rules import RelativeRule

Edge = Callable[[Evaluation], bool]


def _leaves(e: Evaluation) -> list[object]:
    return [n for n in e.scheme.tree.by_code.values() if n.is_leaf]


EDGES: dict[str, Edge] = {
    "groups": lambda e: len(e.scheme.groups) >= 2,
    "an-unranked-group": lambda e: any(not g.ranked for g in e.scheme.groups),
    "applies-to": lambda e: any(n.applies_to for n in e.scheme.tree.by_code.values()),
    "applies-to-excluding-the-unit": lambda e: any(
        n.applies_to and e.group not in n.applies_to for n in e.scheme.tree.by_code.values()),
    "bonus": lambda e: any(n.effect == "bonus" for n in e.scheme.indicators),
    "penalty": lambda e: any(n.effect == "penalty" for n in e.scheme.indicators),
    "relative": lambda e: any(isinstance(n.rule, RelativeRule) for n in e.scheme.tree.by_code.values()),
    "weighted": lambda e: e.scheme.result == "weighted" and len(e.scheme.aggregates) >= 2,
    "percent": lambda e: e.scheme.result == "percent",
    "index": lambda e: e.scheme.result == "index",
    "aggregates-unweighted": lambda e: e.scheme.result != "weighted" and bool(e.scheme.aggregates),
    "grades": lambda e: bool(e.scheme.grades),
    "a-parent-answered-na": lambda e: any(
        e.answers.get(n.code) == "N/A" for n in e.scheme.tree.by_code.values() if not n.is_leaf),
    "a-leaf-answered-na": lambda e: any(e.answers.get(n.code) == "N/A" for n in e.scheme.tree.by_code.values()
                                        if n.is_leaf),
    "three-levels": lambda e: any(len(e.scheme.tree.ancestors(c)) == 2 for c in e.scheme.tree.by_code),
    "every-rule-kind-somewhere": lambda e: len({n.scoring_rule.rule for n in e.scheme.tree.by_code.values()
                                                if n.is_leaf}) >= 4,
}


@pytest.mark.parametrize("edge", EDGES.values(), ids=EDGES.keys())
def test_the_strategy_reaches(edge: Edge) -> None:
    found = find(evaluations(), edge, settings=settings(max_examples=2000, database=None, phases=[Phase.generate]))
    assert edge(found)
