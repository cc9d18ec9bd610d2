"""Testing: a suite exists and drives the app the way Flask intends."""

from __future__ import annotations

import re

from flasklint.project import ProjectModel
from flasklint.rule import MET, NOT_APPLICABLE, NOT_MET, PARTLY, PracticeRule, Verdict, evidence, plural

APP = """\
from flask import Flask


def create_app(test_config=None):
    app = Flask(__name__)
    app.config.from_mapping(SECRET_KEY="dev")
    if test_config:
        app.config.update(test_config)

    @app.get("/")
    def index():
        return "ok"

    return app
"""

GLOBAL_APP = """\
from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return "ok"
"""

CONFTEST = """\
import pytest

from app import create_app


@pytest.fixture
def flask_app():
    return create_app({"TESTING": True})


@pytest.fixture
def web(flask_app):
    return flask_app.test_client()
"""

TESTS = """\
def test_index(web):
    assert web.get("/").status_code == 200


def test_missing(web):
    assert web.get("/nope").status_code == 404


def test_method(web):
    assert web.post("/").status_code == 405
"""

UNITTEST = """\
import unittest

from app import create_app


class IndexTest(unittest.TestCase):
    def setUp(self):
        self.app = create_app({"TESTING": True})
        self.client = self.app.test_client()

    def test_index(self):
        self.assertEqual(self.client.get("/").status_code, 200)

    def test_missing(self):
        self.assertEqual(self.client.get("/x").status_code, 404)

    def test_post(self):
        self.assertEqual(self.client.post("/").status_code, 405)
"""


class TestSuite(PracticeRule):
    """The repository has a test suite with tests in it.

    ## What it checks
    Test modules (in `tests/` or `test/`, or named `test_*.py`, `*_test.py`,
    `tests.py`, `conftest.py`) holding test functions (pytest style
    `test_*` functions, or `test*` methods of `unittest.TestCase` / `Test*`
    classes). Met with three tests or more; partly met with one or two; not
    met with none, or with test files that contain no tests.

    ## Why it matters
    Tests are how a reviewer knows the code works and how the next developer
    changes it safely. A submission without them asks to be trusted.

    ## Example
    ```
    app.py
    requirements.txt        # and nothing that tests app.py
    ```

    ## Use instead
    ```python
    # tests/test_index.py
    def test_index(client):
        assert client.get("/").status_code == 200
    ```
    """

    __test__ = False  # not a pytest test class, despite its name

    code = "FL601"
    name = "test-suite"
    skill = "testing"
    severity = "high"
    weight = 3.0
    good = ({"app.py": APP, "tests/conftest.py": CONFTEST, "tests/test_index.py": TESTS},)
    bad = (
        {"app.py": APP},
        {"app.py": APP, "tests/__init__.py": "", "tests/test_app.py": "import app\n"},
    )

    def judge(self, project: ProjectModel) -> Verdict:
        modules = project.test_modules
        if not modules:
            return Verdict(NOT_MET, "no tests: no tests/ folder, test_*.py, *_test.py or tests.py")
        tests = [(m, t) for m in modules for t in m.tests]
        if not tests:
            return Verdict(
                NOT_MET,
                f"{plural(len(modules), 'test file')} but not one test function in them",
                [evidence(m.path, 1, "test file without tests") for m in modules[:5]],
            )
        files = sorted({m.path for m, _ in tests})
        found = [evidence(m.path, t.loc, f"test {t.qualname}") for m, t in tests[:5]]
        if len(tests) < 3:
            return Verdict(PARTLY, f"only {plural(len(tests), 'test')}", found)
        return Verdict(MET, f"{len(tests)} tests in {plural(len(files), 'file')}", found)


