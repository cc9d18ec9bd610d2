"""FL705 dockerfile-hygiene: Dockerfiles pin their base image, drop root, and hold no secrets."""

from __future__ import annotations

import re

from flasklint.api import MET, NOT_MET, PARTLY, Invalid, PracticeRule, ProjectModel, Verdict, evidence
from flasklint.rules.operations._shared import _dockerfiles

SECRET_ENV = re.compile(r"^\s*(ENV|ARG)\s+\w*(SECRET|PASSWORD|TOKEN|API_KEY)\w*[ =]\s*\S+", re.I | re.M)


class DockerfileHygiene(PracticeRule):
    """Dockerfiles pin their base image, drop root, and hold no secrets.

    ## What it checks
    In each Dockerfile: every `FROM` names a tag other than `latest` (or a
    digest); a `USER` other than root; no `ENV`/`ARG` setting a secret-named
    variable. Met when all three hold, partly met when one or two do. Not
    applicable without a Dockerfile.

    ## Why it matters
    `latest` changes under you between builds; a process running as root
    turns an app compromise into a container compromise; an `ENV SECRET=` is
    in every copy of the image.

    ## Example
    ```dockerfile
    FROM python
    ENV SECRET_KEY=abc
    CMD ["gunicorn", "wsgi:app"]
    ```

    ## Use instead
    ```dockerfile
    FROM python:3.12.7-slim
    RUN useradd --create-home app
    USER app
    CMD ["gunicorn", "wsgi:app"]
    ```
    """

    code = "FL705"
    name = "dockerfile-hygiene"
    skill = "operations"
    severity = "low"
    weight = 1.0
    good = (
        {
            "app.py": "from flask import Flask\n",
            "Dockerfile": 'FROM python:3.12-slim\nRUN useradd app\nUSER app\nCMD ["gunicorn", "app:app"]\n',
        },
    )
    bad = (
        Invalid(
            {
                "app.py": "from flask import Flask\n",
                "Dockerfile": 'FROM python\nENV SECRET_KEY=abc\nCMD ["gunicorn", "app:app"]\n',
            },
            status="not met",
        ),
    )

    @classmethod
    def applies(cls, project: ProjectModel) -> str | None:
        return None if _dockerfiles(project) else "no Dockerfile"

    def judge(self, project: ProjectModel) -> Verdict:
        problems, found = [], []
        for rel in _dockerfiles(project):
            text = project.read_text(rel) or ""
            images = re.findall(r"^\s*FROM\s+(?:--\S+\s+)*(\S+)", text, re.I | re.M)
            stages = set(re.findall(r"^\s*FROM\s+\S+\s+AS\s+(\S+)", text, re.I | re.M))
            loose = [i for i in images if i not in stages and "@" not in i and (":" not in i or i.endswith(":latest"))]
            if loose:
                problems.append(f"{rel}: base image {loose[0]} is not pinned")
            users = re.findall(r"^\s*USER\s+(\S+)", text, re.I | re.M)
            if not users or users[-1] in ("root", "0", "0:0"):
                problems.append(f"{rel}: runs as root (no USER)")
            if SECRET_ENV.search(text):
                problems.append(f"{rel}: a secret is baked in with ENV/ARG")
            found.append(evidence(rel, 1, "Dockerfile"))
        checks = 3 * len(found)
        if not problems:
            return Verdict(MET, "Dockerfiles pin their base, drop root and hold no secrets", found)
        status = PARTLY if len(problems) < checks else NOT_MET
        return Verdict(status, "; ".join(problems), found)
