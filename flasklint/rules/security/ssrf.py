"""FL522 server-side-request-forgery: The server fetches a URL the request chose."""

from __future__ import annotations

import re
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
    call_tail,
    first_arg,
    fixed_host,
    flaskapi,
    flow_findings,
    is_dynamic_string,
    kwarg_value,
    leading_text,
)

FETCH_COMMAND = re.compile(r"^\s*(curl|wget)\s")


class ServerSideRequestForgery(FileRule):
    """The server fetches a URL the request chose.

    ## What it checks
    `requests`, `httpx`, `urllib.request.urlopen` and `urllib3` calls whose
    URL (the first argument or `url=`) carries request data as written, unless
    the URL starts with a fixed scheme and host (`f"https://api.example.com/
    users/{user_id}"` can only reach that host); and a `curl`/`wget` command
    line built from request data, whatever runs it. A URL that a helper
    built from request data is medium: the helper may confine the host. Also
    through the project's own functions: a view that hands request data to
    `fetch(url)`, whose body (or a helper it calls) fetches it, is flagged at
    the view's call.

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
    needs = (CallFlows,)
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

    @classmethod
    def across_files(cls, project: ProjectModel) -> Iterator[Finding]:
        """A view hands request data to a helper (any number of calls deep) that fetches it as a URL."""
        return flow_findings(cls, project, "url", "request data reaches a URL that {callee}() fetches: SSRF")

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        # names holding a URL whose scheme and host are fixed: `url = f"https://gravatar.com/avatar/{h}"`
        self.fixed: FunctionStack[set[str]] = FunctionStack(set, module_frame=True)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.fixed.push()

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.fixed.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        fixed = bool(fixed_host(node.value))
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                (self.fixed.current.add if fixed else self.fixed.current.discard)(target.target.value)

    def visit_Call(self, node: cst.Call) -> None:
        command = first_arg(node)
        if command is not None and is_dynamic_string(command) and FETCH_COMMAND.match(leading_text(command)):
            flow = self.ctx.request_flow(command)  # `run(f"curl {url}")`: the server fetches it
            if flow is not None:
                message = "a curl/wget command fetches a URL taken from the request: server-side request forgery"
                self.report(node, message, "high" if flow == "direct" else "medium")
            return
        if call_tail(node) not in flaskapi.HTTP_FETCHES:  # before resolving the name: most calls are something else
            return
        qual = self.ctx.qualname(node.func) or ""
        if not qual.startswith(flaskapi.HTTP_CLIENTS):
            return
        url = kwarg_value(node, "url") or first_arg(node)
        if call_tail(node) == "request" and node.args and node.args[0].keyword is None and len(node.args) > 1:
            url = node.args[1].value  # `requests.request("GET", url)`, `pool.request("GET", url)`
        fixed = isinstance(url, cst.Name) and url.value in self.fixed.current
        if url is None or fixed or fixed_host(url):
            return
        flow = self.ctx.request_flow(url)
        if flow == "direct":
            self.report(node, f"{qual}() fetches a URL taken from the request: server-side request forgery")
        elif flow == "transformed":  # a helper built the URL: it may confine the host, or not
            self.report(node, f"{qual}() fetches a URL a helper built from request data; check its host", "medium")
