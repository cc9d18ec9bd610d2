"""FL302 error-handlers: Errors are handled in one place, as JSON for an API."""

from __future__ import annotations

from flasklint.api import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    PARTLY,
    Invalid,
    PracticeRule,
    ProjectModel,
    Verdict,
    evidence,
    plural,
)
from flasklint.rules.api_design._shared import _api_views, _imports, _views

# Frameworks that register JSON error handlers themselves.
JSON_ERROR_FRAMEWORKS = frozenset({"flask_smorest", "apiflask", "flask_restx", "flask_restful", "connexion"})
# Flask-JWT-Extended and Flask-Login hooks that answer authentication errors (and only those)
AUTH_ERROR_LOADERS = frozenset(
    {
        "unauthorized_loader",
        "invalid_token_loader",
        "expired_token_loader",
        "revoked_token_loader",
        "needs_fresh_token_loader",
        "token_verification_failed_loader",
        "unauthorized_handler",
    }
)


class ErrorHandlers(PracticeRule):
    """Errors are handled in one place, as JSON for an API.

    ## What it checks
    That the app registers error handlers (`@app.errorhandler`,
    `@bp.app_errorhandler`, `register_error_handler`); and, when views answer
    JSON, that a handler answers JSON too (a consistent error envelope): a
    dict, `jsonify(...)`, `make_response({...})`, a name holding one, or a
    helper of the project that builds one (`return error_response(404)`).
    Frameworks that install JSON error handlers themselves (flask-smorest,
    APIFlask, flask-restx, flask-restful, connexion) count when the code
    builds their API object (`Api(app)`); an import alone does not.
    Registration by call (`app.errorhandler(404)(render_error)`) counts like
    the decorator. Partly met when an API has only HTML error handlers, or
    when only authentication errors have a handler (Flask-JWT-Extended's
    `@jwt.unauthorized_loader`, Flask-Login's `@login_manager.unauthorized_handler`).

    ## Why it matters
    Without handlers, clients of a JSON API get Flask's HTML error pages and
    every view invents its own error shape; a reviewer sees ad-hoc error
    handling.

    ## Example
    ```python
    @bp.get("/items/<int:item_id>")
    def get_item(item_id):
        item = Item.query.get(item_id)
        if item is None:
            return "not found"      # 200, text
    ```

    ## Use instead
    ```python
    @app.errorhandler(404)
    def not_found(error):
        return {"error": "not found"}, 404
    ```
    """

    code = "FL302"
    name = "error-handlers"
    skill = "api-design"
    severity = "medium"
    weight = 2.0
    good = (
        """\
from flask import Flask

app = Flask(__name__)


@app.errorhandler(404)
def not_found(error):
    return {"error": "not found"}, 404


@app.get("/items")
def items():
    return {"items": []}
""",
    )
    bad = (
        Invalid(
            """\
from flask import Flask

app = Flask(__name__)


@app.get("/items")
def items():
    return {"items": []}
""",
            status="not met",
        ),
        Invalid(
            """\
from flask import Flask, render_template
from flask_jwt_extended import JWTManager

app = Flask(__name__)
jwt = JWTManager(app)


@jwt.unauthorized_loader
def unauthorized(reason):
    return render_template("401.html", reason=reason), 401


@app.get("/items")
def items():
    return render_template("items.html")
""",
            status="partly met",
        ),
    )

    def judge(self, project: ProjectModel) -> Verdict:
        if not _views(project):
            return Verdict(NOT_APPLICABLE, "no views")
        # the framework's API object is built (`Api(app)`, `connexion.App(...)`), not just imported
        frameworks = [
            (m, imp)
            for m, imp in _imports(project, JSON_ERROR_FRAMEWORKS)
            if any(c.split(".")[0] == imp.local for c in m.callees)
        ]
        if frameworks:
            m, imp = frameworks[0]
            name = imp.module.split(".")[0]
            return Verdict(MET, f"{name} answers errors as JSON", [evidence(m.path, imp.loc, f"imports {imp.module}")])
        handlers = [(m, f) for m in project.app_modules for f in m.functions if f.role == "errorhandler"]
        registered = [(m, c) for m in project.app_modules for c in m.calls_named("register_error_handler")]
        found = [evidence(m.path, f.loc, f"error handler {f.qualname}()") for m, f in handlers[:3]]
        found += [evidence(m.path, c.loc, "register_error_handler()") for m, c in registered[:3]]
        if not handlers and not registered:
            auth_only = [
                evidence(m.path, f.loc, f"authentication error handler {f.qualname}()")
                for m in project.app_modules
                for f in m.functions
                if any(d.rpartition(".")[2] in AUTH_ERROR_LOADERS for d in f.decorators)
            ]
            if auth_only:
                return Verdict(PARTLY, "only authentication errors have a handler", auth_only[:3])
            return Verdict(NOT_MET, "no error handlers: errors are Flask's default pages", found)
        # a handler answers JSON itself, or returns what a JSON helper of the project builds: error_response(404)
        json_helpers = {f.name for m in project.app_modules for f in m.functions if f.returns_json and f.role is None}
        answers_json = any(
            f.returns_json or any(c.rpartition(".")[2] in json_helpers for c in f.returned_calls) for _, f in handlers
        )
        if _api_views(project) and handlers and not answers_json:
            return Verdict(PARTLY, "error handlers exist, but none answers JSON for the API", found)
        return Verdict(MET, f"{plural(len(handlers) + len(registered), 'error handler')} registered", found)
