"""FL202 global-in-view: A view or request hook uses a `global` statement."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileRule, Invalid


class GlobalInView(FileRule):
    """A view or request hook uses a `global` statement.

    ## What it checks
    `global name` inside a view function, a request hook or an error handler.

    ## Why it matters
    Rebinding a module global from a request handler is shared state by
    another name: it races between threads, differs between worker
    processes and vanishes on restart.

    ## Example
    ```python
    counter = 0

    @app.route("/hit")
    def hit():
        global counter
        counter += 1
    ```

    ## Use instead
    ```python
    @app.route("/hit")
    def hit():
        redis_client.incr("hits")
    ```
    """

    code = "FL202"
    name = "global-in-view"
    skill = "global-state"
    severity = "medium"
    weight = 2.0
    unit = "view"
    good = (
        """\
from flask import Flask

app = Flask(__name__)
counter = 0


def reset():
    global counter
    counter = 0


@app.route("/hit")
def hit():
    return str(counter)
""",
    )
    bad = (
        Invalid(
            """\
from flask import Flask

app = Flask(__name__)
counter = 0


@app.route("/hit")
def hit():
    global counter
    counter += 1
    return str(counter)
""",
            expect=("app.py:9",),
        ),
    )

    def visit_Global(self, node: cst.Global) -> None:
        function = self.ctx.function
        if self.ctx.in_request_handler and function is not None:
            names = ", ".join(n.name.value for n in node.names)
            self.report(node, f"`global {names}` in request handler {function.qualname}()")
