"""FL701 print-in-app-code: Application code prints instead of logging."""

from __future__ import annotations

import posixpath

import libcst as cst

from flasklint.api import FileRule, Invalid

SCRIPT_FILES = frozenset({"manage.py", "cli.py", "commands.py", "setup.py", "noxfile.py", "fabfile.py", "tasks.py"})
# command-line tools talk to a terminal: print is their output, not a log line
SCRIPT_FOLDERS = ("scripts", "bin", "cli", "commands", "management", "tools")


class PrintInAppCode(FileRule):
    """Application code prints instead of logging.

    ## What it checks
    `print(...)` in application modules, outside `if __name__ == "__main__"`,
    CLI commands and scripts (`manage.py`, `cli.py`, and modules under
    `scripts/`, `bin/`, `cli/`, `commands/`, `management/` or `tools/`), and
    `print` handed over as a callback (`conn.set_trace_callback(print)`).

    ## Why it matters
    `print` has no level, no timestamp and no request context, cannot be
    silenced or routed, and under some servers goes nowhere. Reviewers read
    it as debugging left in.

    ## Example
    ```python
    print("user created", user.id)
    ```

    ## Use instead
    ```python
    current_app.logger.info("user created id=%s", user.id)
    ```
    """

    code = "FL701"
    name = "print-in-app-code"
    skill = "operations"
    severity = "low"
    weight = 1.0
    unit = "module"
    good = (
        """\
import logging

from flask import Flask

log = logging.getLogger(__name__)
app = Flask(__name__)


@app.cli.command("seed")
def seed():
    print("seeded")


if __name__ == "__main__":
    print("starting")
    app.run()
""",
    )
    bad = (
        Invalid(
            """\
from flask import Flask

app = Flask(__name__)


@app.post("/users")
def create_user():
    print("creating a user")
    return "", 201
""",
            expect=("app.py:8",),
        ),
        Invalid(
            """\
import sqlite3

from flask import Flask, g

app = Flask(__name__)


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect("app.db")
        g.db.set_trace_callback(print)
    return g.db
""",
            expect=("app.py:11",),
        ),
    )

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Name) and node.func.value == "print":
            if self._in_app_code():
                self.report(node, "print() in application code; use logging")
            return
        # `conn.set_trace_callback(print)`: print handed over as the function that reports
        passed = next((a for a in node.args if isinstance(a.value, cst.Name) and a.value.value == "print"), None)
        if passed is not None and self._in_app_code():
            self.report(node, "print passed as a callback prints from application code; pass a logger's method")

    def _in_app_code(self) -> bool:
        ctx = self.ctx
        if ctx.in_main_guard or "cli" in ctx.enclosing_roles() or posixpath.basename(ctx.path) in SCRIPT_FILES:
            return False
        return not any(f"/{folder}/" in f"/{ctx.path}" for folder in SCRIPT_FOLDERS)
