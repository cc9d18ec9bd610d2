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


# type -> is it a CSTNode? libcst's node classes are ABCs, and isinstance()
# against an ABC goes through ABCMeta.__instancecheck__: on the hot path of
# the walk that cost more than the walk itself, so look the answer up by type.
_IS_NODE: dict[type, bool] = {}


def is_node(value: object) -> bool:
    kind = type(value)
    known = _IS_NODE.get(kind)
    if known is None:
        known = _IS_NODE[kind] = issubclass(kind, cst.CSTNode)
    return known


def children(node: cst.CSTNode, names: tuple[str, ...] | None = None) -> list[cst.CSTNode]:
    out: list[cst.CSTNode] = []
    for name in names if names is not None else fields(type(node)):
        value = getattr(node, name)
        kind = type(value)
        if kind is list or kind is tuple:
            out.extend(v for v in value if is_node(v))
        elif is_node(value):
            out.append(value)
    return out


def descendants(node: cst.CSTNode, opaque: frozenset[type] = frozenset()) -> Iterator[cst.CSTNode]:
    """The node and everything below it (code only), depth first; nodes of an `opaque` type are
    yielded but not entered (a lambda's or a nested function's body)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if type(current) not in opaque:
            stack.extend(reversed(children(current)))
