"""FL603 routes-exercised: Tests exercise the routes the app defines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import libcst as cst

from flasklint.api import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    PARTLY,
    FactProvider,
    Invalid,
    ModuleSummary,
    PracticeRule,
    ProjectModel,
    RouteFact,
    Verdict,
    dotted_name,
    evidence,
    plural,
    positional_args,
    string_value,
)
from flasklint.rules.testing._shared import APP, CONFTEST, TESTS


@dataclass
class UrlsInTests:
    urls: list[str] = field(default_factory=list)  # "/path" literals; f-strings as "/x/{}"
    endpoints: list[str] = field(default_factory=list)  # url_for("endpoint")


def _url_pattern(node: cst.BaseExpression) -> str | None:
    """ "/users/1" -> itself; f"/users/{uid}", "/users/{}".format(uid), "/users/%s" % uid -> "/users/{}"."""
    text = string_value(node)
    if text is None and isinstance(node, cst.FormattedString):
        text = "".join(part.value if isinstance(part, cst.FormattedStringText) else "{}" for part in node.parts)
    elif (
        text is None
        and isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "format"
    ):
        template = string_value(node.func.value)
        text = re.sub(r"\{[^}]*\}", "{}", template) if template is not None else None
    elif text is None and isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Modulo):
        template = string_value(node.left)
        text = re.sub(r"%[sdr]", "{}", template) if template is not None else None
    return text if text is not None and text.startswith("/") and len(text) < 300 else None


class RequestedUrls(FactProvider):
    """The URLs and `url_for` endpoints that test code passes to calls."""

    name = "test-urls"
    roles = frozenset({"test"})

    @classmethod
    def empty(cls) -> UrlsInTests:
        return UrlsInTests()

    def visit_Call(self, node: cst.Call) -> None:
        callee = dotted_name(node.func)
        if callee is None:
            return
        args = positional_args(node)
        if callee.rpartition(".")[2] == "url_for":
            endpoint = string_value(args[0].value) if args else None
            if endpoint:
                self.found.endpoints.append(endpoint)
        else:
            # the URL may be any argument: `client.get("/x")`, `make_request("get", "/x")`, `open(path="/x")`
            values = [a.value for a in args[:3]]
            values += [a.value for a in node.args if a.keyword is not None and a.keyword.value in ("path", "url")]
            for value in values:
                url = _url_pattern(value)
                if url is not None:
                    self.found.urls.append(url)
                    break


def _segments(path: str) -> list[str]:
    return [s for s in path.split("?")[0].split("#")[0].split("/") if s]


class _TestUrl:
    """A test URL split once: routes x URLs comparisons must not re-split strings."""

    __slots__ = ("bare", "segments")

    def __init__(self, url: str) -> None:
        self.bare = url.split("?")[0]
        self.segments = tuple(_segments(url))


class _UrlIndex:
    """Test URLs indexed by their literal segments counted from the end.

    A route is compared only with URLs that share its last literal segment
    at the same distance from the end (or hold an f-string field there):
    hundreds of routes times hundreds of URLs must not be a full cross product.
    """

    DEPTH = 4

    def __init__(self, urls: list[_TestUrl]) -> None:
        self.urls = urls
        self.by_segment: dict[tuple[int, str], list[_TestUrl]] = {}
        self.fields: dict[int, list[_TestUrl]] = {}
        for url in urls:
            for back, segment in enumerate(reversed(url.segments[-self.DEPTH :]), 1):
                if "{}" in segment:
                    self.fields.setdefault(back, []).append(url)
                else:
                    self.by_segment.setdefault((back, segment), []).append(url)

    def reaches(self, route: str) -> bool:
        want = tuple(_segments(route))
        candidates = self.urls
        # the most selective literal segment among the last few decides the candidates
        for back, segment in enumerate(reversed(want[-self.DEPTH :]), 1):
            if not segment.startswith("<"):
                here = self.by_segment.get((back, segment), []) + self.fields.get(back, [])
                if len(here) < len(candidates):
                    candidates = here
        return any(_tail_matches(want, url) for url in candidates)


def _tail_matches(want: tuple[str, ...], url: _TestUrl) -> bool:
    have = url.segments
    if not want:
        return url.bare in ("", "/") or (url.bare.endswith("/") and len(have) <= 2)
    if len(have) < len(want):
        return False
    for expected, got in zip(reversed(want), reversed(have)):
        if expected.startswith("<") or "{}" in got:
            continue
        if expected != got:
            return False
    return True


class RoutesExercised(PracticeRule):
    """Tests exercise the routes the app defines.

    ## What it checks
    The share of the app's routes that the tests reach: a URL string in test
    code passed to a call (`client.get("/api/v1/books/1")`, a helper's
    `make_request("get", "/books")`; f-strings, `.format()` and `%` included)
    that matches
    the route's path (converters like `<int:id>` match any segment; blueprint
    prefixes are allowed in front), or `url_for("endpoint")` naming the view.
    Met at 70% or more, partly met from 30%. Not applicable without tests or
    routes.

    ## Why it matters
    A suite that never requests most endpoints proves little about them; the
    ratio is a quick, honest signal of how much of the HTTP surface is
    tested.

    ## Example
    Ten routes, and tests that only call `/health`.

    ## Use instead
    At least one test per route, through `app.test_client()`.
    """

    __test__ = False

    code = "FL603"
    needs = (RequestedUrls,)
    name = "routes-exercised"
    skill = "testing"
    severity = "medium"
    weight = 2.0
    good = ({"app.py": APP, "tests/conftest.py": CONFTEST, "tests/test_index.py": TESTS},)
    bad = (
        Invalid(
            {
                "app.py": APP.replace(
                    "    return app",
                    '    @app.get("/a")\n    def a():\n        return ""\n\n'
                    '    @app.get("/b/<int:x>")\n    def b(x):\n        return ""\n\n    return app',
                ),
                "tests/conftest.py": CONFTEST,
                "tests/test_index.py": "def test_one(web):\n    assert web.get('/nope')\n",
            },
            status="not met",
        ),
    )

    def judge(self, project: ProjectModel) -> Verdict:
        routes = [(m, r) for m in project.app_modules for r in m.routes if r.path is not None]
        if not routes or not any(m.tests for m in project.test_modules):
            return Verdict(NOT_APPLICABLE, "no routes or no tests")
        requests = [found for _, found in project.facts(RequestedUrls, project.test_modules)]
        urls = _UrlIndex([_TestUrl(u) for u in sorted({u for found in requests for u in found.urls})])
        endpoints = {e.rpartition(".")[2] for found in requests for e in found.endpoints}
        reached: list[tuple[ModuleSummary, RouteFact]] = []
        missed: list[tuple[ModuleSummary, RouteFact]] = []
        for m, r in routes:
            hit = r.function.rpartition(".")[2] in endpoints or urls.reaches(r.path or "")
            (reached if hit else missed).append((m, r))
        ratio = len(reached) / len(routes)
        found = [evidence(m.path, r.loc, f"route {r.path} is not requested by any test") for m, r in missed[:5]]
        message = f"tests reach {len(reached)} of {plural(len(routes), 'route')} ({ratio:.0%})"
        if ratio >= 0.7:
            return Verdict(MET, message, found)
        return Verdict(PARTLY if ratio >= 0.3 else NOT_MET, message, found)
