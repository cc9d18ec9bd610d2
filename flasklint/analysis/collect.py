"""The collector: a walk participant that fills a file's ModuleSummary.

It runs in the same pass as the file rules and records facts, never
judgments: which apps, blueprints, extensions, routes, factories, models,
tests and fixtures a module has. These are the facts many rules share; a fact
that serves one rule lives beside it in a FactProvider (facts.py). Project
rules turn facts into verdicts.
"""

from __future__ import annotations

import inspect
import re
import sys
from dataclasses import dataclass, field

import libcst as cst

from flasklint.analysis import flaskapi
from flasklint.analysis.context import (
    FileContext,
    dotted_name,
    keyword_arg,
    positional_args,
    route_methods,
    string_value,
    template_text,
)
from flasklint.analysis.nodes import descendants
from flasklint.analysis.summary import (
    NO_NAMES,
    CallFact,
    FunctionFact,
    ImportFact,
    ModelFact,
    ModuleSummary,
    ObjectFact,
    RouteFact,
)

# Calls recorded with their place, for project rules to judge in context.
RECORDED_CALLS = frozenset(
    {
        "create_all",
        "drop_all",
        "register_blueprint",
        "init_app",
        "test_client",
        "TestApp",  # WebTest's client
        "run",
        "add_url_rule",
        "from_object",
        "from_pyfile",
        "from_envvar",
        "from_prefixed_env",
        "from_mapping",
        "register_error_handler",
    }
)
MODEL_FIELD_CALLS = frozenset({"Column", "mapped_column", "relationship"})
JSON_RESPONSES = frozenset({"jsonify", "json_response"})
RECORDED_CALLS = RECORDED_CALLS | {"commit", "rollback", "begin", "paginate", "init_app"}
FLASK_PACKAGES = ("flask", "apiflask", "quart", "connexion")


@dataclass
class _Frame:
    """What the collector learns while inside one function body."""

    info_name: str
    node: cst.FunctionDef
    calls: set[str] = field(default_factory=set)
    app_vars: set[str] = field(default_factory=set)
    call_results: dict[str, str] = field(default_factory=dict)
    creates_app: bool = False
    returns_app: bool = False
    returned_calls: list[str] = field(default_factory=list)
    returns_json: bool = False
    json_vars: set[str] = field(default_factory=set)  # names assigned a JSON body
    asserts: bool = False
    request_reads: set[str] = field(default_factory=set)


def _frozen(names: set[str]) -> frozenset[str]:
    return frozenset(names) if names else NO_NAMES  # pickled once per file, not once per function


def _annotated(node: cst.FunctionDef) -> bool:
    """Any parameter or return annotation that says something (`object`, `Any` say nothing)."""
    params = [*node.params.posonly_params, *node.params.params, *node.params.kwonly_params]
    annotations = [p.annotation for p in params if p.annotation is not None]
    if node.returns is not None:
        annotations.append(node.returns)
    return any(not _vacuous(a.annotation) for a in annotations)


def _vacuous(annotation: cst.BaseExpression) -> bool:
    text = string_value(annotation) if isinstance(annotation, cst.SimpleString) else dotted_name(annotation)
    return (text or "").rpartition(".")[2] in ("object", "Any")


def _app_context(expr: cst.BaseExpression) -> bool:
    return isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "app_context"


def _constant(test: cst.BaseExpression) -> bool:
    """`assert True`, `assert 1`, `assert "ok"`, `assert 1 == 1`: nothing but literals."""
    for node in descendants(test):
        if type(node) in (cst.Call, cst.Attribute, cst.Subscript):
            return False
        if type(node) is cst.Name and node.value not in ("True", "False", "None"):
            return False
    return True


def docstring(node: cst.FunctionDef) -> str | None:
    """`node.get_docstring()`, with a plain literal read off its text (`string_value`) instead of
    compiled: every function in every file asks."""
    first: cst.CSTNode = node.body
    while type(first) in (cst.IndentedBlock, cst.SimpleStatementSuite, cst.SimpleStatementLine):
        statements = first.body  # type: ignore[attr-defined]
        if not statements:
            return None
        first = statements[0]
    if type(first) is not cst.Expr:
        return None
    text = string_value(first.value)
    return inspect.cleandoc(text) if text is not None else None


