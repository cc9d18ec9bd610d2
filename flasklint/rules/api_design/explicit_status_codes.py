"""FL303 explicit-status-codes: Create and delete endpoints answer with the right status code."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from flasklint.api import FileContext, FileRule, FunctionStack, Invalid, callee


def _empty_body(value: cst.BaseExpression) -> bool:
    return (isinstance(value, cst.SimpleString) and value.evaluated_value == "") or (
        isinstance(value, cst.Name) and value.value == "None"
    )


@dataclass
class _Frame:
    """What one function body returns and does."""

    returns: int = 0
    adds: bool = False  # session.add(...)
    explicit: bool = False  # a status code given
    body: bool = False  # a non-empty response body


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
    unit = "view"
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
        Invalid(
            """\
from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/items", methods=["POST"])
def create_item():
    app.db.session.add(object())
    return jsonify({"id": 1})
""",
            expect=("app.py:7",),
        ),
        Invalid(
            """\
from flask import Flask

app = Flask(__name__)


@app.delete("/items/<int:item_id>")
def delete_item(item_id):
    return ""
""",
            expect=("app.py:7",),
        ),
    )

    CREATE_NAMES = ("create", "add", "new", "register", "post")

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.functions: FunctionStack[_Frame] = FunctionStack(_Frame)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.push()

    def visit_Return(self, node: cst.Return) -> None:
        frame = self.functions.top
        if frame is None or node.value is None:
            return
        value = node.value
        frame.returns += 1
        if not _empty_body(value):
            frame.body = True
        if (isinstance(value, cst.Tuple) and len(value.elements) >= 2) or (
            isinstance(value, cst.Call)
            and any(
                (a.keyword is not None and a.keyword.value in ("status", "status_code"))
                or isinstance(a.value, cst.Integer)
                for a in value.args
            )
        ):
            frame.explicit = True

    def visit_Call(self, node: cst.Call) -> None:
        frame = self.functions.top
        if frame is not None and callee(node).endswith("session.add"):
            frame.adds = True

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        frame = self.functions.pop()
        info = self.ctx.function_info(node)
        if info.role != "view" or not info.routes or frame.explicit or not frame.returns:
            return
        methods = {m for r in info.routes for m in r.methods}
        if methods == {"POST"} and (frame.adds or info.name.lower().startswith(self.CREATE_NAMES)):
            self.report(node.name, f"{info.name}() creates a resource but answers 200; return 201")
        elif methods == {"DELETE"} and not frame.body:
            self.report(node.name, f"{info.name}() deletes and answers an empty 200; return 204")
