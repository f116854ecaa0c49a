"""Plausible answers of a unit for the demo: drawn from a seeded generator, strong or weak."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from xl_dti.scheme.model import Indicator, Scheme

EVIDENCE = ("Kế hoạch số {n}/KH-UBND ngày 15/02/{y}", "Báo cáo số {n}/BC-VP ngày 05/12/{y}",
            "Quyết định số {n}/QĐ-UBND ngày 10/01/{y}", "Thông báo kết luận số {n}/TB-VP ngày 20/6/{y}")


def unit_answers(scheme: Scheme, rng: random.Random, strength: float, year: int = 2022) -> dict[str, Any]:
    """An answer (with evidence) for every scored leaf; ``strength`` 0..1 tilts towards full marks."""
    answers: dict[str, Any] = {}
    for node in scheme.tree.by_code.values():
        if not node.is_leaf or node.max == 0:
            continue
        value = _value(node, rng, strength)
        evidence = rng.choice(EVIDENCE).format(n=rng.randint(2, 250), y=year)
        answers[node.code] = {**value, "evidence": evidence}
    return answers


def _good(rng: random.Random, strength: float) -> bool:
    return rng.random() < strength


def _value(node: Indicator, rng: random.Random, strength: float) -> dict[str, Any]:
    rule = node.scoring_rule
    if rule.rule == "points":
        step = rule.step or Decimal("0.5")
        top = int(node.max / step)
        return {"value": step * (top if _good(rng, strength) else rng.randint(0, top))}
    if rule.rule == "yes_no":
        return {"value": "Có" if _good(rng, strength) else "Không"}
    if rule.rule == "choice":
        best = max(rule.options, key=lambda o: o.value(node.max))
        return {"value": best.label if _good(rng, strength) else rng.choice(rule.options).label}
    if rule.rule == "parts":
        return {"parts": [p.label for p in rule.parts if _good(rng, strength)]}
    if rule.rule == "ratio":
        denominator = rng.randint(5, 60)
        achieved = denominator if _good(rng, strength) else rng.randint(0, denominator)
        return {"numerator": achieved, "denominator": denominator}
    if rule.rule == "steps":
        highest = max(s.min for s in rule.steps)
        return {"value": highest if _good(rng, strength) else Decimal(rng.randint(0, int(highest)))}
    return {"value": rng.randint(0, 12) + (8 if _good(rng, strength) else 0)}
