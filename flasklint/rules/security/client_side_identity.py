"""FL525 client-side-identity: Who the user is, or what they may do, is read from a cookie they can edit."""

from __future__ import annotations

import re

import libcst as cst

from flasklint.api import FileContext, FileRule, FunctionStack, Invalid, call_tail, first_arg, string_value

DECODERS = frozenset({"b64decode", "urlsafe_b64decode", "loads", "literal_eval"})
LOOKUPS = frozenset({"get", "get_or_404", "filter_by", "first_or_404", "find_one", "get_by_id", "load_user"})
# cookie names that say identity or rights; a theme or a language is not trusted with anything
IDENTITY_COOKIE = re.compile(r"(user|uid|member|account|admin|role|auth|login|identity|is_staff|permission|_id$)", re.I)


def _cookies(node: cst.BaseExpression) -> bool:
    """`request.cookies`, tested by shape: this runs on every comparison and lookup."""
    return (
        isinstance(node, cst.Attribute)
        and node.attr.value == "cookies"
        and isinstance(node.value, cst.Name)
        and node.value.value == "request"
    )


def _cookie_read(node: cst.BaseExpression) -> str | None:
    """The cookie name of `request.cookies["x"]` / `request.cookies.get("x")`, "" when not a literal."""
    if isinstance(node, cst.Subscript) and _cookies(node.value) and node.slice:
        index = node.slice[0].slice
        return (string_value(index.value) or "") if isinstance(index, cst.Index) else ""
    func = node.func if isinstance(node, cst.Call) else None
    if (
        isinstance(node, cst.Call)
        and isinstance(func, cst.Attribute)
        and _cookies(func.value)
        and func.attr.value == "get"
    ):
        return string_value(first_arg(node)) or ""
    return None


class ClientSideIdentity(FileRule):
    """Who the user is, or what they may do, is read from a cookie they can edit.

    ## What it checks
    A cookie decoded into data (`json.loads(base64.b64decode(request.cookies["session"]))`),
    and a cookie whose name says identity or rights (`user_id`, `username`,
    `role`, `is_admin`, ...) used to look up a user or compared to decide
    access (`if request.cookies.get("role") == "admin":`). Flask's
    `session` is signed and is fine; so is a cookie that holds a preference.

    ## Why it matters
    A browser sends whatever its user puts in a cookie. An unsigned cookie
    that says `role=admin` or `user_id=1` makes anyone an administrator or
    anyone else; base64 is an encoding, not a signature.

    ## Example
    ```python
    user = User.query.get(request.cookies["user_id"])
    ```

    ## Use instead
    ```python
    user = db.session.get(User, session["user_id"])   # Flask's session is signed with SECRET_KEY
    ```
    """

    code = "FL525"
    name = "client-side-identity"
    skill = "security"
    severity = "high"
    weight = 1.0
    unit = "repository"
    # judged where the app reads or sets cookies itself
    surface = (".cookies.get", ".set_cookie")
    good = (
        """\
from flask import Flask, request, session

app = Flask(__name__)


@app.get("/")
def index():
    theme = request.cookies.get("theme", "light")
    return {"user": session.get("user_id"), "theme": theme}
""",
    )
    bad = (
        Invalid(
            """\
import base64
import json

from flask import Flask, abort, request

app = Flask(__name__)


@app.get("/admin")
def admin():
    if request.cookies.get("role") != "admin":
        abort(403)
    return "welcome"


@app.get("/me")
def me():
    return json.loads(base64.b64decode(request.cookies["session"]))
""",
            expect=("app.py:11", "app.py:18"),
        ),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.names: FunctionStack[dict[str, str]] = FunctionStack(dict, module_frame=True)  # name -> cookie

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.names.push()

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.names.pop()

    def _identity_cookie(self, node: cst.BaseExpression) -> str | None:
        """The identity cookie `node` reads, as written or through a name assigned from it."""
        name = _cookie_read(node)
        if name is None and isinstance(node, cst.Name):
            name = self.names.current.get(node.value)
        return name if name and IDENTITY_COOKIE.search(name) else None

    def visit_Assign(self, node: cst.Assign) -> None:
        cookie = self._identity_cookie(node.value)
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                if cookie:
                    self.names.current[target.target.value] = cookie
                else:
                    self.names.current.pop(target.target.value, None)

    def visit_Call(self, node: cst.Call) -> None:
        tail = call_tail(node)
        if tail in DECODERS and node.args and _cookie_read(node.args[0].value) is not None:
            self.report(node, f"{tail}() of a cookie: data the client wrote, unsigned")
        elif tail in LOOKUPS and _cookie_read(node) is None:
            cookie = next((c for arg in node.args if (c := self._identity_cookie(arg.value))), None)
            if cookie:
                self.report(node, f"a record looked up by the {cookie!r} cookie, which the client can set")

    def visit_Comparison(self, node: cst.Comparison) -> None:
        parts = [node.left, *(c.comparator for c in node.comparisons)]
        cookie = next((c for part in parts if (c := self._identity_cookie(part))), None)
        if cookie:
            self.report(node, f"access decided by the {cookie!r} cookie, which the client can set")
