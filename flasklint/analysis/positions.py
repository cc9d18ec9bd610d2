"""Line and column numbers for the nodes that a report actually names.

libcst's PositionProvider computes a range for every node of a module, which
costs about twice the parse. Findings and facts need the position of some
nodes, so we hand out `Loc` placeholders during the walk and fill them in
afterwards, by code generation that only counts lines and columns.

Generating the whole module costs about a third of the parse, and almost
every file asks for nodes all the way down (an import, each function's
name). So only the statements that hold a requested node are generated: each
on its own, from the start of its line, with the indentation of the blocks
around it; CPython's parser (`ast`, in C, a sixth of libcst's parse) says on
which line that statement's first statement starts. Both parsers meet the
statements in the same order, and each placement checks that the two agree
on the statement's kind; where anything disagrees, the whole module is
generated as before.

Which statement holds a node, the walker notes as it meets the node
(`StatementMap`), so no second walk of the tree is needed for it. And most
statements need no generating at all: a line's first statement starts right
after the indentation, and a definition's name and decorators are read off
the lines `ast` gives, checked against the text.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

import libcst as cst
from libcst._nodes.internal import CodegenState

from flasklint.analysis.nodes import children
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
        if "\r" in value:  # a carriage return alone ends a line too (old Mac files), as in PositionProvider
            value = value.replace("\r\n", "\n").replace("\r", "\n")
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


def resolve_locations(
    module: cst.Module, locs: list[Loc], source: str | None = None, statements: StatementMap | None = None
) -> None:
    """Fill in line/col of every pending Loc created for nodes of `module` (parsed from `source`);
    `statements`, kept by the walker, saves walking the tree again to find the statements."""
    targets: dict[int, list[Loc]] = {}
    for loc in locs:
        if loc._node is not None:
            targets.setdefault(id(loc._node), []).append(loc)
    if targets and (source is None or not _by_statement(module, targets, source, statements)):
        try:
            module._codegen(_LineCountingState(module, targets))
        except _AllFound:
            pass
    for loc in locs:
        loc._node = None


# -- one statement at a time ----------------------------------------------------
_LINE, _COMPOUND, _SMALL, _BLOCK = "line", "compound", "small", "block"
_KINDS: dict[type, str] = {}
# libcst statement class -> the ast classes of the same statement
_AST_NAMES = {
    "Del": ("Delete",),
    "FunctionDef": ("FunctionDef", "AsyncFunctionDef"),
    "For": ("For", "AsyncFor"),
    "With": ("With", "AsyncWith"),
}


def statement_kind(node_type: type) -> str:
    """What a node of this type is to `StatementMap.enter`: "" for anything but statements and blocks."""
    kind = _KINDS.get(node_type)
    if kind is None:  # issubclass against libcst's ABCs is slow: once per type
        if node_type is cst.SimpleStatementLine:
            kind = _LINE
        elif node_type is cst.IndentedBlock:
            kind = _BLOCK
        elif issubclass(node_type, cst.BaseCompoundStatement):
            kind = _COMPOUND
        elif issubclass(node_type, cst.BaseSmallStatement):
            kind = _SMALL
        else:
            kind = ""
        _KINDS[node_type] = kind
    return kind


def _ast_statements(source: str) -> list[ast.stmt] | None:
    """Every statement, in the order libcst's tree holds them (each before the statements inside it)."""
    if "\r" in source and source.count("\r") != source.count("\r\n"):
        return None  # lone carriage returns: ast counts them as line ends, the line counter does not
    try:
        with warnings.catch_warnings():  # CPython's opinions of the graded code are not ours to print
            warnings.simplefilter("ignore")
            tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    found: list[ast.stmt] = []
    _collect(tree.body, found)
    return found


def _collect(body: list[ast.stmt], found: list[ast.stmt]) -> None:
    for node in body:
        found.append(node)
        for name in node._fields:  # in source order: body, handlers, orelse, finalbody, cases
            if name in ("body", "orelse", "finalbody"):
                inner = getattr(node, name)
                if isinstance(inner, list):
                    _collect(inner, found)
            elif name == "handlers":
                for handler in getattr(node, name):
                    _collect(handler.body, found)
            elif name == "cases":
                for case in getattr(node, name):
                    _collect(case.body, found)


class _Unit:
    """A statement that starts a line and holds requested nodes: a simple statement line or a compound
    statement (its header; a node in its body belongs to the statement there)."""

    __slots__ = ("anchor", "indent", "is_elif", "keys", "node", "number")

    def __init__(self, node: cst.CSTNode, anchor: cst.CSTNode, number: int, indent: tuple[str, ...]) -> None:
        self.node, self.anchor, self.number, self.indent = node, anchor, number, indent
        self.is_elif = False
        self.keys: list[int] = []


