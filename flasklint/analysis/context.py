"""What the walker knows about where it is in a file, shared by every rule.

Rules ask the context instead of tracking scopes themselves: which function
they are in and what kind it is (a view, a request hook, a CLI command, a test
fixture), whether code runs at import time, and what a name means according to
the module's own imports. Names are resolved from imports only; libcst's
scope and qualified-name providers cost about ten times the parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

import libcst as cst

from flasklint.analysis import flaskapi
from flasklint.analysis.nodes import children
from flasklint.core.kinds import FileRole, FunctionRole
from flasklint.core.location import Loc

_URL_PARAM = re.compile(r"<(?:[^:<>]+:)?(\w+)>")


@dataclass
class RouteDecl:
    """One `@owner.route(path, methods=...)` (or `.get`, `.post`, ...) decorator."""

    owner: str
    path: str | None
    methods: tuple[str, ...]
    node: cst.Decorator


@dataclass
class FunctionInfo:
    """What a def statement says about itself before its body runs."""

    name: str
    qualname: str
    class_name: str | None
    decorators: tuple[str, ...]
    role: FunctionRole | None
    routes: list[RouteDecl] = field(default_factory=list)
    hooks: tuple[str, ...] = ()

    @property
    def route_params(self) -> set[str]:
        """Parameters filled from the URL: `<int:item_id>` -> item_id."""
        return {m for r in self.routes for m in _URL_PARAM.findall(r.path or "")}


ScopeKind = Literal["module", "class", "function"]


@dataclass
class Scope:
    kind: ScopeKind
    name: str
    function: FunctionInfo | None = None
    view_class: bool = False
    # name -> qualified name of the callable whose result was assigned to it
    bindings: dict[str, str] = field(default_factory=dict)
    # names holding data a client sent: URL parameters of a view, and names
    # assigned from `request...` or from other such names
    tainted: set[str] = field(default_factory=set)
    # the tainted names whose value went through a function first: not what the client sent as written
    transformed: set[str] = field(default_factory=set)


Flow = Literal["direct", "transformed"]


def dotted_name(node: cst.BaseExpression) -> str | None:
    """`a.b.c` for a Name/Attribute chain, else None."""
    # exact type tests: isinstance() against libcst's ABC node classes is slow, and this is hot
    parts: list[str] = []
    while type(node) is cst.Attribute:
        parts.append(node.attr.value)  # type: ignore[attr-defined]
        node = node.value  # type: ignore[attr-defined]
    if type(node) is cst.Name:
        parts.append(node.value)  # type: ignore[attr-defined]
        return ".".join(reversed(parts))
    return None


def string_value(node: cst.BaseExpression | None) -> str | None:
    """The value of a plain string literal (concatenations included), else None."""
    if type(node) is cst.SimpleString:
        plain = _plain_string(node.value)  # type: ignore[union-attr]
        if plain is not None:
            return plain
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _plain_string(literal: str) -> str | None:
    """The value of a str literal without escapes or carriage returns, read off its text; None for any
    other literal. `evaluated_value` compiles every literal, which the rules asked for 8,000 times on
    the 45,000-line benchmark corpus."""
    if "\\" in literal or "\r" in literal:
        return None  # escapes, and line ends that the compiler would normalise
    start = len(literal) - len(literal.lstrip("rRuUbB"))
    if "b" in literal[:start].lower() or literal[start : start + 1] not in ("'", '"'):
        return None  # bytes, or not a literal
    quote = literal[start : start + 3] if literal[start : start + 3] in ('"""', "'''") else literal[start]
    return literal[start + len(quote) : len(literal) - len(quote)]


def template_text(node: cst.BaseExpression | None) -> str | None:
    """A string literal's value, or an f-string with each replacement shown by name:
    `f"/api/{API_VERSION}"` -> `/api/{API_VERSION}`; None for anything else."""
    if isinstance(node, cst.FormattedString):
        parts = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(part.value)
            elif isinstance(part, cst.FormattedStringExpression):
                parts.append("{" + (dotted_name(part.expression) or "") + "}")
        return "".join(parts)
    return string_value(node)


