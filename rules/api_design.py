"""API design: validation, errors, status codes, versioning, pagination, docs."""

from __future__ import annotations

import re
from collections.abc import Iterator

import libcst as cst
from flasklint.rules._shared import callee

from flasklint.context import dotted_name
from flasklint.project import ProjectModel
from flasklint.rule import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    PARTLY,
    FileRule,
    Finding,
    PracticeRule,
    ProjectRule,
    Verdict,
    evidence,
    plural,
)
from flasklint.summary import FunctionFact, ModuleSummary

VALIDATION_MODULES = frozenset(
    {
        "marshmallow",
        "marshmallow_dataclass",
        "flask_marshmallow",
        "pydantic",
        "flask_pydantic",
        "webargs",
        "wtforms",
        "flask_wtf",
        "flask_smorest",
        "apiflask",
        "spectree",
        "flask_openapi3",
        "cerberus",
        "jsonschema",
        "voluptuous",
        "flask_expects_json",
        "msgspec",
        "cattrs",
        "flask_restx",
        "schema",
    }
)
OPENAPI_MODULES = frozenset(
    {
        "flask_smorest",
        "apiflask",
        "flasgger",
        "spectree",
        "flask_openapi3",
        "flask_restx",
        "connexion",
        "apispec",
        "flask_apispec",
        "flask_swagger_ui",
    }
)
OPENAPI_FILE = re.compile(r"(^|/)(openapi|swagger)[\w.-]*\.(ya?ml|json)$", re.IGNORECASE)
# Frameworks that register JSON error handlers themselves.
JSON_ERROR_FRAMEWORKS = frozenset({"flask_smorest", "apiflask", "flask_restx", "flask_restful", "connexion"})
BODY_READS = frozenset({"json", "get_json", "form", "data", "values", "files"})
VERSIONED = re.compile(r"/v\d+(/|$)")
WRITES = (
    "commit",
    "session.add",
    "session.delete",
    "session.merge",
    "insert_one",
    "update_one",
    "delete_one",
    "save",
    "delete",
)


def _views(project: ProjectModel) -> list[tuple[ModuleSummary, FunctionFact]]:
    return [(m, f) for m in project.app_modules for f in m.functions if f.role == "view"]


def _api_views(project: ProjectModel) -> list[tuple[ModuleSummary, FunctionFact]]:
    """Views that answer JSON (or live under /api)."""
    api_paths = {
        (m.path, r.function) for m in project.app_modules for r in m.routes if (r.path or "").startswith("/api")
    }
    return [(m, f) for m, f in _views(project) if f.returns_json or (m.path, f.qualname) in api_paths]


def _imports(project: ProjectModel, packages: frozenset[str]):
    return [(m, imp) for m in project.app_modules for imp in m.imports if imp.module.split(".")[0] in packages]


class InputValidation(PracticeRule):
    """Request input is validated at the boundary.

    ## What it checks
    When views read request bodies (`request.json`, `get_json()`,
    `request.form`, `request.files`), that the app validates them with a
    schema library: marshmallow, pydantic, webargs, WTForms/Flask-WTF,
    flask-smorest, APIFlask, spectree, flask-openapi3, cerberus, jsonschema,
    voluptuous, msgspec. Not applicable when no view reads a body.

    ## Why it matters
    `request.json["email"]` answers a missing field with a 500 and accepts
    any type and size. A schema turns bad input into a clear 400, one place
    per resource, and documents what the endpoint takes.

    ## Example
    ```python
    data = request.get_json()
    user = User(email=data["email"], age=data["age"])
    ```

    ## Use instead
    ```python
    class UserIn(Schema):
        email = fields.Email(required=True)
        age = fields.Integer(validate=Range(min=0))

    user = User(**UserIn().load(request.get_json()))
    ```
    """

    code = "FL301"
    name = "input-validation"
    skill = "api-design"
    severity = "medium"
    weight = 3.0
    good = (
        """\
from flask import Flask, request
from marshmallow import Schema, fields

app = Flask(__name__)


class UserIn(Schema):
    email = fields.Email(required=True)


@app.post("/users")
def create_user():
    data = UserIn().load(request.get_json())
    return data, 201
""",
    )
    bad = (
        """\
from flask import Flask, request

app = Flask(__name__)


@app.post("/users")
def create_user():
    data = request.get_json()
    return {"email": data["email"]}, 201
""",
    )

    def judge(self, project: ProjectModel) -> Verdict:
        readers = [(m, f) for m, f in _views(project) if f.request_reads & BODY_READS]
        if not readers:
            return Verdict(NOT_APPLICABLE, "no view reads a request body")
        found = [evidence(m.path, f.loc, f"{f.qualname}() reads the request body") for m, f in readers[:3]]
        libraries = _imports(project, VALIDATION_MODULES)
        if libraries:
            m, imp = libraries[0]
            return Verdict(
                MET,
                f"input is validated with {imp.module.split('.')[0]}",
                [evidence(m.path, imp.loc, f"imports {imp.module}"), *found],
            )
        return Verdict(NOT_MET, f"{plural(len(readers), 'view')} read request bodies with no schema validation", found)


