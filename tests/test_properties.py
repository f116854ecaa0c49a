"""Properties of the engine and the scheme language over random schemes and answers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.strategies import answers, leaves, schemes
from xl_dti import result_of, score
from xl_dti.scheme import Scheme, dump_scheme, parse_scheme
from xl_dti.scheme.loader import scheme_to_data

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.data())
def test_total_never_exceeds_the_applicable_max(data: st.DataObject) -> None:
    scheme = data.draw(schemes())
    result = score(scheme, data.draw(answers(scheme)))
    assert not result.errors
    assert Decimal(0) <= result.total <= result.applicable_max <= result.max
    for code, node in result.nodes.items():
        assert node.points <= node.applicable_max or node.pending, code


def _raised(scheme: Scheme, code: str, answer: Any) -> Any:
    """A raw answer one notch better than ``answer`` for the leaf ``code`` (or the same if none)."""
    node = scheme.tree.by_code[code]
    rule = node.scoring_rule
    if answer == "N/A":
        return answer
    if rule.rule == "points":
        step = rule.step or Decimal("0.01")  # type: ignore[union-attr]
        return min(node.max, Decimal(answer) + step)
    if rule.rule == "yes_no":
        return "Có"
    if rule.rule == "choice":
        best = max(rule.options, key=lambda o: o.value(node.max))  # type: ignore[union-attr]
        return best.label
    if rule.rule == "parts":
        return [p.label for p in rule.parts]  # type: ignore[union-attr]
    if rule.rule == "ratio":
        numerator, denominator = answer
        return [numerator + 1, denominator] if denominator else answer
    return answer + 1


@SETTINGS
@given(st.data())
def test_raising_one_input_never_lowers_the_score(data: st.DataObject) -> None:
    scheme = data.draw(schemes())
    given_answers = data.draw(answers(scheme))
    code = data.draw(st.sampled_from(sorted(given_answers)))
    better = {**given_answers, code: _raised(scheme, code, given_answers[code])}
    before, after = score(scheme, given_answers), score(scheme, better)
    assert after.nodes[code].points >= before.nodes[code].points
    assert after.total >= before.total
    if before.result is not None:
        assert after.result is not None and after.result >= before.result


def _full_marks(scheme: Scheme, given_answers: dict[str, Any]) -> dict[str, Any]:
    """Every applicable leaf at its best answer; N/A answers kept."""
    return {code: _best(scheme, code, a) for code, a in given_answers.items()}


def _best(scheme: Scheme, code: str, answer: Any) -> Any:
    node = scheme.tree.by_code[code]
    rule = node.scoring_rule
    if answer == "N/A":
        return answer
    if rule.rule == "points":
        return node.max
    if rule.rule == "ratio":
        return [1, 1]
    if rule.rule in ("steps", "count"):
        return 10_000
    return _raised(scheme, code, answer)


@SETTINGS
@given(st.data())
def test_na_handling_is_consistent_with_the_result_mode(data: st.DataObject) -> None:
    scheme = data.draw(schemes())
    given_answers = data.draw(answers(scheme))
    result = score(scheme, given_answers)
    na_max = sum((scheme.tree.by_code[c].max for c, a in given_answers.items() if a == "N/A"), Decimal(0))
    assert result.applicable_max <= result.max - na_max
    assert result.result == result_of(scheme, result.total, result.applicable_max)
    best = score(scheme, _full_marks(scheme, given_answers))
    if best.applicable_max == best.max - na_max and all(_can_reach_max(scheme, c) for c in given_answers):
        full = {"points": best.max, "percent": Decimal(100), "index": Decimal(1)}[scheme.result]
        assert best.result is None or best.result == full


def _can_reach_max(scheme: Scheme, code: str) -> bool:
    """Whether some answer earns the leaf's full max (option lists and steps may stop short)."""
    node = scheme.tree.by_code[code]
    rule = node.scoring_rule
    if rule.rule == "choice":
        return max(o.value(node.max) for o in rule.options) == node.max  # type: ignore[union-attr]
    if rule.rule == "parts":
        return sum(p.value(node.max) for p in rule.parts) >= node.max  # type: ignore[union-attr]
    if rule.rule == "steps":
        return max(s.points for s in rule.steps) == node.max  # type: ignore[union-attr]
    if rule.rule == "yes_no":
        return rule.yes_value(node.max) == node.max  # type: ignore[union-attr]
    return True


@SETTINGS
@given(schemes(modes=("points", "percent", "index")))
def test_yaml_round_trip(scheme: Scheme) -> None:
    text = dump_scheme(scheme)
    again, problems = parse_scheme(text, "dumped.yaml")
    assert again is not None, problems
    assert again.model_dump() == scheme.model_dump()
    assert scheme_to_data(again) == scheme_to_data(scheme)
    assert again.fingerprint() == scheme.fingerprint()
    assert len(leaves(again)) == len(leaves(scheme))