class TestsUseFactory(PracticeRule):
    """Tests build the app through the factory and drive it with the test client.

    ## What it checks
    That some test code (a pytest fixture of any name, in `conftest.py` or a
    test module, a `unittest` `setUp`, or a helper) calls the application
    factory with a testing configuration (`create_app("testing")`,
    `create_app(TestConfig)`, `{"TESTING": True}`, `app.config.update(...)`,
    `app.testing = True`), and that the tests use `app.test_client()`.
    Partly met when one of the three is missing.

    ## Why it matters
    A fresh app per test, configured for testing, keeps tests independent of
    each other and of the developer's environment; the test client exercises
    routing, request parsing and error handling the way real requests do.

    ## Example
    ```python
    from app import app   # the global app, production config

    def test_index():
        assert app.view_functions["index"]() == "ok"
    ```

    ## Use instead
    ```python
    @pytest.fixture
    def client():
        app = create_app({"TESTING": True})
        return app.test_client()
    ```
    """

    __test__ = False

    code = "FL602"
    name = "tests-use-factory"
    skill = "testing"
    severity = "medium"
    weight = 2.0
    good = (
        {"app.py": APP, "tests/conftest.py": CONFTEST, "tests/test_index.py": TESTS},
        {"app.py": APP, "tests.py": UNITTEST},
    )
    bad = (
        {
            "app.py": GLOBAL_APP,
            "test_app.py": "from app import index\n\n\ndef test_index():\n    assert index() == 'ok'\n",
        },
        {
            "app.py": APP,
            "tests/test_app.py": "from app import create_app\n\n\ndef test_index():\n"
            "    assert create_app().test_client().get('/').status_code == 200\n",
        },
    )

    def judge(self, project: ProjectModel) -> Verdict:
        modules = project.test_modules
        if not any(m.tests for m in modules):
            return Verdict(NOT_APPLICABLE, "no tests to judge")
        factories = project.factory_names
        builders = [
            (m, f)
            for m in modules
            for f in m.functions
            if any(call.rpartition(".")[2] in factories for call in f.calls)
        ]
        clients = [(m, c) for m in modules for c in m.calls_named("test_client")]
        configured = [(m, f) for m, f in builders if f.testing_config]
        found = [evidence(m.path, f.loc, f"{f.qualname}() builds the app with the factory") for m, f in builders[:3]]
        found += [evidence(m.path, c.loc, "test_client()") for m, c in clients[:2]]
        if configured and clients:
            f = configured[0][1]
            return Verdict(
                MET, f"{f.qualname}() builds a testing app through the factory; tests use test_client()", found
            )
        missing = []
        if not builders:
            missing.append(
                "no test builds the app through a factory" if factories else "there is no factory to build the app from"
            )
        elif not configured:
            missing.append("the factory is called without a testing configuration")
        if not clients:
            missing.append("tests never use test_client()")
        if builders or clients:
            return Verdict(PARTLY, "; ".join(missing), found)
        return Verdict(NOT_MET, "tests neither build the app through a factory nor use test_client()", found)


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
    code (`client.get("/api/v1/books/1")`, f-strings included) that matches
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
    name = "routes-exercised"
    skill = "testing"
    severity = "medium"
    weight = 2.0
    good = ({"app.py": APP, "tests/conftest.py": CONFTEST, "tests/test_index.py": TESTS},)
    bad = (
        {
            "app.py": APP.replace(
                "    return app",
                '    @app.get("/a")\n    def a():\n        return ""\n\n'
                '    @app.get("/b/<int:x>")\n    def b(x):\n        return ""\n\n    return app',
            ),
            "tests/conftest.py": CONFTEST,
            "tests/test_index.py": "def test_one(web):\n    assert web.get('/nope')\n",
        },
    )

    def judge(self, project: ProjectModel) -> Verdict:
        routes = [(m, r) for m in project.app_modules for r in m.routes if r.path is not None]
        if not routes or not any(m.tests for m in project.test_modules):
            return Verdict(NOT_APPLICABLE, "no routes or no tests")
        urls = _UrlIndex([_TestUrl(u) for u in sorted({u for m in project.test_modules for u in m.url_strings})])
        endpoints = {e.rpartition(".")[2] for m in project.test_modules for e in m.url_for_endpoints}
        reached, missed = [], []
        for m, r in routes:
            hit = r.function.rpartition(".")[2] in endpoints or urls.reaches(r.path or "")
            (reached if hit else missed).append((m, r))
        ratio = len(reached) / len(routes)
        found = [evidence(m.path, r.loc, f"route {r.path} is not requested by any test") for m, r in missed[:5]]
        message = f"tests reach {len(reached)} of {plural(len(routes), 'route')} ({ratio:.0%})"
        if ratio >= 0.7:
            return Verdict(MET, message, found)
        return Verdict(PARTLY if ratio >= 0.3 else NOT_MET, message, found)


CI_FILES = re.compile(
    r"^(\.github/workflows/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|\.circleci/config\.ya?ml|Jenkinsfile|"
    r"azure-pipelines\.ya?ml|bitbucket-pipelines\.ya?ml|\.travis\.ya?ml|\.drone\.ya?ml|\.woodpecker\.ya?ml)$"
)
TEST_COMMAND = re.compile(r"\b(pytest|py\.test|tox|nox|unittest|make test|manage\.py test|coverage run)\b")


