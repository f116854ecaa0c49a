"""Score a unit's answers under a scheme exactly as the regulation says (pure: no I/O).

The arithmetic, in order:
1. each applicable leaf: its rule turns the answer into points, rounded half-up to the
   scheme's ``points_decimals`` only when the scheme gives one (otherwise kept to
   ``NOISE_DECIMALS``, as the workbook's formulas keep them); N/A leaves (marked by the unit,
   outside ``applies_to``, or a zero denominator the scheme treats as N/A) earn nothing and
   drop out of the applicable max;
2. each parent: the sum of its children's points and applicable max;
3. total = base points + bonus − penalty, kept within 0..applicable max (unless
   ``allow_above_max``);
4. result, by the scheme's ``result``: ``points`` = total × max / applicable max (= total when
   nothing is N/A); ``percent`` = 100 × total / applicable max; ``index`` = total /
   applicable max; ``weighted`` = Σ weight × aggregate value / Σ weight over aggregates that
   have a value; then rounded half-up to ``decimals``;
5. grade: the first band (highest first) whose ``min`` the rounded result reaches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xl_dti.answers import Answer, to_answer
from xl_dti.decimals import ZERO, divide, round_half_up, to_decimal, vn
from xl_dti.errors import Problem, Severity, UsageError
from xl_dti.results import AggregateScore, NodeScore, UnitResult
from xl_dti.scheme.model import Indicator, Scheme
from xl_dti.scheme.rules import PENDING, InvalidAnswer, RelativeRule

BestValues = Mapping[str, Decimal]
"""For ``relative`` indicators: indicator code → the best value among the group's units."""


def score(
    scheme: Scheme,
    inputs: Mapping[str, object],
    group: str | None = None,
    *,
    unit: str | None = None,
    best: BestValues | None = None,
    appraised: Mapping[str, Decimal] | None = None,
) -> UnitResult:
    """Score one unit's answers.

    Args:
        scheme: the scheme in force.
        inputs: indicator code → raw answer (see ``xl_dti.answers.to_answer`` for the forms).
        group: the unit's group code; required when the scheme has groups.
        unit: the unit's code, carried into the result.
        best: best values for ``relative`` indicators; without them those indicators are
            pending and left out of the total (the result says ``provisional``).
        appraised: the council's points for some leaves (điểm thẩm định); they replace what the
            answers earn there (not-applicable leaves stay not applicable).

    Returns:
        Points per node and aggregate, total, applicable max, result, grade and issues.

    Raises:
        UsageError: for a missing or unknown group.
    """
    _check_group(scheme, group)
    scorer = _Scorer(scheme, {str(k): to_answer(v) for k, v in inputs.items()}, group, best, appraised or {})
    nodes = scorer.score_tree()
    scorer.report_unknown_codes()
    return _summarise(scheme, nodes, scorer.issues, group, unit)


@dataclass(frozen=True)
class Submission:
    """One unit's answers, as ``score_units`` takes them."""

    unit: str
    inputs: Mapping[str, object]
    group: str | None = None
    appraised: Mapping[str, Decimal] | None = None


def score_units(
    scheme: Scheme, submissions: Sequence[Submission], first: Sequence[UnitResult] | None = None
) -> list[UnitResult]:
    """Score many units, computing ``relative`` indicators against each group's best value.

    Args:
        scheme: the scheme in force.
        submissions: the units' answers.
        first: each submission already scored on its own (``score`` without best values), when a
            caller has it; it is the first of the two passes.

    Returns:
        One result per submission, in the order given.
    """
    if first is None:
        first = [score(scheme, s.inputs, s.group, unit=s.unit, appraised=s.appraised) for s in submissions]
    else:
        first = list(first)
    relative_codes = [c for c, n in scheme.tree.by_code.items() if n.is_leaf and isinstance(n.rule, RelativeRule)]
    if not relative_codes:
        return first
    best: dict[tuple[str | None, str], Decimal] = {}
    for result in first:
        for code in relative_codes:
            node = result.nodes[code]
            if node.pending:
                key = (result.group, code)
                best[key] = max(best.get(key, ZERO), node.reading)
    return [
        _settle_pending(scheme, s, result, {c: best.get((s.group, c), ZERO) for c in relative_codes})
        for s, result in zip(submissions, first, strict=True)
    ]


