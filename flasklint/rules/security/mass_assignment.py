"""FL523 mass-assignment: The client chooses which fields of a record it sets."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileRule, Invalid, call_tail, dotted_name

PRIVILEGED = frozenset({"admin", "is_admin", "role", "roles", "is_staff", "is_superuser", "permissions", "superuser"})


class MassAssignment(FileRule):
    """The client chooses which fields of a record it sets.

    ## What it checks
    Request data as written, unpacked into a class (`User(**request.get_json())`),
    poured into an object (`user.__dict__.update(request.json)`, a query's
    `.update(request.json)`), or naming the attribute to set
    (`for key, value in request.form.items(): setattr(user, key, value)`);
    and a privileged field (`is_admin`, `role`, `permissions`, ...) set from
    request data. Data validated by a schema first (`UserSchema().load(...)`)
    and fields set one by one are fine.

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
    surface = ("flask.request",)
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

    def _direct(self, value: cst.BaseExpression) -> bool:
        return self.ctx.request_flow(value) == "direct"

    def visit_Call(self, node: cst.Call) -> None:
        tail = call_tail(node)
        if tail[:1].isupper():
            for arg in node.args:
                if arg.star == "**" and self._direct(arg.value):
                    self.report(node, f"{tail}(**...) takes every field the request sends: mass assignment")
                    return
        elif tail == "setattr" and len(node.args) >= 3 and self._direct(node.args[1].value):
            self.report(node, "setattr() of an attribute the request names: mass assignment")
        elif tail == "update" and node.args and isinstance(node.func, cst.Attribute):
            receiver = dotted_name(node.func.value) or ""
            into_record = receiver.endswith("__dict__") or isinstance(node.func.value, cst.Call)  # a query's update
            if into_record and self._direct(node.args[0].value):
                self.report(node, "update() of a record with every field the request sends: mass assignment")

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            field = target.target
            if isinstance(field, cst.Attribute) and field.attr.value in PRIVILEGED and self._direct(node.value):
                self.report(node, f"{field.attr.value} is set from request data: a client can grant itself rights")
