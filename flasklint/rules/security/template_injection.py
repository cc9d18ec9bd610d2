"""FL504 template-injection: A template is rendered from a string built with request data."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileRule, Invalid, call_tail, first_arg, is_dynamic_string, string_value


class TemplateInjection(FileRule):
    """A template is rendered from a string built with request data.

    ## What it checks
    `render_template_string(...)`, `jinja2.Template(...)` and
    `Environment.from_string(...)` whose template text is not a constant and
    carries request data (or is built with an f-string, `%`, `+` or
    `.format()`). A constant template with variables passed as context is
    fine.

    ## Why it matters
    Whatever reaches the template *source* is executed by Jinja:
    `{{ config.SECRET_KEY }}` leaks secrets and known payloads reach
    `os.popen`. This is server-side template injection, a remote code
    execution.

    ## Example
    ```python
    return render_template_string(f"<h1>Hello {request.args['name']}</h1>")
    ```

    ## Use instead
    ```python
    return render_template_string("<h1>Hello {{ name }}</h1>", name=request.args["name"])
    ```
    """

    code = "FL504"
    name = "template-injection"
    skill = "security"
    severity = "critical"
    weight = 3.0
    unit = "repository"
    surface = ("flask.render_template_string", "flask.render_template", "jinja2", ".from_string")
    good = (
        """\
from flask import Flask, render_template_string, request

app = Flask(__name__)
PAGE = "<h1>Hello {{ name }}</h1>"


@app.get("/")
def hello():
    return render_template_string(PAGE, name=request.args.get("name", ""))
""",
    )
    bad = (
        Invalid(
            """\
from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.get("/")
def hello():
    name = request.args.get("name", "")
    return render_template_string("<h1>Hello " + name + "</h1>")
""",
            expect=("app.py:9",),
        ),
    )

    SINKS = frozenset({"render_template_string", "Template", "from_string"})

    def visit_Call(self, node: cst.Call) -> None:
        if call_tail(node) not in self.SINKS:
            return
        source = first_arg(node)
        if source is None or string_value(source) is not None:
            return
        if self.ctx.is_request_derived(source):
            self.report(node, "template source carries request data: server-side template injection")
        elif is_dynamic_string(source):
            self.report(node, "template source is built at run time; pass values as context instead", "medium")
