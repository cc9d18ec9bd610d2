"""Lazy line numbers agree with libcst's PositionProvider where it matters."""

from __future__ import annotations

import pickle

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from flasklint.analysis.positions import resolve_locations
from flasklint.core.location import Loc

SOURCE = '''\
# a comment
"""docstring"""

import os


@decorator(
    "arg",
)
def view(a,
         b):
    # comment before
    x = call(
        1, 2)
    return x  # trailing


class K:
    y: int = 3
'''


def _interesting(module: cst.Module) -> list[cst.CSTNode]:
    found: list[cst.CSTNode] = []

    class Collect(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            if isinstance(node, (cst.Call, cst.Name, cst.SimpleStatementLine, cst.Decorator, cst.FunctionDef)):
                found.append(node)
            return True

    module.visit(Collect())
    return found


def test_lines_and_columns_match_position_provider():
    module = cst.parse_module(SOURCE)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    nodes = _interesting(module)
    locs = [Loc(node) for node in nodes]
    resolve_locations(module, locs)
    for node, loc in zip(nodes, locs):
        start = expected[node].start
        assert (loc.line, loc.col) == (start.line, start.column + 1), (type(node).__name__, loc)


def test_resolving_few_nodes_stops_early_and_pickles_small():
    module = cst.parse_module(SOURCE)
    stmt = module.body[1]
    loc = Loc(stmt)
    resolve_locations(module, [loc])
    assert loc.line == 4
    clone = pickle.loads(pickle.dumps(loc))
    assert (clone.line, clone.col) == (4, 1)
    assert clone == loc
