"""FL201 mutable-global-state: A view or request hook mutates module-level state."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import libcst as cst

from flasklint.api import (
    FactProvider,
    FileContext,
    Finding,
    FunctionStack,
    Invalid,
    ModuleSummary,
    MutationFact,
    ProjectModel,
    ProjectRule,
    dotted_name,
    flaskapi,
)


@dataclass
class _Frame:
    function: str = ""  # qualname
    local_names: set[str] = field(default_factory=set)
    global_names: set[str] = field(default_factory=set)
    mutations: list[MutationFact] = field(default_factory=list)


class RequestMutations(FactProvider):
    """Names that functions mutate and do not own: `.append()`, item or attribute
    assignment, `+=`, `del x[k]` on a name that is not a local variable of the
    function (or is declared `global`), each marked with whether the walk saw
    it inside a request handler (a Connexion view is known only in the project
    phase)."""

    name = "request-mutations"
    roles = frozenset({"app"})

    def __init__(self, ctx: FileContext, summary: ModuleSummary) -> None:
        super().__init__(ctx, summary)
        self.functions: FunctionStack[_Frame] = FunctionStack(_Frame)

    @classmethod
    def empty(cls) -> list[MutationFact]:
        return []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        frame = self.functions.push()
        frame.function = self.ctx.function_info(node).qualname
        for param in (*node.params.params, *node.params.kwonly_params, *node.params.posonly_params):
            frame.local_names.add(param.name.value)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        frame = self.functions.pop()
        for mutation in frame.mutations:
            if mutation.name in frame.global_names or mutation.name not in frame.local_names:
                self.found.append(mutation)

    def visit_Global(self, node: cst.Global) -> None:
        frame = self.functions.top
        if frame is not None:
            frame.global_names.update(n.name.value for n in node.names)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._assigned(target.target, node)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._assigned(node.target, node)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._mutated(node.target, node, "augmented assignment")

    def visit_Del(self, node: cst.Del) -> None:
        if isinstance(node.target, cst.Subscript):
            self._mutated(node.target, node, "del item")

    def visit_Call(self, node: cst.Call) -> None:
        frame = self.functions.top
        func = node.func
        if frame is None or not isinstance(func, cst.Attribute) or dotted_name(func) is None:
            return
        tail = func.attr.value
        if tail in flaskapi.MUTATING_METHODS and isinstance(func.value, cst.Name):
            frame.mutations.append(
                MutationFact(
                    func.value.value, self.ctx.loc(node), frame.function, f"{tail}()", self.ctx.in_request_handler
                )
            )

    def _assigned(self, target: cst.BaseExpression, node: cst.CSTNode) -> None:
        frame = self.functions.top
        if isinstance(target, cst.Name):
            if frame is not None:
                frame.local_names.add(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                if isinstance(element.value, cst.Name) and frame is not None:
                    frame.local_names.add(element.value.value)
        else:
            self._mutated(target, node, "assignment")

    def _mutated(self, target: cst.BaseExpression, node: cst.CSTNode, how: str) -> None:
        frame = self.functions.top
        if frame is None:
            return
        base = target
        if isinstance(base, cst.Subscript):
            base = base.value
            how = "item " + how if not how.startswith("del") else how
        elif isinstance(base, cst.Attribute):
            base = base.value
            how = "attribute " + how
        if isinstance(base, cst.Name):
            frame.mutations.append(
                MutationFact(base.value, self.ctx.loc(node), frame.function, how, self.ctx.in_request_handler)
            )


class MutableGlobalState(ProjectRule):
    """A view or request hook mutates module-level state.

    ## What it checks
    Module-level containers (`users = []`, `cache = {}`, `defaultdict(...)`)
    and module-level instances of the module's own classes that a view, a
    request hook or an error handler changes: `.append()`, `.update()`,
    item or attribute assignment, `del`. Followed across modules: a view that
    imports `users` from `store.py` and appends to it is found too. Local
    variables that shadow the global name are not.

    ## Why it matters
    Production servers run several worker processes (and threads): each has
    its own copy of the global, so users see different data depending on the
    worker that answers, updates race, and everything is lost on restart.

    ## Example
    ```python
    todos = []

    @bp.post("/todos")
    def add_todo():
        todos.append(request.get_json())
    ```

    ## Use instead
    ```python
    @bp.post("/todos")
    def add_todo():
        db.session.add(Todo(**schema.load(request.get_json())))
        db.session.commit()
    ```
    Keep shared state in a database or cache; per-request data in `g`.
    """

    code = "FL201"
    needs = (RequestMutations,)
    name = "mutable-global-state"
    skill = "global-state"
    severity = "high"
    weight = 3.0
    unit = "view"
    good = (
        """\
from flask import Flask, g, request

app = Flask(__name__)
ALLOWED = ["a", "b"]


@app.post("/items")
def add_item():
    items = []
    items.append(request.get_json())
    g.count = len(ALLOWED)
    return {"items": items}, 201
""",
    )
    bad = (
        Invalid(
            """\
from flask import Flask, request

app = Flask(__name__)
todos = []


@app.route("/todos", methods=["POST"])
def add_todo():
    todos.append(request.get_json())
    return {"ok": True}, 201
""",
            expect=("app.py:9",),
        ),
        Invalid(
            {
                "shop/store.py": "CART = {}\n",
                "shop/views.py": """\
from flask import Blueprint, request
from shop.store import CART

bp = Blueprint("shop", __name__)


@bp.post("/cart/<item>")
def add(item):
    CART[item] = request.json
    return "", 204
""",
            },
            expect=("shop/views.py:9",),
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        for module in project.app_modules:
            views = {f.qualname for f in module.functions if f.role == "view"}  # Connexion binds views late
            for mutation in module.fact(RequestMutations):
                if not (mutation.in_handler or mutation.function in views):
                    continue
                target = project.resolve_global(module, mutation.name)
                if target is None:
                    continue
                home, name = target
                where = "" if home is module else f" (defined in {home.path})"
                yield self.finding(
                    module.path,
                    mutation.loc,
                    f"{mutation.function}() mutates module-level `{name}` by {mutation.how}{where}: "
                    "state shared across requests and lost across workers",
                )
