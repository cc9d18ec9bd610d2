"""FL519 committed-env-secrets: A `.env` file with secrets is committed."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from flasklint.api import Finding, Invalid, ProjectModel, ProjectRule, Severity, non_production_name
from flasklint.rules.security._shared import secret_name, secret_text


class CommittedEnvSecrets(ProjectRule):
    """A `.env` file with secrets is committed.

    ## What it checks
    `.env` files (and `.env.production`, `.env.local`, ...; not
    `.env.example` / `.env.sample` / `.env.template`) that set secret-looking
    variables (`SECRET_KEY`, `*_PASSWORD`, `*_TOKEN`, `*_API_KEY`) to
    non-empty values.

    ## Why it matters
    The file is in every clone of the repository and in its history forever;
    the secrets in it must be considered leaked.

    ## Example
    ```
    SECRET_KEY=8f2c...
    DATABASE_PASSWORD=hunter2
    ```

    ## Use instead
    Commit `.env.example` with the names and no values, and add `.env` to
    `.gitignore`.
    """

    code = "FL519"
    name = "committed-env-secrets"
    skill = "security"
    severity = "high"
    weight = 2.0
    unit = "repository"
    good = (
        {
            "app.py": "from flask import Flask\n",
            ".env": "FLASK_APP=app.py\nFLASK_DEBUG=0\n",
            ".env.example": "SECRET_KEY=\nDATABASE_PASSWORD=\n",
        },
    )
    bad = (
        Invalid(
            {"app.py": "from flask import Flask\n", ".env": "FLASK_APP=app\nSECRET_KEY=8f2c1e\n"}, expect=(".env:2",)
        ),
    )

    @classmethod
    def applies(cls, project: ProjectModel) -> str | None:
        return None if project.committed_env_files else "no environment file is committed"

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        for rel in project.committed_env_files:
            for number, line in enumerate((project.read_text(rel) or "").splitlines(), 1):
                if line.lstrip().startswith("#"):
                    continue
                key, sep, value = line.strip().removeprefix("export ").partition("=")
                value = value.split(" #")[0].strip().strip("'\"")
                if sep and secret_name(key.strip()) and not value.startswith("${") and secret_text(value) == "secret":
                    # docker/development/.env.postgres: throwaway credentials of a local stack
                    severity: Severity | None = "low" if any(non_production_name(p) for p in rel.split("/")) else None
                    yield self.finding(
                        rel, number, f"{key.strip()} is committed in {posixpath.basename(rel)}", severity
                    )
