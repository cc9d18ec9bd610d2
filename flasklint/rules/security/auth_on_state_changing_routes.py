"""FL515 auth-on-state-changing-routes: State-changing routes require authentication."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import libcst as cst

from flasklint.api import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    PARTLY,
    FactProvider,
    FileContext,
    FunctionFact,
    FunctionStack,
    Invalid,
    ModuleSummary,
    PracticeRule,
    ProjectModel,
    RouteFact,
    Verdict,
    dotted_name,
    evidence,
    is_auth_decorator,
    plural,
)
from flasklint.rules.security._shared import uses_auth_package

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


# endpoints meant for visitors who are not signed in yet, matched in the view's name and its URL rule
PUBLIC_ENDPOINT = re.compile(
    r"(login|logout|sign_?in|sign_?up|register|registration|token|auth|password|reset|forgot|webhook|health"
    r"|confirm|verif|activat|invit|callback|oauth|saml|sso|setup|install|unsubscribe)",
    re.I,
)
# POST /users: creating an account is signing up
SIGN_UP_RULE = re.compile(r"^/(api/)?(v\d+/)?(users|accounts|members)/?$")
# calls that stop a request that lacks a user: in a decorator's wrapper, a request hook or the view itself
DENYING_CALLS = frozenset({"abort", "redirect", "verify_jwt_in_request", "unauthorized", "Unauthorized", "Forbidden"})
# calls that establish or check who is asking
IDENTITY_CALLS = re.compile(
    r"(current_user|get_jwt_identity|verify_jwt|get_current_user|current_identity|check_perm|has_perm"
    r"|require_(login|auth|perm|role)|authori[sz]e|authenticate|is_admin)",
    re.I,
)


# an app with accounts needs authentication even when it has none yet
ACCOUNT_WORDS = re.compile(r"(?i)(^|[/_-])(users?|accounts?|login|logout|signup|sign-up|register|members?)([/_<-]|$)")
ACCOUNT_MODELS = frozenset({"User", "Users", "Account", "Member", "AppUser", "Customer"})


REFUSING_STATUS = frozenset({"401", "403"})
# the project's own exceptions for a caller who is not signed in or not allowed (its error handler answers 401/403)
REFUSING_ERROR = re.compile(
    r"(Unauthori[sz]ed|Unauthenticated|NotAuthenticated|Forbidden|PermissionDenied|AccessDenied"
    r"|Authenticat\w*Error|Authori[sz]ation\w*Error|InvalidToken|TokenExpired)"
)


@dataclass(frozen=True)
class GuardFacts:
    """What a file says about who guards requests."""

    refusing: frozenset[str] = frozenset()  # functions answering 401/403 themselves
    guarded_classes: frozenset[str] = frozenset()  # resource classes with auth in `method_decorators`
    bases: tuple[tuple[str, str], ...] = ()  # (class, base) for every class with a base


class RefusingFunctions(FactProvider):
    """Functions that answer 401/403 themselves, and resource classes guarded by their decorators.

    A decorator's wrapper or a request hook that does `return ..., 401` or
    `raise Unauthorized()` turns requests away without calling `abort`; the
    decorator that holds the wrapper counts too. A flask-restful/restx
    resource with `method_decorators = [login_required]` guards every method,
    also in its subclasses.
    """

    name = "refusing-functions"
    roles = frozenset({"app"})

    def __init__(self, ctx: FileContext, summary: ModuleSummary) -> None:
        super().__init__(ctx, summary)
        self._names: FunctionStack[list[str]] = FunctionStack(list)
        self._open: list[str] = []

    @classmethod
    def empty(cls) -> GuardFacts:
        return GuardFacts()

    def _refuse(self) -> None:
        self.found = replace(self.found, refusing=self.found.refusing | frozenset(self._open))

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        name = node.name.value
        bases = tuple((name, (dotted_name(b.value) or "").rpartition(".")[2]) for b in node.bases)
        guarded = self.found.guarded_classes
        for statement in node.body.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if (
                    isinstance(small, cst.Assign)
                    and any(
                        isinstance(t.target, cst.Name) and t.target.value in ("method_decorators", "decorators")
                        for t in small.targets
                    )
                    and isinstance(small.value, (cst.List, cst.Tuple))
                    and any(
                        is_auth_decorator(dotted_name(e.value.func if isinstance(e.value, cst.Call) else e.value) or "")
                        for e in small.value.elements
                    )
                ):
                    guarded = guarded | {name}
        self.found = replace(self.found, guarded_classes=guarded, bases=self.found.bases + bases)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._names.push()
        self._open.append(node.name.value)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._names.pop()
        self._open.pop()

    def visit_Return(self, node: cst.Return) -> None:
        value = node.value
        if isinstance(value, cst.Tuple) and value.elements:
            status = value.elements[-1].value
            if isinstance(status, cst.Integer) and status.value in REFUSING_STATUS:
                self._refuse()

    def visit_Raise(self, node: cst.Raise) -> None:
        raised = node.exc.func if isinstance(node.exc, cst.Call) else node.exc
        name = (dotted_name(raised) or "").rpartition(".")[2] if raised is not None else ""
        if name in DENYING_CALLS or REFUSING_ERROR.search(name):
            self._refuse()


def _denies(function: FunctionFact, module: ModuleSummary, refusing_helpers: frozenset[str] = frozenset()) -> bool:
    """Turns requests away (abort/redirect/verify_jwt, a 401/403 answer, or a call of a helper of the project
    that does, such as `verify_request_access_token()`): a request hook or a decorator's wrapper."""
    inner = [
        f for f in module.functions if f.qualname == function.qualname or f.qualname.startswith(function.qualname + ".")
    ]
    return (
        any(c.rpartition(".")[2] in DENYING_CALLS | refusing_helpers for f in inner for c in f.calls)
        or function.name in module.fact(RefusingFunctions).refusing
    )