def _settle_pending(scheme: Scheme, submission: Submission, first: UnitResult, best: BestValues) -> UnitResult:
    """``first`` with its pending indicators scored against the best values: only those leaves and
    their ancestors are recomputed (the rest cannot depend on another unit), which gives exactly
    what scoring the unit afresh with ``best`` gives."""
    pending = [code for code, node in first.nodes.items() if node.pending and scheme.tree.by_code[code].is_leaf]
    if not pending:
        return first
    dirty = set(pending)
    for code in pending:
        dirty.update(scheme.tree.ancestors(code))
    inputs = {str(k): v for k, v in submission.inputs.items()}  # keyed as ``score`` keys them
    answers = {code: to_answer(inputs[code]) for code in dirty if code in inputs}  # parents' N/A marks too
    scorer = _Scorer(scheme, answers, submission.group, best, submission.appraised or {},
                     nodes=dict(first.nodes), dirty=dirty)
    nodes = scorer.score_tree()
    position = scheme.tree.position
    issues = sorted([p for p in first.issues if p.where not in dirty] + scorer.issues,
                    key=lambda p: position.get(p.where or "", len(position)))
    return _summarise(scheme, nodes, issues, submission.group, submission.unit)


def indicator_points(scheme: Scheme, code: str, answer: object) -> tuple[NodeScore, list[Problem]]:
    """Score one leaf indicator on its own (for spreadsheet functions and what-if checks).

    Args:
        scheme: the scheme in force.
        code: a leaf indicator's code.
        answer: its raw answer (see ``xl_dti.answers.to_answer``).

    Returns:
        The indicator's score (``na`` or ``pending`` where so) and the issues its answer raised.

    Raises:
        UsageError: for a code that is not a leaf of the scheme.
    """
    node = scheme.tree.by_code.get(code)
    if node is None or not node.is_leaf:
        raise UsageError([Problem("usage.unknown_leaf", params={"code": code, "scheme": scheme.id})])
    scorer = _Scorer(scheme, {}, None, None)  # a leaf is scored from the answer given: no answers to look up
    return scorer.leaf(node, to_answer(answer)), scorer.issues


def result_ceiling(scheme: Scheme) -> Decimal | None:
    """The highest result the scheme can give (``None`` when a bonus may take it above its max)."""
    if scheme.result == "points":
        return None if scheme.allow_above_max else scheme.total_max
    return Decimal(100) if scheme.result == "percent" else Decimal(1)


def grade_value(scheme: Scheme, value: object) -> str | None:
    """The grade of a result value, rounded first as the scheme says (``None``: no bands)."""
    return scheme.grade(round_half_up(to_decimal(value), scheme.decimals))


def _check_group(scheme: Scheme, group: str | None) -> None:
    known = ", ".join(scheme.group_codes)
    if scheme.groups and group is None:
        raise UsageError([Problem("na.group_required", params={"known": known})])
    if group is not None and scheme.group(group) is None:
        raise UsageError([Problem("usage.unknown_group", params={"group": group, "known": known or "(không có)"})])


