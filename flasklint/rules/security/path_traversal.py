"""FL509 path-traversal: A file path comes from the request."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from flasklint.api import (
    CallFlows,
    FileContext,
    FileRule,
    Finding,
    FunctionStack,
    Invalid,
    ProjectModel,
    descendants,
    first_arg,
    flaskapi,
    flow_findings,
)

# methods of a pathlib.Path that open, write or delete the file it names
PATH_METHODS = frozenset({"open", "read_text", "read_bytes", "write_text", "write_bytes", "unlink", "rmdir"})


class PathTraversal(FileRule):
    """A file path comes from the request.

    ## What it checks
    `send_file(...)`, `open(...)`, `os.remove(...)` and `os.path.join(...)`
    results passed to them, when the path carries request data or a URL
    parameter (`/download/<name>`), and `pathlib.Path` objects built from it
    that are opened, written or deleted (`Path(folder + name).open("w")`); and an upload saved under the file name
    the client sent (`f.save(os.path.join(UPLOADS, f.filename))`). A name
    checked against an allow-list (`if name not in os.listdir(ROOT):
    abort(404)`), passed through `safe_join` or `secure_filename`, or an
    in-memory `BytesIO` buffer is not a path the client controls. A path a
    helper of the project built from request data (`storage.path(name)`) is
    medium: the helper may confine it. Also through
    the project's own functions: a view that hands request data to
    `save_file(filename, text)`, whose body opens a path built from it, is
    flagged at the view's call.

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
    needs = (CallFlows,)
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

    SINKS = flaskapi.PATH_SINKS

    @classmethod
    def across_files(cls, project: ProjectModel) -> Iterator[Finding]:
        """Request data handed to a function of the project that passes it on to the sink."""
        return flow_findings(
            cls, project, "path", "request data reaches a file path that {callee}() opens: path traversal"
        )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        # per function: names holding in-memory buffers, which are not paths
        # (an allow-list check of a name ends its taint in FileContext.allow_listed)
        self._buffers: FunctionStack[set[str]] = FunctionStack(set, module_frame=True)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._buffers.push()

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._buffers.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        if _in_memory(node.value, self.ctx):
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    self._buffers.current.add(target.target.value)

    def visit_Call(self, node: cst.Call) -> None:
        qual = self.ctx.qualname(node.func) or ""
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "save":
            self._judge_upload(node)
            return
        path: cst.BaseExpression | None
        if qual in self.SINKS or qual.rpartition(".")[2] == "send_file":  # `shelve.open(path)` before `.open()`
            path = first_arg(node)
        elif isinstance(node.func, cst.Attribute) and node.func.attr.value in PATH_METHODS:
            path = node.func.value  # `Path(user_dir + "/" + name).open("w")`
        else:
            return
        if path is None or _in_memory(path, self.ctx) or self._in_buffer(path):
            return
        flow = self.ctx.request_flow(path)
        if flow == "direct":
            self.report(node, f"{qual}() with a path from the request: path traversal")
        elif flow == "transformed":  # `storage.path(name)` may confine the name: a lead, not the exploit
            self.report(node, f"{qual}() with a path a helper built from request data; check it stays inside", "medium")

    def _judge_upload(self, node: cst.Call) -> None:
        """`upload.save(os.path.join(UPLOADS, upload.filename))`: the client names the file written."""
        receiver = node.func.value if isinstance(node.func, cst.Attribute) else None
        path = first_arg(node)
        if receiver is None or path is None or not self.ctx.is_request_derived(receiver):
            return
        if any(isinstance(n, cst.Attribute) and n.attr.value == "filename" for n in descendants(path)):
            if self.ctx.is_request_derived(path):
                self.report(node, "an upload saved under the file name the client sent: path traversal")

    def _in_buffer(self, path: cst.BaseExpression) -> bool:
        buffers = self._buffers.current
        return any(isinstance(n, cst.Name) and n.value in buffers for n in descendants(path))


def _in_memory(node: cst.BaseExpression, ctx: FileContext) -> bool:
    """`io.BytesIO(...)` / `io.StringIO(...)`: a buffer, not a path."""
    return isinstance(node, cst.Call) and (ctx.qualname(node.func) or "").rpartition(".")[2] in ("BytesIO", "StringIO")
