"""FL301 input-validation: Request input is validated at the boundary."""

from __future__ import annotations

import re

import libcst as cst

from flasklint.api import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    PARTLY,
    Evidence,
    FactProvider,
    FileContext,
    FunctionFact,
    FunctionStack,
    Invalid,
    Loc,
    ModuleSummary,
    PracticeRule,
    ProjectModel,
    Verdict,
    agreeing,
    dotted_name,
    evidence,
    plural,
)
from flasklint.rules.api_design._shared import _views

MOSTLY = 0.8  # share of input-taking views that validate for the practice to be met
BODY_READS = frozenset({"json", "get_json", "form", "data", "values", "files"})
# decorators that parse and validate a view's input before it runs
# (webargs, flask-smorest, APIFlask, flask-restx/restplus, spectree, flask-pydantic, lemur-style helpers)
VALIDATING_DECORATORS = frozenset(
    {
        "use_args",
        "use_kwargs",
        "validate_schema",
        "validate_request",
        "expect",
        "expects_json",
        "arguments",
        "input",
        "validate",
        "validate_with",
        "parse_with",
        "body",
        "request_schema",
        "parameters",  # flask-restplus-patched: `@api.parameters(SomeSchema())`
    }
)
# calls that validate data: a schema's load, a form's validation, a reqparse parser, pydantic
VALIDATING_CALLS = frozenset(
    {
        "validate_on_submit",
        "parse_args",
        "model_validate",
        "parse_obj",
        "validate_json",
        "load",
        "validate",
        "from_dict",
    }
)
# `load`/`validate` on these are parsing, not validation
NOT_SCHEMAS = frozenset({"json", "pickle", "yaml", "marshal", "toml", "tomllib", "tomli", "csv", "simplejson"})


def _validation_call(node: cst.Call) -> bool:
    func = node.func
    if not isinstance(func, cst.Attribute) or func.attr.value not in VALIDATING_CALLS:
        return False
    receiver = func.value
    if isinstance(receiver, cst.Call):  # `UserSchema().load(...)`, `Form(request.form).validate()`
        return True
    head = (dotted_name(receiver) or "").split(".")[0]
    return bool(head) and head not in NOT_SCHEMAS


class ValidatingFunctions(FactProvider):
    """Functions that validate input: a validating decorator, a schema load, a form or parser check.

    The fact maps each such function's name to where it first validates.
    """

    name = "validating-functions"
    roles = frozenset({"app"})

    def __init__(self, ctx: FileContext, summary: ModuleSummary) -> None:
        super().__init__(ctx, summary)
        self._functions: FunctionStack[list[str]] = FunctionStack(list)

    @classmethod
    def empty(cls) -> dict[str, Loc]:
        return {}

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._functions.push().append(node.name.value)
        for decorator in node.decorators:
            target = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
            tail = (dotted_name(target) or "").rpartition(".")[2]
            if tail in VALIDATING_DECORATORS:
                self.found.setdefault(node.name.value, self.ctx.loc(node))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._functions.pop()

    def visit_Call(self, node: cst.Call) -> None:
        frame = self._functions.top
        if frame is not None and _validation_call(node):
            self.found.setdefault(frame[0], self.ctx.loc(node))


HAND_CHECK = re.compile(r"^(validate|validation|sanitize|sanitise|clean|check)_\w+")


class InputValidation(PracticeRule):
    """Request input is validated at the boundary.

    ## What it checks
    That every view taking input (reading `request.json`, `get_json()`,
    `request.form`, `request.files`, or declaring a parsed argument, itself or
    in a controller function it calls, such as `controller.store(user)`) validates
    it: a validating decorator (webargs `@use_args`/`@use_kwargs`,
    flask-smorest `@arguments`, APIFlask `@input`, flask-restx `@expect`,
    spectree, flask-pydantic), a schema's `.load()`/`.validate()`, a form's
    `validate_on_submit()`, a reqparse `parse_args()`, pydantic's
    `model_validate()`, a typed `from_dict()`, or a helper the view calls that does one of these; a
    view Connexion binds to an OpenAPI operation is validated by the spec.
    Importing a schema library validates nothing: use is what counts. Met
    when at least 80% of those views validate (the rest are listed), partly
    met when fewer do, or when views only check their input with
    hand-written functions of the project (`validate_username(name)`,
    `sanitize_input(text)`); not applicable when no view takes input.

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
    needs = (ValidatingFunctions,)
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
        Invalid(
            """\
