"""FL204 context-proxy-at-import: `request`, `session`, `g` or `current_app` is used at import time."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileRule, Finding, Invalid, ProjectModel, flaskapi


class ContextProxyAtImport(FileRule):
    """`request`, `session`, `g` or `current_app` is used at import time.

    ## What it checks
    Attribute access or subscription on Flask's context-local proxies in
    module or class bodies (including default argument values), where no
    request or application context exists. A module that is only ever
    imported inside `with app.app_context():` (the factory's
    `from . import routes` there) loads inside one, and is not flagged.

    ## Why it matters
    At import time there is no request: the access raises "Working outside
    of request context" the moment the module is imported, or forces code
    to push a fake context, freezing one request's data into a global.

    ## Example
    ```python
    from flask import current_app

    log = current_app.logger
    ```

    ## Use instead
    ```python
    def handler():
        current_app.logger.info("...")
    ```
    """

    code = "FL204"
    name = "context-proxy-at-import"
    skill = "global-state"
    severity = "high"
    weight = 2.0
    unit = "module"
    good = (
        """\
from flask import Flask, current_app, request

app = Flask(__name__)


@app.route("/")
def index():
    current_app.logger.info("hit %s", request.path)
    return "ok"
""",
    )
    bad = (
        Invalid(
            """\
from flask import Flask, current_app

app = Flask(__name__)
log = current_app.logger
""",
            expect=("app.py:4",),
        ),
        Invalid(
            """\
from flask import request


def search(term=request.args.get("q")):
    return term
""",
            expect=("app.py:4",),
        ),
    )

    @classmethod
    def keeps(cls, project: ProjectModel, finding: Finding) -> bool:
        """Not when every import of the module runs inside `with app.app_context():` (the factory's
        `from . import routes` there): then the module loads with an app context in place."""
        module = next((m for m in project.modules if m.path == finding.path), None)
        if module is None:
            return True
        importers = [
            imp
            for m in project.modules
            for imp in m.imports
            if imp.module == module.module or (imp.name and f"{imp.module}.{imp.name}" == module.module)
        ]
        return not importers or not all(imp.in_app_context for imp in importers)

    def _check(self, node: cst.CSTNode, value: cst.BaseExpression) -> None:
        ctx = self.ctx
        if not isinstance(value, cst.Name) or not ctx.at_import_time or ctx.in_main_guard:
            return
        qual = ctx.qualname(value)
        if qual in flaskapi.CONTEXT_PROXIES:
            self.report(node, f"`{value.value}` used at import time, outside any request or app context")

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._check(node, node.value)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        self._check(node, node.value)
