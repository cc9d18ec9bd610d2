"""FL526 unprotected-debug-endpoint: A route resets the database or shows the configuration to anyone."""

from __future__ import annotations

import re

import libcst as cst

from flasklint.api import FileContext, FileRule, Invalid, call_tail, descendants, dotted_name, is_auth_decorator

RESETS = frozenset({"drop_all", "create_all"})
# what the app keeps secret: its configuration and its environment
EXPOSED = re.compile(r"^(app|current_app|flask\.current_app)\.config$|^os\.environ$")
# the view asks who the user is: `current_user`, `g.user`, `session["user_id"]`, a JWT identity
IDENTITY_NAMES = frozenset({"current_user", "get_jwt_identity", "get_current_user", "verify_jwt_in_request"})


PASSWORD_FIELDS = frozenset({"password", "password_hash", "pw_hash", "hashed_password", "passwd", "pwd"})
_NESTED_CODE = frozenset({cst.Lambda})  # what a lambda returns is not what the view returns


def _password_fields(value: cst.BaseExpression) -> bool:
    """`{"password": user.password}`, `jsonify(hash=u.password_hash)`: a password attribute in what is returned."""
    return any(
        type(node) is cst.Attribute and node.attr.value in PASSWORD_FIELDS for node in descendants(value, _NESTED_CODE)
    )


class _View:
    def __init__(self) -> None:
        self.pending: list[tuple[cst.CSTNode, str]] = []
        self.checks_identity = False


class UnprotectedDebugEndpoint(FileRule):
    """A route resets the database or shows the configuration to anyone.

    ## What it checks
    A view with no authentication decorator and no check of who is asking
    (`current_user`, `g.user`, `session[...]`, a JWT identity) that calls
    `db.drop_all()` or `db.create_all()`, or returns `app.config`,
    `current_app.config` or `os.environ` (also through `dict(...)` or
    `jsonify(...)`), or users' password fields (`{"password": user.password}`).
    A CLI command doing the same is fine: it needs shell access to run.

    ## Why it matters
    A `/reset` or `/debug` route left in from development is one request from
    an empty database, and a config dump hands out `SECRET_KEY` (forged
    sessions), database passwords and API keys.

    ## Example
    ```python
    @app.get("/reset")
    def reset():
        db.drop_all()
        db.create_all()
        return "ok"
    ```

    ## Use instead
    ```python
    @app.cli.command("reset-db")
    def reset_db():          # `flask reset-db`, from a shell on the server
        db.drop_all()
        db.create_all()
    ```
    """

    code = "FL526"
    name = "unprotected-debug-endpoint"
    skill = "security"
    severity = "high"
    weight = 1.0
    unit = "repository"
    # judged where the app resets its schema in code (exposing the configuration is found anywhere)
    surface = (".drop_all", ".create_all")
    good = (
        """\
from flask import Flask, abort
from flask_login import current_user, login_required
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
db = SQLAlchemy(app)


@app.cli.command("reset-db")
def reset_db():
    db.drop_all()
    db.create_all()


@app.post("/admin/reset")
@login_required
def admin_reset():
    if not current_user.is_admin:
        abort(403)
    db.drop_all()
    db.create_all()
    return "", 204
""",
    )
    bad = (
        Invalid(
            """\
import os

from flask import Flask, jsonify
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
db = SQLAlchemy(app)


@app.get("/reset")
def reset():
    db.drop_all()
    db.create_all()
    return "ok"


@app.get("/debug/config")
def show_config():
    return jsonify(dict(app.config))


@app.get("/debug/env")
def show_env():
    return dict(os.environ)
""",
            expect=("app.py:12", "app.py:13", "app.py:19", "app.py:24"),
        ),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.views: list[_View | None] = []  # per function being walked: a view without an auth decorator

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        info = self.ctx.function_info(node)
        open_view = info.role == "view" and not any(is_auth_decorator(d) for d in info.decorators)
        self.views.append(_View() if open_view else None)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        view = self.views.pop()
        if view is not None and not view.checks_identity:  # the check may come anywhere in the body
            for at, message in view.pending:
                self.report(at, message)

    def _view(self) -> _View | None:
        return self.views[-1] if self.views else None

    # Cheap shape tests first: these handlers see every name and attribute inside an open view.
    def visit_Name(self, node: cst.Name) -> None:
        if node.value in IDENTITY_NAMES and self.views and self.views[-1] is not None:
            self.views[-1].checks_identity = True  # `current_user`, `get_jwt_identity()`

    def visit_Attribute(self, node: cst.Attribute) -> None:
        value = node.value
        if isinstance(value, cst.Name) and value.value == "g" and node.attr.value in ("user", "current_user"):
            view = self._view()
            if view is not None:
                view.checks_identity = True  # `g.user`

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if isinstance(node.value, cst.Name) and node.value.value == "session":
            view = self._view()
            if view is not None:
                view.checks_identity = True  # `session["user_id"]`

    def visit_Call(self, node: cst.Call) -> None:
        view = self._view()
        if view is None:
            return
        func = node.func
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value == "session":
            view.checks_identity = True  # `session.get("user_id")`
        elif isinstance(func, cst.Attribute) and func.attr.value in RESETS:
            view.pending.append((node, f"{func.attr.value}() in a route anyone can call"))

    def visit_Return(self, node: cst.Return) -> None:
        view = self._view()
        if view is None or node.value is None:
            return
        if self._exposes(node.value):
            view.pending.append((node, "a route anyone can call returns the app's configuration or environment"))
        elif _password_fields(node.value):
            view.pending.append((node, "a route anyone can call returns users' password fields"))

    def _exposes(self, value: cst.BaseExpression) -> bool:
        """`app.config`, `dict(os.environ)`, `jsonify(dict(app.config))`."""
        while isinstance(value, cst.Call) and call_tail(value) in ("dict", "jsonify") and value.args:
            value = value.args[0].value
        return bool(EXPOSED.match(self.ctx.qualname(value) or dotted_name(value) or ""))
