"""FL513 csrf-protection: Form posts are protected against cross-site request forgery."""

from __future__ import annotations

import re

from flasklint.api import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    Invalid,
    Loc,
    ModuleSummary,
    PracticeRule,
    ProjectModel,
    Verdict,
    agreeing,
    evidence,
)

CSRF_IMPORTS = ("flask_wtf", "flask_seasurf", "flask_csrf")
FORM_BASES = frozenset({"FlaskForm", "Form"})
EXTENSIONS = frozenset({"CSRFProtect", "SeaSurf"})
# an identity provider posts these (a signed SAML response, an OAuth code): no page of the app served a form
IDP_CALLBACK = re.compile(r"(saml|oauth|oidc|sso|callback|assertion)", re.I)
TOKEN_CHECK = re.compile(r"(csrf|xsrf)", re.I)
REFUSING_CALLS = frozenset({"abort", "Forbidden", "Unauthorized", "BadRequest"})
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class CsrfProtection(PracticeRule):
    """Form posts are protected against cross-site request forgery.

    ## What it checks
    When views take form posts (read `request.form` or validate a form),
    that CSRF protection is in use: Flask-WTF's `CSRFProtect` or another CSRF
    extension built in the code (`CSRFProtect(app)`, `csrf.init_app(app)`),
    `FlaskForm` forms that views validate (each carries a token), or a
    `before_request` hook of the project's own that compares a token from
    the session with the one the client sent and aborts, or a decorator of
    its own named for CSRF whose wrapper refuses (`@require_csrf_token`). An
    import alone protects nothing. A SAML or OAuth callback is posted by the
    identity provider, not by a page of the app: it is not a form post. An
    app that takes no form posts is met when its protection guards the
    routes that change state, not applicable otherwise.

    ## Why it matters
    Browsers send cookies with cross-site form posts: without a token the
    app cannot tell a form it served from one another site submitted.

    ## Example
    ```python
    @app.post("/email")
    @login_required
    def change_email():
        current_user.email = request.form["email"]
    ```

    ## Use instead
    ```python
    csrf = CSRFProtect()
    csrf.init_app(app)          # and {{ csrf_token() }} in every form
    ```
    """

    code = "FL513"
    name = "csrf-protection"
    skill = "security"
    severity = "medium"
    weight = 2.0
    good = (
        {
            "app.py": """\
from flask import Flask, request
from flask_wtf import CSRFProtect

app = Flask(__name__)
csrf = CSRFProtect(app)


@app.post("/email")
def change_email():
    return request.form["email"]
""",
        },
    )
    bad = (
        Invalid(
            {
                "app.py": """\
from flask import Flask, request

app = Flask(__name__)


@app.post("/email")
def change_email():
    return request.form["email"]
""",
            },
            status="not met",
        ),
    )

    def judge(self, project: ProjectModel) -> Verdict:
        # views, and the helpers views call: a decorator's wrapper that looks for an `access_token` in the
        # form is reading a credential, not taking a form post
        called = {
            c.rpartition(".")[2] for m in project.app_modules for f in m.functions if f.role == "view" for c in f.calls
        }
        forms = [
            (m, f)
            for m in project.app_modules
            for f in m.functions
            if ("form" in f.request_reads or any(c.endswith(".validate_on_submit") for c in f.calls))
            and not IDP_CALLBACK.search(f.qualname)
            and (f.role == "view" or f.name in called)
        ]
        protection = _protection(project)
        if not forms:
            changing = any(set(r.methods) & STATE_CHANGING for m in project.app_modules for r in m.routes)
            if protection and changing:  # a JSON API that checks a token on the requests that change state
                m, loc, what = protection[0]
                return Verdict(MET, f"state-changing requests are protected ({what})", [evidence(m.path, loc, what)])
            return Verdict(NOT_APPLICABLE, "no view reads form posts")
        found = [evidence(m.path, f.loc, f"{f.qualname}() takes a form post") for m, f in forms[:3]]
        if protection:
            m, loc, what = protection[0]
            return Verdict(MET, f"forms are protected ({what})", [*found, evidence(m.path, loc, what)])
        return Verdict(NOT_MET, f"{agreeing(len(forms), 'view', 'take')} form posts with no CSRF protection", found)


def _initialised(project: ProjectModel, local: str) -> bool:
    """`CSRFProtect(app)`, or `csrf = CSRFProtect()` and `csrf.init_app(app)` anywhere in the code."""
    objects = [o for m in project.app_modules for o in m.objects if o.cls.rpartition(".")[2] == local]
    if any(o.bound_to_app for o in objects):
        return True
    names = {o.name for o in objects}
    return any(
        c.name.rpartition(".")[0].rpartition(".")[2] in names
        for m in project.app_modules
        for c in m.calls_named("init_app")
    )


def _protection(project: ProjectModel) -> list[tuple[ModuleSummary, Loc, str]]:
    """CSRF protection in use: an extension the code builds, FlaskForm forms a view validates, or a guard hook."""
    found: list[tuple[ModuleSummary, Loc, str]] = []
    validates_forms = any(
        c.endswith(".validate_on_submit") for m in project.app_modules for f in m.functions for c in f.calls
    )
    for module in project.app_modules:
        for imp in module.imports:
            if imp.module.split(".")[0] not in CSRF_IMPORTS:
                continue
            if imp.name in FORM_BASES and validates_forms:  # every FlaskForm carries and checks a token
                found.append((module, imp.loc, f"{imp.name} forms carry a CSRF token"))
            elif imp.name in EXTENSIONS and _initialised(project, imp.local):
                found.append((module, imp.loc, f"{imp.name} is initialised"))
        for function in module.functions:
            # a hook of the project's own: compares a token from the session with one the client sent, and refuses
            if (
                function.role == "hook"
                and function.request_reads & {"form", "headers", "values", "json", "get_json"}
                and any(c.rpartition(".")[2] in ("abort", "Forbidden") for c in function.calls)
                and ("csrf" in function.name.lower() or any(c.startswith("session.") for c in function.calls))
            ):
                found.append((module, function.loc, f"{function.qualname}() checks a CSRF token"))
    found += _token_decorators(project)
    return found


def _token_decorators(project: ProjectModel) -> list[tuple[ModuleSummary, Loc, str]]:
    """A decorator of the project's own, named for CSRF, whose wrapper refuses the request, on a view:
    `@require_csrf_token` comparing an `X-XSRF-TOKEN` header with the session's token."""
    applied = {
        d.rpartition(".")[2] for m in project.app_modules for f in m.functions if f.role == "view" for d in f.decorators
    }
    found = []
    for module in project.app_modules:
        for function in module.functions:
            if function.class_name or function.name not in applied or not TOKEN_CHECK.search(function.name):
                continue
            wrapper = [g for g in module.functions if g.qualname.startswith(function.qualname)]
            if any(c.rpartition(".")[2] in REFUSING_CALLS for g in wrapper for c in g.calls):
                found.append((module, function.loc, f"@{function.name} checks a CSRF token"))
    return found
