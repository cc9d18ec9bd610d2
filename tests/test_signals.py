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