class ErrorHandlers(PracticeRule):
    """Errors are handled in one place, as JSON for an API.

    ## What it checks
    That the app registers error handlers (`@app.errorhandler`,
    `@bp.app_errorhandler`, `register_error_handler`); and, when views answer
    JSON, that a handler answers JSON too (a consistent error envelope).
    Frameworks that install JSON error handlers themselves (flask-smorest,
    APIFlask, flask-restx, flask-restful, connexion) count. Partly met when
    an API has only HTML error handlers.

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
        """\
from flask import Flask

app = Flask(__name__)


@app.get("/items")
def items():
    return {"items": []}
""",
    )

    def judge(self, project: ProjectModel) -> Verdict:
        if not _views(project):
            return Verdict(NOT_APPLICABLE, "no views")
        frameworks = _imports(project, JSON_ERROR_FRAMEWORKS)
        if frameworks:
            m, imp = frameworks[0]
            name = imp.module.split(".")[0]
            return Verdict(MET, f"{name} answers errors as JSON", [evidence(m.path, imp.loc, f"imports {imp.module}")])
        handlers = [(m, f) for m in project.app_modules for f in m.functions if f.role == "errorhandler"]
        registered = [(m, c) for m in project.app_modules for c in m.calls_named("register_error_handler")]
        found = [evidence(m.path, f.loc, f"error handler {f.qualname}()") for m, f in handlers[:3]]
        found += [evidence(m.path, c.loc, "register_error_handler()") for m, c in registered[:3]]
        if not handlers and not registered:
            return Verdict(NOT_MET, "no error handlers: errors are Flask's default pages", found)
        if _api_views(project) and handlers and not any(f.returns_json for _, f in handlers):
            return Verdict(PARTLY, "error handlers exist, but none answers JSON for the API", found)
        return Verdict(MET, f"{plural(len(handlers) + len(registered), 'error handler')} registered", found)


class ExplicitStatusCodes(FileRule):
    """Create and delete endpoints answer with the right status code.

    ## What it checks
    POST-only views that create something (`session.add(...)`, or named
    `create_*`, `add_*`, `new_*`, `register*`) and return without an
    explicit status code (Flask then answers 200), and DELETE-only views
    that answer an empty body without one (use 204).

    ## Why it matters
    Clients and caches rely on status codes: 201 says a resource was created
    (with its location), 204 that a delete succeeded with nothing to show.
    Reviewers read a bare 200 as unfamiliarity with HTTP.

    ## Example
    ```python
    @bp.post("/items")
    def create_item():
        db.session.add(item)
        db.session.commit()
        return jsonify(item.to_dict())
    ```

    ## Use instead
    ```python
        return item.to_dict(), 201
    ```
    """

    code = "FL303"
    name = "explicit-status-codes"
    skill = "api-design"
    severity = "low"
    weight = 1.0
    good = (
        """\
from flask import Flask

app = Flask(__name__)


@app.post("/items")
def create_item():
    app.db.session.add(object())
    return {"id": 1}, 201


@app.delete("/items/<int:item_id>")
def delete_item(item_id):
    return "", 204
""",
    )
    bad = (
        """\
from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/items", methods=["POST"])
def create_item():
    app.db.session.add(object())
    return jsonify({"id": 1})
""",
        """\
from flask import Flask

app = Flask(__name__)


@app.delete("/items/<int:item_id>")
def delete_item(item_id):
    return ""
