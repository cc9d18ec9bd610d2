"""FL515 auth-on-state-changing-routes: State-changing routes require authentication."""

from __future__ import annotations

import re

from flasklint.api import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    PARTLY,
    FunctionFact,
    Invalid,
    ModuleSummary,
    PracticeRule,
    ProjectModel,
    RouteFact,
    Verdict,
    evidence,
    is_auth_decorator,
    plural,
)

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


AUTH_PACKAGES = ("flask_login", "flask_jwt_extended", "flask_httpauth", "flask_security", "flask_praetorian")


def _denies(function: FunctionFact) -> bool:
    """Calls abort/redirect/verify_jwt...: a request hook or a decorator's wrapper that turns requests away."""
    return any(c.rpartition(".")[2] in DENYING_CALLS for c in function.calls)


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
    return any(IDENTITY_CALLS.search(call) for call in view.calls)


class AuthOnStateChangingRoutes(PracticeRule):
    """State-changing routes require authentication.

    ## What it checks
    In an app that has authentication (Flask-Login, flask-jwt-extended,
    Flask-HTTPAuth, or its own `*_required` decorators), that every POST,
    PUT, PATCH and DELETE route is protected: by a decorator such as
    `@login_required` / `@jwt_required()`, by a decorator of the project's
    whose wrapper turns requests away (`abort`, `redirect`,
    `verify_jwt_in_request`), whatever its name (`@admins_only`), by a check of
    the current user inside the view (`current_user.can(...)`,
    `get_jwt_identity()`), or by a `before_request` guard on its blueprint or
    the app. Login, registration (`POST /users`), token, password-reset,
    confirmation, invitation, OAuth/SAML callback and setup endpoints are
    expected to be public. Partly met when at least half are protected.
    Not applicable to apps without authentication.

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
        has_auth = any(
            imp.module.split(".")[0] in AUTH_PACKAGES for m in project.app_modules for imp in m.imports
        ) or any(is_auth_decorator(d) for m in project.app_modules for f in m.functions for d in f.decorators)
        return None if has_auth else "the app has no authentication"

    def judge(self, project: ProjectModel) -> Verdict:
        guards = [(m, f) for m in project.app_modules for f in m.functions if f.role == "hook" and _denies(f)]
        guarded_modules = {m.path for m, _ in guards}
        app_wide = any(_app_wide(f) for _, f in guards)
        auth_decorators = {
            f.name
            for m in project.app_modules
            for f in m.functions
            if f.role is None and f.class_name is None and _denies(f)
        }
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
            return Verdict(MET, f"all {plural(total, 'state-changing route')} require authentication", found)
        status = PARTLY if len(protected) >= len(open_routes) else NOT_MET
        return Verdict(
            status, f"{len(open_routes)} of {plural(total, 'state-changing route')} have no authentication", found
        )
