"""A position in a file, kept apart from positions.py so that code which only
reads positions (rules' results, the report) does not import libcst."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import libcst as cst


class Loc:
    """A position in a file: line (1-based) and column (1-based).

    Created with a node during the walk; `resolve_locations` sets line and
    column and drops the node, so a Loc pickles as two integers.
    """

    __slots__ = ("_node", "col", "line")

    def __init__(self, node: cst.CSTNode | None = None, line: int = 0, col: int = 0) -> None:
        self._node = node
        self.line = line
        self.col = col

    def __getstate__(self) -> tuple[int, int]:
        return (self.line, self.col)

    def __setstate__(self, state: tuple[int, int]) -> None:
        self.line, self.col = state
        self._node = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Loc) and (self.line, self.col) == (other.line, other.col)

    def __hash__(self) -> int:
        return hash((self.line, self.col))

    def __repr__(self) -> str:
        return f"Loc({self.line}, {self.col})"
