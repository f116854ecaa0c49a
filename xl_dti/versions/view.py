"""How a scheme diff looks in a terminal (rich renderables; no printing here)."""

from __future__ import annotations

from rich.console import Group as Stack
from rich.table import Table
from rich.text import Text

from xl_dti.decimals import plain
from xl_dti.scheme.model import Aggregate, Indicator
from xl_dti.versions.diff import ItemChange, SchemeDiff

_STYLE = {"added": "green", "removed": "red", "changed": "yellow"}


def diff_view(diff: SchemeDiff) -> Stack:
    """The settings that changed, one row per changed indicator and aggregate, and a summary line."""
    parts: list[Table | Text] = []
    if diff.fields:
        settings = Table(title="Settings / Thông tin chung", title_justify="left")
        for column in ("setting", diff.old.id, diff.new.id):
            settings.add_column(Text(column), overflow="fold")
        for field in diff.fields:
            settings.add_row(Text(field.key), Text(field.old), Text(field.new))
        parts.append(settings)
    parts.append(_items_table("Indicators / Chỉ số", diff.indicators))
    if any(item.status != "same" for item in diff.aggregates):
        parts.append(_items_table("Aggregates / Trụ cột", diff.aggregates))
    parts.append(summary_line(diff))
    return Stack(*parts)


def summary_line(diff: SchemeDiff) -> Text:
    """``24 → 30 indicators: 20 same, 3 changed, 7 added, 1 removed (2 renamed, 1 moved…)``."""
    counts = diff.counts()
    statuses = ", ".join(f"{counts[s]} {s}" for s in ("same", "changed", "added", "removed"))
    changes = ", ".join(f"{counts[c]} {c}" for c in ("renamed", "recoded", "moved", "max", "rule") if counts[c])
    text = f"{len(diff.old.tree.order)} → {len(diff.new.tree.order)} indicators: {statuses}"
    return Text(text + (f" ({changes})" if changes else "") + ".")


def _items_table(title: str, items: tuple[ItemChange, ...]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("old", no_wrap=True)
    table.add_column("new", no_wrap=True)
    table.add_column("change")
    table.add_column("what", overflow="fold")
    for item in items:
        if item.status == "same":
            continue
        label = item.status if item.status != "changed" else ", ".join(item.changes)
        table.add_row(Text(item.old.code if item.old else "—"), Text(item.new.code if item.new else "—"),
                      Text(label, style=_STYLE[item.status]), Text(_details(item)))
    return table


def _details(item: ItemChange) -> str:
    """The old and new values behind each change, in one readable line."""
    if item.old is None or item.new is None:
        shown = item.new or item.old
        assert shown is not None
        return f"{shown.name} ({_size(shown)})"
    old, new = item.old, item.new
    parts = [new.name]
    if "renamed" in item.changes:
        parts = [f"{old.name} → {new.name}"]
    if item.match is not None and item.match.by == "name":
        parts.append(f"matched by name, {item.match.similarity:.0%}")
    if isinstance(old, Indicator) and isinstance(new, Indicator):
        if "max" in item.changes:
            parts.append(f"max {plain(old.max)} → {plain(new.max)}")
        if "rule" in item.changes:
            parts.append(_rule_change(old, new))
    if isinstance(old, Aggregate) and isinstance(new, Aggregate):
        if "members" in item.changes:
            parts.append(f"of {', '.join(old.of)} → {', '.join(new.of)}")
        if "weight" in item.changes:
            parts.append(f"weight {_weight(old)} → {_weight(new)}")
    return "; ".join(parts)


def _size(item: Indicator | Aggregate) -> str:
    return f"max {plain(item.max)}" if isinstance(item, Indicator) else f"of {', '.join(item.of)}"


def _rule_change(old: Indicator, new: Indicator) -> str:
    before, after = _rule_name(old), _rule_name(new)
    return f"rule {before}: other parameters" if before == after else f"rule {before} → {after}"


def _rule_name(node: Indicator) -> str:
    return "children" if node.children else node.scoring_rule.rule


def _weight(aggregate: Aggregate) -> str:
    return "—" if aggregate.weight is None else plain(aggregate.weight)
