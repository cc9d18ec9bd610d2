"""`--scheduler`: a batch graded on a real Dask LocalCluster (processes, two workers) gives the same
ranking and reports as one process; a worker that dies is survived; a dead scheduler is one line."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from flasklint.core.progress import Progress
from flasklint.workflow.batch import grade_all
from tests.helpers import FIXTURES, run_cli

try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # Python 3.9, or no Dask: the tests that need it are skipped
    WorkerPlugin = object  # type: ignore[assignment,misc]

needs_dask = pytest.mark.skipif(sys.version_info < (3, 10), reason="Dask's distributed needs Python 3.10")


@pytest.fixture(scope="module")
def submissions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("role")
    for name in ("senior_pytest", "mid_flaskr", "junior_single_file"):
        shutil.copytree(FIXTURES / name, root / name)
    shutil.make_archive(str(root / "carol"), "zip", FIXTURES / "mid_blueprints")
    shutil.copytree(FIXTURES / "not_flask", root / "erin")  # a row that says why it was not graded
    return root


@pytest.fixture(scope="module")
def cluster() -> Any:
    """A two-worker cluster configured as `--scheduler local` configures its own."""
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    from flasklint.workflow.cluster import LOCAL_CONFIG

    with dask.config.set(LOCAL_CONFIG):
        local = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    client = distributed.Client(local)
    yield client
    client.close()
    local.close()


class KillWorker(WorkerPlugin):
    """A Dask worker plugin: the worker process exits as it starts grading a submission whose path has
    `word` in it; with `once`, only the first time (a file marks it done)."""

    def __init__(self, word: str, once: Path | None = None) -> None:
        self.word, self.once = word, once

    def setup(self, worker: Any) -> None:
        self.worker = worker

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        task = self.worker.state.tasks.get(key)
        if finish != "executing" or task is None or self.word not in repr(getattr(task.run_spec, "args", ())):
            return
        if self.once is not None:
            try:
                os.close(os.open(self.once, os.O_CREAT | os.O_EXCL))
            except FileExistsError:
                return
        os._exit(1)


def _grade(submissions: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return run_cli("grade", "--each", str(submissions), "--format", "json", "--no-cache", *options)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@needs_dask
def test_the_ranking_and_every_report_are_the_same_in_one_process_in_the_pool_and_on_dask(
    submissions: Path, cluster: Any, tmp_path: Path
) -> None:
    runs = {
        "one process": ("-j", "1"),
        "local pool": (),
        "dask": ("--scheduler", cluster.scheduler.address),
        "dask, local": ("--scheduler", "local"),
    }
    tables, folders = {}, {}
    for label, options in runs.items():
        folder = tmp_path / label.replace(" ", "_").replace(",", "")
        done = _grade(submissions, "--report-dir", str(folder), *options)
        assert done.returncode == 2, done.stderr  # erin is not a Flask project; the others are graded
        [line] = done.stderr.strip().splitlines()
        assert line.startswith(f"flasklint: error: {submissions / 'erin'}: not a Flask project")
        tables[label], folders[label] = done.stdout, _files(folder)
    assert '"status": "graded"' in tables["one process"] and len(folders["one process"]) == 13
    for label in runs:
        assert tables[label] == tables["one process"], label
        assert folders[label] == folders["one process"], label


@needs_dask
def test_a_worker_killed_mid_task_is_survived_and_the_submission_graded_again(
    submissions: Path, cluster: Any, tmp_path: Path
) -> None:
    marker = tmp_path / "killed-once"
    cluster.register_plugin(KillWorker("mid_flaskr", once=marker), name="kill-once")
    try:
        done = _grade(submissions, "--scheduler", cluster.scheduler.address)
    finally:
        cluster.unregister_worker_plugin("kill-once")
    assert marker.exists()  # a worker did die under mid_flaskr
    assert done.returncode == 2 and "mid_flaskr" not in done.stderr
    assert done.stdout == _grade(submissions).stdout


@needs_dask
def test_a_submission_that_kills_every_worker_becomes_an_error_row_and_the_rest_is_graded(
    submissions: Path, cluster: Any
) -> None:
    cluster.register_plugin(KillWorker("junior_single_file"), name="kill-always")
    try:
        done = _grade(submissions, "--scheduler", cluster.scheduler.address)
    finally:
        cluster.unregister_worker_plugin("kill-always")
    assert done.returncode == 2
    rows = {row["candidate"]: row for row in __import__("json").loads(done.stdout)["submissions"]}
    assert rows["junior_single_file"]["status"] == "failed"
    assert "died each of the 3 times it was tried" in rows["junior_single_file"]["error"]
    assert [name for name, row in rows.items() if row["status"] == "graded"] == ["senior_pytest", "mid_flaskr", "carol"]
    assert "Traceback" not in done.stderr and all(line.startswith("flasklint: ") for line in done.stderr.splitlines())


@needs_dask
def test_a_scheduler_that_cannot_be_reached_is_one_line_and_exit_2(submissions: Path) -> None:
    pytest.importorskip("distributed")
    done = _grade(submissions, "--scheduler", "tcp://127.0.0.1:9")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("flasklint: error: --scheduler tcp://127.0.0.1:9: cannot reach the scheduler")
    assert len(done.stderr.strip().splitlines()) == 1


def test_without_the_extra_the_scheduler_option_names_the_install_command(submissions: Path) -> None:
    # Dask is hidden from this process, as on an install without the extra
    code = "import sys; sys.modules['distributed'] = None; from flasklint.cli.main import main; main(sys.argv[1:])"
    done = subprocess.run(
        [sys.executable, "-c", code, "grade", "--each", str(submissions), "--scheduler", "local"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and done.stdout == ""
    expected = "Python 3.10 or newer" if sys.version_info < (3, 10) else 'pip install "flasklint[dask]"'
    assert done.stderr.count("\n") == 1 and expected in done.stderr


def test_progress_counts_submissions_as_they_finish(submissions: Path) -> None:
    stream = io.StringIO()
    targets = [str(submissions / "mid_flaskr"), str(submissions / "erin")]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = grade_all(targets, lambda t: {"target": t}, progress=Progress(stream, enabled=True), executor=pool)  # type: ignore[arg-type,return-value]
    assert [r.candidate for r in results] == ["mid_flaskr", "erin"]
    assert "flasklint: 2/2 graded" in stream.getvalue() and "1/2 graded" in stream.getvalue()
