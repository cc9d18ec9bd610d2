"""FL310 post-handling-without-methods: A view handles POST but its route only accepts GET."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileRule, Invalid, dotted_name


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
    unit = "view"
    good = (
        'from flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.route("/c", methods=["GET", "POST"])\ndef c():\n    if request.method == "POST":\n        return "sent"\n    return "form"\n',
    )
    bad = (
        Invalid(
            'from flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.route("/c")\ndef c():\n    if request.method == "POST":\n        return "sent"\n    return "form"\n',
            expect=("app.py:8",),
        ),
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