def _meaningful_docstring(name: str, text: str | None) -> bool:
    """A docstring that says more than the function's name (a docstring reading `create_app` does not)."""
    if not text:
        return False
    words = re.findall(r"[A-Za-z0-9]+", text.lower())
    return len(words) >= 2 and "".join(words) != re.sub(r"[^a-z0-9]", "", name.lower())


def _is_json(value: cst.BaseExpression, json_vars: set[str] | frozenset[str] = frozenset()) -> bool:
    """A dict literal, jsonify(...), make_response of one of those, a name holding one,
    or a (body, status) tuple of those."""
    if isinstance(value, cst.Tuple) and value.elements:
        value = value.elements[0].value
    if isinstance(value, cst.Dict):
        return True
    if isinstance(value, cst.Name):
        return value.value in json_vars
    if isinstance(value, cst.Call):
        tail = (dotted_name(value.func) or "").rpartition(".")[2]
        if tail in ("make_response", "Response") and value.args and value.args[0].keyword is None:
            return _is_json(value.args[0].value, json_vars)
        return tail in JSON_RESPONSES
    return False


def _is_flask_module(module: str) -> bool:
    head = module.split(".")[0]
    return head in FLASK_PACKAGES or head.startswith("flask_")


class Collector:
    """Builds the ModuleSummary of one file during the batched walk."""

    def __init__(self, ctx: FileContext, summary: ModuleSummary) -> None:
        self.ctx = ctx
        self.summary = summary
        self.frames: list[_Frame] = []
        self.classes: list[tuple[cst.ClassDef, bool]] = []  # (node, is_test_class)
        self.module_classes: set[str] = set()
        self.model_classes: dict[str, ModelFact] = {}
        self._revision_names: set[str] = set()
        self._app_contexts = 0  # depth of `with app.app_context():` blocks
        self._callees: set[str] = set()  # the summary's, kept as sorted tuples once the walk ends
        self._import_time_calls: set[str] = set()

    # -- imports ---------------------------------------------------------
    def visit_Import(self, node: cst.Import) -> None:
        for module, name, local in self.ctx.import_bindings(node):
            self._add_import(module, name, local, node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        for module, name, local in self.ctx.import_bindings(node):
            self._add_import(module, name, local, node)

    def _add_import(self, module: str, name: str | None, local: str, node: cst.CSTNode) -> None:
        if _is_flask_module(module):
            self.summary.imports_flask = True
        # interned, as callees are: a summary pickles each distinct string once, not once per use
        module, local = sys.intern(module), sys.intern(local)
        name = sys.intern(name) if name is not None else None
        self.summary.imports.append(
            ImportFact(module, name, local, self.ctx.loc(node), bool(self.frames), self._app_contexts > 0)
        )

    def visit_With(self, node: cst.With) -> None:
        if any(_app_context(item.item) for item in node.items):
            self._app_contexts += 1

    def leave_With(self, original_node: cst.With) -> None:
        if any(_app_context(item.item) for item in original_node.items):
            self._app_contexts -= 1

    # -- functions -------------------------------------------------------
    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        ctx = self.ctx
        info = ctx.function_info(node)
        for route in info.routes:
            self.summary.routes.append(
                RouteFact(route.owner, route.path, route.methods, info.qualname, ctx.loc(route.node))
            )
        self.frames.append(_Frame(info.qualname, node))

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        ctx = self.ctx
        frame = self.frames.pop()
        info = ctx.function_info(node)
        in_test_class = bool(self.classes) and self.classes[-1][1]
        is_test = ctx.is_test and info.name.startswith("test") and (info.class_name is None or in_test_class)
        self.summary.functions.append(
            FunctionFact(
                name=info.name,
                qualname=info.qualname,
                loc=ctx.loc(node.name),
                role=info.role,
                decorators=info.decorators,
                calls=tuple(sorted(frame.calls)),
                creates_app=frame.creates_app,
                returns_app=frame.returns_app,
                returned_calls=tuple(frame.returned_calls),
                is_test=is_test,
                class_name=info.class_name,
                returns_json=frame.returns_json,
                annotated=_annotated(node),
                docstring=_meaningful_docstring(info.name, docstring(node)),
                request_reads=_frozen(frame.request_reads),
                asserts=frame.asserts,
                takes_fixtures=bool(node.params.params) and info.class_name is None,
            )
        )
        if self.frames:  # a nested def: its calls belong to the outer function too
            self.frames[-1].calls |= frame.calls
            self.frames[-1].request_reads |= frame.request_reads

    def visit_Assert(self, node: cst.Assert) -> None:
        if self.frames and not _constant(node.test):
            self.frames[-1].asserts = True

    def visit_Return(self, node: cst.Return) -> None:
        if not self.frames or node.value is None:
            return
        frame, value = self.frames[-1], node.value
        if _is_json(value, frame.json_vars):
            frame.returns_json = True
        if isinstance(value, cst.Name):
            if value.value in frame.app_vars:
                frame.returns_app = True
            elif value.value in frame.call_results:
                frame.returned_calls.append(frame.call_results[value.value])
        elif isinstance(value, cst.Call):
            callee = dotted_name(value.func)
            if self.ctx.qualname(value.func) in flaskapi.APP_CLASSES:
                frame.creates_app = frame.returns_app = True
            elif callee:
                frame.returned_calls.append(callee)

    # -- classes ---------------------------------------------------------
    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        bases = [dotted_name(b.value) or "" for b in node.bases]
        model_base = any(b.endswith(".Model") for b in bases)
        # `class TestX`, `class XTest(unittest.TestCase)`, `class AuthTest(BaseTestCase)` on a project base
        name = node.name.value
        test_class = (
            name.startswith("Test")
            or any(re.search(r"Test|Case", b.rpartition(".")[2]) for b in bases)
            or (self.ctx.is_test and name.endswith(("Test", "Tests")))
        )
        if self.ctx.scope.kind == "module":
            self.module_classes.add(node.name.value)
            if any(self.ctx.qualname(b.value) in flaskapi.APP_CLASSES for b in node.bases):
                self.summary.app_classes.append(node.name.value)
        self.classes.append((node, test_class))
        if model_base and not self.frames:
            self._mark_model(node, next(b for b in bases if b.endswith(".Model")))

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes.pop()
        # flask-restx / flask-smorest resources: `@ns.route("/users")` on a class whose methods serve it
        name = node.name.value
        methods = tuple(
            sorted(
                f.name.upper()
                for f in self.summary.functions
                if f.class_name == name and f.name in flaskapi.HTTP_METHOD_DECORATORS
            )
        )
        for dec in node.decorators:
            call = dec.decorator
            if not isinstance(call, cst.Call):
                continue
            func = dotted_name(call.func) or ""
            owner, _, tail = func.rpartition(".")
            args = positional_args(call)
            path = string_value(args[0].value) if args else None
            if owner and tail in flaskapi.ROUTE_DECORATORS and path is not None:
                self.summary.routes.append(RouteFact(owner, path, methods or ("GET",), name, self.ctx.loc(dec)))

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if (
            self.frames
            and node.attr.value in flaskapi.REQUEST_DATA
            and self.ctx.qualname(node.value) in flaskapi.REQUEST
        ):
            self.frames[-1].request_reads.add(node.attr.value)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if not self.summary.reads_env and self.ctx.qualname(node.value) == "os.environ":
            self.summary.reads_env = True

    def _mark_model(self, node: cst.ClassDef, base: str) -> None:
        name = node.name.value
        if name not in self.model_classes:
            fact = ModelFact(name, base, self.ctx.loc(node.name))
            self.model_classes[name] = fact
            self.summary.models.append(fact)

    def _in_class_body(self) -> bool:
        return bool(self.classes) and self.ctx.scope.kind == "class"

    # -- assignments -----------------------------------------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._assigned(target.target, node.value, node)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if self._in_class_body() and not self.frames:
            annotation = dotted_name(
                node.annotation.annotation.value
                if isinstance(node.annotation.annotation, cst.Subscript)
                else node.annotation.annotation
            )
            if annotation and annotation.rpartition(".")[2] == "Mapped":
                self._mark_model(self.classes[-1][0], "Mapped")
        if node.value is not None:
            self._assigned(node.target, node.value, node)

    def _assigned(self, target: cst.BaseExpression, value: cst.BaseExpression, node: cst.CSTNode) -> None:
        ctx = self.ctx
        frame = self.frames[-1] if self.frames else None
        if isinstance(target, cst.Name):
            name = target.value
            if frame is not None and _is_json(value, frame.json_vars):
                frame.json_vars.add(name)
            if isinstance(value, cst.Call):
                self._constructed(name, value, node)
                if frame is not None:
                    callee = dotted_name(value.func)
                    if callee:
                        frame.call_results[name] = callee
            if ctx.scope.kind == "module":
                if name in ("revision", "down_revision"):
                    self._revision_names.add(name)
                if self._is_mutable(value) and not ctx.in_main_guard:
                    self.summary.mutable_globals[name] = ctx.loc(target)
            elif self._in_class_body() and name == "__tablename__" and not self.frames:
                self._mark_model(self.classes[-1][0], "__tablename__")

    def _is_mutable(self, value: cst.BaseExpression) -> bool:
        if isinstance(value, (cst.List, cst.Dict, cst.Set, cst.ListComp, cst.DictComp, cst.SetComp)):
            return True
        if isinstance(value, cst.Call):
            qual = self.ctx.qualname(value.func)
            return qual in flaskapi.MUTABLE_CONSTRUCTORS or qual in self.module_classes
        return False

    def _constructed(self, name: str, call: cst.Call, node: cst.CSTNode) -> None:
        ctx = self.ctx
        qual = ctx.qualname(call.func)
        kind = None
        if qual in flaskapi.APP_CLASSES:
            kind = "app"
            if self.frames:
                self.frames[-1].creates_app = True
                self.frames[-1].app_vars.add(name)
        elif qual in flaskapi.BLUEPRINT_CLASSES:
            kind = "blueprint"
        elif qual in flaskapi.MIGRATE_CLASSES:
            kind = "migrate"
        elif qual in flaskapi.EXTENSION_CLASSES:
            kind = "extension"
        if kind is None or qual is None:
            return
        bound = any(
            (isinstance(a.value, cst.Name) and ctx.kind_of(a.value.value) == "app")
            or (a.keyword is not None and a.keyword.value == "app")
            for a in call.args
        )
        options = {
            a.keyword.value: text
            for a in call.args
            if a.keyword is not None and (text := string_value(a.value)) is not None
        }
        self.summary.objects.append(
            ObjectFact(
                name=name,
                kind=kind,
                cls=qual,
                loc=ctx.loc(node),
                function=self.frames[-1].info_name if self.frames else None,
                bound_to_app=bound,
                options=options,
            )
        )

    # -- calls -----------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        callee = dotted_name(node.func)
        frame = self.frames[-1] if self.frames else None
        if callee is None:
            self._registration_by_call(node, frame)
            return
        callee = sys.intern(callee)  # the same name in the module's callees and each function's calls
        tail = callee.rpartition(".")[2]
        self._callees.add(callee)
        if frame is not None and (tail.startswith("assert") or tail in ("raises", "fail")) and tail != "assert_":
            frame.asserts = True  # self.assertEqual(...), mock.assert_called_once(), pytest.raises(...)
        if frame is None and not ctx.in_main_guard and ctx.at_import_time:
            self._import_time_calls.add(callee)
        if frame is not None:
            frame.calls.add(callee)
            if ctx.qualname(node.func) in flaskapi.APP_CLASSES:
                frame.creates_app = True
        if self._in_class_body() and not self.frames:
            if tail in MODEL_FIELD_CALLS:
                self._mark_model(self.classes[-1][0], tail)
        if not self.summary.reads_env and ctx.qualname(node.func) in flaskapi.ENV_READS:
            self.summary.reads_env = True
        if tail in RECORDED_CALLS:
            self.summary.calls.append(
                CallFact(
                    name=callee,
                    loc=ctx.loc(node),
                    function=frame.info_name if frame else None,
                    in_main_guard=ctx.in_main_guard,
                    args=tuple(dotted_name(a.value) or "" for a in positional_args(node)),
                    kwargs={
                        a.keyword.value: text
                        for a in node.args
                        if a.keyword is not None
                        # a URL prefix built with an f-string keeps its shape: `/api/{API_VERSION}`
                        and (text := (template_text if a.keyword.value == "url_prefix" else string_value)(a.value))
                        is not None
                    },
                )
            )
        if tail == "add_url_rule":
            self._url_rule(node, callee)
        elif tail == "add_resource":
            self._resource(node, callee)

    def _registration_by_call(self, node: cst.Call, frame: _Frame | None) -> None:
        """`app.errorhandler(404)(render_error)`: the decorator applied by hand is a registration."""
        inner = node.func
        if not isinstance(inner, cst.Call) or not isinstance(inner.func, cst.Attribute):
            return
        if inner.func.attr.value in ("errorhandler", "app_errorhandler"):
            owner = dotted_name(inner.func.value) or ""
            self.summary.calls.append(
                CallFact(
                    name=f"{owner}.register_error_handler",
                    loc=self.ctx.loc(node),
                    function=frame.info_name if frame else None,
                    in_main_guard=self.ctx.in_main_guard,
                )
            )

    def _resource(self, node: cst.Call, callee: str) -> None:
        """flask-restful `api.add_resource(Users, "/users", "/users/<id>")`: one route per URL; the
        resource's methods are filled in by the project model, which sees the class wherever it is."""
        args = positional_args(node)
        resource = dotted_name(args[0].value) if args else None
        if resource is None:
            return
        for arg in args[1:]:
            path = string_value(arg.value)
            if path is not None:
                self.summary.routes.append(RouteFact(callee.rpartition(".")[0], path, (), resource, self.ctx.loc(node)))

    def _url_rule(self, node: cst.Call, callee: str) -> None:
        args = positional_args(node)
        path = string_value(args[0].value) if args else None
        view = keyword_arg(node, "view_func")
        view_expr = view.value if view is not None else (args[2].value if len(args) > 2 else None)
        target = dotted_name(view_expr) if view_expr is not None else None
        if isinstance(view_expr, cst.Call):  # SomeView.as_view("name")
            target = dotted_name(view_expr.func)
        if target is None:  # an endpoint alias (`add_url_rule("/", endpoint="index")`), not a new view
            return
        self.summary.routes.append(
            RouteFact(callee.rpartition(".")[0], path, route_methods(node), target or "?", self.ctx.loc(node))
        )

    # -- end of file -----------------------------------------------------
    def leave_Module(self, node: cst.Module) -> None:
        self.summary.callees = tuple(sorted(self._callees))
        self.summary.import_time_calls = tuple(sorted(self._import_time_calls))
        self._classify_migration()

    def _classify_migration(self) -> None:
        """A migration by substance: where Alembic keeps them, shaped like one, and serving nothing.

        A revision lives in a `versions/` folder (or one alembic.ini names) and binds `revision`,
        `down_revision` and `upgrade()`; it counts in the history only when
        `upgrade()` does something. An environment script is an `env.py` that
        imports `alembic.context`. A module that routes, builds an app or reads
        the request is application code whatever it imports or is named.
        """
        summary = self.summary
        if summary.routes or summary.app_classes or any(f.request_reads for f in summary.functions):
            return
        if any(o.kind in ("app", "blueprint") for o in summary.objects):
            return
        folders = summary.path.split("/")[:-1]
        upgrade = [f for f in summary.functions if f.name == "upgrade" and f.class_name is None]
        folder = "/".join(folders)
        where_alembic_keeps_them = "versions" in folders or folder in self.ctx.revision_folders
        if self._revision_names == {"revision", "down_revision"} and upgrade and where_alembic_keeps_them:
            summary.role = "migration"
            summary.is_revision = any(f.calls for f in upgrade)  # `def upgrade(): pass` changes no schema
        elif summary.path.rpartition("/")[2] == "env.py" and any(
            i.module == "alembic" and i.name == "context" for i in summary.imports
        ):
            summary.role = "migration"  # an Alembic env.py: runs under `alembic`, not the app
