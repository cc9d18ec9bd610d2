"""The result cache: same answers, less work, never trusted blindly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flasklint.analysis.cache import ResultCache
from flasklint.analysis.cachestore import read_capped
from flasklint.analysis.engine import analyze
from flasklint.analysis.registry import load_rules
from flasklint.core.profile import Profile
from tests.helpers import FIXTURES


def grade(target: Path, cache: Path | None, *extra: str) -> subprocess.CompletedProcess[str]:
    args = ["--no-cache"] if cache is None else ["--cache-dir", str(cache)]
    return subprocess.run(
        [sys.executable, "-m", "flasklint", "grade", str(target), "--format", "json", *args, *extra],
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy(tmp_path: Path, name: str = "senior_pytest") -> Path:
    import shutil

    return Path(shutil.copytree(FIXTURES / name, tmp_path / name))


def test_warm_runs_give_the_same_json_and_read_only_the_cache(tmp_path):
    repo, cache = copy(tmp_path), tmp_path / "cache"
    cold = grade(repo, cache, "--profile")
    warm = grade(repo, cache, "--profile")
    uncached = grade(repo, None)
    assert cold.stdout == warm.stdout == uncached.stdout
    files = len(list(repo.rglob("*.py")))
    assert "run cache        miss" in cold.stderr and f"0 hit(s), {files} miss(es)" in cold.stderr
    assert "run cache        hit" in warm.stderr and "\n  files " not in warm.stderr  # nothing analysed


def test_a_run_cache_miss_still_reuses_every_file_result(tmp_path):
    """Another configuration changes the run's key, not the files' results."""
    repo, cache = copy(tmp_path), tmp_path / "cache"
    grade(repo, cache)
    config = tmp_path / "reviewer.toml"
    config.write_text("[tool.flasklint]\nfail-under = 10\n")
    again = grade(repo, cache, "--profile", "--config", str(config))
    files = len(list(repo.rglob("*.py")))
    assert "run cache        miss" in again.stderr and f"{files} hit(s), 0 miss(es)" in again.stderr


def test_a_changed_non_python_file_misses_the_run_cache(tmp_path):
    """Project rules read READMEs, requirements and config files: they are part of the key."""
    repo, cache = copy(tmp_path), tmp_path / "cache"
    before = json.loads(grade(repo, cache).stdout)
    (repo / "README.md").unlink()
    after = grade(repo, cache, "--profile")
    assert "run cache        miss" in after.stderr
    readme = lambda report: next(p for p in report["practices"] if p["code"] == "FL808")["status"]  # noqa: E731
    assert readme(before) != readme(json.loads(after.stdout)) == "not met"


def test_changing_one_file_reanalyses_only_that_file(tmp_path):
    repo, cache = copy(tmp_path), tmp_path / "cache"
    grade(repo, cache)
    (repo / "app" / "api" / "books.py").write_text((repo / "app" / "api" / "books.py").read_text() + "\nprint('x')\n")
    changed = grade(repo, cache, "--profile")
    assert "1 miss(es)" in changed.stderr
    assert '"FL701"' in changed.stdout  # the change is seen


def test_no_cache_writes_nothing(tmp_path):
    repo = copy(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "flasklint", "grade", str(repo), "--no-cache"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"FLASKLINT_CACHE_DIR": str(tmp_path / "unused"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "unused").exists()


def test_corrupt_entries_are_ignored_and_rewritten(tmp_path):
    repo, cache_dir = copy(tmp_path), tmp_path / "cache"
    first = grade(repo, cache_dir).stdout
    entries = [p for p in cache_dir.rglob("*") if p.is_file()]
    assert entries
    for index, entry in enumerate(entries):
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2] if index % 2 else data[:-1] + bytes([data[-1] ^ 0xFF]))
    file_entries = [p for p in entries if "runs" not in p.relative_to(cache_dir).parts]
    assert len(entries) == len(file_entries) + 1  # and one report in the run cache
    again = grade(repo, cache_dir, "--profile")
    assert again.stdout == first
    assert "run cache        miss" in again.stderr and f"0 hit(s), {len(file_entries)} miss(es)" in again.stderr
    assert "run cache        hit" in grade(repo, cache_dir, "--profile").stderr  # rewritten


def test_concurrent_runs_share_a_cache_safely(tmp_path):
    repo, cache = copy(tmp_path, "mid_flaskr"), tmp_path / "cache"
    command = [sys.executable, "-m", "flasklint", "grade", str(repo), "--format", "json", "--cache-dir", str(cache)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert len({out for out, _ in outputs}) == 1
    assert not list(cache.rglob(".tmp-*"))


def test_a_different_rule_set_does_not_share_entries(tmp_path):
    rules = load_rules()
    full, fewer = ResultCache(tmp_path, rules), ResultCache(tmp_path, rules[:-1])
    assert full.salt != fewer.salt
    assert full.key("app.py", b"x = 1\n") != fewer.key("app.py", b"x = 1\n")
    assert full.key("app.py", b"x = 1\n") != full.key("tests/app.py", b"x = 1\n")  # the path decides the role


def test_profile_times_phases_and_rules(tmp_path):
    profile = Profile()
    analyze(FIXTURES / "junior_single_file", load_rules(), jobs=1, profile=profile)
    assert {"discover", "files", "project rules"} <= set(profile.phases)
    assert "Collector" in profile.rules and "FL503" in profile.rules and "FL401" in profile.rules
    text = profile.render()
    assert text.startswith("flasklint profile") and "slowest rules" in text


def test_a_warm_run_imports_neither_libcst_nor_the_rules(tmp_path):
    """What makes a warm run cheap: a run-cache hit never loads the analysis (not a timing test)."""
    repo, cache = copy(tmp_path), tmp_path / "cache"
    command = [sys.executable, "-X", "importtime", "-m", "flasklint", "grade", str(repo), "--cache-dir", str(cache)]
    cold = subprocess.run(command, capture_output=True, text=True, timeout=120)
    warm = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert cold.returncode == warm.returncode == 0
    assert cold.stdout == warm.stdout
    imported = lambda result: {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}  # noqa: E731
    # every rule module imports flasklint.api (the import-layer contracts make sure of it)
    assert "libcst" in imported(cold) and "flasklint.api" in imported(cold)
    assert "libcst" not in imported(warm) and "flasklint.api" not in imported(warm)
    assert not {name for name in imported(cold) | imported(warm) if "similarity" in name}  # only for --similarity


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "sarif", "junit", "github", "html"])
def test_every_format_is_identical_from_the_run_cache(tmp_path, fmt):
    repo, cache = copy(tmp_path, "vulnerable_notes"), tmp_path / "cache"
    uncached = grade(repo, None, "--format", fmt)
    grade(repo, cache, "--format", fmt)
    warm = grade(repo, cache, "--format", fmt, "--profile")
    assert "run cache        hit" in warm.stderr
    assert warm.stdout == uncached.stdout


def test_trusting_the_repository_is_part_of_the_run_key(tmp_path):
    """Suppression comments count only with --trust-config: the two runs must not share a report."""
    repo, cache = tmp_path / "repo", tmp_path / "cache"
    repo.mkdir()
    (repo / "app.py").write_text(
        "from flask import Flask\napp = Flask(__name__)\napp.config['SECRET_KEY'] = 'abc123'  # flasklint: ignore[FL502]\n"
    )
    codes = lambda result: [f["code"] for f in json.loads(result.stdout)["findings"]]  # noqa: E731
    assert "FL502" in codes(grade(repo, cache))
    assert "FL502" not in codes(grade(repo, cache, "--trust-config"))
    assert "FL502" in codes(grade(repo, cache))


def test_a_file_skipped_for_time_is_never_cached(tmp_path):
    """On a loaded machine a file may time out; the next run must try it again, not replay the skip."""
    repo, cache = tmp_path / "repo", tmp_path / "cache"
    repo.mkdir()
    (repo / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    (repo / "hang.py").write_text("x = (1\n" + "    + 1\n" * 10_000 + ")\n")  # libcst spins on this
    for per_file in ("0 hit(s), 2 miss(es)", "1 hit(s), 1 miss(es)"):  # app.py is cached, hang.py never
        result = grade(repo, cache, "--file-timeout", "1", "--jobs", "1", "--profile")
        assert "took longer than 1 s" in result.stdout
        assert "run cache        miss" in result.stderr and per_file in result.stderr


def test_a_fifo_or_device_in_place_of_an_entry_is_ignored(tmp_path):
    """A FIFO would block a plain open() forever; a link to /dev/zero would be read without end."""
    import os

    repo, cache_dir = copy(tmp_path), tmp_path / "cache"
    first = grade(repo, cache_dir).stdout
    entries = sorted(p for p in cache_dir.rglob("*") if p.is_file())
    for index, entry in enumerate(entries):
        entry.unlink()
        if index % 2:
            os.mkfifo(entry)
        else:
            entry.symlink_to("/dev/zero")
    again = grade(repo, cache_dir)  # the helper's timeout turns a hang into a failure
    assert again.stdout == first, again.stderr


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=200_000), cap=st.integers(1, 250_000), hint=st.integers(0, 250_000))
def test_a_capped_read_is_the_file_up_to_the_cap_whatever_size_fstat_said(tmp_path_factory, data, cap, hint):
    """A wrong size (the file grew or shrank since fstat) costs reads, never bytes."""
    path = tmp_path_factory.mktemp("read") / "f"
    path.write_bytes(data)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert read_capped(fd, cap, hint) == data[:cap]
    finally:
        os.close(fd)
