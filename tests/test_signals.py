"""SIGTERM and SIGHUP stop a run the way Ctrl-C does: workers end, temporary folders go."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from tests.helpers import FIXTURES


def _big_archive(tmp_path: Path) -> Path:
    """A submission slow enough to interrupt: the senior fixture's modules, many times over."""
    source = tmp_path / "big"
    for copy in range(120):
        for path in (FIXTURES / "senior_pytest").rglob("*.py"):
            target = source / f"pkg{copy}" / path.relative_to(FIXTURES / "senior_pytest")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    archive = tmp_path / "submission.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(source, arcname="submission")
    return archive


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)], ids=["term", "hup"])
def test_a_signal_ends_the_run_cleanly(signum, code, tmp_path):
    archive = _big_archive(tmp_path)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    process = subprocess.Popen(
        [sys.executable, "-m", "flasklint", "grade", str(archive), "--no-cache", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    deadline = time.monotonic() + 60
    while not any(scratch.iterdir()) and time.monotonic() < deadline:  # the archive is being extracted
        time.sleep(0.05)
    time.sleep(0.5)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the run finished before the signal arrived")
    assert process.returncode == code, stderr
    assert b"Traceback" not in stderr and b"stopped by signal" in stderr
    assert list(scratch.iterdir()) == []  # the extraction folder is gone


def _processes_naming(marker: str) -> list[int]:
    """Live (not zombie) processes whose command line contains `marker`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker.encode() in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to list processes")
def test_no_worker_outlives_a_parent_killed_with_sigkill(tmp_path):
    """A parent killed outright cannot stop its workers: they must end by themselves and let go of stdout.

    One worker is stuck inside the native parser (a 10k-line sum), the other waits for work.
    """
    repo = tmp_path / "sigkill-marker-repo"
    repo.mkdir()
    (repo / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    (repo / "hang.py").write_text("x = (1\n" + "    + 1\n" * 10_000 + ")\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "flasklint", "grade", str(repo), "--no-cache", "--jobs", "2", "--file-timeout", "120"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while len(_processes_naming(repo.name)) < 2 and time.monotonic() < deadline:  # the workers have started
        time.sleep(0.05)
    time.sleep(1.0)
    assert len(_processes_naming(repo.name)) >= 2, "the grader did not start its workers"
    process.kill()
    # EOF on both pipes means no process holds them: a worker that outlived the parent would hang this read
    process.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while _processes_naming(repo.name) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_naming(repo.name) == []


def test_a_signal_during_a_batch_keeps_what_was_graded(tmp_path):
    import shutil

    role = tmp_path / "role"
    role.mkdir()
    for name in ("alice", "bob"):
        shutil.copytree(FIXTURES / "junior_single_file", role / name)
    _big_archive(tmp_path).rename(role / "zed.tar.gz")  # graded last, and slow enough to interrupt
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    reports = tmp_path / "reports"
    process = subprocess.Popen(
        [sys.executable, "-m", "flasklint", "grade", "--each", str(role), "--no-cache", "--report-dir", str(reports)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    deadline = time.monotonic() + 60
    while not any(scratch.iterdir()) and time.monotonic() < deadline:  # zed's archive is being extracted
        time.sleep(0.05)
    time.sleep(0.5)
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the batch finished before the signal arrived")
    assert process.returncode == 143, stderr
    assert b"stopped after 2 of 3 submissions" in stderr and b"Traceback" not in stderr
    assert b"alice" in stdout and b"bob" in stdout and b"zed" not in stdout
    kept = ["index.html", *(f"{name}.{ext}" for name in ("alice", "bob") for ext in ("html", "json", "md"))]
    assert sorted(p.name for p in reports.iterdir()) == sorted(kept)
    assert list(scratch.iterdir()) == []
