"""FL505 unescaped-markup: Escaping is switched off for data that may come from users."""

from __future__ import annotations

import libcst as cst

from flasklint.api import (
    FileRule,
    Invalid,
    call_tail,
    first_arg,
    is_dynamic_string,
    is_false,
    kwarg_value,
    string_value,
)

MARKUP_CLASSES = frozenset({"markupsafe.Markup", "flask.Markup", "jinja2.Markup"})


class UnescapedMarkup(FileRule):
    """Escaping is switched off for data that may come from users.

    ## What it checks
    `Markup(...)` / `markupsafe.Markup(...)` around request data or a string
    built at run time, `.unescape()` of escaped request data, and autoescaping turned off in code
    (`app.jinja_env.autoescape = False`, `Environment(autoescape=False)`), or
    a `jinja2.Environment(...)` created without `autoescape=` in code that
    serves requests (medium: its default is off).
    Request data as written is high; request data that went through another
    function first (`Markup(qrcode_svg(username))`) is medium: the function
    may escape it. A string built at run time that no request data reaches
    (translations, settings, generated SVG) is low.

    ## Why it matters
    `Markup` tells Jinja the text is already safe HTML. If it contains user
    input, a `<script>` in that input runs in every visitor's browser
    (stored or reflected cross-site scripting).

    ## Example
    ```python
    return render_template("page.html", bio=Markup(user.bio))
    ```

    ## Use instead
    Pass plain strings to templates and let autoescaping work; build markup
    with `Markup("<b>{}</b>").format(value)`, which escapes `value`.
    """

    code = "FL505"
    name = "unescaped-markup"
    skill = "security"
    severity = "high"
    weight = 2.0
    unit = "repository"
    surface = ("markupsafe", "flask.Markup", "jinja2.Markup", "flask.render_template", "flask.render_template_string")
    good = (
        """\
from flask import Flask, render_template, request
from markupsafe import Markup

app = Flask(__name__)
ICON = Markup("<svg></svg>")


@app.get("/")
def page():
    return render_template("page.html", q=request.args.get("q"), title=Markup("<b>{}</b>").format("x"))
""",
    )
    bad = (
        Invalid(
            """\
from flask import Flask, request
from markupsafe import Markup

app = Flask(__name__)


@app.get("/")
def page():
    return Markup("<p>" + request.args.get("q", "") + "</p>")
""",
            expect=("app.py:9",),
        ),
        Invalid(
            """\
from flask import Flask

app = Flask(__name__)
app.jinja_env.autoescape = False
""",
            expect=("app.py:4",),
        ),
    )

    def visit_Call(self, node: cst.Call) -> None:
        name = call_tail(node)
        if name == "unescape" and isinstance(node.func, cst.Attribute):
            escaped = node.func.value
            # `escape(x).unescape()`: escape() ends the flow for everything else, not for its undoing
            inner = first_arg(escaped) if isinstance(escaped, cst.Call) else escaped
            if inner is not None and self.ctx.request_flow(inner):
                self.report(node, "unescape() turns escaped request data back into HTML: cross-site scripting")
            return
        if name == "Markup" or self.ctx.qualname(node.func) in MARKUP_CLASSES:  # `Markup as Safe` too
            arg = first_arg(node)
            if arg is None or string_value(arg) is not None:
                return
            flow = self.ctx.request_flow(arg)
            if flow == "direct":
                self.report(node, "Markup() marks request data as safe HTML: cross-site scripting")
            elif flow == "transformed":
                self.report(node, "Markup() around a function's output from request data; check it escapes", "medium")
            elif is_dynamic_string(arg):
                # no request data reaches it (settings, translations, generated SVG): low, as a constant is
                self.report(node, "Markup() around a string built at run time; use Markup(...).format()", "low")
        elif name == "Environment" and is_false(kwarg_value(node, "autoescape")):
            self.report(node, "Jinja Environment created with autoescape=False")
        elif name == "Environment" and kwarg_value(node, "autoescape") is None and self._renders_pages(node):
            self.report(node, "Jinja Environment without autoescape= escapes nothing (its default is off)", "medium")

    def _renders_pages(self, node: cst.Call) -> bool:
        """A jinja2 Environment in code that serves requests (not one a CLI task fills code templates with)."""
        jinja = (self.ctx.qualname(node.func) or "").startswith("jinja2.")
        return jinja and (self.ctx.in_request_handler or self.ctx.serves_requests)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            if isinstance(target.target, cst.Attribute) and target.target.attr.value == "autoescape":
                if is_false(node.value):
                    self.report(node, "autoescaping switched off for every template")
