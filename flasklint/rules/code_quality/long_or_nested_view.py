"""FL806 long-or-nested-view: A view function is very long or deeply nested."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from flasklint.api import FileContext, FileRule, FunctionStack, Invalid

MAX_VIEW_STATEMENTS = 40


MAX_NESTING = 4


@dataclass
class _Size:
    """Statements and control-flow nesting of one function body."""

    statements: int = 0
    depth: int = 0
    deepest: int = 0


class LongOrNestedView(FileRule):
    """A view function is very long or deeply nested.

    ## What it checks
    Views with more than 40 statements, or with control flow nested more
    than four levels deep (one finding per view, whether long, nested or
    both).

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
    unit = "view"
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

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.functions: FunctionStack[_Size] = FunctionStack(_Size)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.push()

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        size = self.functions.pop()
        info = self.ctx.function_info(node)
        if info.role != "view":
            return
        problems = []  # one view is one finding, whether long, nested or both
        if size.statements > MAX_VIEW_STATEMENTS:
            problems.append(f"has {size.statements} statements")
        if size.deepest > MAX_NESTING:
            problems.append(f"nests control flow {size.deepest} levels deep")
        if problems:
            self.report(node.name, f"view {info.name}() {' and '.join(problems)}; move the work out")

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        size = self.functions.top
        if size is not None:
            size.statements += len(node.body)

    def _enter(self, node: cst.CSTNode) -> None:
        size = self.functions.top
        if size is not None:
            size.statements += 1
            size.depth += 1
            size.deepest = max(size.deepest, size.depth)

    def _leave(self, node: cst.CSTNode) -> None:
        size = self.functions.top
        if size is not None:
            size.depth -= 1

    visit_If = visit_For = visit_While = visit_Try = visit_With = _enter
    leave_If = leave_For = leave_While = leave_Try = leave_With = _leave
