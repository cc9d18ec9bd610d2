"""FL520 bind-all-interfaces: The development server listens on every network interface."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileRule, Invalid, call_tail, first_arg, kwarg_value, string_value


class BindAllInterfaces(FileRule):
    """The development server listens on every network interface.

    ## What it checks
    `app.run(host="0.0.0.0")` or `app.run("0.0.0.0")` (or `"::"`) in code.

    ## Why it matters
    The development server (often with the debugger on) becomes reachable
    from the whole network. Production servers bind through their own
    configuration (`gunicorn --bind`), not through `app.run`.

    ## Example
    ```python
    app.run(host="0.0.0.0", port=5000)
    ```

    ## Use instead
    Run `flask run` locally (it binds 127.0.0.1) and a WSGI server with an
    explicit `--bind` in containers.
    """

    code = "FL520"
    name = "bind-all-interfaces"
    skill = "security"
    severity = "low"
    weight = 1.0
    unit = "repository"
    surface = (".run",)
    good = (
        """\
from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    app.run(host="127.0.0.1")
""",
    )
    bad = (
        Invalid(
            """\
from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
""",
            expect=("app.py:6",),
        ),
    )

    def visit_Call(self, node: cst.Call) -> None:
        host = kwarg_value(node, "host") or (first_arg(node) if node.args and node.args[0].keyword is None else None)
        if call_tail(node) == "run" and string_value(host) in ("0.0.0.0", "::"):  # `run("0.0.0.0")` too
            self.report(node, "app.run() binds every network interface")
