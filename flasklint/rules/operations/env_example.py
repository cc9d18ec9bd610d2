"""FL707 env-example: Environment variables are documented in `.env.example`, not committed in `.env`."""

from __future__ import annotations

import re

from flasklint.api import MET, PARTLY, Invalid, PracticeRule, ProjectModel, Verdict, evidence

ENV_EXAMPLE = re.compile(
    r"(^|/)\.?env[.\-_]?(example|sample|template|dist)$|(^|/)\.env\.(example|sample|template|dist)$", re.I
)


class EnvExample(PracticeRule):
    """Environment variables are documented in `.env.example`, not committed in `.env`.

    ## What it checks
    When the code reads environment variables: a `.env.example` /
    `.env.sample` / `.env.template` documenting them (met), only a committed
    `.env` (partly met: secrets in it are reported once, by FL519), or
    neither (partly met: the settings are undocumented). Not applicable when
    the code reads no environment variables.

    ## Why it matters
    The example file tells the next developer and the deploy pipeline which
    settings exist; a committed `.env` mixes one machine's secrets into the
    repository.

    ## Example
    A committed `.env` with the developer's database password.

    ## Use instead
    `.env.example` with names and safe placeholders, `.env` in `.gitignore`.
    """

    code = "FL707"
    name = "env-example"
    skill = "operations"
    severity = "low"
    weight = 1.0
    good = (
        {
            "app.py": "import os\n\nfrom flask import Flask\n\nKEY = os.environ['SECRET_KEY']\n",
            ".env.example": "SECRET_KEY=\n",
        },
    )
    bad = (
        Invalid(
            {
                "app.py": "import os\n\nfrom flask import Flask\n\nKEY = os.environ['SECRET_KEY']\n",
                ".env": "SECRET_KEY=abc\n",
            },
            status="partly met",
        ),
    )

    @classmethod
    def applies(cls, project: ProjectModel) -> str | None:
        return None if any(m.reads_env for m in project.app_modules) else "the code reads no environment variables"

    def judge(self, project: ProjectModel) -> Verdict:
        committed = project.committed_env_files
        examples = [rel for rel in project.other_files if ENV_EXAMPLE.search(rel)]
        if examples:
            return Verdict(
                MET, f"settings documented in {examples[0]}", [evidence(examples[0], 1, "example environment")]
            )
        if committed:  # what it holds is FL519's finding; here it only fails to be a template
            return Verdict(
                PARTLY,
                f"settings are documented only by the committed {committed[0]}",
                [evidence(committed[0], 1, "committed environment file")],
            )
        return Verdict(PARTLY, "environment variables are read but not documented in a .env.example")