""",
    )

    CREATE_NAMES = ("create", "add", "new", "register", "post")

    def __init__(self, ctx):
        super().__init__(ctx)
        self.frames: list[dict] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.frames.append({"returns": [], "adds": False, "explicit": False, "body": False})

    def visit_Return(self, node: cst.Return) -> None:
        if not self.frames or node.value is None:
            return
        frame = self.frames[-1]
        value = node.value
        frame["returns"].append(node)
        if not _empty_body(value):
            frame["body"] = True
        if (isinstance(value, cst.Tuple) and len(value.elements) >= 2) or (
            isinstance(value, cst.Call)
            and any(
                (a.keyword is not None and a.keyword.value in ("status", "status_code"))
                or isinstance(a.value, cst.Integer)
                for a in value.args
            )
        ):
            frame["explicit"] = True

    def visit_Call(self, node: cst.Call) -> None:
        if self.frames and callee(node).endswith("session.add"):
            self.frames[-1]["adds"] = True

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        frame = self.frames.pop()
        info = self.ctx.function_info(node)
        if info.role != "view" or not info.routes or frame["explicit"] or not frame["returns"]:
            return
        methods = {m for r in info.routes for m in r.methods}
        if methods == {"POST"} and (frame["adds"] or info.name.lower().startswith(self.CREATE_NAMES)):
            self.report(node.name, f"{info.name}() creates a resource but answers 200; return 201")
        elif methods == {"DELETE"} and not frame["body"]:
            self.report(node.name, f"{info.name}() deletes and answers an empty 200; return 204")


def _empty_body(value: cst.BaseExpression) -> bool:
    return (isinstance(value, cst.SimpleString) and value.evaluated_value == "") or (
        isinstance(value, cst.Name) and value.value == "None"
    )


def _prefixes(project: ProjectModel) -> list[tuple[ModuleSummary, str, object]]:
    found = []
    for module in project.app_modules:
        for obj in module.objects_of("blueprint"):
            if "url_prefix" in obj.options:
                found.append((module, obj.options["url_prefix"], obj.loc))
        for call in module.calls_named("register_blueprint"):
            if "url_prefix" in call.kwargs:
                found.append((module, call.kwargs["url_prefix"], call.loc))
    return found


class ApiVersioning(PracticeRule):
    """The API is versioned.

    ## What it checks
    When views answer JSON, that routes or blueprint URL prefixes carry a
    version (`/api/v1/...`). Not applicable to apps without a JSON API.

    ## Why it matters
    A version in the URL lets the API change without breaking the clients
    already built against it.

    ## Example
    ```python
    api = Blueprint("api", __name__, url_prefix="/api")
    ```

    ## Use instead
    ```python
    api_v1 = Blueprint("api_v1", __name__, url_prefix="/api/v1")
    ```
    """

    code = "FL304"
    name = "api-versioning"
    skill = "api-design"
    severity = "low"
    weight = 1.0
    good = (
        """\
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/items")
def items():
    return {"items": []}
""",
    )
    bad = (
        """\
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/items")
def items():
    return {"items": []}
""",
    )

    def judge(self, project: ProjectModel) -> Verdict:
        if not _api_views(project):
            return Verdict(NOT_APPLICABLE, "no JSON API")
        versioned = [(m, p, loc) for m, p, loc in _prefixes(project) if VERSIONED.search(p)]
        versioned += [
            (m, r.path, r.loc) for m in project.app_modules for r in m.routes if VERSIONED.search(r.path or "")
        ]
        if versioned:
            m, path, loc = versioned[0]
            return Verdict(MET, f"the API is versioned ({path})", [evidence(m.path, loc, f"versioned prefix {path}")])
        return Verdict(NOT_MET, "no version in the API's URLs", [])


class Pagination(PracticeRule):
    """List endpoints are paginated.

    ## What it checks
    GET views of a JSON API that fetch collections (`.all()`, `.scalars()`)
    use pagination (`.paginate()`, `db.paginate`, `.limit()` / `.offset()`).
    Partly met when some do. Not applicable without list endpoints.

    ## Why it matters
    An unpaginated list endpoint returns the whole table: fine with ten rows
    in development, a timeout and a memory spike with a million in
    production.

    ## Example
    ```python
    @bp.get("/orders")
    def orders():
        return [o.to_dict() for o in Order.query.all()]
    ```

    ## Use instead
    ```python
    page = db.paginate(db.select(Order), page=request.args.get("page", 1, type=int), per_page=50)
    ```
    """

    code = "FL305"
    name = "pagination"
    skill = "api-design"
    severity = "low"
    weight = 1.0
    good = (
        """\
from flask import Flask, request

app = Flask(__name__)


@app.get("/orders")
def orders():
    page = app.db.paginate(app.db.select(object), page=request.args.get("page", 1, type=int))
    return {"items": [o.id for o in page.items]}
""",
    )
    bad = (
        """\
from flask import Flask

app = Flask(__name__)


@app.get("/orders")
def orders():
    return {"items": [o.id for o in Order.query.all()]}
