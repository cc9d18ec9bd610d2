"""FL523 mass-assignment: The client chooses which fields of a record it sets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import libcst as cst

from flasklint.api import (
    FileContext,
    FileRule,
    Finding,
    Invalid,
    ProjectModel,
    call_tail,
    dotted_name,
    is_auth_decorator,
)

PRIVILEGED = frozenset({"admin", "is_admin", "role", "roles", "is_staff", "is_superuser", "permissions", "superuser"})
UNPACKED = "takes every field the request sends: mass assignment"
# the view checks that an administrator is asking: `is_admin()`, `current_user.has_role("admin")`
ADMIN_CHECK = re.compile(r"(is_admin|has_role|require_admin|admin_required|check_admin|is_superuser)", re.I)


@dataclass
class _View:
    guarded: bool = False  # an admin-only decorator, or a call that checks for an administrator
    privileged: list[tuple[cst.CSTNode, str]] = field(default_factory=list)


class MassAssignment(FileRule):
    """The client chooses which fields of a record it sets.

    ## What it checks
    Request data as written, unpacked into a class (`User(**request.get_json())`),
    poured into an object (`user.__dict__.update(request.json)`, a query's
    `.update(request.json)`), or naming the attribute to set
    (`for key, value in request.form.items(): setattr(user, key, value)`);
    and a privileged field (`is_admin`, `role`, `permissions`, ...) set from
    request data. Data validated by a schema first (`UserSchema().load(...)`)
    and fields set one by one are fine, as is a class of the project that is
    not one of its models (`PhoneNumber(**data)`), and a privileged field
    set in a view only administrators reach (an admin decorator, or a call
    such as `is_admin()` in the view).

    ## Why it matters
    Whatever the client adds to the body lands in the record: `"is_admin":
    true` on a sign-up form makes an administrator, `"owner_id": 1` takes
    over someone else's object, `"balance": 1e9` needs no explanation.

    ## Example
    ```python
    user = User(**request.get_json())
    ```

    ## Use instead
    ```python
    data = UserSchema(only=("name", "email")).load(request.get_json())   # the fields a client may set
    user = User(**data)
    ```
    """

    code = "FL523"
    name = "mass-assignment"
    skill = "security"
    severity = "high"
    weight = 2.0
    unit = "repository"
    # judged where the app writes records
    surface = (".add", ".add_all", ".commit", "setattr", ".insert_one", ".save")
    good = (
        """\
from flask import Flask, request

from models import User, UserSchema, db

app = Flask(__name__)


@app.post("/users")
def create_user():
    data = UserSchema(only=("name", "email")).load(request.get_json())
    user = User(**data)
    user.name = request.json["name"]
    db.session.add(user)
    return {"id": user.id}, 201
""",
    )
    bad = (
        Invalid(
            """\
from flask import Flask, request

from models import User, db

app = Flask(__name__)


@app.post("/users")
def create_user():
    user = User(**request.get_json())
    db.session.add(user)
    return {"id": user.id}, 201


@app.patch("/users/<int:user_id>")
def update_user(user_id):
    user = db.get_or_404(User, user_id)
    for key, value in request.form.items():
        setattr(user, key, value)
    user.is_admin = request.form.get("is_admin") == "on"
    return {"id": user.id}
""",
            expect=("app.py:10", "app.py:19", "app.py:20"),
        ),
    )

    @classmethod
    def keeps(cls, project: ProjectModel, finding: Finding) -> bool:
        """`PhoneNumber(**data)` of a plain class the project defines is not a record: a class taking
        `**` stands only when it is one of the project's models (or the project has no models to tell)."""
        if not finding.message.endswith(UNPACKED):
            return True
        models = {model.name for module in project.modules for model in module.models}
        return not models or finding.message.partition("(")[0] in models

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.views: list[_View] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        info = self.ctx.function_info(node)
        self.views.append(_View(guarded=any(is_auth_decorator(d) and "admin" in d.lower() for d in info.decorators)))

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        view = self.views.pop()
        if not view.guarded:  # an admin deciding someone's role is the feature, not the hole
            for at, message in view.privileged:
                self.report(at, message)

    def _direct(self, value: cst.BaseExpression) -> bool:
        return self.ctx.request_flow(value) == "direct"

    def visit_Call(self, node: cst.Call) -> None:
        tail = call_tail(node)
        if self.views and ADMIN_CHECK.search(dotted_name(node.func) or ""):
            self.views[-1].guarded = True
        if tail[:1].isupper():
            for arg in node.args:
                if arg.star == "**" and self._direct(arg.value):
                    self.report(node, f"{tail}(**...) {UNPACKED}")
                    return
        elif tail == "setattr" and len(node.args) >= 3 and self._direct(node.args[1].value):
            self.report(node, "setattr() of an attribute the request names: mass assignment")
        elif tail == "update" and node.args and isinstance(node.func, cst.Attribute):
            receiver = dotted_name(node.func.value) or ""
            into_record = receiver.endswith("__dict__") or isinstance(node.func.value, cst.Call)  # a query's update
            data = node.args[0].value
            if into_record and not _explicit_fields(data) and self._direct(data):
                self.report(node, "update() of a record with every field the request sends: mass assignment")

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            field = target.target
            if isinstance(field, cst.Attribute) and field.attr.value in PRIVILEGED and self._direct(node.value):
                message = f"{field.attr.value} is set from request data: a client can grant itself rights"
                if self.views:
                    self.views[-1].privileged.append((node, message))
                else:
                    self.report(node, message)


def _explicit_fields(data: cst.BaseExpression) -> bool:
    """`{"name": name}` or `dict(title=title)`: the code names each field it sets."""
    if isinstance(data, cst.Dict):
        return all(isinstance(element, cst.DictElement) for element in data.elements)
    return isinstance(data, cst.Call) and call_tail(data) == "dict" and all(a.keyword for a in data.args)
