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

from flasklint.analysis import flaskapi
from flasklint.analysis.context import FileContext, FunctionInfo, Scope, dotted_name, is_main_guard
from flasklint.analysis.nodes import children, fields
from flasklint.analysis.positions import StatementMap, statement_kind
from flasklint.analysis.settings import ConfigSetting, settings_of

_SETTING_NODES = frozenset({cst.Assign, cst.AnnAssign, cst.Call, cst.DictElement})

# Order in which the children of scope-creating nodes are walked: everything
# evaluated outside the new scope first, then the body inside it.
_OUTER_FIELDS: dict[type, tuple[str, ...]] = {
    cst.FunctionDef: ("decorators", "params", "returns"),
    cst.ClassDef: ("decorators", "bases", "keywords"),
}

_ENTER, _LEAVE, _PUSH_SCOPE, _POP_SCOPE, _GUARD_IN, _GUARD_OUT, _RESTORE_STATEMENT = range(7)

Handler = Callable[[Any, Any], Any]  # an unbound visit_/leave_ method: (participant, node)
Handlers = tuple[tuple[int, Handler], ...]  # (index into the participants, method)


class RuleError(Exception):
    """A participant raised while handling a node; carries which one."""

    def __init__(self, participant: object, error: BaseException) -> None:
        super().__init__(f"{type(participant).__name__}: {type(error).__name__}: {error}")
        self.participant = participant
        self.error = error


class Walker:
    """Walks one module, keeping `ctx` current and calling participants' handlers."""

    def __init__(
        self,
        participants: list[object],
        ctx: FileContext,
        profile: bool = False,
        statements: StatementMap | None = None,
    ) -> None:
        self.ctx = ctx
        self.statements = statements  # kept for positions.py as the nodes are met
        self.profile = profile
        self.times: dict[object, float] = {}  # participant -> seconds, with profile
        self.participants = participants
        self._classes = tuple(type(p) for p in participants)
        self._table = _dispatch_table(self._classes)
        self.errors: list[RuleError] = []
        self._disabled: set[int] = set()
        # participants that judge configuration settings (settings.py): `visit_ConfigSetting`
        self._settings = _handlers_for(self._classes, ConfigSetting)[0]

    def _call(self, handlers: Handlers, node: object) -> None:
        participants = self.participants
        disabled = self._disabled
        for index, function in handlers:
            if index in disabled:
                continue
            try:
                function(participants[index], node)
            except Exception as error:  # a broken rule must not sink the file
                disabled.add(index)
                self.errors.append(RuleError(participants[index], error))

    def _call_timed(self, handlers: Handlers, node: object) -> None:
        """`_call`, timing each participant (`--profile`)."""
        for index, function in handlers:
            participant = self.participants[index]
            started = perf_counter()
            self._call(((index, function),), node)
            self.times[participant] = self.times.get(participant, 0.0) + perf_counter() - started

    def walk(self, module: cst.Module) -> None:
        ctx = self.ctx
        _collect_module_imports(module, ctx)
        table = self._table
        call = self._call_timed if self.profile else self._call
        statements = self.statements
        unit_of = statements.unit_of if statements is not None else None
        stack: list[tuple[int, Any]] = [(_ENTER, module)]
        while stack:
            op, item = stack.pop()
            if op == _ENTER:
                node = item
                node_type = type(node)
                if statements is not None:
                    kind = statement_kind(node_type)
                    if kind:
                        saved = statements.enter(node, kind)
                        if saved is not None:
                            stack.append((_RESTORE_STATEMENT, saved))
                    else:
                        unit_of[id(node)] = statements.unit  # type: ignore[index]
                entry = table.get(node_type)
                if entry is None:
                    entry = table.setdefault(node_type, _handlers_for(self._classes, node_type))
                visit, leave = entry
                step = _BEFORE.get(node_type)
                if step is not None:
                    step(ctx, node)
                if self._settings and node_type in _SETTING_NODES:
                    for setting in settings_of(node, ctx):
                        call(self._settings, setting)
                if visit:
                    call(visit, node)
                if leave:
                    stack.append((_LEAVE, node))
                self._push_children(node, stack)
            elif op == _LEAVE:
                call(table[type(item)][1], item)
            elif op == _PUSH_SCOPE:
                ctx.enter_scope(item)
            elif op == _POP_SCOPE:
                ctx.leave_scope()
            elif op == _GUARD_IN:
                ctx.enter_main_guard()
            elif op == _GUARD_OUT:
                ctx.leave_main_guard()
            elif op == _RESTORE_STATEMENT:
                statements.restore(item)  # type: ignore[union-attr]

    def _push_children(self, node: Any, stack: list[tuple[int, Any]]) -> None:
        # `node` is Any: the dispatch below tests exact types, which type checkers do not narrow on
        ctx = self.ctx
        node_type = type(node)
        outer = _OUTER_FIELDS.get(node_type)
        if outer is not None:
            if node_type is cst.FunctionDef:
                info = ctx.function_info(node)
                scope = Scope("function", node.name.value, function=info, tainted=_client_params(node, info))
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