""",
    )

    LISTS = ("all", "scalars")
    PAGES = ("paginate", "limit", "offset", "slice", "keyset_page")

    def judge(self, project: ProjectModel) -> Verdict:
        methods = {(m.path, r.function): r.methods for m in project.app_modules for r in m.routes}
        lists = [
            (m, f)
            for m, f in _api_views(project)
            if methods.get((m.path, f.qualname)) == ("GET",)
            and any(c.rpartition(".")[2] in (*self.LISTS, *self.PAGES) for c in f.calls)
        ]
        if not lists:
            return Verdict(NOT_APPLICABLE, "no list endpoints")
        paged = [(m, f) for m, f in lists if any(c.rpartition(".")[2] in self.PAGES for c in f.calls)]
        unpaged = [(m, f) for m, f in lists if not any(c.rpartition(".")[2] in self.PAGES for c in f.calls)]
        found = [evidence(m.path, f.loc, f"{f.qualname}() returns a whole collection") for m, f in unpaged[:5]]
        if not unpaged:
            return Verdict(MET, f"all {plural(len(lists), 'list endpoint')} paginate", found)
        status = PARTLY if paged else NOT_MET
        return Verdict(
            status, f"{len(unpaged)} of {plural(len(lists), 'list endpoint')} return whole collections", found
        )


class OpenApiDescription(PracticeRule):
    """The API is described with OpenAPI.

    ## What it checks
    When the app has a JSON API: flask-smorest, APIFlask, flasgger,
    spectree, flask-openapi3, flask-restx, connexion or apispec in use, or an
    `openapi.yaml` / `swagger.json` in the repository.

    ## Why it matters
    A machine-readable description gives clients documentation, generated
    SDKs and contract tests, and keeps the API honest about what it accepts.

    ## Example
    A JSON API whose only documentation is the code.

    ## Use instead
    ```python
    api = Api(app)                      # flask-smorest
    @blp.arguments(ItemSchema)
    @blp.response(201, ItemSchema)
    def create(data): ...
    ```
    """

    code = "FL306"
    name = "openapi-description"
    skill = "api-design"
    severity = "low"
    weight = 1.0
    good = (
        {
            "app.py": "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/x')\ndef x():\n    return {}\n",
            "openapi.yaml": "openapi: 3.0.0\n",
        },
    )
    bad = (
        {"app.py": "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/x')\ndef x():\n    return {}\n"},
    )

    def judge(self, project: ProjectModel) -> Verdict:
        if not _api_views(project):
            return Verdict(NOT_APPLICABLE, "no JSON API")
        libraries = _imports(project, OPENAPI_MODULES)
        if libraries:
            m, imp = libraries[0]
            return Verdict(
                MET, f"described with {imp.module.split('.')[0]}", [evidence(m.path, imp.loc, f"imports {imp.module}")]
            )
        files = [rel for rel in project.other_files if OPENAPI_FILE.search(rel)]
        if files:
            return Verdict(MET, f"described in {files[0]}", [evidence(files[0], 1, "OpenAPI description")])
        return Verdict(NOT_MET, "no OpenAPI description of the JSON API")


class RateLimiting(PracticeRule):
    """Requests are rate limited.

    ## What it checks
    That the app uses Flask-Limiter (or another limiter extension). Not
    applicable to apps without routes.

    ## Why it matters
    Without limits, one client can exhaust workers, brute-force logins or run
    up the bill of every downstream call.

    ## Example
    A login endpoint that accepts unlimited attempts.

    ## Use instead
    ```python
    limiter = Limiter(get_remote_address, default_limits=["200 per hour"])
    limiter.init_app(app)

    @bp.post("/login")
    @limiter.limit("5 per minute")
    def login(): ...
    ```
    """

    code = "FL307"
    name = "rate-limiting"
    skill = "api-design"
    severity = "low"
    weight = 1.0
    good = (
        'from flask import Flask\nfrom flask_limiter import Limiter\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef i():\n    return ""\n',
    )
    bad = ('from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef i():\n    return ""\n',)

    def judge(self, project: ProjectModel) -> Verdict:
        if not _views(project):
            return Verdict(NOT_APPLICABLE, "no views")
        limiters = _imports(project, frozenset({"flask_limiter", "flask_rate_limiter", "limits"}))
        if limiters:
            m, imp = limiters[0]
            return Verdict(MET, f"rate limited with {imp.module}", [evidence(m.path, imp.loc, f"imports {imp.module}")])
        return Verdict(NOT_MET, "no rate limiting")


class StateChangeInGet(ProjectRule):
    """A GET route changes state.

    ## What it checks
    Views reachable only by GET that commit, add or delete through the
    database session (or a document store's `insert_one` / `update_one` /
    `delete_one`, or `.save()` / `.delete()`).

    ## Why it matters
    GET must be safe: browsers prefetch links, crawlers follow them, proxies
    retry them, and a cross-site `<img src=...>` can trigger them with the
    user's cookies.

    ## Example
    ```python
    @bp.get("/items/<int:item_id>/delete")
    def delete_item(item_id):
        db.session.delete(Item.query.get(item_id))
        db.session.commit()
    ```

    ## Use instead
    ```python
    @bp.delete("/items/<int:item_id>")
    def delete_item(item_id): ...
    ```
    """

    code = "FL308"
    name = "state-change-in-get"
    skill = "api-design"
    severity = "medium"
    weight = 2.0
    good = (
        """\
