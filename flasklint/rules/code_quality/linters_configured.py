"""FL807 linters-configured: Linters, formatters or a type checker are configured."""

from __future__ import annotations

import posixpath
import re

from flasklint.api import MET, NOT_MET, PARTLY, Invalid, PracticeRule, ProjectModel, Verdict, evidence

LINT_SECTIONS = re.compile(r"^\[(tool\.)?(ruff|black|isort|mypy|pylint|flake8|pyright|pylama|pycodestyle)\b", re.M)


LINT_FILES = frozenset(
    {
        ".flake8",
        "ruff.toml",
        ".ruff.toml",
        "mypy.ini",
        ".mypy.ini",
        ".pylintrc",
        "pylintrc",
        ".pre-commit-config.yaml",
        ".isort.cfg",
        "pyrightconfig.json",
        ".pycodestyle",
    }
)


class LintersConfigured(PracticeRule):
    """Linters, formatters or a type checker are configured.

    ## What it checks
    Configuration for ruff, flake8, pylint, black, isort, mypy, pyright or
    pre-commit: their own files, or their sections in `pyproject.toml`,
    `setup.cfg` and `tox.ini`. Met with two tools or more, partly met with
    one.

    ## Why it matters
    Automated style and static checks keep a codebase consistent without
    review comments, and catch whole classes of bugs before they run.

    ## Example
    A repository with no linter configuration.

    ## Use instead
    ```toml
    [tool.ruff.lint]
    select = ["E", "F", "B", "I"]

    [tool.mypy]
    strict = true
    ```
    """

    code = "FL807"
    name = "linters-configured"
    skill = "code-quality"
    severity = "low"
    weight = 1.0
    good = ({"app.py": "x = 1\n", "pyproject.toml": "[tool.ruff]\nline-length = 100\n\n[tool.mypy]\nstrict = true\n"},)
    bad = (Invalid({"app.py": "x = 1\n"}, status="not met"),)

    def judge(self, project: ProjectModel) -> Verdict:
        tools: dict[str, str] = {}
        for rel in project.other_files:
            base = posixpath.basename(rel)
            if base in LINT_FILES:
                tools.setdefault(base.strip(".").split(".")[0].replace("-config", ""), rel)
            elif base in ("pyproject.toml", "setup.cfg", "tox.ini"):
                for match in LINT_SECTIONS.finditer(project.read_text(rel) or ""):
                    tools.setdefault(match.group(2), rel)
        found = [evidence(rel, 1, f"{tool} configured") for tool, rel in sorted(tools.items())[:5]]
        if len(tools) >= 2:
            return Verdict(MET, f"{', '.join(sorted(tools))} configured", found)
        if tools:
            return Verdict(PARTLY, f"only {next(iter(tools))} configured", found)
        return Verdict(NOT_MET, "no linter, formatter or type checker configured")
