"""Git submissions: a checkout, a bare repository and a bundle, none of them trusted."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
GIT_ENV = ["-c", "user.name=Dana Candidate", "-c", "user.email=dana@example.com", "-c", "init.defaultBranch=main"]


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *GIT_ENV, *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("git") / "dana"
    shutil.copytree(FIXTURES / "mid_blueprints", repo)
    git("init", "-q", cwd=repo)
    git("add", ".", cwd=repo)
    git("commit", "-qm", "submission", cwd=repo)
    return repo


def score_of(target: Path) -> tuple[float, str]:
    result = run_cli("grade", str(target), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    return report["score"], report["band"]


def test_checkout_bare_repository_and_bundle_grade_alike(checkout: Path, tmp_path: Path) -> None:
    bare = tmp_path / "dana.git"
    git("clone", "-q", "--bare", str(checkout), str(bare), cwd=tmp_path)
    bundle = tmp_path / "dana.bundle"
    git("bundle", "create", str(bundle), "--all", cwd=checkout)
    assert score_of(checkout) == score_of(bare) == score_of(bundle) == score_of(FIXTURES / "mid_blueprints")


def test_hostile_bare_repository_runs_nothing(checkout: Path, tmp_path: Path) -> None:
    """Config naming programs (filters, fsmonitor, pager) and hooks in the submission never run."""
    bare = tmp_path / "evil.git"
    git("clone", "-q", "--bare", str(checkout), str(bare), cwd=tmp_path)
    marker = tmp_path / "pwned"
    command = f"touch {marker}"
    with (bare / "config").open("a") as config:
        config.write(
            f'[filter "evil"]\n\tsmudge = {command}\n\tclean = {command}\n'
            f"[core]\n\tfsmonitor = {command}\n\tpager = {command}\n\tsshCommand = {command}\n"
        )
    (bare / "info").mkdir(exist_ok=True)
    (bare / "info" / "attributes").write_text("* filter=evil\n")
    hooks = bare / "hooks"
    hooks.mkdir(exist_ok=True)
    for hook in ("post-checkout", "pre-auto-gc", "post-merge", "reference-transaction", "post-index-change"):
        (hooks / hook).write_text(f"#!/bin/sh\n{command}\n")
        (hooks / hook).chmod(0o755)
    assert score_of(bare) == score_of(checkout)
    assert not marker.exists()


def test_a_file_that_only_looks_like_a_bundle_is_a_clear_error(tmp_path: Path) -> None:
    fake = tmp_path / "fake.bundle"
    fake.write_bytes(b"# v2 git bundle\nnot really\n")
    result = run_cli("grade", str(fake))
    assert result.returncode == 2
    assert result.stderr.startswith("flasklint: error:") and "cannot read the git bundle" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_empty_bare_repository_is_a_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.git"
    git("init", "-q", "--bare", str(empty), cwd=tmp_path)
    result = run_cli("grade", str(empty))
    assert result.returncode == 2 and "has no commits" in result.stderr and "Traceback" not in result.stderr


def test_git_archive_streams_through_the_caps(tmp_path: Path) -> None:
    """`git archive` output is never written whole to disk: the extractor's caps stop it as it streams."""
    from flasklint.core.errors import UsageError
    from flasklint.intake import archives, gitsource

    repo = tmp_path / "big"
    repo.mkdir()
    (repo / "app.py").write_text("import flask\n" + "#" * 400_000 + "\n")
    git("init", "-q", cwd=repo)
    git("add", ".", cwd=repo)
    git("commit", "-qm", "big", cwd=repo)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    with pytest.raises(UsageError, match=r"app\.py expands beyond"):
        gitsource.extract_head(repo, scratch, scratch / "out", "big", archives.Limits(file_bytes=100_000))
    assert not [p for p in scratch.iterdir() if p.suffix == ".tar"]
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    assert not gitsource.extract_head(repo, fresh, fresh / "out", "big")
    assert (fresh / "out" / "app.py").stat().st_size > 400_000
