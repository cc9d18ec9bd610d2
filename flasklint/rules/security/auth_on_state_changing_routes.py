"""FL515 auth-on-state-changing-routes: State-changing routes require authentication."""

from __future__ import annotations

import re

from flasklint.api import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    PARTLY,
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


PUBLIC_ENDPOINT = re.compile(r"(login|logout|signin|signup|register|token|auth|password|reset|webhook|health)", re.I)


AUTH_PACKAGES = ("flask_login", "flask_jwt_extended", "flask_httpauth", "flask_security", "flask_praetorian")


class AuthOnStateChangingRoutes(PracticeRule):
    """State-changing routes require authentication.

    ## What it checks
    In an app that has authentication (Flask-Login, flask-jwt-extended,
    Flask-HTTPAuth, or its own `*_required` decorators), that every POST,
    PUT, PATCH and DELETE route is protected: by a decorator such as
    `@login_required` / `@jwt_required()`, or by a `before_request` guard on
    its blueprint. Login, registration, token and password-reset endpoints
    are expected to be public. Partly met when at least half are protected.
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
        guarded_modules = {
            m.path
            for m in project.app_modules
            for f in m.functions
            if f.role == "hook"
            and any(c.rpartition(".")[2] in ("abort", "redirect", "verify_jwt_in_request") for c in f.calls)
        }
        protected: list[tuple[ModuleSummary, RouteFact]] = []
        open_routes: list[tuple[ModuleSummary, RouteFact]] = []
        for module in project.app_modules:
            functions = {f.qualname: f for f in module.functions}
            for route in module.routes:
                if not STATE_CHANGING & set(route.methods) or PUBLIC_ENDPOINT.search(f"{route.function} {route.path}"):
                    continue
                func = functions.get(route.function)
                guarded = module.path in guarded_modules or (
                    func is not None and any(is_auth_decorator(d) for d in func.decorators)
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
