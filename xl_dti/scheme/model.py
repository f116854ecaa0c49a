"""The scheme as one typed tree: the pydantic models are the specification of the YAML language."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from xl_dti.decimals import ZERO, plain
from xl_dti.scheme.rules import RULE_KEYS, PointsRule, Rule

ResultMode = Literal["points", "percent", "index", "weighted"]
Level = Literal["bo", "tinh", "so", "huyen", "xa"]
NodeKind = Literal["group", "main", "sub", "criterion"]
Effect = Literal["base", "bonus", "penalty"]

NOISE_DECIMALS = 9
"""Leaf points are kept to 9 decimals when a scheme does not ask for rounding: a double carries 15–17
significant digits, so points up to 999,999 keep their 9 decimals exactly, and no published figure
(2 decimals of points, 4 of an index) can move."""

_CHILD_KIND: dict[str, NodeKind] = {"group": "main", "main": "sub", "sub": "criterion", "criterion": "criterion"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True)


class Indicator(_Model):
    """A node of the indicator tree: a group, main index, sub-index or criterion.

    A leaf carries a ``rule`` (``points`` unless said otherwise) whose parameters sit beside
    it in the YAML; a parent's points are the sum of its children's.
    """

    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    max: Decimal = Field(ge=0)
    kind: NodeKind | None = None
    description: str | None = None
    evidence: str | None = None
    source: str | None = None
    verifier: str | None = None
    na: bool = False
    applies_to: list[str] | None = None
    effect: Effect = "base"
    rule: Rule | None = None
    children: list[Indicator] = Field(default_factory=list)

    _line: int = PrivateAttr(default=0)
    _path: tuple[str | int, ...] = PrivateAttr(default=())

    @model_validator(mode="before")
    @classmethod
    def _gather_rule(cls, data: Any) -> Any:
        """Fold the flat rule keys (``rule: ratio``, ``numerator: …``) into one rule object."""
        if not isinstance(data, dict):
            return data
        rule_keys = {k: data[k] for k in data if k in RULE_KEYS}
        if not rule_keys or isinstance(data.get("rule"), dict | BaseModel):
            return data
        rest = {k: v for k, v in data.items() if k not in RULE_KEYS}
        rule_keys.setdefault("rule", "points")
        return {**rest, "rule": rule_keys}

    @property
    def line(self) -> int:
        """The 1-based line of this indicator in its YAML file (0 when built in Python)."""
        return self._line

    @property
    def path(self) -> tuple[str | int, ...]:
        """Where this indicator sits in the YAML document, e.g. ``('indicators', 2, 'children', 0)``."""
        return self._path

    @property
    def is_leaf(self) -> bool:
        """A leaf is scored by its rule; a parent by its children."""
        return not self.children

    @property
    def scoring_rule(self) -> Rule:
        """The rule that scores this leaf (``points`` when none is written)."""
        return self.rule if self.rule is not None else _POINTS

    def walk(self) -> Iterator[Indicator]:
        """This node and every node below it, in tree (document) order."""
        yield self
        for child in self.children:
            yield from child.walk()


_POINTS = PointsRule()  # the rule of a leaf that names none (rules are frozen: one serves every leaf)


class Grade(_Model):
    """A grade band: results from ``min`` up to the band above get ``label``; the last band has no min."""

    label: str = Field(min_length=1)
    min: Decimal | None = None


class Group(_Model):
    """A group of units ranked together (departments, districts…); ``ranked: false`` grades without ranking."""

    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    ranked: bool = True


class Aggregate(_Model):
    """A named view over indicators (a pillar): value = Σ points / Σ applicable max of its members."""

    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    of: list[str] = Field(min_length=1)
    weight: Decimal | None = Field(default=None, ge=0, le=1)


@dataclass(frozen=True)
class TreeIndex:
    """Look-ups over the indicator tree, computed once per scheme."""

    by_code: dict[str, Indicator]
    parent: dict[str, str | None]
    kind: dict[str, NodeKind]
    effect: dict[str, Effect]
    order: tuple[str, ...]

    def main_indices(self) -> list[Indicator]:
        """The main indices (chỉ số chính), in document order."""
        return [self.by_code[c] for c in self.order if self.kind[c] == "main" and self.effect[c] == "base"]

    @cached_property
    def main_index_codes(self) -> tuple[str, ...]:
        """The main indices' codes, in document order."""
        return tuple(n.code for n in self.main_indices())

    def ancestors(self, code: str) -> list[str]:
        """The codes above ``code``, nearest first."""
        found = []
        up = self.parent.get(code)
        while up is not None:
            found.append(up)
            up = self.parent.get(up)
        return found

    @cached_property
    def position(self) -> dict[str, int]:
        """Code → its place in document order."""
        return {code: i for i, code in enumerate(self.order)}


