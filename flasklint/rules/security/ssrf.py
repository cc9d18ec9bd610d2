"""FL522 server-side-request-forgery: The server fetches a URL the request chose."""

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
    string_value,
)

HTTP_CLIENTS = ("requests.", "httpx.", "urllib.request.urlopen", "urllib.request.Request", "urllib3.")
HTTP_CALLS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "urlopen", "Request"})
# a literal that fixes scheme and host: what follows can only choose a path on that host
FETCH_COMMAND = re.compile(r"^\s*(curl|wget)\s")
FIXED_HOST = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/{}%?#]+/")


def _leading_text(node: cst.BaseExpression) -> str:
    """The literal text a built string starts with: `f"https://api.x/{id}"` -> `https://api.x/`."""
    text = string_value(node)
    if text is not None:
        return text
    if isinstance(node, cst.FormattedString):
        first = node.parts[0] if node.parts else None
        return first.value if isinstance(first, cst.FormattedStringText) else ""
    if isinstance(node, cst.BinaryOperation):
        return _leading_text(node.left)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "format":
        return _leading_text(node.func.value)
    return ""


class ServerSideRequestForgery(FileRule):
    """The server fetches a URL the request chose.

    ## What it checks
    `requests`, `httpx`, `urllib.request.urlopen` and `urllib3` calls whose
    URL (the first argument or `url=`) carries request data as written, unless
    the URL starts with a fixed scheme and host (`f"https://api.example.com/
    users/{user_id}"` can only reach that host); and a `curl`/`wget` command
    line built from request data, whatever runs it. A URL that a helper
    built from request data is medium: the helper may confine the host.

    ## Why it matters
    The server's network position is the prize: `?url=http://169.254.169.254/`
    reads cloud credentials from the metadata service, `http://localhost:6379/`
    talks to the internal Redis, and every internal admin page is one request
    away. This is server-side request forgery.

    ## Example
    ```python
    return requests.get(request.args["url"], timeout=5).text
    ```

    ## Use instead
    ```python
    url = request.args["url"]
    if urlsplit(url).hostname not in ALLOWED_HOSTS:   # an allow-list of hosts, checked before the call
        abort(400)
    ```
    """

    code = "FL522"
    name = "server-side-request-forgery"
    skill = "security"
    severity = "high"
    weight = 2.0
    unit = "repository"
    surface = ("requests", "httpx", "urllib", "urllib3")
    good = (
        """\
import requests
from flask import Flask, request

app = Flask(__name__)


@app.get("/user")
def user():
    user_id = request.args["id"]
    return requests.get(f"https://api.example.com/users/{user_id}", timeout=5).json()
""",
    )
    bad = (
        Invalid(
            """\
import requests
from flask import Flask, request

app = Flask(__name__)


@app.get("/fetch")
def fetch():
    return requests.get(request.args["url"], timeout=5).text
""",
            expect=("app.py:9",),
        ),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        # names holding a URL whose scheme and host are fixed: `url = f"https://gravatar.com/avatar/{h}"`
        self.fixed: FunctionStack[set[str]] = FunctionStack(set, module_frame=True)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.fixed.push()

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.fixed.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        fixed = bool(FIXED_HOST.match(_leading_text(node.value)))
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                (self.fixed.current.add if fixed else self.fixed.current.discard)(target.target.value)

    def visit_Call(self, node: cst.Call) -> None:
        command = first_arg(node)
        if command is not None and is_dynamic_string(command) and FETCH_COMMAND.match(_leading_text(command)):
            flow = self.ctx.request_flow(command)  # `run(f"curl {url}")`: the server fetches it
            if flow is not None:
                message = "a curl/wget command fetches a URL taken from the request: server-side request forgery"
                self.report(node, message, "high" if flow == "direct" else "medium")
            return
        if call_tail(node) not in HTTP_CALLS:  # before resolving the name: most calls are something else
            return
        qual = self.ctx.qualname(node.func) or ""
        if not qual.startswith(HTTP_CLIENTS):
            return
        url = kwarg_value(node, "url") or first_arg(node)
        if call_tail(node) == "request" and node.args and node.args[0].keyword is None and len(node.args) > 1:
            url = node.args[1].value  # `requests.request("GET", url)`, `pool.request("GET", url)`
        fixed = isinstance(url, cst.Name) and url.value in self.fixed.current
        if url is None or fixed or FIXED_HOST.match(_leading_text(url)):
            return
        flow = self.ctx.request_flow(url)
        if flow == "direct":
            self.report(node, f"{qual}() fetches a URL taken from the request: server-side request forgery")
        elif flow == "transformed":  # a helper built the URL: it may confine the host, or not
            self.report(node, f"{qual}() fetches a URL a helper built from request data; check its host", "medium")
