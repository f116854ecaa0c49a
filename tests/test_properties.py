"""Properties of the engine and the scheme language over random schemes and answers.

The schemes come with groups, ``applies_to``, bonus, penalty, ``relative`` leaves, every result mode
and parents marked N/A (tests/strategies.py; tests/test_strategies.py proves they are reached). The
expected result is computed here in exact fractions from the node points, never by the engine's own
``result_of``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.strategies import Evaluation, evaluations, leaves, schemes
from xl_dti import score
from xl_dti.results import UnitResult
from xl_dti.scheme import Scheme, dump_scheme, parse_scheme
from xl_dti.scheme.loader import scheme_to_data

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.data())
def test_total_never_exceeds_the_applicable_max(data: st.DataObject) -> None:
    case = data.draw(evaluations())
    result = score(case.scheme, case.answers, case.group)
    assert not result.errors
    assert Decimal(0) <= result.total <= result.applicable_max <= result.max
    for code, node in result.nodes.items():
        assert node.points <= node.applicable_max or node.pending, code
        assert (node.applicable_max == 0) == node.na or node.max == 0, code


@SETTINGS
@given(evaluations())
def test_a_parent_is_na_exactly_when_all_its_children_are(case: Evaluation) -> None:
    result = score(case.scheme, case.answers, case.group)
    for code, node in case.scheme.tree.by_code.items():
        if not node.is_leaf:
            children = [result.nodes[c.code] for c in node.children]
            assert result.nodes[code].na == all(c.na for c in children), code
            assert result.nodes[code].points == sum((c.points for c in children), Decimal(0)), code


def _raised(scheme: Scheme, code: str, answer: Any) -> Any:
    """A raw answer one notch better than ``answer`` for the leaf ``code`` (or the same if none)."""
    node = scheme.tree.by_code[code]
    rule = node.scoring_rule
    if answer == "N/A" or not node.is_leaf:
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
    """Except a penalty's input: more incidents, a lower (or the same) total."""
    case = data.draw(evaluations())
    scheme, given_answers = case.scheme, case.answers
    code = data.draw(st.sampled_from(sorted(given_answers)))
    better = {**given_answers, code: _raised(scheme, code, given_answers[code])}
    before, after = score(scheme, given_answers, case.group), score(scheme, better, case.group)
    assert after.nodes[code].points >= before.nodes[code].points
    if scheme.tree.effect[code] == "penalty":
        assert after.total <= before.total
        return
    assert after.total >= before.total
    if before.result is not None:
        assert after.result is not None and after.result >= before.result


def _full_marks(scheme: Scheme, given_answers: dict[str, Any]) -> dict[str, Any]:
    """Every applicable leaf at its best answer; N/A answers kept."""
    return {code: _best(scheme, code, a) for code, a in given_answers.items()}


def _best(scheme: Scheme, code: str, answer: Any) -> Any:
    node = scheme.tree.by_code[code]
    rule = node.scoring_rule
    if answer == "N/A" or not node.is_leaf:
        return answer
    if scheme.tree.effect[code] == "penalty":
        return 0
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
    case = data.draw(evaluations())
    scheme, given_answers = case.scheme, case.answers
    result = score(scheme, given_answers, case.group)
    na_max = sum((scheme.tree.by_code[c].max for c in _outermost_na(scheme, given_answers)), Decimal(0))
    assert result.applicable_max <= result.max - na_max
    assert result.result == _expected_result(case, result)
    best = score(scheme, _full_marks(scheme, given_answers), case.group)
    if best.applicable_max == best.max - na_max and all(_can_reach_max(scheme, c) for c in given_answers):
        full = {"points": best.max, "percent": Decimal(100), "index": Decimal(1), "weighted": Decimal(1)}[scheme.result]
        assert best.result is None or best.result == full


def _outermost_na(scheme: Scheme, given: dict[str, Any]) -> list[str]:
    """The base indicators answered N/A that no ancestor answered N/A (their max leaves the applicable max)."""
    marked = {c for c, a in given.items() if a == "N/A" and scheme.tree.effect[c] == "base"}
    return [c for c in marked if not marked.intersection(scheme.tree.ancestors(c))]


def _half_up(value: Fraction, decimals: int) -> Decimal:
    """``value`` rounded half away from zero, exactly (the published rounding), from a fraction."""
    scaled = value * 10**decimals
    whole = (abs(scaled.numerator) * 2 + scaled.denominator) // (2 * scaled.denominator)
    return Decimal(whole if scaled >= 0 else -whole).scaleb(-decimals).quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _expected_result(case: Evaluation, result: UnitResult) -> Decimal | None:
    """The result as the regulation defines it, in exact fractions from the points the engine shows."""
    scheme = case.scheme
    total, applicable = Fraction(result.total), Fraction(result.applicable_max)
    if scheme.result == "weighted":
        pairs = []
        for aggregate in scheme.aggregates:
            points = sum(Fraction(result.nodes[c].points) for c in aggregate.of)
            available = sum(Fraction(result.nodes[c].applicable_max) for c in aggregate.of)
            if available > 0 and aggregate.weight is not None:
                pairs.append((Fraction(aggregate.weight), points / available))
        weight = sum(w for w, _ in pairs)
        return None if weight == 0 else _half_up(sum(w * v for w, v in pairs) / weight, scheme.decimals)
    if applicable == 0:
        return None
    share = total / applicable
    scale = {"points": Fraction(scheme.total_max), "percent": Fraction(100), "index": Fraction(1)}[scheme.result]
    return _half_up(share * scale, scheme.decimals)


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
    return rule.rule != "relative"  # pending until the consolidation knows the best unit


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