def _refusing_helpers(project: ProjectModel) -> frozenset[str]:
    """Module-level functions of the project that turn a request away themselves (raise Unauthorized...)."""
    return frozenset(
        f.name
        for m in project.app_modules
        for f in m.functions
        if f.class_name is None
        and "." not in f.qualname
        and f.role is None
        and f.name in m.fact(RefusingFunctions).refusing
    )


def _resource_guarded(
    project: ProjectModel, module: ModuleSummary, route: RouteFact, auth_decorators: set[str]
) -> bool:
    """A view defined elsewhere (`add_url_rule(..., view_func=AccountView.as_view("account"))` in a router
    module), or a resource class routed as a whole (`@ns.route` on the class): each state-changing method
    the route serves guards itself."""
    served = STATE_CHANGING & set(route.methods)
    name, _, attribute = route.function.partition(".")
    for home, local in project.definitions(module, name):
        target = f"{local}.{attribute}" if attribute else local
        view = next((f for f in home.functions if f.qualname == target), None)
        if view is not None:
            return home is not module and _checks_identity(view, auth_decorators)
        methods = [f for f in home.functions if f.class_name == local and f.name.upper() in served]
        if methods:
            return all(_checks_identity(f, auth_decorators) for f in methods)
    return False


def _guarded_classes(project: ProjectModel) -> set[str]:
    """Resource classes whose methods all require a user, through their own or an ancestor's decorators."""
    guarded: set[str] = set()
    parents: dict[str, set[str]] = {}
    for module in project.app_modules:
        facts = module.fact(RefusingFunctions)
        guarded |= facts.guarded_classes
        for cls, base in facts.bases:
            parents.setdefault(cls, set()).add(base)
    changed = True
    while changed:  # inherit down the class tree, by name
        grown = {cls for cls, bases in parents.items() if bases & guarded}
        changed = not grown <= guarded
        guarded |= grown
    return guarded


def _app_wide(hook: FunctionFact) -> bool:
    """A guard registered for every request of the app, not one blueprint's."""
    return any(d.endswith(("app.before_request", "before_app_request")) for d in hook.decorators)


def _public(route: RouteFact) -> bool:
    if PUBLIC_ENDPOINT.search(f"{route.function} {route.path}"):
        return True
    return route.methods == ("POST",) and bool(SIGN_UP_RULE.match(route.path or ""))


def _checks_identity(view: FunctionFact, auth_decorators: set[str]) -> bool:
    """An auth decorator (a known one, or a project function whose wrapper turns requests away),
    or a check of the current user inside the view."""
    for decorator in view.decorators:
        if is_auth_decorator(decorator) or decorator.rpartition(".")[2] in auth_decorators:
            return True
    # or a call of a helper of the project that turns the request away: `enforce_account_ownership(account_id)`
    return any(IDENTITY_CALLS.search(call) or call.rpartition(".")[2] in auth_decorators for call in view.calls)


