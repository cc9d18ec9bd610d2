"""A graded subfolder keeps the CI and test configuration of the project it belongs to."""

from __future__ import annotations

import json
import os
from pathlib import Path

from flasklint.intake.enclosing import enclosing_files
from flasklint.rules.testing._shared import APP, CONFTEST, TESTS
from tests.helpers import run_cli, write_tree

WORKFLOW_NAMING_BACKEND = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: ./backend
    steps:
      - run: pip install -r backend/requirements.txt
      - run: pytest
"""

WORKFLOW_ELSEWHERE = """\
on: push
jobs:
  test:
    steps:
      - run: cd frontend && npm test
      - run: pytest
"""

APP_FILES = {"app.py": APP, "tests/conftest.py": CONFTEST, "tests/test_index.py": TESTS}


def _monorepo(root: Path, workflow: str, **extra: str) -> Path:
    write_tree(root / "backend", APP_FILES)
    write_tree(root, {".github/workflows/ci.yml": workflow, **extra})
    return root / "backend"


def _practice(report: dict, code: str) -> dict:
    return next(r for skill in report["skills"].values() for r in skill["rules"] if r["code"] == code)


def test_the_project_that_names_the_folder_lends_its_configuration(tmp_path):
    backend = _monorepo(
        tmp_path, WORKFLOW_NAMING_BACKEND, **{"pyproject.toml": "[tool.coverage.report]\nfail_under = 95\n"}
    )
    assert enclosing_files(backend) == ["../.github/workflows/ci.yml", "../pyproject.toml"]


def test_a_project_that_does_not_name_the_folder_lends_nothing(tmp_path):
    backend = _monorepo(tmp_path, WORKFLOW_ELSEWHERE)
    assert enclosing_files(backend) == []


def test_prose_that_mentions_the_folder_name_is_not_a_path(tmp_path):
    backend = _monorepo(tmp_path, "# the backend tests run elsewhere\non: push\njobs: {}\n")
    assert enclosing_files(backend) == []


def test_the_search_stops_a_few_levels_up(tmp_path):
    deep = tmp_path / "a" / "b" / "c" / "d"
    write_tree(deep, APP_FILES)
    write_tree(tmp_path, {".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - run: pytest a/b/c/d/tests\n"})
    assert enclosing_files(deep) == []
    assert enclosing_files(deep.parent) == ["../../../.github/workflows/ci.yml"]


def test_a_linked_workflow_folder_is_not_followed(tmp_path):
    backend = _monorepo(tmp_path / "repo", WORKFLOW_NAMING_BACKEND)
    outside = tmp_path / "outside"
    (tmp_path / "repo" / ".github").rename(outside)
    os.symlink(outside, tmp_path / "repo" / ".github")
    assert enclosing_files(backend) == []


def test_grading_a_subfolder_through_the_cli_credits_the_projects_ci(tmp_path):
    backend = _monorepo(
        tmp_path, WORKFLOW_NAMING_BACKEND, **{"pyproject.toml": "[tool.coverage.report]\nfail_under = 95\n"}
    )
    done = run_cli("grade", str(backend), "--format", "json", "--no-cache")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    ci, coverage = _practice(report, "FL604"), _practice(report, "FL605")
    assert ci["status"] == "met"
    assert [(e["path"], e["line"]) for e in ci["evidence"]] == [("../.github/workflows/ci.yml", 1)]
    assert coverage["status"] == "met"
    assert [(e["path"], e["line"]) for e in coverage["evidence"]] == [("../pyproject.toml", 2)]


def test_submissions_of_a_batch_borrow_nothing_from_the_reviewers_folder(tmp_path):
    batch = tmp_path / "batch"
    write_tree(batch / "backend", APP_FILES)
    write_tree(batch, {".github/workflows/ci.yml": WORKFLOW_NAMING_BACKEND})
    done = run_cli("grade", "--each", str(batch), "--format", "json", "--no-cache")
    assert done.returncode == 0, done.stderr
    (row,) = json.loads(done.stdout)["submissions"]
    single = json.loads(run_cli("grade", str(batch / "backend"), "--format", "json", "--no-cache").stdout)
    assert _practice(single, "FL604")["status"] == "met"
    # graded alone, the folder borrows the CI; as one of a batch, it does not
    assert row["skills"]["testing"] < single["skills"]["testing"]["score"]


def test_the_run_cache_sees_a_change_in_the_projects_ci(tmp_path):
    backend = _monorepo(tmp_path, WORKFLOW_NAMING_BACKEND)
    cache = str(tmp_path / "cache")
    first = json.loads(run_cli("grade", str(backend), "--format", "json", "--cache-dir", cache).stdout)
    (tmp_path / ".github/workflows/ci.yml").write_text(
        WORKFLOW_NAMING_BACKEND.replace("- run: pytest\n", "- run: ruff check\n")
    )
    second = json.loads(run_cli("grade", str(backend), "--format", "json", "--cache-dir", cache).stdout)
    assert _practice(first, "FL604")["status"] == "met"
    assert (_practice(second, "FL604")["status"], _practice(second, "FL604")["message"]) == (
        "not met",
        "a CI configuration that runs no tests",
    )
