"""The engine: worker pool, rule isolation, never executing graded code."""

from __future__ import annotations

import shutil
import subprocess
import sys
from typing import ClassVar

import libcst as cst

from flasklint.analysis.engine import analyze
from flasklint.analysis.fileanalysis import module_name_for_path, role_for_path
from flasklint.analysis.registry import load_rules
from flasklint.analysis.rule import FileRule
from tests.helpers import FIXTURES, write_tree


def _flatten(analysis):
    return [
        (o.rule.code, o.not_applicable, o.verdict and (o.verdict.status, o.verdict.message), o.findings)
        for o in analysis.outcomes
    ]


def test_one_or_two_workers_give_the_same_outcomes():
    rules = load_rules()
    root = FIXTURES / "senior_pytest"
    one = analyze(root, rules, jobs=1)
    two = analyze(root, rules, jobs=2)
    assert _flatten(two) == _flatten(one)
    assert [m.path for m in two.project.modules] == [m.path for m in one.project.modules]


class Exploding(FileRule):
    """A rule with a bug."""

    code = "FL999"
    name = "exploding"
    skill = "code-quality"
    good: ClassVar = ()
    bad: ClassVar = ()

    def visit_Call(self, node: cst.Call) -> None:
        raise ValueError("boom")


def test_a_broken_rule_is_reported_and_the_rest_still_runs():
    rules = [*load_rules(), Exploding]
    analysis = analyze(FIXTURES / "junior_single_file", rules, jobs=1)
    assert any("Exploding" in e and "boom" in e for e in analysis.rule_errors)
    debug = next(o for o in analysis.outcomes if o.rule.code == "FL501")
    assert debug.findings, "other rules must still report"


def test_roles_and_module_names():
    assert role_for_path("tests/test_x.py") == "test"
    assert role_for_path("app/tests/helpers.py") == "test"
    assert role_for_path("conftest.py") == "test"
    assert role_for_path("pkg/views_test.py") == "test"
    assert role_for_path("app/tests.py") == "test"
    assert role_for_path("app/testimonials.py") == "app"
    assert role_for_path("app/contest.py") == "app"
    assert module_name_for_path("app/__init__.py") == ("app", True)
    assert module_name_for_path("app/api/users.py") == ("app.api.users", False)


MARKER_APP = """\
import os
import socket
import sys

open(os.path.join(os.path.dirname(__file__), "MARKER"), "w").write("imported!")
socket.create_connection(("127.0.0.1", 9))
sys.exit(3)

from flask import Flask

app = Flask(__name__)
"""


def test_graded_code_is_never_imported_or_executed(tmp_path):
    repo = write_tree(tmp_path / "repo", {"app.py": MARKER_APP, "setup.py": "raise SystemExit('ran setup.py')\n"})
    result = subprocess.run(
        [sys.executable, "-m", "flasklint", "grade", str(repo)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert not (repo / "MARKER").exists()
    assert "Score:" in result.stdout


def test_migration_env_and_revisions_are_not_application_code(tmp_path):
    shutil.copytree(FIXTURES / "senior_pytest", tmp_path / "repo")
    analysis = analyze(tmp_path / "repo", load_rules(), jobs=1)
    roles = {m.path: m.role for m in analysis.project.modules}
    assert roles["migrations/env.py"] == "migration"
    assert roles["migrations/versions/3f2a1b9c0d1e_create_authors_and_books.py"] == "migration"
    assert roles["tests/conftest.py"] == "test"
    assert roles["app/models.py"] == "app"


def test_the_largest_files_are_analysed_first_and_results_keep_the_paths_order(tmp_path):
    from flasklint.analysis.registry import load_rules
    from flasklint.analysis.workers import WorkerPool

    write_tree(tmp_path, {"a.py": "x = 1\n", "b.py": "y = 2\n" * 200, "c.py": "z = 3\n" * 50})
    seen: list[str] = []
    results = WorkerPool(str(tmp_path), load_rules(), 1, 60).run(
        ["a.py", "b.py", "c.py"], lambda result, encoded: seen.append(result.path)
    )
    assert seen == ["b.py", "c.py", "a.py"]  # one worker: it takes the biggest first
    assert [r.path for r in results] == ["a.py", "b.py", "c.py"]


def _pool_in_a_daemon(root: str, queue) -> None:  # type: ignore[no-untyped-def]
    import multiprocessing

    from flasklint.analysis.workers import WorkerPool

    assert multiprocessing.current_process().daemon
    results = WorkerPool(root, load_rules(), 2, 60).run(["app.py", "views.py"])
    queue.put([(r.path, [(f.code, f.line) for f in r.findings], r.problem) for r in results])


def test_a_daemonic_process_analyses_its_files_itself_with_the_same_results(tmp_path):
    # a Dask worker is daemonic by default, and a daemonic process may not start the file workers
    import multiprocessing

    write_tree(
        tmp_path,
        {
            "app.py": "from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n",
            "views.py": "import os\nos.system('ls ' + name)\n",
        },
    )
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    queue = context.Queue()
    process = context.Process(target=_pool_in_a_daemon, args=(str(tmp_path), queue), daemon=True)
    process.start()
    inside = queue.get(timeout=120)
    process.join(30)
    from flasklint.analysis.workers import WorkerPool

    outside = [
        (r.path, [(f.code, f.line) for f in r.findings], r.problem)
        for r in WorkerPool(str(tmp_path), load_rules(), 2, 60).run(["app.py", "views.py"])
    ]
    assert process.exitcode == 0
    assert inside == outside and any(findings for _, findings, _ in outside)


def test_counts_agree_with_their_nouns_and_verbs():
    from flasklint.api import agreeing, every

    assert agreeing(1, "view", "read") == "1 view reads" and agreeing(3, "view", "read") == "3 views read"
    assert every(1, "route") == "the only route" and every(2, "route") == "all 2 routes"
    assert every(1, "list endpoint", "paginate") == "the only list endpoint paginates"
    assert every(4, "list endpoint", "paginate") == "all 4 list endpoints paginate"
