"""flasklint as a library: grade(), grade_many() with any executor, and the example in docs/api.md."""

from __future__ import annotations

import re
import subprocess
import sys
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

import pytest

import flasklint
from tests.helpers import FIXTURES, run_cli

ROOT = Path(__file__).parent.parent


def test_grade_returns_the_json_reports_data_typed_and_byte_identical() -> None:
    report = flasklint.grade(FIXTURES / "mid_flaskr")
    assert isinstance(report, flasklint.Report)
    assert (report.score, report.band) == (report.data["score"], report.data["band"])
    assert report.band in ("junior", "mid", "senior") and 0 <= (report.score or 0) <= 100
    assert set(report.skills) == set(report.data["skills"]) and report.practices
    cli = run_cli("grade", str(FIXTURES / "mid_flaskr"), "--format", "json", "--no-cache")
    assert report.to_json() == cli.stdout
    assert flasklint.Report.from_json(cli.stdout) == report


def test_grade_raises_a_grading_error_for_what_cannot_be_graded(tmp_path: Path) -> None:
    with pytest.raises(flasklint.GradingError, match="no such file or folder"):
        flasklint.grade(tmp_path / "missing")
    with pytest.raises(flasklint.GradingError, match="not a Flask project"):
        flasklint.grade(FIXTURES / "not_flask")


def test_the_reviewers_config_and_rubric_apply(tmp_path: Path) -> None:
    plain = flasklint.grade(FIXTURES / "junior_single_file")
    assert any(f["code"] == "FL503" for f in plain.findings)
    settings = tmp_path / "rubric.toml"
    settings.write_text('[tool.flasklint]\nignore = ["FL503"]\n')
    configured = flasklint.grade(FIXTURES / "junior_single_file", config=settings)
    assert not any(f["code"] == "FL503" for f in configured.findings)
    mid = flasklint.grade(FIXTURES / "mid_flaskr")
    assert mid.band == "mid"
    rubric = {**mid.data["rubric"], "bands": {"senior": 1.0, "mid": 0.5}}
    assert flasklint.grade(FIXTURES / "mid_flaskr", rubric=rubric).band == "senior"


def _paths(tmp_path: Path) -> list[Path]:
    return [FIXTURES / "senior_pytest", FIXTURES / "junior_single_file", tmp_path / "missing", FIXTURES / "mid_flaskr"]


def test_grade_many_keeps_the_order_and_turns_failures_into_outcomes(tmp_path: Path) -> None:
    outcomes = flasklint.grade_many(_paths(tmp_path))
    assert [o.candidate for o in outcomes] == ["senior_pytest", "junior_single_file", "missing", "mid_flaskr"]
    assert outcomes[2].report is None and "no such file or folder" in (outcomes[2].error or "")
    alone = flasklint.grade(FIXTURES / "mid_flaskr")
    assert outcomes[3].report is not None and outcomes[3].report.to_json() == alone.to_json()


@pytest.mark.parametrize("pool", [ProcessPoolExecutor, ThreadPoolExecutor])
def test_grade_many_on_an_executor_gives_the_same_reports(tmp_path: Path, pool: Callable[..., Any]) -> None:
    one_by_one = flasklint.grade_many(_paths(tmp_path))
    with pool(max_workers=2) as executor:
        side_by_side = flasklint.grade_many(_paths(tmp_path), executor=executor)
    assert [(o.candidate, o.error) for o in side_by_side] == [(o.candidate, o.error) for o in one_by_one]
    assert [o.report and o.report.to_json() for o in side_by_side] == [
        o.report and o.report.to_json() for o in one_by_one
    ]


class _Later:
    """A future-like object that is not a concurrent.futures Future: it only has result()."""

    def __init__(self, run: Callable[[], Any]) -> None:
        self.run = run

    def result(self) -> Any:
        return self.run()

    def cancel(self) -> bool:
        return False


class _OwnExecutor:
    """An executor-like object of a platform's own: submit() returns something with result()."""

    def __init__(self) -> None:
        self.submitted = 0

    def submit(self, fn: Callable[..., Any], *args: Any) -> _Later:
        self.submitted += 1
        return _Later(lambda: fn(*args))


def test_grade_many_accepts_any_object_with_submit(tmp_path: Path) -> None:
    executor = _OwnExecutor()
    outcomes = flasklint.grade_many(_paths(tmp_path), executor=executor)  # type: ignore[arg-type]
    assert executor.submitted == 4  # the missing path is tried too: intake decides
    assert [o.report is not None for o in outcomes] == [True, True, False, True]


def test_importing_flasklint_does_not_load_the_analysis() -> None:
    code = "import sys, flasklint; flasklint.__version__; print('libcst' in sys.modules, 'flasklint.library' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_unknown_attributes_are_still_errors() -> None:
    with pytest.raises(AttributeError, match="no attribute 'grades'"):
        flasklint.grades  # noqa: B018


def _examples(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)


def test_the_examples_in_docs_api_md_run(tmp_path: Path) -> None:
    examples = _examples((ROOT / "docs" / "api.md").read_text())
    assert examples
    for number, code in enumerate(examples):
        script = tmp_path / f"example_{number}.py"
        script.write_text(code)
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert done.returncode == 0, f"example {number}:\n{code}\n{done.stderr}"
        assert done.stdout.strip(), f"example {number} printed nothing"


def test_a_finished_future_is_reported_before_a_slower_one() -> None:
    from flasklint.workflow.batch import _finished

    slow: Future[Any] = Future()
    quick: Future[Any] = Future()
    quick.set_result({})
    assert _finished([slow, quick]) == [quick]
