"""Hypothesis strategies: random valid schemes (as plain data) and random answers for them.

The schemes reach every edge the engine and the workbook treat apart: unit groups (one of them
not ranked) and ``applies_to``, bonus and penalty indicators, ``relative`` leaves, the four result
modes including ``weighted`` with its aggregates, N/A allowed on parents as well as leaves; the
answers mark parents N/A too. ``tests/test_strategies.py`` proves each edge is reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from xl_dti.scheme import Scheme, scheme_from_data
from xl_dti.scheme.model import Indicator

RULE_KINDS = ("points", "yes_no", "choice", "parts", "ratio", "steps", "count", "relative")
MODES = ("points", "percent", "index", "weighted")
GROUPS = ("so", "huyen", "nganh-doc")
HEADER: dict[str, Any] = {
    "id": "random-scheme",
    "title": "Bộ chỉ số ngẫu nhiên",
    "issuer": "UBND tỉnh Thử",
    "decision": "Quyết định số 1/QĐ-UBND",
    "level": "so",
    "year": 2024,
}

maxes = st.integers(min_value=1, max_value=40)


@st.composite
def rules(draw: st.DrawFn, max_points: int) -> dict[str, Any]:
    """The rule keys of one leaf of ``max_points``."""
    kind = draw(st.sampled_from(RULE_KINDS))
    if kind == "points":
        return {"rule": "points", **draw(st.sampled_from([{}, {"step": Decimal("0.5")}, {"step": 1}]))}
    if kind == "yes_no":
        return {"rule": "yes_no", **draw(st.sampled_from([{}, {"yes_points": max_points}]))}
    if kind in ("choice", "parts"):
        count = draw(st.integers(min_value=1, max_value=4))
        entries = [
            {"label": f"Mức {i + 1}", **draw(st.sampled_from([
                {"points": draw(st.integers(min_value=0, max_value=max_points))},
                {"fraction": draw(st.sampled_from([Decimal("0.25"), Decimal("0.5"), Decimal(1), Decimal(0)]))},
            ]))}
            for i in range(count)
        ]
        return {"rule": kind, ("options" if kind == "choice" else "parts"): entries}
    if kind == "ratio":
        return {
            "rule": "ratio",
            "numerator": "Số đạt",
            "denominator": "Tổng số",
            "target": draw(st.sampled_from([Decimal(1), Decimal("0.8"), Decimal("0.5")])),
            "zero_denominator": draw(st.sampled_from(["na", "zero", "full"])),
        }
    if kind == "steps":
        mins = sorted(draw(st.sets(st.integers(min_value=1, max_value=10), min_size=1, max_size=4)))
        points = sorted(draw(st.lists(st.integers(0, max_points), min_size=len(mins), max_size=len(mins))))
        return {"rule": "steps", "input": "Số lần", "unit": "lần",
                "steps": [{"min": m, "points": p} for m, p in zip(mins, points, strict=True)]}
    if kind == "relative":
        return {"rule": "relative", "input": "Số hồ sơ trực tuyến"}
    return {"rule": "count", "input": "Số ứng dụng", "each": draw(st.sampled_from([1, 2, Decimal("0.5")]))}


@st.composite
def nodes(draw: st.DrawFn, code: str, depth: int, groups: tuple[str, ...] = ()) -> dict[str, Any]:
    """One indicator (and its subtree) with a consistent max; with ``groups``, maybe only for some."""
    na = draw(st.booleans())
    applies: dict[str, Any] = {}
    if groups and draw(st.integers(0, 3)) == 0:
        applies = {"applies_to": sorted(draw(st.sets(st.sampled_from(groups), min_size=1, max_size=len(groups))))}
    if depth > 0 and draw(st.booleans()):
        count = draw(st.integers(min_value=1, max_value=3))
        children = [draw(nodes(f"{code}.{i + 1}", depth - 1, groups)) for i in range(count)]
        total = sum(Decimal(c["max"]) for c in children)
        return {"code": code, "name": f"Chỉ số {code}", "max": total, "na": na, **applies, "children": children}
    max_points = draw(maxes)
    leaf = {"code": code, "name": f"Chỉ số {code}", "max": max_points, "na": na, **applies, **draw(rules(max_points))}
    if draw(st.booleans()):
        leaf["evidence"] = "Văn bản chứng minh"
    return leaf


WEIGHTS = ([Decimal(1)], [Decimal("0.5"), Decimal("0.5")], [Decimal("0.4"), Decimal("0.3"), Decimal("0.3")])


@st.composite
def schemes(draw: st.DrawFn, modes: tuple[str, ...] = MODES, *, groups: bool = True) -> Scheme:
    """A random valid scheme with 1–4 main indices, up to three levels deep.

    Maybe with unit groups (``applies_to`` on some indicators), a bonus and a penalty indicator,
    aggregates (weighted ones when the result is ``weighted``) and grade bands.
    """
    group_codes = GROUPS[:draw(st.integers(1, 3))] if groups and draw(st.booleans()) else ()
    count = draw(st.integers(min_value=1, max_value=4))
    indicators = [draw(nodes(str(i + 1), 2, group_codes)) for i in range(count)]
    mode = draw(st.sampled_from(modes))
    data: dict[str, Any] = {**HEADER, "result": mode, "decimals": draw(st.integers(0, 4)), "indicators": indicators}
    if group_codes:
        data["groups"] = [{"code": g, "name": f"Khối {g}", **({"ranked": False} if g == "nganh-doc" else {})}
                          for g in group_codes]
    if draw(st.booleans()):
        indicators.append({"code": "T", "name": "Điểm thưởng", "max": draw(maxes), "effect": "bonus",
                           **draw(st.sampled_from([{}, {"rule": "count", "input": "Số giải thưởng", "each": 5}]))})
    if draw(st.booleans()):
        indicators.append({"code": "P", "name": "Điểm trừ", "max": draw(maxes), "effect": "penalty",
                           **draw(st.sampled_from([{}, {"rule": "count", "input": "Số sự cố", "each": 5}]))})
    if draw(st.booleans()):  # a scheme that asks for rounded leaf points; otherwise they are kept exact
        data["points_decimals"] = draw(st.integers(0, 3))
    base = [n for n in indicators if n.get("effect", "base") == "base"]
    total = sum(Decimal(n["max"]) for n in base)
    top = {"points": total, "percent": Decimal(100), "index": Decimal(1), "weighted": Decimal(1)}[mode]
    if draw(st.booleans()):
        data["grades"] = [
            {"label": "Tốt", "min": top * Decimal("0.8")},
            {"label": "Khá", "min": top * Decimal("0.5")},
            {"label": "Yếu"},
        ]
    if mode == "weighted":
        weights = draw(st.sampled_from([w for w in WEIGHTS if len(w) <= len(base)]))
        data["aggregates"] = [{"code": f"AG{i + 1}", "name": f"Trụ cột {i + 1}", "weight": weight,
                               "of": [base[i]["code"], *([base[-1]["code"]] if i != len(base) - 1 else [])]}
                              for i, weight in enumerate(weights)]
    elif draw(st.booleans()):
        data["aggregates"] = [{"code": "AG", "name": "Trụ cột", "of": [n["code"] for n in base[:2]]}]
    return scheme_from_data(data)


def leaves(scheme: Scheme) -> list[Indicator]:
    """The scheme's leaf indicators in document order."""
    return [n for n in scheme.tree.by_code.values() if n.is_leaf]


