"""FL602 tests-use-factory: Tests build the app through the factory and drive it with the test client."""

from __future__ import annotations

import libcst as cst

from flasklint.api import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    PARTLY,
    CallFact,
    FactProvider,
    FileContext,
    FunctionStack,
    Invalid,
    ModuleSummary,
    PracticeRule,
    ProjectModel,
    Verdict,
    dotted_name,
    evidence,
    string_value,
)
from flasklint.rules.testing._shared import APP, CONFTEST, TESTS


def _mentions_testing(node: cst.BaseExpression) -> bool:
    """`"testing"`, `TestConfig`, `config.TestingConfig`, `{"TESTING": True}`."""
    text = string_value(node)
    if text is None:
        text = dotted_name(node)
        if text is not None:
            text = text.rpartition(".")[2]
    if text is not None:
        return "test" in text.lower()
    if isinstance(node, cst.Dict):
        return any(isinstance(e, cst.DictElement) and string_value(e.key) == "TESTING" for e in node.elements)
    return False


class ConfiguredForTesting(FactProvider):
    """Test functions that configure the app for testing: `app.testing = True`,
    `config["TESTING"] = True`, or a call given a testing configuration
    (`create_app("testing")`, `create_app(TestConfig)`, `TESTING=True`)."""

    name = "testing-config"
    roles = frozenset({"test"})

    def __init__(self, ctx: FileContext, summary: ModuleSummary) -> None:
        super().__init__(ctx, summary)
        self.functions: FunctionStack[list[bool]] = FunctionStack(lambda: [False])
        self.configured: set[str] = set()  # qualnames

    def result(self) -> frozenset[str]:
        return frozenset(self.configured)

    @classmethod
    def empty(cls) -> frozenset[str]:
        return frozenset()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.push()

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self.functions.pop()[0]:
            self.configured.add(self.ctx.function_info(node).qualname)

    def visit_Call(self, node: cst.Call) -> None:
        frame = self.functions.top
        if frame is None or frame[0] or dotted_name(node.func) is None:
            return
        frame[0] = any(
            (arg.keyword is not None and arg.keyword.value == "TESTING") or _mentions_testing(arg.value)
            for arg in node.args
        )

    def visit_Assign(self, node: cst.Assign) -> None:
        frame = self.functions.top
        if frame is None:
            return
        for target in node.targets:
            self._assigned(target.target, frame)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        frame = self.functions.top
        if frame is not None and node.value is not None:
            self._assigned(node.target, frame)

    def _assigned(self, target: cst.BaseExpression, frame: list[bool]) -> None:
        if isinstance(target, cst.Attribute) and target.attr.value == "testing":
            frame[0] = True
        elif isinstance(target, cst.Subscript) and len(target.slice) == 1:
            index = target.slice[0].slice
            if isinstance(index, cst.Index) and string_value(index.value) == "TESTING":
                frame[0] = True


GLOBAL_APP = """\
from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return "ok"
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


class TestsUseFactory(PracticeRule):
    """Tests build the app through the factory and drive it with the test client.

    ## What it checks
    That some test code (a pytest fixture of any name, in `conftest.py` or a
    test module, a `unittest` `setUp`, or a helper) calls the application
    factory with a testing configuration (`create_app("testing")`,
    `create_app(TestConfig)`, `{"TESTING": True}`, `app.config.update(...)`,
    `app.testing = True`), and that the tests use `app.test_client()` (or
    WebTest's `TestApp(app)`, or Flask-Testing's `TestCase`, whose
    `create_app()` hook builds the app and whose client comes with it).
    Partly met when one of the three is missing; not met when the project
    has no factory at all (the tests share the one global app and its
    settings, whatever client they use).

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
    needs = (ConfiguredForTesting,)
    name = "tests-use-factory"
    skill = "testing"
    severity = "medium"
    weight = 2.0
    good = (
        {"app.py": APP, "tests/conftest.py": CONFTEST, "tests/test_index.py": TESTS},
        {"app.py": APP, "tests.py": UNITTEST},
    )
    bad = (
        Invalid(
            {
                "app.py": GLOBAL_APP,
                "test_app.py": "from app import index\n\n\ndef test_index():\n    assert index() == 'ok'\n",
            },
            status="not met",
        ),
        Invalid(
            {
                "app.py": APP,
                "tests/test_app.py": "from app import create_app\n\n\ndef test_index():\n"
                "    assert create_app().test_client().get('/').status_code == 200\n",
            },
            status="partly met",
        ),
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
        clients = [(m, c) for m in modules for c in m.calls_named("test_client", "TestApp")]
        # Flask-Testing's TestCase builds the client itself from the class's create_app()
        clients += [
            (m, CallFact("flask_testing.TestCase", imp.loc, None))
            for m in modules
            for imp in m.imports
            if imp.module.split(".")[0] == "flask_testing"
        ]
        configured = [(m, f) for m, f in builders if f.qualname in m.fact(ConfiguredForTesting)]
        found = [evidence(m.path, f.loc, f"{f.qualname}() builds the app with the factory") for m, f in builders[:3]]
        found += [evidence(m.path, c.loc, "test_client()") for m, c in clients[:2]]
        if configured and clients:
            f = configured[0][1]
            return Verdict(
                MET, f"{f.qualname}() builds a testing app through the factory; tests use test_client()", found
            )
        if not factories:  # nothing to build a testing app from: the tests share the one global app
            return Verdict(
                NOT_MET, "there is no factory to build the app from: tests share the global app and its settings", found
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