@dataclass
class _Scorer:
    scheme: Scheme
    answers: dict[str, Answer]
    group: str | None
    best: BestValues | None
    appraised: Mapping[str, Decimal] = field(default_factory=dict)
    issues: list[Problem] = field(default_factory=list)
    nodes: dict[str, NodeScore] = field(default_factory=dict)
    dirty: set[str] | None = None  # when set, only these nodes are scored; ``nodes`` already holds the rest

    def score_tree(self) -> dict[str, NodeScore]:
        for top in self.scheme.indicators:
            self._node(top, applicable=True, inherited_na=False)
        return {code: self.nodes[code] for code in self.scheme.tree.order}

    def report_unknown_codes(self) -> None:
        for code in self.answers:
            if code not in self.scheme.tree.by_code:
                self._issue("answer.unknown_code", code, "warning", code=code)

    def _issue(self, message: str, where: str, severity: Severity = "error", **params: object) -> None:
        self.issues.append(Problem(message, where, dict(params), severity))

    def _node(self, node: Indicator, applicable: bool, inherited_na: bool) -> NodeScore:
        if self.dirty is not None and node.code not in self.dirty:
            return self.nodes[node.code]
        applicable = applicable and (node.applies_to is None or self.group in node.applies_to)
        answer = self.answers.get(node.code)
        if not applicable and answer is not None and (answer.na or not answer.is_blank):
            self._issue("answer.not_applicable", node.code, "warning", group=self.group)
        if node.is_leaf:
            if not applicable or inherited_na:
                return self._keep(NodeScore(node.code, ZERO, node.max, ZERO, na=True))
            return self._keep(self._appraise(self.leaf(node, answer or Answer())))
        na_here = inherited_na or (applicable and self._parent_marked_na(node, answer))
        children = [self._node(child, applicable, na_here) for child in node.children]
        return self._keep(
            NodeScore(
                node.code,
                points=sum((c.points for c in children), ZERO),
                max=node.max,
                applicable_max=sum((c.applicable_max for c in children), ZERO),
                na=all(c.na for c in children),
                pending=any(c.pending for c in children),
            )
        )

    def _appraise(self, score: NodeScore) -> NodeScore:
        """The council's points replace the self-assessed ones (except where not applicable)."""
        if score.code not in self.appraised or score.na:
            return score
        points = round_half_up(self.appraised[score.code], self.scheme.leaf_decimals)
        return NodeScore(score.code, points, score.max, score.max, reading=score.reading)

    def _keep(self, score: NodeScore) -> NodeScore:
        self.nodes[score.code] = score
        return score

    def _parent_marked_na(self, node: Indicator, answer: Answer | None) -> bool:
        if answer is None:
            return False
        if answer.na and node.na:
            return True
        self._issue("answer.na_not_allowed" if answer.na else "answer.on_parent", node.code,
                    "error" if answer.na else "warning", code=node.code)
        return False

    def leaf(self, node: Indicator, answer: Answer) -> NodeScore:
        rule = node.scoring_rule
        if answer.na:
            if node.na:
                if not answer.is_blank:
                    self._issue("answer.na_with_value", node.code)
                return NodeScore(node.code, ZERO, node.max, ZERO, na=True)
            self._issue("answer.na_not_allowed", node.code)
            if answer.is_blank:
                return _nothing(node)
        if answer.is_blank:
            if node.max > 0:
                # a warning everywhere: the unit earns 0 and its file is still accepted
                self._issue("answer.missing", node.code, "warning", expected=rule.expected(node.max))
            return _nothing(node)
        try:
            reading: Any = rule.read(answer.value, node.max)
        except InvalidAnswer as exc:
            self._issue(exc.code, node.code, **exc.params)
            return _nothing(node)
        for code, params in rule.doubts(reading):
            self._issue(code, node.code, "warning", **params)
        earned = rule.points(reading, node.max, None if self.best is None else self.best.get(node.code))
        if earned is None:
            self._issue("ratio.zero_denominator_na", node.code, "warning")
            return NodeScore(node.code, ZERO, node.max, ZERO, na=True, reading=reading)
        if earned == PENDING:
            self._issue("relative.pending", node.code, "warning")
            return NodeScore(node.code, ZERO, node.max, node.max, pending=True, reading=reading)
        assert isinstance(earned, Decimal)
        points = round_half_up(earned, self.scheme.leaf_decimals)
        if node.evidence and points > 0 and not answer.evidence:
            self._issue("evidence.missing", node.code, "warning", points=vn(points), evidence=node.evidence)
        return NodeScore(node.code, points, node.max, node.max, reading=reading)


