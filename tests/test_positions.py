"""Lazy line numbers agree with libcst's PositionProvider where it matters."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import cast

import hypothesmith
import libcst as cst
from hypothesis import given, settings
from libcst.metadata import MetadataWrapper, PositionProvider

from flasklint.analysis.context import FileContext
from flasklint.analysis.positions import StatementMap, resolve_locations
from flasklint.analysis.walker import Walker
from flasklint.core.location import Loc
from tests.helpers import GENERATED_CODE, GENERATED_CODE_WARNINGS

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


# Statement by statement (with the source): every kind of statement, elif chains, handlers, suites,
# semicolons, decorators, continuation lines, tabs, and code inside classes and nested functions.
RICH = '''\
"""docstring"""
import os, sys; from a import (b,
    c)


@decorator(
    "arg",
)
@other
async def view(a,
               b=lambda q: q):
    """Doc."""
    x = call(
        1, 2)
    if x: y = f(x); z = g(y)
    elif x is None:
        pass
    elif h(x):  # comment
        y = k(x)
    else:
        for i in range(3):
            while i: i -= 1
        else:
            del y
    try:
        async with cm() as c, other() as d:
            await c.go(d)
    except (ValueError, KeyError) as error:
        raise Wrapped(error) from error
    except Exception:
        return \\
            None
    finally:
        cleanup()
    return x  # trailing


class K(Base, metaclass=M):
\ty: int = 3
\tdef method(self):
\t\tglobal G
\t\tassert self.y, "message"
\t\treturn [v for v in self]


def outer():
    def inner():
        nonlocal_value = {k: v for k, v in items()}
        return nonlocal_value
    return inner
'''


def _every_node(module: cst.Module) -> list[cst.CSTNode]:
    found: list[cst.CSTNode] = []

    class Collect(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            if isinstance(
                node,
                (
                    cst.BaseExpression,
                    cst.BaseStatement,
                    cst.BaseSmallStatement,
                    cst.Decorator,
                    cst.ExceptHandler,
                    cst.Param,
                    cst.Arg,
                ),
            ):
                found.append(node)
            return True

    module.visit(Collect())
    return found


def _agrees_with_position_provider(source: str, pick: Callable[[cst.Module], list[cst.CSTNode]] = _every_node) -> None:
    module = cst.parse_module(source)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    nodes = pick(module)
    whole = [Loc(node) for node in nodes]
    by_statement = [Loc(node) for node in nodes]
    walked = [Loc(node) for node in nodes]
    resolve_locations(module, whole)
    resolve_locations(module, by_statement, source)
    resolve_locations(module, walked, source, _walked(module))
    for node, a, b, c in zip(nodes, whole, by_statement, walked):
        start = expected[node].start
        assert (a.line, a.col) == (b.line, b.col) == (c.line, c.col) == (start.line, start.column + 1), (
            type(node).__name__,
            a,
            b,
            c,
        )


def _walked(module: cst.Module) -> StatementMap:
    """The statements as the rule walker keeps them while it walks `module`."""
    statements = StatementMap(module)
    Walker([], FileContext("m.py", "m", "app", False, frozenset(), False), statements=statements).walk(module)
    return statements


def test_statement_by_statement_places_every_node_as_the_whole_module_does():
    _agrees_with_position_provider(RICH)
    _agrees_with_position_provider(RICH.replace("\n", "\r\n"))  # Windows line ends


def test_each_node_alone_is_placed_the_same():  # a unit generated for one node only
    module = cst.parse_module(RICH)
    for node in _every_node(module)[::7]:
        expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)[node].start
        loc = Loc(node)
        resolve_locations(module, [loc], RICH)
        assert (loc.line, loc.col) == (expected.line, expected.column + 1), type(node).__name__


def test_what_ast_cannot_read_or_number_falls_back_to_the_whole_module():
    _agrees_with_position_provider("x = 1\rif x:\r    y = f(x)\r")  # lone carriage returns
    _agrees_with_position_provider('x = "\\d"\nprint(x)\n')  # an invalid escape: no warning printed either
    module = cst.parse_module("# a comment\nx = 1\n")
    comment = module.header[0].comment
    assert comment is not None
    loc = Loc(comment)
    resolve_locations(module, [loc], "# a comment\nx = 1\n")  # not inside any statement
    assert (loc.line, loc.col) == (1, 1)


@GENERATED_CODE_WARNINGS
@settings(GENERATED_CODE, max_examples=25)
@given(hypothesmith.from_node())
def test_generated_modules_are_placed_as_position_provider_places_them(source):
    _agrees_with_position_provider(source)


def test_the_walkers_statements_place_what_the_walker_passed_by():
    """The walker enters neither a main guard's condition nor a definition's name; both are placed."""
    source = "def main():\n    run()\n\n\nif __name__ == '__main__':\n    main()\n"
    module = cst.parse_module(source)
    definition = cast(cst.FunctionDef, module.body[0])
    guard = cast(cst.If, module.body[1])
    statements = _walked(module)
    assert statements.units({id(definition.name): []}) is not None  # met with its definition
    assert statements.units({id(guard.test): []}) is None  # not met: the second walk finds it
    _agrees_with_position_provider(source, lambda tree: [tree.body[0].name, tree.body[1].test, tree.body[1]])


def test_definitions_read_off_their_lines_or_generated_where_the_text_is_unusual():
    """Names and decorators are read from the lines ast gives; a line continued or a decorator
    split over lines is generated instead, and lands on the same place."""
    source = (
        "@plain\n"
        "@ spaced . attr ( 1 ,\n"
        "    2 )\n"
        "async   def   f(x): return x\n"
        "\n"
        "def \\\n"
        "  continued(): pass\n"
        "@(\n"
        "    wrapped)\n"
        "class  \\\n"
        "    K(Base): x = 1\n"
        "if True:\n"
        "\tclass\tTabbed:\n"
        "\t\t@d\n"
        "\t\tdef m(self): y = 1; z = 2\n"
    )
    for text in (source, source.replace("\n", "\r\n")):
        _agrees_with_position_provider(text)  # every node
        _agrees_with_position_provider(text, _headers)  # what the facts ask for: nothing else in the unit


def _headers(module: cst.Module) -> list[cst.CSTNode]:
    """Definitions, their names and decorators, and each line's first statement."""
    found: list[cst.CSTNode] = []
    for node in _every_node(module):
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            found += [node, node.name, *node.decorators]
        elif isinstance(node, cst.SimpleStatementLine):
            found.append(node.body[0])
    return found
