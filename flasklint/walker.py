"""One batched pass over a libcst tree, dispatching to every participant.

libcst's own `visit` rebuilds each node's children as it goes (a visitor pass
costs about as much as the parse). Rules only read the tree, so we walk the
dataclass fields directly, skip whitespace and punctuation, and call each
participant's `visit_<Node>` / `leave_<Node>` methods, the same names libcst
visitors use. Strings and comments are leaves: nothing inside them is code.
"""

from __future__ import annotations

from collections.abc import Callable
from time import perf_counter
from typing import Any

import libcst as cst

from flasklint import flaskapi
from flasklint.context import FileContext, Scope, dotted_name, is_main_guard
from flasklint.nodes import children, fields

# Order in which the children of scope-creating nodes are walked: everything
# evaluated outside the new scope first, then the body inside it.
_OUTER_FIELDS = {
    cst.FunctionDef: ("decorators", "params", "returns"),
    cst.ClassDef: ("decorators", "bases", "keywords"),
}

_ENTER, _LEAVE, _PUSH_SCOPE, _POP_SCOPE, _GUARD_IN, _GUARD_OUT = range(6)

Handler = Callable[[Any], Any]


class RuleError(Exception):
    """A participant raised while handling a node; carries which one."""

    def __init__(self, participant: object, error: BaseException) -> None:
        super().__init__(f"{type(participant).__name__}: {type(error).__name__}: {error}")
        self.participant = participant
        self.error = error


class Walker:
    """Walks one module, keeping `ctx` current and calling participants' handlers."""

    def __init__(self, participants: list[object], ctx: FileContext, profile: bool = False) -> None:
        self.ctx = ctx
        self.profile = profile
        self.times: dict[object, float] = {}  # participant -> seconds, with profile
        self.participants = participants
        self._visit: dict[type, list[tuple[object, Handler]]] = {}
        self._leave: dict[type, list[tuple[object, Handler]]] = {}
        self.errors: list[RuleError] = []
        self._disabled: set[int] = set()

    def _handlers(self, table: dict[type, list[tuple[object, Handler]]], prefix: str, node_type: type) -> list:
        handlers = table.get(node_type)
        if handlers is None:
            method = prefix + node_type.__name__
            handlers = [(p, getattr(p, method)) for p in self.participants if hasattr(p, method)]
            table[node_type] = handlers
        return handlers

    def _call(self, handlers: list[tuple[object, Handler]], node: cst.CSTNode) -> None:
        for participant, handler in handlers:
            if id(participant) in self._disabled:
                continue
            started = perf_counter() if self.profile else 0.0
            try:
                handler(node)
            except Exception as error:  # a broken rule must not sink the file
                self._disabled.add(id(participant))
                self.errors.append(RuleError(participant, error))
            if self.profile:
                self.times[participant] = self.times.get(participant, 0.0) + perf_counter() - started

    def walk(self, module: cst.Module) -> None:
        ctx = self.ctx
        _collect_module_imports(module, ctx)
        stack: list[tuple[int, Any]] = [(_ENTER, module)]
        while stack:
            op, item = stack.pop()
            if op == _ENTER:
                node = item
                node_type = type(node)
                self._before(node)
                self._call(self._handlers(self._visit, "visit_", node_type), node)
                stack.append((_LEAVE, node))
                self._push_children(node, stack)
            elif op == _LEAVE:
                self._call(self._handlers(self._leave, "leave_", type(item)), item)
            elif op == _PUSH_SCOPE:
                ctx.scopes.append(item)
            elif op == _POP_SCOPE:
                ctx.scopes.pop()
            elif op == _GUARD_IN:
                ctx.main_guard_depth += 1
            elif op == _GUARD_OUT:
                ctx.main_guard_depth -= 1

    def _push_children(self, node: cst.CSTNode, stack: list[tuple[int, Any]]) -> None:
        ctx = self.ctx
        node_type = type(node)
        outer = _OUTER_FIELDS.get(node_type)
        if outer is not None:
            if node_type is cst.FunctionDef:
                info = ctx.function_info(node)
                scope = Scope("function", node.name.value, function=info, tainted=set(info.route_params))
            else:
                scope = Scope("class", node.name.value, view_class=_is_view_class(node, ctx))
            stack.append((_POP_SCOPE, None))
            stack.append((_ENTER, node.body))
            stack.append((_PUSH_SCOPE, scope))
            for child in reversed(children(node, outer)):
                stack.append((_ENTER, child))
            return
        if node_type is cst.Lambda:
            stack.append((_POP_SCOPE, None))
            stack.append((_ENTER, node.body))
            stack.append((_PUSH_SCOPE, Scope("function", "<lambda>")))
            stack.append((_ENTER, node.params))
            return
        if node_type is cst.If and ctx.scope.kind == "module" and is_main_guard(node.test):
            if node.orelse is not None:
                stack.append((_ENTER, node.orelse))
            stack.append((_GUARD_OUT, None))
            stack.append((_ENTER, node.body))
            stack.append((_GUARD_IN, None))
            return
        for child in reversed(children(node, fields(node_type))):
            stack.append((_ENTER, child))

    def _before(self, node: cst.CSTNode) -> None:
        """Bookkeeping the context needs before participants see the node."""
        ctx = self.ctx
        if isinstance(node, (cst.Import, cst.ImportFrom)):
            if ctx.scope.kind != "module":
                ctx.add_import(node)
        elif isinstance(node, cst.Assign):
            ctor = _constructor(node.value, ctx)
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    _bind(ctx, target.target.value, ctor)
            ctx.propagate_taint([t.target for t in node.targets], node.value)
        elif isinstance(node, cst.AnnAssign) and isinstance(node.target, cst.Name) and node.value is not None:
            _bind(ctx, node.target.value, _constructor(node.value, ctx))
            ctx.propagate_taint([node.target], node.value)
        elif isinstance(node, cst.AugAssign):
            ctx.propagate_taint([node.target], node.value)
        elif isinstance(node, (cst.For, cst.CompFor)):
            ctx.propagate_taint([node.target], node.iter)


