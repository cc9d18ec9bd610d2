"""The pre-commit hooks, installed into a temporary git repository and run for real."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = """\
from flask import Flask

app = Flask(__name__)


@app.post("/items")
def add():
    print("adding")
    return "", 201
"""


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def _head() -> str | None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        return None
    try:
        return _git("rev-parse", "HEAD", cwd=ROOT)
    except subprocess.CalledProcessError:
        return None


@pytest.mark.skipif(_head() is None, reason="needs git and flasklint's own git checkout (pre-commit clones it)")
def test_hooks_install_and_run(tmp_path):
    example = re.search(r"```yaml\n(.*?)```", (ROOT / "docs" / "pre-commit.md").read_text(), re.S).group(1)
    config = example.replace("https://example.com/flasklint.git", str(ROOT)).replace(
        "0123456789abcdef0123456789abcdef01234567", _head()
    )
    config = re.sub(r"  # .*", "", config)
    repo = tmp_path / "project"
    repo.mkdir()
    (repo / "app.py").write_text(APP)
    (repo / ".pre-commit-config.yaml").write_text(config)
    _git("init", "-q", cwd=repo)
    _git("add", ".", cwd=repo)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    run = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"]

    check = subprocess.run([*run, "flasklint"], cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "app.py:8:5: FL701 print() in application code; use logging" in check.stdout
    assert "\x1b[" not in check.stdout

    gate = subprocess.run(
        [*run, "flasklint-grade", "--hook-stage", "manual"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert gate.returncode == 1, gate.stdout + gate.stderr
    assert "gate failed: score" in gate.stdout and "below --fail-under 70.0" in gate.stdout

    (repo / "app.py").write_text(APP.replace('    print("adding")\n', ""))
    _git("add", ".", cwd=repo)
    clean = subprocess.run([*run, "flasklint"], cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert clean.returncode == 0, clean.stdout + clean.stderr
