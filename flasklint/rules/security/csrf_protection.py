"""FL513 csrf-protection: Form posts are protected against cross-site request forgery."""

from __future__ import annotations

from flasklint.api import MET, NOT_APPLICABLE, NOT_MET, Invalid, PracticeRule, ProjectModel, Verdict, evidence, plural

CSRF_IMPORTS = ("flask_wtf", "flask_seasurf", "flask_csrf")


class CsrfProtection(PracticeRule):
    """Form posts are protected against cross-site request forgery.

    ## What it checks
    When views read `request.form`, that the app uses Flask-WTF
    (`CSRFProtect`, or `FlaskForm` forms, which carry a token) or another
    CSRF extension. Not applicable to apps that take no form posts.

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
        forms = [(m, f) for m in project.app_modules for f in m.functions if "form" in f.request_reads]
        if not forms:
            return Verdict(NOT_APPLICABLE, "no view reads form posts")
        found = [evidence(m.path, f.loc, f"{f.qualname}() reads request.form") for m, f in forms[:3]]
        protection = [
            (m, imp) for m in project.app_modules for imp in m.imports if imp.module.split(".")[0] in CSRF_IMPORTS
        ]
        if protection:
            m, imp = protection[0]
            return Verdict(
                MET,
                f"forms are protected ({imp.module})",
                [*found, evidence(m.path, imp.loc, f"imports {imp.module}")],
            )
        return Verdict(NOT_MET, f"{plural(len(forms), 'view')} read form posts with no CSRF protection", found)