from flask import Flask

app = Flask(__name__)


@app.get("/items")
def items():
    return {"items": []}


@app.post("/items")
def add_item():
    app.db.session.add(object())
    app.db.session.commit()
    return "", 201
""",
    )
    bad = (
        """\
from flask import Flask

app = Flask(__name__)


@app.route("/items/<int:item_id>/delete")
def delete_item(item_id):
    app.db.session.delete(object())
    app.db.session.commit()
    return "deleted"
""",
    )

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        for module in project.app_modules:
            functions = {f.qualname: f for f in module.functions}
            for route in module.routes:
                func = functions.get(route.function)
                if route.methods != ("GET",) or func is None:
                    continue
                writes = sorted({c for c in func.calls if c.endswith(WRITES)})
                if writes:
                    yield self.finding(
                        module.path, route.loc, f"GET {route.path or func.name} changes state ({writes[0]}())"
                    )


class JsonDumpsResponse(FileRule):
    """A view returns `json.dumps(...)`.

    ## What it checks
    `return json.dumps(...)` in a view.

    ## Why it matters
    The response goes out as `text/html`, so clients and browsers treat JSON
    as HTML; `jsonify` or returning a dict sets `application/json` and uses
    the app's JSON provider.

    ## Example
    ```python
    return json.dumps({"ok": True})
    ```

    ## Use instead
    ```python
    return {"ok": True}
    ```
    """

    code = "FL309"
    name = "json-dumps-response"
    skill = "api-design"
    severity = "low"
    weight = 1.0
    good = (
        'import json\n\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef i():\n    json.dumps({})\n    return {"ok": True}\n',
    )
    bad = (
        'import json\n\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef i():\n    return json.dumps({"ok": True})\n',
    )

    def visit_Return(self, node: cst.Return) -> None:
        fn = self.ctx.function
        if fn is None or fn.role != "view" or not isinstance(node.value, cst.Call):
            return
        if self.ctx.qualname(node.value.func) == "json.dumps":
            self.report(node, "json.dumps() response is sent as text/html; return a dict or jsonify()")


class PostHandlingWithoutMethods(FileRule):
    """A view handles POST but its route only accepts GET.

    ## What it checks
    Views that test `request.method == "POST"` (or `!=`) on a route that
    declares no `methods=` (so only GET and HEAD are routed to it).

    ## Why it matters
    The POST branch can never run: the form submits, Flask answers 405, and
    the code that handles it is dead.

    ## Example
    ```python
    @app.route("/contact")
    def contact():
        if request.method == "POST": ...
    ```

    ## Use instead
    ```python
    @app.route("/contact", methods=["GET", "POST"])
    ```
    """

    code = "FL310"
    name = "post-handling-without-methods"
    skill = "api-design"
    severity = "medium"
    weight = 1.0
    good = (
        'from flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.route("/c", methods=["GET", "POST"])\ndef c():\n    if request.method == "POST":\n        return "sent"\n    return "form"\n',
    )
    bad = (
        'from flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.route("/c")\ndef c():\n    if request.method == "POST":\n        return "sent"\n    return "form"\n',
    )

    def visit_Comparison(self, node: cst.Comparison) -> None:
        fn = self.ctx.function
        if fn is None or fn.role != "view" or not fn.routes:
            return
        if any(set(r.methods) != {"GET"} for r in fn.routes):
            return
        if dotted_name(node.left) == "request.method":
            target = node.comparisons[0].comparator
            if isinstance(target, cst.SimpleString) and "POST" in target.value:
                self.report(node, f"{fn.name}() handles POST, but its route only accepts GET")
