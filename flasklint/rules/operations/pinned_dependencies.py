"""FL706 pinned-dependencies: Dependencies are declared and pinned."""

from __future__ import annotations

import posixpath
import re
import sys

from flasklint.api import MET, NOT_MET, PARTLY, Invalid, PracticeRule, ProjectModel, Verdict, evidence, plural

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.9/3.10 by tox
    import tomli as tomllib


LOCK_FILES = frozenset({"poetry.lock", "Pipfile.lock", "uv.lock", "pdm.lock", "requirements.lock", "pylock.toml"})


def _requirement_lines(text: str) -> list[str]:
    lines = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line and not line.startswith(("-", "git+", "http", ".", "/")):
            lines.append(line)
    return lines


class PinnedDependencies(PracticeRule):
    """Dependencies are declared and pinned.

    ## What it checks
    A lock file (`poetry.lock`, `Pipfile.lock`, `uv.lock`, `pdm.lock`), or
    requirements files (`requirements*.txt`, anything under `requirements/`;
    a pip-compile `.in` is judged by the `.txt` compiled from it) whose
    entries are all pinned with `==`, or
    `pyproject.toml` dependencies that all carry version bounds. Partly met
    when only some are; not met when versions are left open or nothing
    declares the dependencies.

    ## Why it matters
    Unpinned dependencies install whatever is newest on the day of the
    deploy: the build that passed yesterday breaks today, and nobody can
    reproduce last month's release.

    ## Example
    ```
    flask
    flask-sqlalchemy
    ```

    ## Use instead
    ```
    flask==3.0.3
    flask-sqlalchemy==3.1.1
    ```
    (or a lock file from pip-tools, Poetry, uv or PDM).
    """

    code = "FL706"
    name = "pinned-dependencies"
    skill = "operations"
    severity = "low"
    weight = 1.0
    good = ({"app.py": "from flask import Flask\n", "requirements.txt": "flask==3.0.3\ngunicorn==22.0.0\n"},)
    bad = (
        Invalid({"app.py": "from flask import Flask\n", "requirements.txt": "flask\ngunicorn\n"}, status="not met"),
        Invalid({"app.py": "from flask import Flask\n"}, status="not met"),
    )

    def judge(self, project: ProjectModel) -> Verdict:
        locks = [rel for rel in project.other_files if posixpath.basename(rel) in LOCK_FILES]
        if locks:
            return Verdict(MET, f"locked in {locks[0]}", [evidence(locks[0], 1, "lock file")])
        entries: list[tuple[str, bool]] = []
        sources = []
        files = set(project.other_files)
        for rel in project.other_files:
            base = posixpath.basename(rel)
            in_folder = "requirements/" in f"/{rel}"  # requirements/base.txt, included with `-r requirements/base.txt`
            if rel.endswith(".in") and rel[:-3] + ".txt" in files:
                continue  # pip-compile's input: the compiled .txt beside it is what gets installed
            if (base.startswith("requirements") or in_folder) and base.endswith((".txt", ".in")):
                sources.append(rel)
                entries += [(line, "==" in line) for line in _requirement_lines(project.read_text(rel) or "")]
            elif base == "pyproject.toml":
                try:
                    data = tomllib.loads(project.read_text(rel) or "")
                except (tomllib.TOMLDecodeError, ValueError):
                    continue
                deps = data.get("project", {}).get("dependencies", [])
                if isinstance(deps, list) and deps:
                    sources.append(rel)
                    entries += [(str(d), bool(re.search(r"[<>=~]=?", str(d)))) for d in deps]
        if not entries:
            return Verdict(
                NOT_MET, "no declared dependencies (no requirements file, pyproject dependencies or lock file)"
            )
        pinned = sum(1 for _, ok in entries if ok)
        found = [evidence(rel, 1, "declares dependencies") for rel in sources[:3]]
        message = f"{pinned} of {plural(len(entries), 'dependency')} pinned or bounded"
        if pinned == len(entries):
            return Verdict(MET, message, found)
        return Verdict(PARTLY if pinned else NOT_MET, message, found)
