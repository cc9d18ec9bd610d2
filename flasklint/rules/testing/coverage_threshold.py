"""FL605 coverage-threshold: Coverage is measured against a threshold."""

from __future__ import annotations

import re

from flasklint.api import MET, NOT_MET, Invalid, PracticeRule, ProjectModel, Verdict, evidence
from flasklint.rules.testing._shared import APP, CI_FILES, TESTS, configuration_files

COVERAGE_THRESHOLD = re.compile(r"(fail_under|fail-under|cov-fail-under)\s*[=:]?\s*\d+")


COVERAGE_FILES = (".coveragerc", "setup.cfg", "tox.ini", "pyproject.toml", "pytest.ini", "Makefile", "noxfile.py")


class CoverageThreshold(PracticeRule):
    """Coverage is measured against a threshold.

    ## What it checks
    A coverage threshold: `fail_under` in `.coveragerc`, `setup.cfg`,
    `tox.ini` or `[tool.coverage.report]`, or `--cov-fail-under` in pytest
    options, a Makefile or CI; for a graded subfolder, also in the
    configuration of the project that names it. Not applicable without tests.

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
        Invalid(
            {
                "app.py": APP,
                "tests/test_index.py": TESTS,
                "pyproject.toml": "[tool.pytest.ini_options]\naddopts = '--cov'\n",
            },
            status="not met",
        ),
    )

    @classmethod
    def applies(cls, project: ProjectModel) -> str | None:
        return None if any(m.tests for m in project.test_modules) else "no tests"

    def judge(self, project: ProjectModel) -> Verdict:
        candidates = [
            rel
            for rel, inside in configuration_files(project)
            if rel.rsplit("/", 1)[-1] in COVERAGE_FILES or CI_FILES.match(inside)
        ]
        for rel in candidates:
            text = project.read_text(rel) or ""
            match = COVERAGE_THRESHOLD.search(text)
            if match:
                line = text[: match.start()].count("\n") + 1
                return Verdict(MET, f"coverage threshold in {rel}", [evidence(rel, line, match.group())])
        return Verdict(NOT_MET, "no coverage threshold configured")