class StatementMap:
    """The line-starting statement that holds each node, numbered as `ast` numbers statements: kept
    by the walker as it meets the nodes (walker.py), so that placing needs no second walk."""

    __slots__ = ("_elifs", "_indent", "_number", "default_indent", "unit", "unit_of")

    def __init__(self, module: cst.Module) -> None:
        self.default_indent = module.default_indent
        self.unit: _Unit | None = None  # the unit of the node being entered
        self.unit_of: dict[int, _Unit | None] = {}  # id(node) -> its unit, for every node entered
        self._number = -1
        self._indent: tuple[str, ...] = ()
        self._elifs: set[int] = set()

    def enter(self, node: Any, kind: str) -> tuple[_Unit | None, tuple[str, ...]] | None:
        """Note a statement or block (`kind` from `statement_kind`) being entered. Returns what to
        `restore` once everything inside it was entered, or None when nothing changes."""
        if kind == _SMALL:
            self._number += 1
            self.unit_of[id(node)] = self.unit
            return None
        saved = (self.unit, self._indent)
        if kind == _COMPOUND:
            self._number += 1
            unit = self.unit = _Unit(node, node, self._number, self._indent)
            unit.is_elif = id(node) in self._elifs
            node_type = type(node)
            if node_type is cst.If and type(node.orelse) is cst.If:
                self._elifs.add(id(node.orelse))
            elif node_type is cst.FunctionDef or node_type is cst.ClassDef:
                self.unit_of[id(node.name)] = unit  # the walker passes a definition's name by
        elif kind == _LINE:
            self.unit = _Unit(node, node.body[0], self._number + 1, self._indent)  # its first statement is next
        self.unit_of[id(node)] = self.unit
        if kind == _BLOCK:
            self._indent = (*self._indent, self.default_indent if node.indent is None else node.indent)
        return saved

    def restore(self, saved: tuple[_Unit | None, tuple[str, ...]]) -> None:
        self.unit, self._indent = saved

    def units(self, targets: dict[int, list[Loc]]) -> list[_Unit] | None:
        """The units holding the targets; None when one was not met (the walker skips a main guard's
        condition, for one) or is outside every statement."""
        units: dict[int, _Unit] = {}
        unit_of = self.unit_of
        for key in targets:
            unit = unit_of.get(key)
            if unit is None:
                return None
            if id(unit.node) not in units:
                units[id(unit.node)] = unit
                unit.keys = []  # this call's targets only
            unit.keys.append(key)
        return list(units.values())


def _by_statement(module: cst.Module, targets: dict[int, list[Loc]], source: str, walked: StatementMap | None) -> bool:
    """Place every target by generating only the statements that hold one; False if that cannot be done."""
    try:
        statements = _ast_statements(source)
        units = None
        if statements is not None:
            units = (walked.units(targets) if walked is not None else None) or _units(module, targets)
    except RecursionError:
        return False
    if statements is None or units is None:
        return False
    lines: list[str] | None = None
    for unit in units:
        if unit.number >= len(statements):
            return False
        statement = statements[unit.number]
        name = type(unit.anchor).__name__
        if type(statement).__name__ not in _AST_NAMES.get(name, (name,)):
            return False  # the two parsers do not meet the statements alike here
        if lines is None:
            lines = source.split("\n")
        if _placed_from_text(unit, statement, lines, targets):
            continue
        mine = {key: targets[key] for key in unit.keys}
        anchor = Loc(unit.anchor)
        mine.setdefault(id(unit.anchor), []).append(anchor)
        state = _LineCountingState(module, mine)
        state.indent_tokens = list(unit.indent)
        try:
            if unit.is_elif:
                unit.node._codegen(state, is_elif=True)
            else:
                unit.node._codegen(state)
        except _AllFound:
            pass
        shift = statement.lineno - anchor.line  # generated from line 1; the statement starts there
        for key in unit.keys:
            for loc in targets[key]:
                loc.line += shift
    return True


_HEADER: dict[type, re.Pattern[str]] = {
    cst.FunctionDef: re.compile(r"(?:async[ \t]+)?def[ \t]+"),
    cst.ClassDef: re.compile(r"class[ \t]+"),
}


def _placed_from_text(unit: _Unit, statement: ast.stmt, lines: list[str], targets: dict[int, list[Loc]]) -> bool:
    """Place the unit's targets without generating code, where the text shows where they are; False,
    placing nothing, unless that holds for all of them.

    Most units ask only for their line's first statement (an import, an assignment), which starts
    right after the indentation on the line ast gives it; or for a definition, its name and its
    decorators, which are on the lines ast gives and are read there, checked against the text."""
    indent = "".join(unit.indent)
    column = len(indent) + 1
    node: Any = unit.node
    node_type = type(node)
    if node_type is cst.SimpleStatementLine:
        if unit.keys != [id(unit.anchor)]:
            return False
        places = {unit.keys[0]: (statement.lineno, column)}
    elif node_type in _HEADER:
        line = lines[statement.lineno - 1]
        header = _HEADER[node_type].match(line, len(indent)) if line.startswith(indent) else None
        if header is None or not line.startswith(node.name.value, header.end()):
            return False  # a line continued, a comment between: generate it
        places = {id(node): (statement.lineno, column), id(node.name): (statement.lineno, header.end() + 1)}
        decorated = cast(Any, statement).decorator_list
        for decorator, expression in zip(node.decorators, decorated):
            if not lines[expression.lineno - 1].startswith(indent + "@"):
                return False
            places[id(decorator)] = (expression.lineno, column)
        if not all(key in places for key in unit.keys):
            return False
    else:
        return False
    for key in unit.keys:
        line_number, col = places[key]
        for loc in targets[key]:
            loc.line, loc.col = line_number, col
    return True


def _units(module: cst.Module, targets: dict[int, list[Loc]]) -> list[_Unit] | None:
    """The units holding the targets, by a walk of the tree's own that keeps a StatementMap as the
    walker does (the walker passes some nodes by); None when a target is outside every statement
    (the module, a comment). Stops once every target was met."""
    walked = StatementMap(module)
    left = len(targets)
    stack: list[Any] = [module]  # nodes to enter, and the saved states to restore after a subtree
    while stack and left:
        item = stack.pop()
        if type(item) is tuple:
            walked.restore(item)
            continue
        kind = statement_kind(type(item))
        if kind:
            saved = walked.enter(item, kind)
            if saved is not None:
                stack.append(saved)
        else:
            walked.unit_of[id(item)] = walked.unit
        if id(item) in targets:
            left -= 1
        stack.extend(reversed(children(item)))
    return None if left else walked.units(targets)
