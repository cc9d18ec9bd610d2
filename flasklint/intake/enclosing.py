"""The project a graded folder belongs to, when the reviewer grades a subfolder.

Monorepos and `src/` layouts keep the Flask code in a subfolder and the
continuous integration and test configuration at the repository root
(`securedrop/` beside `.github/`, `src/` beside `pyproject.toml`). Grading
the subfolder must not make a CI that runs its tests disappear.

An ancestor counts as the enclosing project only when one of its CI or test
configuration files names the graded folder by its path (`securedrop/`,
`./src`, `"src/backend/tests"`): a folder that merely sits somewhere below
another project borrows nothing. The files are returned as paths relative
to the graded folder (`../.github/workflows/ci.yml`), read like the
repository's own, and only the testing practices look at them.

Never used for archives, git bundles or `--each` batches: their graded folder
is the whole submission, and what lies above it is the reviewer's, not the
candidate's.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

MAX_LEVELS = 3  # src/ (1), services/api/ (2), a monorepo's apps/web/backend/ (3)
MAX_CONFIG_BYTES = 512 * 1024
MAX_WORKFLOWS = 50
CONFIG_NAMES = (
    "pyproject.toml",
    "setup.cfg",
    "tox.ini",
    "pytest.ini",
    ".coveragerc",
    "noxfile.py",
    "Makefile",
    ".gitlab-ci.yml",
    ".gitlab-ci.yaml",
    ".travis.yml",
    "azure-pipelines.yml",
    "bitbucket-pipelines.yml",
    "Jenkinsfile",
    ".circleci/config.yml",
)
WORKFLOW_DIR = ".github/workflows"


def _regular(path: str) -> bool:
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode)


def _config_files(ancestor: str) -> list[str]:
    """The ancestor's CI and test configuration files, relative to it (never through a link)."""
    found = [name for name in CONFIG_NAMES if _regular(os.path.join(ancestor, name))]
    workflows = os.path.join(ancestor, WORKFLOW_DIR)
    try:
        if stat.S_ISDIR(os.lstat(workflows).st_mode) and not os.path.islink(os.path.join(ancestor, ".github")):
            names = sorted(n for n in os.listdir(workflows) if n.endswith((".yml", ".yaml")))[:MAX_WORKFLOWS]
            found += [f"{WORKFLOW_DIR}/{n}" for n in names if _regular(os.path.join(workflows, n))]
    except OSError:
        pass
    return found


def _names(text: str, folder: str) -> bool:
    """Whether `text` names `folder` (a relative POSIX path) as a path, not as a word in prose."""
    pattern = rf"(?<![\w.-])(\./)?{re.escape(folder)}(/|(?![\w.-]))"
    return any(re.search(pattern, line) and ("/" in line or "=" in line or ":" in line) for line in text.splitlines())


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read(MAX_CONFIG_BYTES)
    except OSError:
        return ""


def enclosing_files(root: Path) -> list[str]:
    """CI and test configuration of the project enclosing `root`, as `../`-relative paths (sorted).

    Empty when no ancestor within MAX_LEVELS has a configuration file that
    names the graded folder. The nearest such ancestor wins.
    """
    here = Path(os.path.abspath(root))
    if os.path.islink(here):
        return []
    ancestor = here
    for level in range(1, MAX_LEVELS + 1):
        if ancestor.parent == ancestor:
            return []
        ancestor = ancestor.parent
        folder = here.relative_to(ancestor).as_posix()
        files = _config_files(str(ancestor))
        if any(_names(_read(os.path.join(ancestor, rel)), folder) for rel in files):
            up = "../" * level
            return sorted(up + rel for rel in files)
    return []


def checkout_path(root: Path) -> str:
    """The graded folder's path inside the git checkout that holds it (`backend`), or "" when it is the
    checkout's root or in none: what SARIF and GitHub annotations prefix to cite files from the
    repository root."""
    here = Path(os.path.abspath(root))
    for ancestor in [here, *here.parents]:
        if os.path.lexists(ancestor / ".git"):
            return here.relative_to(ancestor).as_posix().removeprefix(".")
    return ""