class Scheme(_Model):
    """A whole scheme (bộ chỉ số): identity, result rule, grade bands, unit groups, indicators, aggregates."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=1)
    issuer: str = Field(min_length=1)
    decision: str = Field(min_length=1)
    level: Level
    year: int = Field(ge=2000, le=2100)
    version: str = "1"
    illustrative: bool = False
    source: str | None = None
    max: Decimal | None = Field(default=None, gt=0)
    result: ResultMode = "points"
    decimals: int = Field(default=2, ge=0, le=6)
    points_decimals: int | None = Field(default=None, ge=0, le=6)
    aggregate_decimals: int = Field(default=4, ge=0, le=8)
    allow_above_max: bool = False
    grades: list[Grade] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)
    indicators: list[Indicator] = Field(min_length=1)
    aggregates: list[Aggregate] = Field(default_factory=list)

    _file: str = PrivateAttr(default="")
    _fingerprint: str | None = PrivateAttr(default=None)

    @property
    def file(self) -> str:
        """The file the scheme was read from ('' when built in Python)."""
        return self._file

    @cached_property
    def tree(self) -> TreeIndex:
        """Look-ups over the indicator tree (by code, parent, kind, effect, order)."""
        by_code: dict[str, Indicator] = {}
        parent: dict[str, str | None] = {}
        kind: dict[str, NodeKind] = {}
        effect: dict[str, Effect] = {}

        def visit(node: Indicator, up: Indicator | None, inherited: NodeKind, up_effect: Effect) -> None:
            by_code.setdefault(node.code, node)
            parent.setdefault(node.code, up.code if up else None)
            node_kind = node.kind or inherited
            kind.setdefault(node.code, node_kind)
            node_effect = node.effect if node.effect != "base" else up_effect
            effect.setdefault(node.code, node_effect)
            for child in node.children:
                visit(child, node, _CHILD_KIND[node_kind], node_effect)

        for top in self.indicators:
            visit(top, None, "main", "base")
        order = tuple(n.code for top in self.indicators for n in top.walk())
        return TreeIndex(by_code, parent, kind, effect, order)

    @property
    def leaf_decimals(self) -> int:
        """Decimals each leaf's points are rounded to: the scheme's ``points_decimals`` when it asks for
        rounding, else ``NOISE_DECIMALS``, which only removes a spreadsheet's binary noise (the engine
        and the workbook's formulas round alike, far below any published digit)."""
        return NOISE_DECIMALS if self.points_decimals is None else self.points_decimals

    @property
    def total_max(self) -> Decimal:
        """The scheme's max: the sum of its top-level base indicators."""
        return sum((n.max for n in self.indicators if n.effect == "base"), ZERO)

    @property
    def group_codes(self) -> list[str]:
        """The unit group codes, in the order written."""
        return [g.code for g in self.groups]

    def group(self, code: str) -> Group | None:
        """The unit group with this code, if any."""
        return next((g for g in self.groups if g.code == code), None)

    def grade(self, value: Decimal) -> str | None:
        """The grade label for an already-rounded result; ``None`` when the scheme has no bands."""
        for band in self.grades:
            if band.min is None or value >= band.min:
                return band.label
        return None

    def fingerprint(self) -> str:
        """SHA-256 of the canonical scheme (what it scores, not how the file was laid out); worked out
        once, as the ``tree`` is (a scheme is not changed once loaded)."""
        if self._fingerprint is None:
            canonical = json.dumps(_canonical(self.model_dump()), sort_keys=True, ensure_ascii=False)
            self._fingerprint = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        return self._fingerprint


def _canonical(value: Any) -> Any:
    """Plain data in which equal numbers look the same (80, 80.0 and 80.00 are all "80")."""
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value
