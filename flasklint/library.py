"""flasklint as a library, for platforms that grade submissions in their own code.

    import flasklint

    report = flasklint.grade("submissions/alice")
    report.score, report.band, report.skills["security"]
    report.to_json()  # byte-identical to `flasklint grade submissions/alice --format json`

    with concurrent.futures.ProcessPoolExecutor() as pool:
        for outcome in flasklint.grade_many(paths, executor=pool):
            ...

docs/api.md walks through it. The graded code is never imported or run, as
on the command line; a submission that cannot be graded raises GradingError
from `grade()` and is an outcome with an `error` from `grade_many()`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

from flasklint.core.defaults import DEFAULT_FILE_TIMEOUT
from flasklint.core.errors import UsageError
from flasklint.report.jsonout import render_json
from flasklint.report.model import FindingEntry, PracticeEntry
from flasklint.report.model import Report as ReportData
from flasklint.workflow import config as configuration
from flasklint.workflow.batch import BatchInterrupted, grade_all
from flasklint.workflow.config import Config
from flasklint.workflow.grading import Grader

GradingError = UsageError  # what the command line prints as `flasklint: error: ...` and exits 2 for
ConfigLike = Union[Config, str, "os.PathLike[str]", None]


@dataclass(frozen=True)
class Report:
    """One submission's grade: the data of the JSON report (`data`), with typed views of what is read most."""

    data: ReportData

    @property
    def target(self) -> str:
        return self.data["target"]

    @property
    def score(self) -> float | None:
        """0-100; None when there was nothing to judge."""
        return self.data["score"]

    @property
    def band(self) -> str | None:
        """junior, mid or senior."""
        return self.data["band"]

    @property
    def skills(self) -> dict[str, float | None]:
        """Each skill's subscore (0-100), None where nothing in the skill applied."""
        return {name: skill["score"] for name, skill in self.data["skills"].items()}

    @property
    def findings(self) -> list[FindingEntry]:
        return self.data["findings"]

    @property
    def practices(self) -> list[PracticeEntry]:
        return self.data["practices"]

    def to_json(self) -> str:
        """The JSON report, byte for byte what `flasklint grade PATH --format json` prints."""
        return render_json(self.data)

    @classmethod
    def from_json(cls, text: str) -> Report:
        """A report saved with `to_json()` or `--format json`."""
        data: ReportData = json.loads(text)
        return cls(data)


@dataclass(frozen=True)
class Outcome:
    """One submission of `grade_many()`: its report, or why it could not be graded."""

    target: str
    candidate: str  # the name the ranking shows: the folder's or archive's name, told apart from equal ones
    report: Report | None
    error: str | None


def _grader(
    *,
    rubric: Mapping[str, Any] | None,
    config: ConfigLike,
    jobs: int | None,
    cache_dir: str | os.PathLike[str] | None,
    trust_config: bool,
    file_timeout: float,
) -> Grader:
    if config is not None and not isinstance(config, Config):
        config = configuration.read_file(Path(config))
    return Grader(
        {
            "rubric": dict(rubric) if rubric is not None else None,
            "config": config if config is not None and config.source else None,
            "jobs": jobs,
            "cache_dir": Path(cache_dir) if cache_dir is not None else None,
            "trust_config": trust_config,
            "file_timeout": file_timeout,
        }
    )


def grade(
    path: str | os.PathLike[str],
    *,
    rubric: Mapping[str, Any] | None = None,
    config: ConfigLike = None,
    jobs: int | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    trust_config: bool = False,
    file_timeout: float = DEFAULT_FILE_TIMEOUT,
) -> Report:
    """Grade one submission (a folder, an archive, a bare git repository or a git bundle).

    `rubric`: skill weights and bands, as in docs/scoring.md (default: the calibrated rubric).
    `config`: the reviewer's `[tool.flasklint]` settings, a Config or the path of a TOML file (`--config`).
    `jobs`: file worker processes (default one per core). `cache_dir`: where results are cached
    (default: no cache). `trust_config`: honour the submission's own configuration and suppression
    comments. Raises GradingError when the submission cannot be graded.
    """
    grader = _grader(
        rubric=rubric,
        config=config,
        jobs=jobs,
        cache_dir=cache_dir,
        trust_config=trust_config,
        file_timeout=file_timeout,
    )
    return Report(grader(os.fspath(path)))


def grade_many(
    paths: Iterable[str | os.PathLike[str]],
    *,
    executor: Executor | None = None,
    rubric: Mapping[str, Any] | None = None,
    config: ConfigLike = None,
    jobs: int | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    trust_config: bool = False,
    file_timeout: float = DEFAULT_FILE_TIMEOUT,
) -> list[Outcome]:
    """Grade every submission, in the order given; one that cannot be graded is an Outcome with its error.

    `executor`: anything with `concurrent.futures`' `submit` — a ProcessPoolExecutor, a Dask client's
    `get_executor()` — grades the submissions side by side, one file worker each unless `jobs` says
    otherwise. The reports are the same as graded one by one. Other options as for `grade()`.
    """
    grader = _grader(
        rubric=rubric,
        config=config,
        jobs=jobs,
        cache_dir=cache_dir,
        trust_config=trust_config,
        file_timeout=file_timeout,
    )
    targets = [os.fspath(path) for path in paths]
    try:
        results = grade_all(targets, grader.elsewhere() if executor is not None else grader, executor=executor)
    except BatchInterrupted as interrupted:  # Ctrl-C reaches the caller as itself
        raise interrupted.cause from None
    return [
        Outcome(r.target, r.candidate, Report(r.report) if r.report is not None else None, r.error) for r in results
    ]