class CiRunsTests(PracticeRule):
    """Continuous integration runs the tests.

    ## What it checks
    A CI configuration (GitHub Actions workflows, `.gitlab-ci.yml`,
    CircleCI, Jenkinsfile, Azure Pipelines, Bitbucket, Travis) that runs the
    tests (`pytest`, `tox`, `nox`, `unittest`, `make test`). Partly met with
    only local automation (`tox.ini`, `noxfile.py`) or a CI file that runs no
    tests.

    ## Why it matters
    Tests that only run when someone remembers stop passing quietly. CI makes
    every change prove itself.

    ## Example
    A repository with `tests/` and no CI configuration.

    ## Use instead
    ```yaml
    # .github/workflows/tests.yml
    on: [push, pull_request]
    jobs:
      test:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@v4
          - uses: actions/setup-python@v5
          - run: pip install -e ".[test]" && pytest
    ```
    """

    __test__ = False

    code = "FL604"
    name = "ci-runs-tests"
    skill = "testing"
    severity = "low"
    weight = 1.0
    good = ({"app.py": APP, ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    steps:\n      - run: pytest -q\n"},)
    bad = ({"app.py": APP},)

    def judge(self, project: ProjectModel) -> Verdict:
        ci = [rel for rel in project.other_files if CI_FILES.match(rel)]
        running = [rel for rel in ci if TEST_COMMAND.search(project.read_text(rel) or "")]
        if running:
            return Verdict(
                MET, f"{running[0]} runs the tests", [evidence(rel, 1, "CI runs the tests") for rel in running[:3]]
            )
        local = [
            rel
            for rel in [*project.other_files, *(m.path for m in project.modules)]
            if rel in ("tox.ini", "noxfile.py")
        ]
        if ci or local:
            where = (ci or local)[0]
            what = "a CI configuration that runs no tests" if ci else "local test automation but no CI"
            return Verdict(PARTLY, what, [evidence(where, 1, what)])
        return Verdict(NOT_MET, "no CI configuration")


COVERAGE_THRESHOLD = re.compile(r"(fail_under|fail-under|cov-fail-under)\s*[=:]?\s*\d+")
COVERAGE_FILES = (".coveragerc", "setup.cfg", "tox.ini", "pyproject.toml", "pytest.ini", "Makefile", "noxfile.py")


class CoverageThreshold(PracticeRule):
    """Coverage is measured against a threshold.

    ## What it checks
    A coverage threshold: `fail_under` in `.coveragerc`, `setup.cfg`,
    `tox.ini` or `[tool.coverage.report]`, or `--cov-fail-under` in pytest
    options, a Makefile or CI. Not applicable without tests.

    ## Why it matters
    A threshold keeps coverage from eroding one untested change at a time;
    measuring without one is a number nobody acts on.

    ## Example
    `pytest --cov` with no `fail_under`.

    ## Use instead
    ```toml
    [tool.coverage.report]
    fail_under = 90
    ```
    """

    __test__ = False

    code = "FL605"
    name = "coverage-threshold"
    skill = "testing"
    severity = "low"
    weight = 1.0
    good = (
        {"app.py": APP, "tests/test_index.py": TESTS, "pyproject.toml": "[tool.coverage.report]\nfail_under = 90\n"},
    )
    bad = (
        {
            "app.py": APP,
            "tests/test_index.py": TESTS,
            "pyproject.toml": "[tool.pytest.ini_options]\naddopts = '--cov'\n",
        },
    )

    @classmethod
    def applies(cls, project: ProjectModel) -> str | None:
        return None if any(m.tests for m in project.test_modules) else "no tests"

    def judge(self, project: ProjectModel) -> Verdict:
        candidates = [
            rel for rel in project.other_files if rel.rsplit("/", 1)[-1] in COVERAGE_FILES or CI_FILES.match(rel)
        ]
        for rel in candidates:
            text = project.read_text(rel) or ""
            match = COVERAGE_THRESHOLD.search(text)
            if match:
                line = text[: match.start()].count("\n") + 1
                return Verdict(MET, f"coverage threshold in {rel}", [evidence(rel, line, match.group())])
        return Verdict(NOT_MET, "no coverage threshold configured")
