"""A third-party rule pack, as small as one can be: a fact provider and a rule that needs it.

It is found through the `flasklint.rules` entry point of its distribution
(see the dist-info beside it) and touches nothing in the engine.
"""

from __future__ import annotations

import libcst as cst

from flasklint.api import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    FactProvider,
    Invalid,
    PracticeRule,
    ProjectModel,
    Verdict,
)


class AssertCount(FactProvider):
    """How many `assert` statements a test module holds."""

    name = "demo-assert-count"
    roles = frozenset({"test"})

    @classmethod
    def empty(cls) -> int:
        return 0

    def visit_Assert(self, node: cst.Assert) -> None:
        self.found += 1


class TestsAssert(PracticeRule):
    """Test modules assert something.

    ## What it checks
    That the test modules hold `assert` statements.

    ## Why it matters
    A test that asserts nothing passes whatever the code does.

    ## Example
    ```python
    def test_home(client):
        client.get("/")
    ```

    ## Use instead
    ```python
    def test_home(client):
        assert client.get("/").status_code == 200
    ```
    """

    code = "X901"
    name = "tests-assert"
    skill = "testing"
    severity = "low"
    weight = 1.0
    needs = (AssertCount,)
    good = ({"app.py": "import flask\n", "tests/test_a.py": "def test_a():\n    assert 1 + 1 == 2\n"},)
    bad = (Invalid({"app.py": "import flask\n", "tests/test_a.py": "def test_a():\n    print(1)\n"}, status=NOT_MET),)

    def judge(self, project: ProjectModel) -> Verdict:
        counts = project.facts(AssertCount, project.test_modules)
        if not counts:
            return Verdict(NOT_APPLICABLE, "no test modules")
        total = sum(count for _, count in counts)
        if total:
            return Verdict(MET, f"{total} assert statements in the tests")
        return Verdict(NOT_MET, "the tests assert nothing")
