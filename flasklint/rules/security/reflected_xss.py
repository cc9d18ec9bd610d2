"""FL521 reflected-xss: A view returns HTML built from request data without escaping it."""

from __future__ import annotations

import re

import libcst as cst

from flasklint.api import (
    FileContext,
    FileRule,
    FunctionStack,
    Invalid,
    call_tail,
    first_arg,
    is_dynamic_string,
    kwarg_value,
    literal_text,
    string_value,
)

HTML_TAG = re.compile(r"<\s*[a-zA-Z!/]")
RESPONSES = frozenset({"make_response", "Response"})
# what Flask autoescapes (`Flask.select_jinja_autoescape`); any other template prints values as written
AUTOESCAPED = (".html", ".htm", ".xml", ".xhtml", ".svg")


class ReflectedXss(FileRule):
    """A view returns HTML built from request data without escaping it.

    ## What it checks
    In a view: HTML (a string with a tag in it) built with an f-string,
    `%`, `.format()` or `+` from request data as written, and returned,
    directly or through a variable, or wrapped in `make_response(...)` /
    `Response(...)` (unless the response says it is not HTML, such as
    `mimetype="text/plain"`). Also `render_template` of a template Flask
    does not autoescape (`.txt`, `.email`, no `.html` extension) given
    request data as written. A value passed through `escape()`, `int()` or
    another sanitiser is fine, and so is a dict or `jsonify` (JSON).

    ## Why it matters
    Flask escapes what a template prints, never a string a view builds
    itself. `?q=<script>...</script>` then runs in the browser of whoever
    follows the link: their session, their account, their clicks.

    ## Example
    ```python
    return f"<p>You searched for {request.args['q']}</p>"
    ```

    ## Use instead
    ```python
    return render_template("search.html", q=request.args["q"])   # autoescaped
    ```
    """

    code = "FL521"
    name = "reflected-xss"
    skill = "security"
    severity = "high"
    weight = 2.0
    unit = "repository"
    # judged where the app builds HTML responses: an API that only returns JSON has nothing to judge
    surface = (
        "flask.render_template",
        "flask.render_template_string",
        "flask.make_response",
        "flask.Response",
        "markupsafe",
    )
    good = (
        """\
from flask import Flask, render_template, request
from markupsafe import escape

app = Flask(__name__)


@app.get("/search")
def search():
    return render_template("search.html", q=request.args.get("q", ""))


@app.get("/hello")
def hello():
    return f"<h1>Hello {escape(request.args.get('name', ''))}</h1>"


@app.get("/api/hello")
def api_hello():
    return {"greeting": f"Hello {request.args.get('name', '')}"}
""",
    )
    bad = (
        Invalid(
            """\
from flask import Flask, make_response, request

app = Flask(__name__)


@app.get("/search")
def search():
    return f"<p>You searched for {request.args['q']}</p>"


@app.get("/page")
def page():
    body = "<div>{}</div>".format(request.args["q"])
    return make_response(body)
""",
            expect=("app.py:8", "app.py:14"),
        ),
        Invalid(
            {
                "app.py": """\
from flask import Flask, render_template, request

app = Flask(__name__)


@app.get("/mail")
def mail():
    return render_template("welcome.txt", name=request.args["name"])
""",
                "templates/welcome.txt": "Hello {{ name }}\n",
            },
            expect=("app.py:8",),
        ),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.html: FunctionStack[set[str]] = FunctionStack(set)  # names holding HTML built from request data

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.html.push()

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.html.pop()

    def _reflects(self, value: cst.BaseExpression | None) -> bool:
        """HTML built from request data as written, or a name holding such HTML."""
        if value is None:
            return False
        if isinstance(value, cst.Name):
            return self.html.top is not None and value.value in self.html.top
        return (
            is_dynamic_string(value)
            and bool(HTML_TAG.search(literal_text(value) or ""))
            and self.ctx.request_flow(value) == "direct"
        )

    def visit_Assign(self, node: cst.Assign) -> None:
        if self.html.top is None:
            return
        built = self._reflects(node.value)
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                (self.html.top.add if built else self.html.top.discard)(target.target.value)

    def visit_Return(self, node: cst.Return) -> None:
        if self.ctx.in_request_handler and self._reflects(node.value):
            self.report(node, "HTML built from request data is returned unescaped: reflected cross-site scripting")

    def visit_Call(self, node: cst.Call) -> None:
        if not self.ctx.in_request_handler:
            return
        tail = call_tail(node)
        if tail in RESPONSES and self._reflects(first_arg(node)):
            kind = string_value(kwarg_value(node, "mimetype")) or string_value(kwarg_value(node, "content_type"))
            if kind is None or "html" in kind:
                self.report(node, f"{tail}() of HTML built from request data: reflected cross-site scripting")
        elif tail == "render_template":
            template = string_value(first_arg(node))
            if template is None or template.lower().endswith(AUTOESCAPED):
                return
            if any(arg.keyword is not None and self.ctx.request_flow(arg.value) == "direct" for arg in node.args):
                self.report(
                    node, f"request data rendered by {template}, which Flask does not autoescape: cross-site scripting"
                )
