"""FL509 path-traversal: A file path comes from the request."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileRule, Invalid, first_arg


class PathTraversal(FileRule):
    """A file path comes from the request.

    ## What it checks
    `send_file(...)`, `open(...)`, `os.remove(...)` and `os.path.join(...)`
    results passed to them, when the path carries request data or a URL
    parameter (`/download/<name>`).

    ## Why it matters
    `../../etc/passwd` or an absolute path in the value reads (or deletes)
    any file the server can reach, source code and secrets included.

    ## Example
    ```python
    @app.get("/files/<name>")
    def download(name):
        return send_file(os.path.join(UPLOADS, name))
    ```

    ## Use instead
    ```python
    return send_from_directory(UPLOADS, name)   # rejects paths that leave UPLOADS
    ```
    and `werkzeug.utils.secure_filename` for names you store.
    """

    code = "FL509"
    name = "path-traversal"
    skill = "security"
    severity = "high"
    weight = 2.0
    unit = "repository"
    surface = ("flask.send_file", "flask.send_from_directory", "werkzeug.utils.send_file", ".open")
    good = (
        """\
from flask import Flask, send_file, send_from_directory

app = Flask(__name__)


@app.get("/files/<name>")
def download(name):
    return send_from_directory("uploads", name)


@app.get("/report")
def report():
    return send_file("static/report.pdf")
""",
    )
    bad = (
        Invalid(
            """\
import os

from flask import Flask, send_file

app = Flask(__name__)


@app.get("/files/<path:name>")
def download(name):
    return send_file(os.path.join("uploads", name))
""",
            expect=("app.py:10",),
        ),
        Invalid(
            """\
from flask import Flask, request

app = Flask(__name__)


@app.get("/read")
def read():
    with open(request.args["file"]) as handle:
        return handle.read()
""",
            expect=("app.py:8",),
        ),
    )

    SINKS = frozenset({"send_file", "open", "os.remove", "os.unlink", "shutil.rmtree", "io.open"})

    def visit_Call(self, node: cst.Call) -> None:
        qual = self.ctx.qualname(node.func) or ""
        if qual not in self.SINKS and qual.rpartition(".")[2] != "send_file":
            return
        path = first_arg(node)
        if path is not None and self.ctx.is_request_derived(path):
            self.report(node, f"{qual}() with a path from the request: path traversal")
