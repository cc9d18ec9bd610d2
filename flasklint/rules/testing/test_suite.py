"""FL601 test-suite: The repository has a test suite with tests in it."""

from __future__ import annotations

from flasklint.api import MET, NOT_MET, PARTLY, Invalid, PracticeRule, ProjectModel, Verdict, evidence, plural
from flasklint.rules.testing._shared import APP, CONFTEST, TESTS


class TestSuite(PracticeRule):
    """The repository has a test suite with tests in it.

    ## What it checks
    Test modules (in `tests/` or `test/`, or named `test_*.py`, `*_test.py`,
    `tests.py`, `conftest.py`) holding test functions (pytest style
    `test_*` functions, or `test*` methods of `unittest.TestCase` / `Test*`
    classes, also through a base class of the project's own such as
    `class AuthTest(BaseTestCase)`). Met with three tests or more; partly met with one or two; not
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
        Invalid({"app.py": APP}, status="not met"),
        Invalid({"app.py": APP, "tests/__init__.py": "", "tests/test_app.py": "import app\n"}, status="not met"),
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
        return Verdict(MET, f"{plural(len(tests), 'test')} in {plural(len(files), 'file')}", found)
