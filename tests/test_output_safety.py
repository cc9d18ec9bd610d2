"""What the user had is never lost: report folders, -o files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from flasklint.core.files import write_text_atomically
from flasklint.workflow.reportdir import EXTENSIONS as EXT
from tests.helpers import FIXTURES


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "flasklint", *args], capture_output=True, text=True, timeout=300)


def _batch(tmp_path: Path) -> Path:
    batch = tmp_path / "role"
    shutil.copytree(FIXTURES / "junior_single_file", batch / "alice")
    shutil.copytree(FIXTURES / "mid_flaskr", batch / "bob")
    return batch


def test_a_report_folder_never_overwrites_a_file_flasklint_did_not_write(tmp_path):
    batch, reports = _batch(tmp_path), tmp_path / "reports"
    reports.mkdir()
    (reports / "alice.md").write_text("my interview notes on alice\n")
    done = run("grade", "--each", str(batch), "--report-dir", str(reports), "--no-cache")
    assert done.returncode == 2 and "flasklint did not write" in done.stderr and "Traceback" not in done.stderr
    assert (reports / "alice.md").read_text() == "my interview notes on alice\n"
    assert sorted(p.name for p in reports.iterdir()) == ["alice.md"]


def test_a_report_folder_may_be_written_again(tmp_path):
    batch, reports = _batch(tmp_path), tmp_path / "reports"
    first = run("grade", "--each", str(batch), "--report-dir", str(reports), "--no-cache")
    again = run("grade", "--each", str(batch), "--report-dir", str(reports), "--no-cache")
    assert first.returncode == again.returncode
    assert "flasklint did not write" not in again.stderr
    assert {p.name for p in reports.iterdir()} == {"index.html", *(f"{n}.{x}" for n in ("alice", "bob") for x in EXT)}


def test_a_reviewers_json_file_named_like_a_report_is_not_overwritten(tmp_path):
    batch, reports = _batch(tmp_path), tmp_path / "reports"
    reports.mkdir()
    (reports / "alice.json").write_text('{"my": "notes on alice"}')
    done = run("grade", "--each", str(batch), "--report-dir", str(reports), "--no-cache")
    assert done.returncode == 2 and "alice.json, which flasklint did not write" in done.stderr
    assert (reports / "alice.json").read_text() == '{"my": "notes on alice"}'


def test_an_unwritable_report_folder_still_prints_the_ranking(tmp_path):
    batch = _batch(tmp_path)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    done = run("grade", "--each", str(batch), "--report-dir", str(blocked / "reports"), "--no-cache")
    assert done.returncode == 2 and "cannot write reports" in done.stderr
    assert "alice" in done.stdout and "bob" in done.stdout  # the ranking table


def test_writes_replace_the_old_file_in_one_step(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("old")
    target.chmod(0o640)
    write_text_atomically(target, "new")
    assert target.read_text() == "new" and (target.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary left behind


def test_the_ranking_lists_what_it_could_not_grade_and_why(tmp_path):
    batch = _batch(tmp_path)
    (batch / "carol.7z").write_bytes(b"7z\xbc\xaf\x27\x1c")
    (batch / "dan.rar").write_bytes(b"Rar!")
    (batch / "eve").symlink_to(FIXTURES / "mid_flaskr")
    done = run("grade", "--each", str(batch), "--no-cache", "--format", "csv")
    rows = done.stdout.splitlines()
    assert any("carol.7z" in r and "does not read" in r for r in rows)
    assert any("dan.rar" in r and "does not read" in r for r in rows)
    assert any("eve" in r and "symbolic link" in r for r in rows)
    assert any(r.split(",")[1] == "alice" for r in rows[1:]) and "Traceback" not in done.stderr


def test_an_output_that_is_not_a_regular_file_is_written_into_not_replaced(tmp_path):
    import os
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    done = run("grade", str(FIXTURES / "senior_pytest"), "-o", f"json:{fifo}", "--no-cache")
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # `-o /dev/null` stays /dev/null the same way
    assert received and '"score"' in received[0]


def test_an_output_through_a_link_updates_the_file_and_keeps_the_link(tmp_path):
    real = tmp_path / "reports" / "latest.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "report.json"
    link.symlink_to(real)
    write_text_atomically(link, "new")
    assert link.is_symlink() and real.read_text() == "new"