# One dispatch table per combination of participant classes, shared by every
# file analysed with it: node type -> (visit handlers, leave handlers), each
# handler an (index into the participants, unbound function) pair.
_TABLES: dict[tuple[type, ...], dict[type, tuple[Handlers, Handlers]]] = {}


def _dispatch_table(classes: tuple[type, ...]) -> dict[type, Any]:
    return _TABLES.setdefault(classes, {})


def _handlers_for(classes: tuple[type, ...], node_type: type) -> tuple[Handlers, Handlers]:
    name = node_type.__name__
    visit = tuple((i, getattr(c, "visit_" + name)) for i, c in enumerate(classes) if hasattr(c, "visit_" + name))
    leave = tuple((i, getattr(c, "leave_" + name)) for i, c in enumerate(classes) if hasattr(c, "leave_" + name))
    return visit, leave


def _before_import(ctx: FileContext, node: cst.Import | cst.ImportFrom) -> None:
    if ctx.scope.kind != "module":  # module-level imports were read before the walk
        ctx.add_import(node)


def _before_assign(ctx: FileContext, node: cst.Assign) -> None:
    ctor = _constructor(node.value, ctx)
    for target in node.targets:
        if type(target.target) is cst.Name:
            _bind(ctx, target.target.value, ctor)
    ctx.propagate_taint([t.target for t in node.targets], node.value)


def _before_ann_assign(ctx: FileContext, node: cst.AnnAssign) -> None:
    if type(node.target) is cst.Name and node.value is not None:
        _bind(ctx, node.target.value, _constructor(node.value, ctx))
        ctx.propagate_taint([node.target], node.value)


def _before_aug_assign(ctx: FileContext, node: cst.AugAssign) -> None:
    ctx.propagate_taint([node.target], node.value)


def _before_loop(ctx: FileContext, node: cst.For | cst.CompFor) -> None:
    ctx.propagate_taint([node.target], node.iter)


def _before_if(ctx: FileContext, node: cst.If) -> None:
    ctx.allow_listed(node.test)


# Dispatch on the exact node type (isinstance() against libcst's ABCs is slow).
_BEFORE: dict[type, Callable[[FileContext, Any], None]] = {
    cst.Import: _before_import,
    cst.ImportFrom: _before_import,
    cst.Assign: _before_assign,
    cst.AnnAssign: _before_ann_assign,
    cst.AugAssign: _before_aug_assign,
    cst.For: _before_loop,
    cst.CompFor: _before_loop,
    cst.If: _before_if,
}


def _bind(ctx: FileContext, name: str, ctor: str | None) -> None:
    if ctor is not None:
        ctx.scope.bindings[name] = ctor
    else:
        ctx.scope.bindings.pop(name, None)


def _constructor(value: cst.BaseExpression, ctx: FileContext) -> str | None:
    if type(value) is cst.Call:
        return ctx.qualname(value.func)
    return None


def _client_params(node: cst.FunctionDef, info: FunctionInfo) -> set[str]:
    """Parameters a client fills: a view's URL parameters, and the arguments of a GraphQL
    resolver or mutation (graphene, Ariadne, Strawberry: `resolve_x(self, info, arg)`)."""
    tainted = set(info.route_params)
    name = node.name.value
    if name.startswith("resolve_") or name == "mutate":
        params = [p.name.value for p in (*node.params.posonly_params, *node.params.params, *node.params.kwonly_params)]
        if "info" in params:
            tainted.update(params[params.index("info") + 1 :])
    return tainted


def _is_view_class(node: cst.ClassDef, ctx: FileContext) -> bool:
    """A class-based view: a known view base, or a resource routed by `@ns.route(...)` on the class."""
    for base in node.bases:
        name = dotted_name(base.value)
        if name and name.rpartition(".")[2] in flaskapi.VIEW_BASE_CLASSES:
            return True
    for decorator in node.decorators:
        call = decorator.decorator
        if isinstance(call, cst.Call):
            owner, _, tail = (dotted_name(call.func) or "").rpartition(".")
            if owner and tail in flaskapi.ROUTE_DECORATORS:
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
