"""Write a draft crosswalk between two schemes, for people to check and edit (YAML with comments)."""

from __future__ import annotations

import json

from xl_dti.scheme.model import Scheme
from xl_dti.versions.matching import Match, Named, match_items

NOTES = "Bản nháp do xl-dti tạo (khớp theo mã, rồi theo tên); cần rà soát từng dòng trước khi dùng."


def draft_crosswalk(old: Scheme, new: Scheme) -> str:
    """A crosswalk draft: each old main index and aggregate mapped to its match in the new scheme, or null.

    Main indices are matched with main indices and aggregates with aggregates (by code, then by
    name; see ``match_items``); a comment on each line says how, so a person can check it.

    Args:
        old: the earlier scheme.
        new: the later scheme.

    Returns:
        YAML text that ``load_crosswalk`` reads.
    """
    old_main = [Named(n.code, n.name) for n in old.tree.main_indices()]
    new_main = [Named(n.code, n.name) for n in new.tree.main_indices()]
    old_agg = [Named(a.code, a.name) for a in old.aggregates]
    new_agg = [Named(a.code, a.name) for a in new.aggregates]
    lines = [
        f"# Crosswalk {old.id} → {new.id}: which main index or aggregate of the old scheme is compared",
        "# with which of the new one. Draft written by `xl-dti scheme diff`; check every line.",
        "# null: no counterpart, not compared. Each new code may appear once at most.",
        f"old: {_quoted(old.id)}",
        f"new: {_quoted(new.id)}",
        "map:" if old_main or old_agg else "map: {}",
    ]
    main_matches, agg_matches = match_items(old_main, new_main), match_items(old_agg, new_agg)
    for title, olds, news, matches in (("main indices", old_main, new_main, main_matches),
                                       ("aggregates", old_agg, new_agg, agg_matches)):
        if olds:
            lines.append(f"  # {title}")
            lines += _entries(olds, news, matches)
    lines += _unmatched_new(new, new_main + new_agg, main_matches + agg_matches)
    lines += ["notes: |", f"  {NOTES}", ""]
    return "\n".join(lines)


def _entries(olds: list[Named], news: list[Named], matches: list[Match]) -> list[str]:
    by_old = {m.old: m for m in matches}
    names = {n.code: n.name for n in news}
    lines = []
    for item in olds:
        match = by_old.get(item.code)
        if match is None:
            lines.append(f"  {_quoted(item.code)}: null  # {_one_line(item.name)}: no counterpart found")
            continue
        exact = match.by == "code" and match.similarity == 1
        how = "" if exact else f" (matched by {match.by}, {match.similarity:.0%})"
        renamed = "" if names[match.new] == item.name else f" → {_one_line(names[match.new])}"
        lines.append(f"  {_quoted(item.code)}: {_quoted(match.new)}  # {_one_line(item.name)}{renamed}{how}")
    return lines


def _unmatched_new(new: Scheme, news: list[Named], matches: list[Match]) -> list[str]:
    taken = {m.new for m in matches}
    left = [n for n in news if n.code not in taken]
    if not left:
        return []
    return [f"# New in {new.id}, compared with nothing:"] + [f"#   {n.code} {_one_line(n.name)}" for n in left]


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML), so codes like 1.10 stay text."""
    return json.dumps(text, ensure_ascii=False)


def _one_line(text: str) -> str:
    return " ".join(text.split())
