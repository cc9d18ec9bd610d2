"""Progress on stderr: on a terminal only, never in logs, CI or pre-commit."""

from __future__ import annotations

import io
import json

import pytest

from flasklint.core.progress import Progress, wanted
from flasklint.workflow.batch import grade_all
from tests.helpers import FIXTURES, run_cli


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_only_a_terminal_outside_ci_gets_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    assert wanted(Terminal()) and not wanted(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not wanted(Terminal())
    monkeypatch.delenv("CI")
    monkeypatch.setenv("PRE_COMMIT", "1")
    assert not wanted(Terminal())


def test_batch_shows_each_submission_then_clears_the_line() -> None:
    screen = Terminal()
    progress = Progress(screen, enabled=True)
    grade_all(["a", "b"], lambda target: {"score": 1.0}, progress=progress)
    shown = screen.getvalue()
    assert "flasklint: [1/2] a" in shown and "flasklint: [2/2] b" in shown
    assert shown.endswith("\r")  # the status line is blanked, the terminal left clean


def test_per_file_progress_only_for_big_repositories() -> None:
    screen = Terminal()
    progress = Progress(screen, enabled=True)
    progress.files(10, 10)
    assert screen.getvalue() == ""
    progress.files(500, 500)
    assert "500/500 files" in screen.getvalue()


def test_piped_stderr_stays_empty() -> None:
    result = run_cli("grade", str(FIXTURES / "senior_pytest"), str(FIXTURES / "mid_flaskr"), "--format", "json")
    assert result.returncode == 0 and result.stderr == ""
    assert len(json.loads(result.stdout)["submissions"]) == 2


def test_a_big_repository_reports_files_as_they_are_analysed(tmp_path) -> None:
    from flasklint.workflow.grading import grade

    for index in range(210):
        (tmp_path / f"m{index:03d}.py").write_text("from flask import Flask\n")
    screen = Terminal()
    grade(str(tmp_path), progress=Progress(screen, enabled=True))
    assert "210/210 files" in screen.getvalue()
