"""What changed between two versions of a scheme: indicators added, removed, renamed, recoded, moved,
with another max or rule; aggregates; and the scheme's own settings. Pure: no I/O, no printing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

from xl_dti.decimals import plain
from xl_dti.scheme.model import Aggregate, Indicator, Scheme
from xl_dti.versions.matching import Match, Named, match_items, words

Status = Literal["added", "removed", "changed", "same"]
Change = Literal["renamed", "recoded", "moved", "max", "rule", "members", "weight"]
"""renamed: another name; recoded: another code; moved: under another parent; max, rule: another
max or scoring rule (indicators); members, weight: another member list or weight (aggregates)."""


@dataclass(frozen=True)
class ItemChange:
    """One indicator or aggregate across the two versions (``old`` or ``new`` is ``None`` when added or removed)."""

    status: Status
    old: Indicator | Aggregate | None
    new: Indicator | Aggregate | None
    changes: tuple[Change, ...] = ()
    match: Match | None = None


@dataclass(frozen=True)
class FieldChange:
    """A scheme setting (title, year, max, grade bands…) with its old and new value as text."""

    key: str
    old: str
    new: str


@dataclass(frozen=True)
class SchemeDiff:
    """Everything that differs between an old and a new scheme."""

    old: Scheme
    new: Scheme
    fields: tuple[FieldChange, ...]
    indicators: tuple[ItemChange, ...]
    aggregates: tuple[ItemChange, ...]

    def counts(self) -> Counter[str]:
        """How many indicators are added, removed, changed and the same, and how many have each change."""
        counted: Counter[str] = Counter(item.status for item in self.indicators)
        counted.update(change for item in self.indicators for change in item.changes)
        return counted


def diff_schemes(old: Scheme, new: Scheme) -> SchemeDiff:
    """Compare two versions of a scheme.

    Indicators are matched by code first, then by name similarity (``match_items``), so an
    indicator that only got another code, or moved under another parent, is found as itself.

    Args:
        old: the earlier scheme.
        new: the later scheme.

    Returns:
        The differences: settings, then each indicator (in the new document order, the removed
        ones after them in the old order), then each aggregate.
    """
    pairs = match_items(_named(old), _named(new))
    indicators = _indicator_changes(old, new, pairs)
    aggregates = _aggregate_changes(old, new, {m.old: m.new for m in pairs})
    return SchemeDiff(old, new, tuple(_field_changes(old, new)), indicators, aggregates)


def _named(scheme: Scheme) -> list[Named]:
    return [Named(code, scheme.tree.by_code[code].name) for code in scheme.tree.order]


def _indicator_changes(old: Scheme, new: Scheme, pairs: list[Match]) -> tuple[ItemChange, ...]:
    by_new = {m.new: m for m in pairs}
    to_new = {m.old: m.new for m in pairs}
    found: list[ItemChange] = []
    for code in new.tree.order:
        node = new.tree.by_code[code]
        match = by_new.get(code)
        if match is None:
            found.append(ItemChange("added", None, node))
            continue
        before = old.tree.by_code[match.old]
        changes = _node_changes(old, new, before, node, to_new)
        found.append(ItemChange("changed" if changes else "same", before, node, changes, match))
    matched_old = set(to_new)
    found += [ItemChange("removed", old.tree.by_code[c], None) for c in old.tree.order if c not in matched_old]
    return tuple(found)


def _node_changes(old: Scheme, new: Scheme, before: Indicator, after: Indicator,
                  to_new: dict[str, str]) -> tuple[Change, ...]:
    changes: list[Change] = []
    if words(before.name) != words(after.name):
        changes.append("renamed")
    if before.code != after.code:
        changes.append("recoded")
    old_parent, new_parent = old.tree.parent[before.code], new.tree.parent[after.code]
    if old_parent is None:
        moved = new_parent is not None
    else:
        moved = old_parent not in to_new or to_new[old_parent] != new_parent  # a removed parent moves its children
    if moved:
        changes.append("moved")
    if before.max != after.max:
        changes.append("max")
    if _rule_of(before) != _rule_of(after):
        changes.append("rule")
    return tuple(changes)


def _rule_of(node: Indicator) -> dict[str, Any] | None:
    """What scores the node: its rule and parameters (``None`` for a parent, scored by its children)."""
    return None if node.children else node.scoring_rule.model_dump()


def _aggregate_changes(old: Scheme, new: Scheme, to_new: dict[str, str]) -> tuple[ItemChange, ...]:
    pairs = match_items([Named(a.code, a.name) for a in old.aggregates],
                        [Named(a.code, a.name) for a in new.aggregates])
    by_new = {m.new: m for m in pairs}
    old_by_code = {a.code: a for a in old.aggregates}
    found: list[ItemChange] = []
    for aggregate in new.aggregates:
        match = by_new.get(aggregate.code)
        if match is None:
            found.append(ItemChange("added", None, aggregate))
            continue
        before = old_by_code[match.old]
        changes: list[Change] = []
        if words(before.name) != words(aggregate.name):
            changes.append("renamed")
        if before.code != aggregate.code:
            changes.append("recoded")
        if {to_new.get(c) for c in before.of} != set(aggregate.of):  # a removed member (None) is a change
            changes.append("members")
        if before.weight != aggregate.weight:
            changes.append("weight")
        found.append(ItemChange("changed" if changes else "same", before, aggregate, tuple(changes), match))
    matched = {m.old for m in pairs}
    found += [ItemChange("removed", a, None) for a in old.aggregates if a.code not in matched]
    return tuple(found)


def _field_changes(old: Scheme, new: Scheme) -> list[FieldChange]:
    shown = [(key, _settings(old)[key], _settings(new)[key]) for key in _settings(old)]
    return [FieldChange(key, before, after) for key, before, after in shown if before != after]


def _settings(scheme: Scheme) -> dict[str, str]:
    """The scheme-level settings a reader compares, as text."""
    bands = " · ".join(g.label + (f" ≥{plain(g.min)}" if g.min is not None else "") for g in scheme.grades)
    return {
        "id": scheme.id,
        "title": scheme.title,
        "decision": scheme.decision,
        "year": str(scheme.year),
        "version": scheme.version,
        "level": scheme.level,
        "max": plain(scheme.total_max),
        "result": scheme.result,
        "decimals": str(scheme.decimals),
        "grades": bands or "—",
        "groups": ", ".join(scheme.group_codes) or "—",
    }
