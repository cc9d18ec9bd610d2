"""FL808 readme: The README says how to run and test the project."""

from __future__ import annotations

import re

from flasklint.api import MET, NOT_MET, PARTLY, Invalid, PracticeRule, ProjectModel, Verdict, evidence

README = re.compile(r"^readme(\.(md|rst|txt|markdown))?$", re.I)


RUN_WORDS = re.compile(
    r"(flask\s+(--app\s+\S+\s+)?run|gunicorn|docker|python\s+\S+\.py|pip install|make run|uv run|poetry run|\brun\b)",
    re.I,
)


TEST_WORDS = re.compile(r"(pytest|tox|nox|unittest|make test|\btests?\b)", re.I)


class ReadmeHowTo(PracticeRule):
    """The README says how to run and test the project.

    ## What it checks
    A README at the top of the repository that explains how to run the app
    (install, `flask run`, gunicorn, Docker, ...) and how to run the tests.
    Partly met when it covers only one of the two.

    ## Why it matters
    The README is the first thing a reviewer or a new teammate opens; if it
    does not say how to start and test the app, they guess.

    ## Example
    A README with the project's title and nothing else.

    ## Use instead
    ```
    pip install -r requirements.txt
    flask --app app run
    pytest
    ```
    """

    code = "FL808"
    name = "readme"
    skill = "code-quality"
    severity = "low"
    weight = 1.0
    good = (
        {
            "app.py": "x = 1\n",
            "README.md": "# App\n\n    pip install -r requirements.txt\n    flask run\n\nTests: `pytest`\n",
        },
    )
    bad = (
        Invalid({"app.py": "x = 1\n", "README.md": "# My app\n"}, status="not met"),
        Invalid({"app.py": "x = 1\n"}, status="not met"),
    )

    def judge(self, project: ProjectModel) -> Verdict:
        readmes = [rel for rel in project.other_files if "/" not in rel and README.match(rel)]
        if not readmes:
            return Verdict(NOT_MET, "no README")
        text = project.read_text(readmes[0]) or ""
        runs, tests = bool(RUN_WORDS.search(text)), bool(TEST_WORDS.search(text))
        found = [evidence(readmes[0], 1, "README")]
        if runs and tests:
            return Verdict(MET, "the README says how to run and test the project", found)
        if runs or tests:
            return Verdict(PARTLY, f"the README does not say how to {'test' if runs else 'run'} the project", found)
        return Verdict(NOT_MET, "the README says neither how to run nor how to test the project", found)