def _bind(ctx: FileContext, name: str, ctor: str | None) -> None:
    if ctor is not None:
        ctx.scope.bindings[name] = ctor
    else:
        ctx.scope.bindings.pop(name, None)


def _constructor(value: cst.BaseExpression, ctx: FileContext) -> str | None:
    if isinstance(value, cst.Call):
        return ctx.qualname(value.func)
    return None


def _is_view_class(node: cst.ClassDef, ctx: FileContext) -> bool:
    for base in node.bases:
        name = dotted_name(base.value)
        if name and name.rpartition(".")[2] in flaskapi.VIEW_BASE_CLASSES:
            return True
    return False


def _collect_module_imports(module: cst.Module, ctx: FileContext) -> None:
    """Read the imports of module-level code first, wherever they stand.

    Module-level imports are bindings for the whole module, also for code
    written above them (inside functions); statements under `if`/`try` at
    module level count too (`try: import ujson as json except ...`).
    """
    pending: list[cst.CSTNode] = list(module.body)
    while pending:
        stmt = pending.pop()
        if isinstance(stmt, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            for small in stmt.body:
                if isinstance(small, (cst.Import, cst.ImportFrom)):
                    ctx.add_import(small)
        elif isinstance(stmt, cst.IndentedBlock):
            pending.extend(stmt.body)
        elif isinstance(stmt, (cst.If, cst.Try, cst.With, cst.Else, cst.ExceptHandler, cst.Finally)):
            pending.append(stmt.body)
            pending.extend(getattr(stmt, "handlers", ()))
            for extra in (getattr(stmt, "orelse", None), getattr(stmt, "finalbody", None)):
                if extra is not None:
                    pending.append(extra)
