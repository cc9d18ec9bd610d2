"""FL806 long-or-nested-view: A view function is very long or deeply nested."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileRule, Invalid

MAX_VIEW_STATEMENTS = 40


MAX_NESTING = 4


class LongOrNestedView(FileRule):
    """A view function is very long or deeply nested.

    ## What it checks
    Views with more than 40 statements, or with control flow nested more
    than four levels deep.

    ## Why it matters
    A view should parse the request, call the code that does the work, and
    shape the response. A long, nested view mixes HTTP, business rules and
    persistence, and cannot be tested or reused without a request.

    ## Example
    A 150-line view with SQL, HTTP calls and formatting.

    ## Use instead
    Move the work into a service function or model method; keep the view to
    the request/response edges.
    """

    code = "FL806"
    name = "long-or-nested-view"
    skill = "code-quality"
    severity = "medium"
    weight = 1.0
    good = ('from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef index():\n    return "ok"\n',)
    bad = (
        Invalid(
            'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef index():\n'
            + "".join(f"    x{i} = {i}\n" for i in range(45))
            + "    return 'ok'\n",
            expect=("app.py:7",),
        ),
        Invalid(
            'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef index():\n'
            "    for a in range(3):\n        if a:\n            for b in range(3):\n                if b:\n"
            "                    while False:\n                        pass\n    return 'ok'\n",
            expect=("app.py:7",),
        ),
    )

    def __init__(self, ctx):
        super().__init__(ctx)
        self.stack: list[dict] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.stack.append({"statements": 0, "depth": 0, "max": 0})

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        frame = self.stack.pop()
        info = self.ctx.function_info(node)
        if info.role != "view":
            return
        if frame["statements"] > MAX_VIEW_STATEMENTS:
            self.report(node.name, f"view {info.name}() has {frame['statements']} statements; move the work out")
        if frame["max"] > MAX_NESTING:
            self.report(node.name, f"view {info.name}() nests control flow {frame['max']} levels deep")

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        if self.stack:
            self.stack[-1]["statements"] += len(node.body)

    def _enter(self, node: cst.CSTNode) -> None:
        if self.stack:
            frame = self.stack[-1]
            frame["statements"] += 1
            frame["depth"] += 1
            frame["max"] = max(frame["max"], frame["depth"])

    def _leave(self, node: cst.CSTNode) -> None:
        if self.stack:
            self.stack[-1]["depth"] -= 1

    visit_If = visit_For = visit_While = visit_Try = visit_With = _enter
    leave_If = leave_For = leave_While = leave_Try = leave_With = _leave
