"""Testing: a suite exists and drives the app the way Flask intends."""

from __future__ import annotations

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