def _nothing(node: Indicator) -> NodeScore:
    """An applicable leaf that earns nothing (blank, or not a valid answer)."""
    return NodeScore(node.code, ZERO, node.max, node.max)


def _summarise(
    scheme: Scheme, nodes: dict[str, NodeScore], issues: list[Problem], group: str | None, unit: str | None
) -> UnitResult:
    tops = {"base": ZERO, "bonus": ZERO, "penalty": ZERO}
    applicable_max = ZERO
    for top in scheme.indicators:
        tops[top.effect] += nodes[top.code].points
        if top.effect == "base":
            applicable_max += nodes[top.code].applicable_max
    total = max(ZERO, tops["base"] + tops["bonus"] - tops["penalty"])
    if not scheme.allow_above_max:
        total = min(total, applicable_max)
    aggregates = _aggregates(scheme, nodes)
    result = _result(scheme, total, applicable_max, aggregates)
    return UnitResult(
        scheme_id=scheme.id,
        unit=unit,
        group=group,
        nodes=nodes,
        base_total=tops["base"],
        bonus=tops["bonus"],
        penalty=tops["penalty"],
        total=total,
        max=scheme.total_max,
        applicable_max=applicable_max,
        result=result,
        grade=None if result is None else scheme.grade(result),
        aggregates={code: value for code, (value, _) in aggregates.items()},
        issues=tuple(issues),
        provisional=any(n.pending for n in nodes.values()),
    )


def _aggregates(
    scheme: Scheme, nodes: dict[str, NodeScore]
) -> dict[str, tuple[AggregateScore, Decimal | None]]:
    """Each aggregate's score, with its unrounded value (which the weighted result uses)."""
    found: dict[str, tuple[AggregateScore, Decimal | None]] = {}
    for aggregate in scheme.aggregates:
        points = sum((nodes[c].points for c in aggregate.of), ZERO)
        applicable_max = sum((nodes[c].applicable_max for c in aggregate.of), ZERO)
        exact = divide(points, applicable_max) if applicable_max > 0 else None
        value = None if exact is None else round_half_up(exact, scheme.aggregate_decimals)
        found[aggregate.code] = (AggregateScore(aggregate.code, points, applicable_max, value), exact)
    return found


def _result(
    scheme: Scheme,
    total: Decimal,
    applicable_max: Decimal,
    aggregates: dict[str, tuple[AggregateScore, Decimal | None]],
) -> Decimal | None:
    if scheme.result != "weighted":
        return result_of(scheme, total, applicable_max)
    weighted = [(a.weight, aggregates[a.code][1]) for a in scheme.aggregates if a.weight is not None]
    present = [(w, v) for w, v in weighted if v is not None]
    weight = sum((w for w, _ in present), ZERO)
    if weight == 0:
        return None
    return round_half_up(divide(sum((w * v for w, v in present), ZERO), weight), scheme.decimals)


def result_of(scheme: Scheme, total: Decimal, applicable_max: Decimal) -> Decimal | None:
    """The rounded result of a total under a ``points``, ``percent`` or ``index`` scheme.

    Args:
        scheme: the scheme (its ``result`` must not be ``weighted``).
        total: the unit's total points.
        applicable_max: the max after not-applicable indicators are taken out.

    Returns:
        The result rounded half-up to the scheme's decimals; ``None`` when nothing applies.

    Raises:
        UsageError: for a ``weighted`` scheme, whose result needs the aggregates.
    """
    if scheme.result == "weighted":
        raise UsageError([Problem("usage.weighted_result", params={"scheme": scheme.id})])
    if applicable_max <= 0:
        return None
    if scheme.result == "points":
        exact = total if applicable_max == scheme.total_max else divide(total * scheme.total_max, applicable_max)
    elif scheme.result == "percent":
        exact = divide(100 * total, applicable_max)
    else:
        exact = divide(total, applicable_max)
    return round_half_up(exact, scheme.decimals)
