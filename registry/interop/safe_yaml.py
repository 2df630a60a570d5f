"""Parse untrusted YAML within fixed bounds, keeping the line of every key.

PyYAML's safe loader builds no objects but plain ones, yet it still expands
aliases: a "billion laughs" file of a few hundred bytes describes a
structure of billions of nodes. The loader here composes the node graph
first (aliases stay shared, so this is cheap), measures the size it would
expand to, and refuses it above `max_nodes`, before anything is built. A
byte cap before parsing and a depth cap bound the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_DEPTH = 64


class YamlRefused(ValueError):
    """The text cannot be read; `line` (1-based) says where, when known."""

    def __init__(self, kind: str, line: int | None = None, detail: str = "") -> None:
        super().__init__(f"{kind} at line {line}: {detail}")
        self.kind = kind
        self.line = line
        self.detail = detail


@dataclass
class Document:
    """The parsed value and the line on which each key path starts."""

    value: Any
    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, *path: object) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


# libyaml's parser where PyYAML was built with it: the same safe constructor,
# some twenty times faster on a file near the byte cap.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """The safe loader, with the plain-string keys `on`/`off`/`yes`/`no` left alone.

    YAML 1.1 reads `no:` as the boolean False; real files use `nl:`/`no:` as
    language keys, and the standard asks for YAML 1.2, where they are strings.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def load(data: bytes, *, max_bytes: int, max_nodes: int = 10_000) -> Document:
    """Parse one YAML document from UTF-8 bytes, or raise YamlRefused."""
    if len(data) > max_bytes:
        raise YamlRefused("too_large")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise YamlRefused("not_utf8", data[: err.start].count(b"\n") + 1) from None
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            raise YamlRefused("empty", 1)
        _measure(node, max_nodes)
        value = loader.construct_document(node)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise YamlRefused(
            "syntax", mark.line + 1 if mark else None, str(err.problem or err.context or "")
        ) from None
    except yaml.YAMLError as err:  # a reader error: a character YAML does not allow
        line = None
        position = getattr(err, "position", None)
        if position is not None:
            line = text[:position].count("\n") + 1
        raise YamlRefused("syntax", line, getattr(err, "reason", "") or "") from None
    except RecursionError:
        raise YamlRefused("too_deep") from None
    finally:
        if loader is not None:
            loader.dispose()
    lines: dict[tuple, int] = {(): node.start_mark.line + 1}
    _index_lines(node, (), lines, 0)
    return Document(value=value, lines=lines)


def _measure(root: Node, max_nodes: int) -> None:
    """Refuse a graph that expands beyond `max_nodes`, nests too deep, or refers to itself."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()

    def size(node: Node, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise YamlRefused("too_deep", node.start_mark.line + 1)
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in on_path:
            raise YamlRefused("recursive", node.start_mark.line + 1)
        on_path.add(key)
        total = 1
        if isinstance(node, SequenceNode):
            for child in node.value:
                total += size(child, depth + 1)
                if total > max_nodes:
                    raise YamlRefused("too_many_nodes", node.start_mark.line + 1)
        elif isinstance(node, MappingNode):
            for k, v in node.value:
                total += size(k, depth + 1) + size(v, depth + 1)
                if total > max_nodes:
                    raise YamlRefused("too_many_nodes", node.start_mark.line + 1)
        on_path.discard(key)
        sizes[key] = total
        return total

    size(root, 0)


def _index_lines(node: Node, path: tuple, lines: dict[tuple, int], depth: int) -> None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode):
                child = (*path, key_node.value)
                lines.setdefault(child, key_node.start_mark.line + 1)
                _index_lines(value_node, child, lines, depth + 1)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            child = (*path, i)
            lines.setdefault(child, item.start_mark.line + 1)
            _index_lines(item, child, lines, depth + 1)
