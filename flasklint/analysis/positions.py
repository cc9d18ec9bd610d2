"""Line and column numbers for the few nodes that a report actually names.

libcst's PositionProvider computes a range for every node of a module, which
costs about twice the parse. Findings and facts need the position of a handful
of nodes, so we hand out `Loc` placeholders during the walk and fill them all
in with one code-generation pass that counts lines and stops as soon as every
requested node has been seen.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import libcst as cst
from libcst._nodes.internal import CodegenState

from flasklint.core.location import Loc


class _AllFound(Exception):
    """Raised inside code generation to stop it once every target is placed."""


class _LineCountingState(CodegenState):
    """A CodegenState that keeps no tokens, only the current line and column."""

    def __init__(self, module: cst.Module, targets: dict[int, list[Loc]]) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.line = 1
        self.col = 0
        self.targets = targets
        self.exact: set[int] = set()

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.col += len(token)

    def add_token(self, value: str) -> None:
        newline = value.rfind("\n")
        if newline < 0:
            self.col += len(value)
        else:
            self.line += value.count("\n")
            self.col = len(value) - newline - 1

    def pop_trailing_newline(self) -> None:
        pass

    def _place(self, node: cst.CSTNode) -> None:
        for loc in self.targets.get(id(node), ()):
            loc.line, loc.col = self.line, self.col + 1

    def before_codegen(self, node: cst.CSTNode) -> None:
        # Whitespace-inclusive start: a fallback for nodes that never record a
        # syntactic position; overwritten below for those that do.
        if id(node) in self.targets and id(node) not in self.exact:
            self._place(node)

    def after_codegen(self, node: cst.CSTNode) -> None:
        key = id(node)
        if key in self.targets and key not in self.exact:
            self.exact.add(key)
            if len(self.exact) == len(self.targets):
                raise _AllFound

    @contextmanager
    def record_syntactic_position(
        self, node: cst.CSTNode, *, start_node: Any = None, end_node: Any = None
    ) -> Iterator[None]:
        key = id(node)
        if key in self.targets and key not in self.exact:
            self._place(node)
            self.exact.add(key)
            if len(self.exact) == len(self.targets):
                raise _AllFound
        yield


def resolve_locations(module: cst.Module, locs: list[Loc]) -> None:
    """Fill in line/col of every pending Loc created for nodes of `module`."""
    targets: dict[int, list[Loc]] = {}
    for loc in locs:
        if loc._node is not None:
            targets.setdefault(id(loc._node), []).append(loc)
    if targets:
        try:
            module._codegen(_LineCountingState(module, targets))
        except _AllFound:
            pass
    for loc in locs:
        loc._node = None
