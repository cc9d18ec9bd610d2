"""FL510 open-redirect: A redirect goes wherever the request says."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import libcst as cst

from flasklint.api import FileContext, FileRule, FunctionStack, Invalid, call_tail, dotted_name, first_arg, string_value

SAFE_URL_CHECKS = ("is_safe_url", "url_has_allowed_host_and_scheme", "urlparse", "urlsplit", "url_parse", "startswith")
# a helper of the project's that vets a target: is_safe_url, get_safe_next, validate_redirect_target, ...
CHECK_HELPER = re.compile(
    r"(safe|valid|allowed|trusted|check).*(url|redirect|next|target|path)|(url|redirect|next|target).*(safe|valid|allowed|trusted)",
    re.I,
)
# request attributes that hold this site's own path, or the URL this very request was sent to
# (`redirect(request.url)` after a form post sends the browser back where it already was)
SAME_ORIGIN = frozenset({"path", "full_path", "script_root", "url_rule", "endpoint", "url", "base_url"})


def _same_origin(target: cst.BaseExpression) -> bool:
    """A target that cannot leave the site: url_for(...), a "/path" literal, request.path, or
    text that starts with one of those (`f"{url_for('x')}?next={n}"`, `"/items/" + slug`)."""
    while True:
        if isinstance(target, cst.BinaryOperation) and isinstance(target.operator, (cst.Add, cst.Modulo)):
            target = target.left
        elif (
            isinstance(target, cst.Call)
            and isinstance(target.func, cst.Attribute)
            and target.func.attr.value == "format"
        ):
            target = target.func.value
        elif isinstance(target, cst.FormattedString) and target.parts:
            first = target.parts[0]
            if isinstance(first, cst.FormattedStringText):
                return first.value.startswith("/") and not first.value.startswith("//")
            if not isinstance(first, cst.FormattedStringExpression):
                return False
            target = first.expression
        else:
            break
    if isinstance(target, cst.Call):
        return call_tail(target) == "url_for"
    if isinstance(target, cst.Attribute):
        return target.attr.value in SAME_ORIGIN and dotted_name(target.value) in ("request", "flask.request")
    text = string_value(target)
    return text is not None and text.startswith("/") and not text.startswith("//")


@dataclass
class _Redirects:
    """Per function: redirects to request data, and whether the target is checked."""

    pending: list[tuple[cst.CSTNode, bool]] = field(default_factory=list)  # (redirect, target as the client sent it)
    checked: bool = False


class OpenRedirect(FileRule):
    """A redirect goes wherever the request says.

    ## What it checks
    `redirect(...)`, or a `Location` header set by hand
    (`response.headers["Location"] = ...`, `response.location = ...`), whose
    target carries request data (`?next=`, a form field, the Referer header)
    in a function that does not check the URL
    (`url_has_allowed_host_and_scheme`, `urlparse`/`urlsplit`, a
    `startswith("/")` guard, or a helper of the project's named for it, such
    as `is_safe_url` or `get_safe_next`). A target that cannot leave the site
    is fine whatever it carries: `url_for(...)` (with any arguments), a
    `"/path"` literal, `request.path`, `request.url` (the page the browser is
    on), or text that starts with one of them. A URL that a function built
    from request data (`login_redirect(return_to=path)`) is low.

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
    surface = (".redirect", "flask.url_for")
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
            for call, as_written in frame.pending:
                if as_written:
                    self.report(call, "redirect() to a URL taken from the request: open redirect")
                else:  # a URL a function built from request data: it may well check it
                    self.report(call, "redirect() to a URL a function built from request data; check it", "low")

    def visit_Assign(self, node: cst.Assign) -> None:
        """`response.headers["Location"] = url` or `response.location = url`: a redirect written by hand."""
        for target in node.targets:
            place = target.target
            location = (
                isinstance(place, cst.Subscript)
                and isinstance(place.value, cst.Attribute)
                and place.value.attr.value == "headers"
                and len(place.slice) == 1
                and isinstance(place.slice[0].slice, cst.Index)
                and (string_value(place.slice[0].slice.value) or "").lower() == "location"
            ) or (isinstance(place, cst.Attribute) and place.attr.value == "location")
            if location and not _same_origin(node.value):
                flow = self.ctx.request_flow(node.value)
                if flow is not None:
                    self.functions.current.pending.append((node, flow == "direct"))

    def visit_Call(self, node: cst.Call) -> None:
        name = call_tail(node)
        frame = self.functions.current
        if name in SAFE_URL_CHECKS or CHECK_HELPER.search(name):
            frame.checked = True
        elif name == "redirect":
            target = first_arg(node)
            flow = self.ctx.request_flow(target) if target is not None and not _same_origin(target) else None
            if flow is not None:
                frame.pending.append((node, flow == "direct"))
