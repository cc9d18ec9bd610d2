"""FL604 ci-runs-tests: Continuous integration runs the tests."""

from __future__ import annotations

import re

from flasklint.api import MET, NOT_MET, Invalid, PracticeRule, ProjectModel, Verdict, evidence
from flasklint.rules.testing._shared import APP, CI_FILES, configuration_files

# `docker compose run web pytest` and `poetry run pytest` contain `pytest`; `make test-app` contains `make test`
TEST_COMMAND = re.compile(
    r"\b(pytest|py\.test|tox|nox|unittest|nose2|make test|make check|manage\.py test|flask test|coverage run)\b"
)


class CiRunsTests(PracticeRule):
    """Continuous integration runs the tests.

    ## What it checks
    A CI configuration (GitHub Actions workflows, `.gitlab-ci.yml`,
    CircleCI, Jenkinsfile, Azure Pipelines, Bitbucket, Travis) that runs the
    tests (`pytest`, `tox`, `nox`, `unittest`, `make test`, `flask test`,
    also inside `docker compose run ...` or `poetry run ...`). Not met with
    only local automation (`tox.ini`, `noxfile.py`) or a CI file that lints
    or deploys but runs no tests (the report says which). When a subfolder is graded, the CI of the project whose
    configuration names that folder counts too (`../.github/workflows/ci.yml`).

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
    bad = (
        Invalid({"app.py": APP}, status="not met"),
        Invalid(
            {
                "app.py": APP,
                ".github/workflows/lint.yml": "on: push\njobs:\n  l:\n    steps:\n      - run: ruff check\n",
            },
            status="not met",
        ),
    )

    def judge(self, project: ProjectModel) -> Verdict:
        ci = [rel for rel, inside in configuration_files(project) if CI_FILES.match(inside)]
        running = [rel for rel in ci if TEST_COMMAND.search(project.read_text(rel) or "")]
        if running:
            return Verdict(
                MET, f"{running[0]} runs the tests", [evidence(rel, 1, "CI runs the tests") for rel in running[:3]]
            )
        local = [
            rel
            for rel, inside in [*configuration_files(project), *((m.path, m.path) for m in project.modules)]
            if inside in ("tox.ini", "noxfile.py")
        ]
        if ci or local:  # shown, but no credit: the practice is that the tests run on every change
            where = (ci or local)[0]
            what = "a CI configuration that runs no tests" if ci else "local test automation but no CI"
            return Verdict(NOT_MET, what, [evidence(where, 1, what)])
        return Verdict(NOT_MET, "no CI configuration")
