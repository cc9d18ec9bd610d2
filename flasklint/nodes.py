"""Reading libcst nodes without libcst's visitor machinery (see walker.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import libcst as cst

# Fields that hold only whitespace, comments or punctuation.
_SKIPPED_PREFIXES = (
    "whitespace",
    "lpar",
    "rpar",
    "leading_lines",
    "lines_after_decorators",
    "header",
    "footer",
    "trailing_whitespace",
    "semicolon",
    "comma",
    "equal",
    "colon",
    "operator",
    "newline",
    "indent",
    "dot",
    "star",
    "asynchronous",
    "lbrace",
    "rbrace",
    "lbracket",
    "rbracket",
    "prefix",
)

_FIELDS: dict[type, tuple[str, ...]] = {}


def fields(node_type: type) -> tuple[str, ...]:
    """Names of the fields of a node type that can hold code."""
    names = _FIELDS.get(node_type)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(node_type) if not f.name.startswith(_SKIPPED_PREFIXES))
        _FIELDS[node_type] = names
    return names


def children(node: cst.CSTNode, names: tuple[str, ...] | None = None) -> list[cst.CSTNode]:
    out: list[cst.CSTNode] = []
    for name in names if names is not None else fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            out.append(value)
        elif type(value) in (list, tuple):
            out.extend(v for v in value if isinstance(v, cst.CSTNode))
    return out


def descendants(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """The node and everything below it (code only), depth first."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))