from flask import Flask, request
from flask_wtf import FlaskForm  # imported, never used
from webargs import fields
from webargs.flaskparser import use_args

app = Flask(__name__)


@app.post("/users")
@use_args({"email": fields.Email(required=True)}, location="json")
def create_user(args):
    return args, 201


@app.post("/notes")
def create_note():
    return {"text": request.form["text"]}, 201
""",
            status="partly met",
        ),
    )

    def judge(self, project: ProjectModel) -> Verdict:
        validating: dict[str, tuple[str, Loc]] = {}  # function name -> where it validates
        for module in project.app_modules:
            for function, at in module.fact(ValidatingFunctions).items():
                validating.setdefault(function, (module.path, at))
        bound = {operation.target.rpartition(".")[2] for operation in project.operations}
        # a controller the view hands the request to (`return controller.store(user)`) reads the body for it
        body_helpers = {
            f.name for m in project.app_modules for f in m.functions if f.role is None and f.request_reads & BODY_READS
        }
        # hand-written checks: `validate_username(name)`, `sanitize_input(text)` (partial credit at most)
        checkers = {
            f.name
            for m in project.app_modules
            for f in m.functions
            if f.role is None and f.class_name is None and HAND_CHECK.match(f.name)
        }
        readers: list[tuple[ModuleSummary, FunctionFact]] = []
        validated: list[Evidence] = []
        by_hand: list[Evidence] = []
        for module, view in _views(project):
            at = module.fact(ValidatingFunctions).get(view.name)
            own = (module.path, at) if at is not None else None
            # a helper the view calls that validates (one call away), or the OpenAPI spec Connexion enforces
            helper = next(
                (validating[c.rpartition(".")[2]] for c in sorted(view.calls) if c.rpartition(".")[2] in validating),
                None,
            )
            where = own or helper or ((module.path, view.loc) if view.name in bound else None)
            reads_body = bool(view.request_reads & BODY_READS) or any(
                c.rpartition(".")[2] in body_helpers for c in view.calls
            )
            if not reads_body and where is None:
                continue
            readers.append((module, view))
            checker = next((c for c in sorted(view.calls) if c.rpartition(".")[2] in checkers), None)
            if where is None and checker is not None:
                by_hand.append(
                    evidence(module.path, view.loc, f"{view.qualname}() checks its input by hand ({checker}())")
                )
            if where is not None and not any(e.path == where[0] and e.line == where[1].line for e in validated):
                validated.append(evidence(where[0], where[1], f"{view.qualname}() validates its input"))
        if not readers:
            return Verdict(NOT_APPLICABLE, "no view reads a request body")
        unchecked = [
            evidence(m.path, f.loc, f"{f.qualname}() reads the request body unvalidated")
            for m, f in readers
            if not any(e.note.startswith(f"{f.qualname}()") for e in validated)
        ]
        if not unchecked:
            return Verdict(MET, f"every view that takes input validates it ({len(readers)})", validated[:3])
        if len(validated) >= MOSTLY * len(readers):  # a straggler or two is not a missing practice
            return Verdict(
                MET,
                f"{len(validated)} of {plural(len(readers), 'view')} that take input validate it",
                [*validated[:2], *unchecked[:3]],
            )
        if validated:
            return Verdict(
                PARTLY,
                f"{len(validated)} of {plural(len(readers), 'view')} that take input validate it",
                [*validated[:2], *unchecked[:2]],
            )
        if by_hand:
            return Verdict(
                PARTLY,
                f"{len(by_hand)} of {plural(len(readers), 'view')} that take input check it with hand-written "
                "functions, none with a schema",
                [*by_hand[:2], *unchecked[:2]],
            )
        return Verdict(
            NOT_MET, f"{agreeing(len(readers), 'view', 'read')} request bodies with no validation", unchecked[:3]
        )