@st.composite
def answer_for(draw: st.DrawFn, node: Indicator, allow_na: bool = True) -> Any:
    """A valid answer for one leaf (possibly N/A when the leaf allows it)."""
    if allow_na and node.na and draw(st.integers(0, 4)) == 0:
        return "N/A"
    rule = node.scoring_rule
    max_points = node.max
    if rule.rule == "points":
        step = rule.step or Decimal("0.01")  # type: ignore[union-attr]
        units = int(max_points / step)
        return draw(st.integers(0, units)) * step
    if rule.rule == "yes_no":
        return draw(st.sampled_from(["Có", "Không"]))
    if rule.rule == "choice":
        return draw(st.sampled_from([o.label for o in rule.options]))  # type: ignore[union-attr]
    if rule.rule == "parts":
        labels = [p.label for p in rule.parts]  # type: ignore[union-attr]
        return sorted(draw(st.sets(st.sampled_from(labels))))
    if rule.rule == "ratio":
        denominator = draw(st.integers(0, 50))
        return [draw(st.integers(0, max(denominator, 1) * 2)), denominator]
    return draw(st.integers(0, 12))


@st.composite
def answers(draw: st.DrawFn, scheme: Scheme, allow_na: bool = True) -> dict[str, Any]:
    """A complete set of valid answers for a scheme; some parents that allow it are marked N/A."""
    found = {node.code: draw(answer_for(node, allow_na)) for node in leaves(scheme)}
    for node in scheme.tree.by_code.values():
        if allow_na and node.na and not node.is_leaf and draw(st.integers(0, 5)) == 0:
            found[node.code] = "N/A"
    return found


@dataclass(frozen=True)
class Evaluation:
    """One unit's evaluation: a scheme, the unit's group and its answers."""

    scheme: Scheme
    group: str | None
    answers: dict[str, Any]


@st.composite
def evaluations(draw: st.DrawFn, modes: tuple[str, ...] = MODES) -> Evaluation:
    """A random scheme, a group of it (``None`` when it has none) and answers for a unit of that group."""
    scheme = draw(schemes(modes))
    group = draw(st.sampled_from(scheme.group_codes)) if scheme.groups else None
    return Evaluation(scheme, group, draw(answers(scheme)))