class AuthOnStateChangingRoutes(PracticeRule):
    """State-changing routes require authentication.

    ## What it checks
    In an app that has authentication (Flask-Login, flask-jwt-extended,
    Flask-HTTPAuth, Flask-Principal, Authlib, or its own `*_required`
    decorators) or user accounts (a `User`/`Account` model, `/users`,
    `/login` or `/register` routes), that every POST,
    PUT, PATCH and DELETE route is protected: by a decorator such as
    `@login_required` / `@jwt_required()`, by a decorator of the project's
    whose wrapper turns requests away (`abort`, `redirect`,
    `verify_jwt_in_request`), whatever its name (`@admins_only`), by a check of
    the current user inside the view (`current_user.can(...)`,
    `get_jwt_identity()`), by a `before_request` guard on its blueprint or
    the app, or, for a resource class, by `method_decorators = [login_required]`
    on it or a base class. A wrapper or hook that answers 401/403 itself
    (`return ..., 401`) turns requests away like `abort(401)`. Login, registration (`POST /users`), token, password-reset,
    confirmation, invitation, OAuth/SAML callback and setup endpoints are
    expected to be public. Partly met when at least half are protected.
    Not applicable to apps with neither authentication nor accounts.

    ## Why it matters
    One forgotten decorator on a `DELETE` route lets anyone delete anyone's
    data; reviewers look for this first.

    ## Example
    ```python
    @bp.delete("/posts/<int:post_id>")
    def delete_post(post_id): ...
    ```

    ## Use instead
    ```python
    @bp.delete("/posts/<int:post_id>")
    @login_required
    def delete_post(post_id): ...
    ```
    """

    code = "FL515"
    name = "auth-on-state-changing-routes"
    skill = "security"
    severity = "high"
    weight = 3.0
    needs = (RefusingFunctions,)
    good = (
        """\
from flask import Flask
from flask_login import login_required

app = Flask(__name__)


@app.post("/login")
def login():
    return ""


@app.delete("/posts/<int:post_id>")
@login_required
def delete_post(post_id):
    return "", 204
""",
    )
    bad = (
        Invalid(
            """\
from flask import Flask
from flask_login import login_required

app = Flask(__name__)


@app.post("/posts")
@login_required
def create_post():
    return "", 201


@app.delete("/posts/<int:post_id>")
def delete_post(post_id):
    return "", 204


@app.put("/posts/<int:post_id>")
def update_post(post_id):
    return ""
""",
            status="not met",
        ),
    )

    @classmethod
    def applies(cls, project: ProjectModel) -> str | None:
        has_auth = uses_auth_package(project) or any(
            is_auth_decorator(d) for m in project.app_modules for f in m.functions for d in f.decorators
        )
        if has_auth:
            return None
        has_accounts = any(m.name in ACCOUNT_MODELS for module in project.app_modules for m in module.models) or any(
            ACCOUNT_WORDS.search(route.path or "") for module in project.app_modules for route in module.routes
        )
        return None if has_accounts else "the app has neither authentication nor user accounts"

    def judge(self, project: ProjectModel) -> Verdict:
        helpers = _refusing_helpers(project)
        guards = [
            (m, f) for m in project.app_modules for f in m.functions if f.role == "hook" and _denies(f, m, helpers)
        ]
        guarded_modules = {m.path for m, _ in guards}
        app_wide = any(_app_wide(f) for _, f in guards)
        auth_decorators = {
            f.name
            for m in project.app_modules
            for f in m.functions
            if f.role is None and f.class_name is None and _denies(f, m, helpers)
        }
        guarded_classes = _guarded_classes(project)
        protected: list[tuple[ModuleSummary, RouteFact]] = []
        open_routes: list[tuple[ModuleSummary, RouteFact]] = []
        for module in project.app_modules:
            functions = {f.qualname: f for f in module.functions}
            for route in module.routes:
                if not STATE_CHANGING & set(route.methods) or _public(route):
                    continue
                func = functions.get(route.function)
                guarded = (
                    app_wide
                    or module.path in guarded_modules
                    or (func is not None and _checks_identity(func, auth_decorators))
                    or route.function.partition(".")[0] in guarded_classes
                    or _resource_guarded(project, module, route, auth_decorators)
                )
                (protected if guarded else open_routes).append((module, route))
        total = len(protected) + len(open_routes)
        if not total:
            return Verdict(NOT_APPLICABLE, "no state-changing routes besides authentication endpoints")
        found = [
            evidence(m.path, r.loc, f"{'/'.join(r.methods)} {r.path or r.function} has no authentication")
            for m, r in open_routes[:5]
        ]
        if not open_routes:
            return Verdict(MET, f"every state-changing route requires authentication ({total})", found)
        status = PARTLY if len(protected) >= len(open_routes) else NOT_MET
        return Verdict(
            status,
            f"{len(open_routes)} of {plural(total, 'state-changing route')} {'has' if len(open_routes) == 1 else 'have'} no authentication",
            found,
        )