def is_true(node: cst.BaseExpression | None) -> bool:
    """The literal `True`."""
    return isinstance(node, cst.Name) and node.value == "True"


def keyword_arg(call: cst.Call, name: str) -> cst.Arg | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


def positional_args(call: cst.Call) -> list[cst.Arg]:
    return [a for a in call.args if a.keyword is None and not a.star]


def route_methods(call: cst.Call) -> tuple[str, ...]:
    """The HTTP methods a `route(...)` or `add_url_rule(...)` call names (`GET` when it names none)."""
    kw = keyword_arg(call, "methods")
    if kw is None or not isinstance(kw.value, (cst.List, cst.Tuple, cst.Set)):
        return ("GET",)
    return tuple(sorted({m.upper() for e in kw.value.elements if (m := string_value(e.value))}))


def is_main_guard(test: cst.BaseExpression) -> bool:
    """`if __name__ == "__main__":` in either order."""
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return False
    target = test.comparisons[0]
    if not isinstance(target.operator, cst.Equal):
        return False
    sides = (test.left, target.comparator)
    names = [s for s in sides if isinstance(s, cst.Name) and s.value == "__name__"]
    strings = [s for s in sides if string_value(s) == "__main__"]
    return len(names) == 1 and len(strings) == 1


class FileContext:
    """Per-file state the walker keeps up to date for every participant."""

    def __init__(
        self,
        path: str,
        module_name: str,
        role: FileRole,
        is_package: bool = False,
        revision_folders: frozenset[str] = frozenset(),
        serves_requests: bool = False,
    ) -> None:
        self.path = path
        # module-level code builds an app or routes: application code, whatever its name says
        self.serves_requests = serves_requests
        # folders alembic.ini names for revisions, besides any `versions/` folder
        self.revision_folders = revision_folders
        self.module_name = module_name
        self.role = role
        self.is_package = is_package
        self.imports: dict[str, str] = {}
        self.scopes: list[Scope] = [Scope("module", module_name)]
        self.main_guard_depth = 0
        self.locs: list[Loc] = []
        self._functions: dict[int, FunctionInfo] = {}

    # -- positions -------------------------------------------------------
    def loc(self, node: cst.CSTNode) -> Loc:
        loc = Loc(node)
        self.locs.append(loc)
        return loc

    # -- names -----------------------------------------------------------
    def package(self) -> str:
        if self.is_package:
            return self.module_name
        return self.module_name.rpartition(".")[0]

    def absolute_module(self, module: str, level: int) -> str:
        if level == 0:
            return module
        base = self.package().split(".") if self.package() else []
        if level > 1:
            base = base[: len(base) - (level - 1)] if len(base) >= level - 1 else []
        parts = [*base, module] if module else base
        return ".".join(p for p in parts if p)

    def import_bindings(self, node: cst.Import | cst.ImportFrom) -> list[tuple[str, str | None, str]]:
        """(module, imported name, local name) for each name an import binds.

        `import a.b` -> ("a.b", None, "a"); `import a.b as x` -> ("a.b", None, "x");
        `from .m import n as k` -> ("pkg.m", "n", "k"); a star import -> (module, "*", "*").
        Relative imports are made absolute from this module's package.
        """
        bindings: list[tuple[str, str | None, str]] = []
        if isinstance(node, cst.Import):
            for alias in node.names:
                full = dotted_name(alias.name) or ""
                local = full.split(".")[0]
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    local = alias.asname.name.value
                bindings.append((full, None, local))
            return bindings
        module = dotted_name(node.module) if node.module is not None else ""
        base = self.absolute_module(module or "", len(node.relative))
        if isinstance(node.names, cst.ImportStar):
            return [(base, "*", "*")]
        for alias in node.names:
            name = dotted_name(alias.name) or ""
            local = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            bindings.append((base, name, local))
        return bindings

    def add_import(self, node: cst.Import | cst.ImportFrom) -> None:
        for module, name, local in self.import_bindings(node):
            if name == "*":
                continue  # a star import binds names nobody can see statically
            if name is not None:
                self.imports[local] = f"{module}.{name}" if module else name
            else:  # `import a.b` binds `a`; `import a.b as x` binds x to a.b
                self.imports[local] = local if local == module.split(".")[0] else module

    def qualname(self, node: cst.BaseExpression) -> str | None:
        """Qualified name of a Name/Attribute chain, resolved through imports.

        A name the module did not import resolves to itself (`list`, `open`,
        a local variable), so callers compare against qualified names such
        as `flask.Flask` and a local `Flask` class never matches.
        """
        dotted = dotted_name(node)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        if self.binding(head) is not None:
            return dotted
        target = self.imports.get(head)
        if target is None:
            return dotted
        return f"{target}.{rest}" if rest else target

    def binding(self, name: str) -> str | None:
        """Qualified callable whose result `name` was last assigned from."""
        for scope in reversed(self.scopes):
            if scope.kind == "class" and scope is not self.scopes[-1]:
                continue
            if name in scope.bindings:
                return scope.bindings[name]
        return None

    def kind_of(self, name: str) -> str | None:
        """ "app", "blueprint" or "extension" for a name bound to one in this file."""
        ctor = self.binding(name)
        if ctor in flaskapi.APP_CLASSES:
            return "app"
        if ctor in flaskapi.BLUEPRINT_CLASSES:
            return "blueprint"
        if ctor in flaskapi.EXTENSION_CLASSES:
            return "extension"
        return None

    # -- data from the client ---------------------------------------------
    def _function_scope(self) -> Scope | None:
        for scope in reversed(self.scopes):
            if scope.kind == "function":
                return scope
        return None

    def is_request_derived(self, expr: cst.CSTNode) -> bool:
        """Does `expr` carry data a client sent (lightweight, per-function taint)?

        True when it reads `flask.request` or a name that was assigned from
        request data (or is a URL parameter) earlier in the same function,
        unless a sanitiser stands in between (`int(x)`, `secure_filename(x)`).
        """
        return self.request_flow(expr) is not None

    def request_flow(self, expr: cst.CSTNode) -> Flow | None:
        """How client data reaches `expr`: "direct" as written, "transformed" by a function, or None.

        As written: through names, attributes, subscripts, string building
        (`%`, `+`, f-strings, `.format`, `.join`, `os.path.join`), classes
        that wrap it (`CaseInsensitiveDict(request.args)`) and the methods of
        the data itself (`request.args.get(...)`, `name.strip()`). Transformed:
        as an argument of some other function (`qrcode_svg(username)`,
        `storage.path(name)`), or through another method of an object built
        from it (`user.totp.qrcode_svg()`), whose result may no longer be what
        the client sent. Severity can follow: as written is the exploit; transformed is a
        lead to check.
        """
        scope = self._function_scope()
        tainted = scope.tainted if scope is not None else set()
        transformed = scope.transformed if scope is not None else set()
        found: Flow | None = None
        stack: list[tuple[Any, bool]] = [(expr, False)]  # exact type tests below; checkers do not narrow on them
        while stack:
            node, through = stack.pop()
            kind = type(node)
            if kind is cst.Name:
                if node.value in tainted or self.qualname(node) in flaskapi.REQUEST:
                    if not through and node.value not in transformed:
                        return "direct"
                    found = "transformed"
                continue
            if kind is cst.Attribute and node.attr.value == "request" and self.qualname(node) in flaskapi.REQUEST:
                if not through:
                    return "direct"  # `flask.request`
                found = "transformed"
                continue
            if kind is cst.Call:
                if self.sanitizes(node):
                    continue  # int(x), secure_filename(x), url_for(...), a row looked up by x: not x itself
                if type(node.func) is cst.Attribute:
                    # the data's own methods keep it (`form.get("x")`, `name.strip()`); another method of an
                    # object built from it computes something else (`user.totp.qrcode_svg(...)`)
                    keeps = node.func.attr.value in flaskapi.PASSING_METHODS
                    stack.append((node.func.value, through or not keeps))
                passes = self.passes_on(node)
                stack.extend((arg.value, through or not passes) for arg in node.args)
                continue
            stack.extend((child, through) for child in children(node))
        return found

    def passes_on(self, call: cst.Call) -> bool:
        """Whether a call hands its arguments on as written: string building and parsing (`"...".format(x)`,
        `os.path.join(a, x)`, `json.loads(x)`, `str(x)`), or a class that wraps them
        (`CaseInsensitiveDict(request.args)`). Any other function computes something else."""
        func = call.func
        if isinstance(func, cst.Attribute):
            return func.attr.value in flaskapi.PASSING_METHODS
        called = self.qualname(func) or ""
        return called in flaskapi.PASSING_FUNCTIONS or called.rpartition(".")[2][:1].isupper()

    def sanitizes(self, call: cst.Call) -> bool:
        """`int(x)`, `secure_filename(x)`, `url_for(...)`, a row looked up by x: the result is not x."""
        func = call.func
        tail = func.attr.value if type(func) is cst.Attribute else func.value if type(func) is cst.Name else ""
        if tail in SCHEMA_METHODS and type(func) is cst.Attribute:  # `UserIn().load(data)`: validated fields
            owner = func.value
            made = isinstance(owner, cst.Call)  # an instance made here: `UserIn()` (json.load is a module's)
            receiver = (dotted_name(owner.func if isinstance(owner, cst.Call) else owner) or "").rpartition(".")[2]
            if (made and receiver[:1].isupper()) or receiver.lower().endswith("schema"):
                return True
        return tail in flaskapi.SANITIZERS or tail in flaskapi.DB_LOOKUPS or self.qualname(func) in flaskapi.SANITIZERS

    def allow_listed(self, test: cst.BaseExpression) -> None:
        """`if sort not in ("asc", "desc"): abort(400)`, `if urlsplit(url).hostname != "cdn.x":`: a name
        checked against an allow-list no longer carries what the client chose, for the rest of the function."""
        scope = self._function_scope()
        if scope is None or not scope.tainted:
            return
        stack: list[cst.CSTNode] = [test]
        while stack:
            node = stack.pop()
            if isinstance(node, cst.Comparison):
                checked = _checked_name(node.left)
                if (
                    checked is not None
                    and checked in scope.tainted
                    and any(
                        (
                            isinstance(c.operator, (cst.In, cst.NotIn))
                            or (isinstance(c.operator, cst.NotEqual) and string_value(c.comparator) is not None)
                        )
                        and not self.is_request_derived(c.comparator)
                        for c in node.comparisons
                    )
                ):
                    scope.tainted.discard(checked)
            elif isinstance(node, (cst.BooleanOperation, cst.UnaryOperation)):
                stack.extend(children(node))

    def propagate_taint(self, targets: list[cst.BaseExpression], value: cst.CSTNode) -> None:
        scope = self._function_scope()
        flow = self.request_flow(value) if scope is not None else None
        if scope is None or flow is None:
            return
        names: list[str] = []
        for target in targets:
            if isinstance(target, cst.Name):
                names.append(target.value)
            elif isinstance(target, (cst.Tuple, cst.List)):
                names.extend(e.value.value for e in target.elements if isinstance(e.value, cst.Name))
        scope.tainted.update(names)
        if flow == "transformed":
            scope.transformed.update(names)
        else:
            scope.transformed.difference_update(names)

    # -- where are we ----------------------------------------------------
    # The walker calls these as it enters and leaves scopes; rules only read.
    def enter_scope(self, scope: Scope) -> None:
        self.scopes.append(scope)

    def leave_scope(self) -> None:
        self.scopes.pop()

    def enter_main_guard(self) -> None:
        self.main_guard_depth += 1

    def leave_main_guard(self) -> None:
        self.main_guard_depth -= 1

    @property
    def scope(self) -> Scope:
        return self.scopes[-1]

    @property
    def function(self) -> FunctionInfo | None:
        for scope in reversed(self.scopes):
            if scope.kind == "function":
                return scope.function
        return None

    @property
    def class_scope(self) -> Scope | None:
        for scope in reversed(self.scopes):
            if scope.kind == "class":
                return scope
        return None

    @property
    def at_import_time(self) -> bool:
        """True outside any function body: module and class bodies run on import."""
        return all(scope.kind != "function" for scope in self.scopes)

    @property
    def in_main_guard(self) -> bool:
        return self.main_guard_depth > 0

    def enclosing_roles(self) -> set[str]:
        return {s.function.role for s in self.scopes if s.function is not None and s.function.role}

    @property
    def in_request_handler(self) -> bool:
        """Inside a view, a request hook or an error handler (at any nesting)."""
        return bool(self.enclosing_roles() & {"view", "hook", "errorhandler"})

    @property
    def is_test(self) -> bool:
        return self.role == "test"

    # -- functions -------------------------------------------------------
    def function_info(self, node: cst.FunctionDef) -> FunctionInfo:
        info = self._functions.get(id(node))
        if info is None:
            info = self._describe(node)
            self._functions[id(node)] = info
        return info

    def _describe(self, node: cst.FunctionDef) -> FunctionInfo:
        cls = self.class_scope if self.scope.kind == "class" else None
        name = node.name.value
        decorators: list[str] = []
        routes: list[RouteDecl] = []
        hooks: list[str] = []
        role: FunctionRole | None = None
        for dec in node.decorators:
            expr = dec.decorator
            call = expr if isinstance(expr, cst.Call) else None
            func = call.func if call is not None else expr
            text = dotted_name(func) or ""
            decorators.append(self.qualname(func) or text)
            tail = text.rpartition(".")[2]
            owner = text.rpartition(".")[0]
            if call is not None and owner and self._is_route(call, owner, tail):
                routes.append(self._route(call, owner, tail, dec))
            elif tail in flaskapi.REQUEST_HOOKS and owner:
                hooks.append(tail)
            elif tail in ("errorhandler", "app_errorhandler") and owner:
                role = role or "errorhandler"
            elif tail in ("command", "group") or "with_appcontext" in text:
                role = role or "cli"
            elif self.qualname(func) in ("pytest.fixture", "pytest.yield_fixture") or tail == "fixture":
                role = role or "fixture"
        if routes:
            role = "view"
        elif hooks:
            role = "hook"
        elif cls is not None and cls.view_class and name in flaskapi.VIEW_METHOD_NAMES:
            role = "view"
        qual = f"{cls.name}.{name}" if cls is not None else name
        return FunctionInfo(
            name=name,
            qualname=qual,
            class_name=cls.name if cls is not None else None,
            decorators=tuple(decorators),
            role=role,
            routes=routes,
            hooks=tuple(hooks),
        )

    def _is_route(self, call: cst.Call, owner: str, tail: str) -> bool:
        if tail in flaskapi.ROUTE_DECORATORS:
            return True
        if tail not in flaskapi.HTTP_METHOD_DECORATORS:
            return False
        # `.get("/path")` is a route on an app or blueprint; `.get(key)` on a
        # dict or a cache is not, so require a known owner or a URL-like rule.
        if self.kind_of(owner.split(".")[0]) in ("app", "blueprint"):
            return True
        args = positional_args(call)
        first = string_value(args[0].value) if args else None
        return first is not None and first.startswith("/")

    def _route(self, call: cst.Call, owner: str, tail: str, dec: cst.Decorator) -> RouteDecl:
        args = positional_args(call)
        path = string_value(args[0].value) if args else None
        if path is None:
            rule_kw = keyword_arg(call, "rule")
            path = string_value(rule_kw.value) if rule_kw is not None else None
        methods = (tail.upper(),) if tail in flaskapi.HTTP_METHOD_DECORATORS else route_methods(call)
        return RouteDecl(owner=owner, path=path, methods=methods, node=dec)


URL_PARSERS = frozenset({"urlparse", "urlsplit"})
SCHEMA_METHODS = frozenset({"load", "loads", "validate", "model_validate", "parse_obj"})


def _checked_name(node: cst.BaseExpression) -> str | None:
    """The name an allow-list test checks: `name in ...`, or its host, `urlsplit(url).hostname in ...`."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Call) and node.value.args:
        func = node.value.func
        tail = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
        argument = node.value.args[0].value
        if tail in URL_PARSERS and isinstance(argument, cst.Name):
            return argument.value
    return None
