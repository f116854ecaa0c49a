"""Read YAML into plain data while remembering the line of every key and list item.

Plain scalars are kept as the text the person typed (``1.10`` stays ``"1.10"``, never the float
1.1) and pydantic converts them by the field's declared type, so codes never lose digits and
points are exact decimals. Only YAML nulls become ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from xl_dti.errors import Problem

Path = tuple[str | int, ...]
_NULL_TAG = "tag:yaml.org,2002:null"


@dataclass
class YamlSource:
    """The plain data of a YAML document plus the line (1-based) of every path in it."""

    file: str
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1

    def where(self, path: Path) -> str:
        """``file:line path`` for a location, in the style every scheme message uses; inside an indicator
        its code leads: ``x.yaml:41 chỉ số 4.5 (indicators[3].children[4].max)``."""
        dotted = format_path(path)
        code = self.indicator_code(path)
        if code is not None:
            dotted = f"chỉ số {code} ({dotted})"
        return f"{self.file}:{self.line_of(path)}" + (f" {dotted}" if dotted else "")

    def indicator_code(self, path: Path) -> str | None:
        """The code of the innermost indicator ``path`` lies in (``None`` outside the indicators)."""
        if not path or path[0] != "indicators":
            return None
        node, code = self.data, None
        for index, part in enumerate(path):
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
            if isinstance(part, int) and path[index - 1] in ("indicators", "children") and isinstance(node, dict):
                found = node.get("code")
                code = found if isinstance(found, str) and found else code
        return code


def format_path(path: Path) -> str:
    """``('indicators', 2, 'children', 0, 'max')`` → ``indicators[2].children[0].max``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def line_in(where: str) -> int:
    """The line number inside a ``file:line path`` location (0 when there is none), for sorting."""
    head = where.split(" ", 1)[0]
    tail = head.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


MAX_DEPTH = 64  # blocks within blocks: a scheme needs a dozen
MAX_NODES_PER_CHARACTER = 4  # values produced per character of text: aliases may repeat a block, not explode


class _Refused(Exception):
    """A document built to exhaust the reader: an alias bomb, a recursive alias or a deep nesting."""

    def __init__(self, code: str, line: int) -> None:
        super().__init__(code)
        self.code, self.line = code, line


def parse_yaml(text: str, file: str) -> tuple[YamlSource | None, list[Problem]]:
    """Parse YAML text into a ``YamlSource``; on failure return the located problems instead.

    A document built to exhaust the reader is refused at once, in bounded time and memory: aliases that
    would expand it far beyond its own size (a «billion laughs»), an alias inside the block it names,
    blocks nested deeper than ``MAX_DEPTH``.
    """
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        detail = exc.problem or str(exc)
        return None, [Problem("yaml.syntax", f"{file}:{line}", {"detail": detail})]
    except _Refused as exc:
        return None, [Problem(exc.code, f"{file}:{exc.line}", {"depth": MAX_DEPTH})]
    source = YamlSource(file, None)
    problems: list[Problem] = []
    budget = [MAX_NODES_PER_CHARACTER * len(text) + 1000]
    try:
        source.data = _convert(root, (), source, problems, budget, set()) if root is not None else None
    except _Refused as exc:
        return None, [Problem(exc.code, f"{file}:{exc.line}", {"depth": MAX_DEPTH})]
    return (None if problems else source), problems


class _DepthLimitedLoader(yaml.SafeLoader):
    """The safe loader, refusing blocks nested deeper than ``MAX_DEPTH`` before its recursion does."""

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        depth = getattr(self, "_depth", 0)
        if depth >= MAX_DEPTH:
            raise _Refused("yaml.too_deep", self.peek_event().start_mark.line + 1)  # type: ignore[no-untyped-call]
        self._depth = depth + 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth = depth


def _compose(text: str) -> Node | None:
    loader = _DepthLimitedLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def parse_mapping(text: str, file: str, not_mapping: str) -> tuple[YamlSource | None, list[Problem]]:
    """Parse YAML that must be a block of keys; ``not_mapping`` is the message code when it is not."""
    source, problems = parse_yaml(text, file)
    if source is None:
        return None, problems
    if not isinstance(source.data, dict):
        found = "một danh sách" if isinstance(source.data, list) else "một giá trị đơn"
        return None, [Problem(not_mapping, f"{file}:1", {"found": found})]
    return source, []


def _convert(node: Node, path: Path, source: YamlSource, problems: list[Problem], budget: list[int],
             open_blocks: set[int]) -> Any:
    line = node.start_mark.line + 1
    budget[0] -= 1
    if budget[0] < 0:
        raise _Refused("yaml.alias_bomb", line)
    source.lines.setdefault(path, line)
    if isinstance(node, MappingNode | SequenceNode):
        if id(node) in open_blocks:  # an alias inside the block it names: an endless document
            raise _Refused("yaml.recursive_alias", line)
        if len(path) >= MAX_DEPTH:
            raise _Refused("yaml.too_deep", line)
        open_blocks.add(id(node))
        try:
            return _convert_block(node, path, source, problems, budget, open_blocks)
        finally:
            open_blocks.discard(id(node))
    assert isinstance(node, ScalarNode)
    if node.style is None and node.tag == _NULL_TAG:
        return None
    return node.value


def _convert_block(node: MappingNode | SequenceNode, path: Path, source: YamlSource, problems: list[Problem],
                   budget: list[int], open_blocks: set[int]) -> Any:
    if isinstance(node, SequenceNode):
        return [_convert(item, (*path, i), source, problems, budget, open_blocks) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):  # a block used as a key has no text a scheme could name
            raise _Refused("yaml.complex_key", key_node.start_mark.line + 1)
        key = str(key_node.value)
        source.lines[(*path, key)] = key_node.start_mark.line + 1
        if key in result:
            problems.append(Problem("yaml.duplicate_key", source.where((*path, key)), {"key": key}))
        result[key] = _convert(value_node, (*path, key), source, problems, budget, open_blocks)
    return result


def dump_yaml(data: Any) -> str:
    """Write plain data as readable YAML: keys in the given order, Vietnamese left as is."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)
