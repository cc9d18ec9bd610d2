"""FL518 outbound-http: Outbound HTTP calls have no timeout, or do not verify TLS."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileRule, Invalid, is_false, keyword_arg, kwarg_value

HTTP_CLIENTS = frozenset(
    {
        "requests.get",
        "requests.post",
        "requests.put",
        "requests.patch",
        "requests.delete",
        "requests.head",
        "requests.request",
        "requests.options",
    }
)


class OutboundHttp(FileRule):
    """Outbound HTTP calls have no timeout, or do not verify TLS.

    ## What it checks
    `requests.get/post/...` without `timeout=` (low), and any `requests` or
    `httpx` call with `verify=False` (high).

    ## Why it matters
    Without a timeout, a slow upstream holds a worker forever: a handful of
    hung calls take the whole app down. Without TLS verification anyone on
    the network path can read and change the traffic.

    ## Example
    ```python
    requests.get(url, verify=False)
    ```

    ## Use instead
    ```python
    requests.get(url, timeout=5)
    ```
    """

    code = "FL518"
    name = "outbound-http"
    skill = "security"
    severity = "low"
    weight = 1.0
    unit = "module"
    surface = ("requests", "httpx", "urllib.request", "urllib3", "aiohttp")
    good = (
        """\
import requests


def fetch(url):
    return requests.get(url, timeout=5).json()
""",
    )
    bad = (
        Invalid(
            """\
import requests


def fetch(url):
    return requests.get(url).json()
""",
            expect=("app.py:5",),
        ),
        Invalid(
            """\
import httpx


def fetch(url):
    return httpx.get(url, verify=False).json()
""",
            expect=("app.py:5",),
        ),
    )

    def visit_Call(self, node: cst.Call) -> None:
        qual = self.ctx.qualname(node.func) or ""
        if not qual.startswith(("requests.", "httpx.")):
            return
        if is_false(kwarg_value(node, "verify")):
            self.report(node, f"{qual}(verify=False) turns off TLS certificate checks", "high")
        elif qual in HTTP_CLIENTS and keyword_arg(node, "timeout") is None:
            self.report(node, f"{qual}() without timeout= can hang a worker forever")
