"""FL513 csrf-protection: Form posts are protected against cross-site request forgery."""

from __future__ import annotations

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
    evidence,
    plural,
)

CSRF_IMPORTS = ("flask_wtf", "flask_seasurf", "flask_csrf")
FORM_BASES = frozenset({"FlaskForm", "Form"})
EXTENSIONS = frozenset({"CSRFProtect", "SeaSurf"})


class CsrfProtection(PracticeRule):
    """Form posts are protected against cross-site request forgery.

    ## What it checks
    When views take form posts (read `request.form` or validate a form),
    that CSRF protection is in use: Flask-WTF's `CSRFProtect` or another CSRF
    extension built in the code (`CSRFProtect(app)`, `csrf.init_app(app)`),
    `FlaskForm` forms that views validate (each carries a token), or a
    `before_request` hook of the project's own that compares a token from
    the session with the one the client sent and aborts. An import alone
    protects nothing. Not applicable to apps that take no form posts.

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
        forms = [
            (m, f)
            for m in project.app_modules
            for f in m.functions
            if "form" in f.request_reads or any(c.endswith(".validate_on_submit") for c in f.calls)
        ]
        if not forms:
            return Verdict(NOT_APPLICABLE, "no view reads form posts")
        found = [evidence(m.path, f.loc, f"{f.qualname}() takes a form post") for m, f in forms[:3]]
        protection = _protection(project)
        if protection:
            m, loc, what = protection[0]
            return Verdict(MET, f"forms are protected ({what})", [*found, evidence(m.path, loc, what)])
        return Verdict(NOT_MET, f"{plural(len(forms), 'view')} take form posts with no CSRF protection", found)


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
    return found
