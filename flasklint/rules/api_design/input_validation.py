"""FL301 input-validation: Request input is validated at the boundary."""

from __future__ import annotations

from flasklint.api import MET, NOT_APPLICABLE, NOT_MET, Invalid, PracticeRule, ProjectModel, Verdict, evidence, plural
from flasklint.rules.api_design._shared import _imports, _views

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


BODY_READS = frozenset({"json", "get_json", "form", "data", "values", "files"})


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
        Invalid(
            """\
from flask import Flask, request

app = Flask(__name__)


@app.post("/users")
def create_user():
    data = request.get_json()
    return {"email": data["email"]}, 201
""",
            status="not met",
        ),
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
