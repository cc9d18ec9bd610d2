"""FL510 open-redirect: A redirect goes wherever the request says."""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from flasklint.api import FileContext, FileRule, FunctionStack, Invalid, call_tail, first_arg

SAFE_URL_CHECKS = ("is_safe_url", "url_has_allowed_host_and_scheme", "urlparse", "urlsplit", "url_parse")


@dataclass
class _Redirects:
    """Per function: redirects to request data, and whether the target is checked."""

    pending: list[cst.Call] = field(default_factory=list)
    checked: bool = False


class OpenRedirect(FileRule):
    """A redirect goes wherever the request says.

    ## What it checks
    `redirect(...)` whose target carries request data (`?next=`, a form
    field, the Referer header) in a function that does not check the URL
    (`url_has_allowed_host_and_scheme`, `urlparse`/`urlsplit`, an
    `is_safe_url` helper).

    ## Why it matters
    A link to your login page with `?next=https://evil.example` sends users
    to a phishing page that looks like the next step of your site.

    ## Example
    ```python
    return redirect(request.args.get("next") or url_for("index"))
    ```

    ## Use instead
    ```python
    target = request.args.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("index")
    return redirect(target)
    ```
    (or check the host with `urlparse`).
    """

    code = "FL510"
    name = "open-redirect"
    skill = "security"
    severity = "medium"
    weight = 1.0
    unit = "repository"
    surface = (".redirect",)
    good = (
        """\
from urllib.parse import urlparse

from flask import Flask, redirect, request, url_for

app = Flask(__name__)


@app.get("/login")
def login():
    target = request.args.get("next", "")
    if urlparse(target).netloc:
        target = url_for("index")
    return redirect(target or url_for("index"))


@app.get("/home")
def home():
    return redirect(url_for("index"))
""",
    )
    bad = (
        Invalid(
            """\
from flask import Flask, redirect, request

app = Flask(__name__)


@app.get("/login")
def login():
    return redirect(request.args.get("next", "/"))
""",
            expect=("app.py:8",),
        ),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.functions: FunctionStack[_Redirects] = FunctionStack(_Redirects, module_frame=True)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.push()

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        frame = self.functions.pop()
        if not frame.checked:
            for call in frame.pending:
                self.report(call, "redirect() to a URL taken from the request: open redirect")

    def visit_Call(self, node: cst.Call) -> None:
        name = call_tail(node)
        frame = self.functions.current
        if name in SAFE_URL_CHECKS:
            frame.checked = True
        elif name == "redirect":
            target = first_arg(node)
            if target is not None and self.ctx.is_request_derived(target):
                frame.pending.append(node)
