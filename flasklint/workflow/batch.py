"""Grading many submissions in one run, and ranking them.

One submission that cannot be graded (a corrupt archive, a repository that is
not Flask) becomes a row that says why; the others are graded regardless.
Start-up (interpreter, libcst, the rule pack) is paid once for the batch.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flasklint.core.errors import UsageError
from flasklint.core.progress import Progress
from flasklint.intake.sources import candidate_name, is_submission
from flasklint.report.model import Report
from flasklint.report.summary import weak_points

RED_FLAG_LIMIT = 3
# Tries of a submission whose worker died under it. A worker may die of a neighbour's task as well as of
# its own, so the later tries run alone, and a death is a verdict only when it happens every time.
WORKER_DEATHS = 3


@dataclass
class Graded:
    target: str  # the path as given
    candidate: str  # the name shown: the submission's name, or its pseudonym
    report: Report | None = None
    error: str | None = None
    files: dict[str, str] = field(default_factory=dict)  # report format -> file written for this candidate


# looks like a submission, but flasklint cannot open it: listed in the ranking with the reason
UNSUPPORTED_ARCHIVES = (".7z", ".rar", ".zst", ".tar.zst", ".tzst", ".lz", ".lzma", ".tar.lz", ".cab", ".iso")


def expand_each(folders: Iterable[str]) -> list[str]:
    """`--each`: every submission (folder, archive, git bundle) directly inside each folder, sorted.

    What looks like a submission but cannot be graded (a symbolic link, an
    archive format flasklint does not read) stays in the list, as a row that
    says why, so the ranking shows every candidate.
    """
    targets: list[str] = []
    for folder in folders:
        path = Path(folder)
        if not path.is_dir():
            raise UsageError(f"{folder}: --each needs a folder of submissions")
        found = sorted(
            str(child)
            for child in path.iterdir()
            if not child.name.startswith(".")
            and (child.is_symlink() or is_submission(child) or child.name.lower().endswith(UNSUPPORTED_ARCHIVES))
            and not _is_report_dir(child)
        )
        if not found:
            raise UsageError(f"{folder}: no submissions inside (folders, archives or git bundles)")
        targets += found
    return targets


def _not_gradable(target: str) -> str | None:
    """Why a target from a folder of submissions is not graded, or None."""
    path = Path(target)
    if path.is_symlink():
        return f"{target}: a symbolic link; links are not followed in a batch (grade its target directly)"
    if path.name.lower().endswith(UNSUPPORTED_ARCHIVES) and not is_submission(path):
        return f"{target}: an archive format flasklint does not read (use .zip, .tar.gz or .tar.xz)"
    return None


def _is_report_dir(path: Path) -> bool:
    """A --report-dir written beside the submissions is not one of them."""
    index = path / "index.html"
    try:
        return index.is_file() and b'name="generator" content="flasklint' in index.read_bytes()[:2048]
    except OSError:
        return False


def grade_all(
    targets: list[str],
    grade_one: Callable[[str], Report],
    name_of: Callable[[str], str] = candidate_name,
    progress: Progress | None = None,
    *,
    each: bool = False,
    executor: Executor | None = None,
    arrived: Callable[[Graded], None] | None = None,
    known: Mapping[str, Report] | None = None,
) -> list[Graded]:
    """Grade every target, in the targets' order; one that fails becomes a row with its error.

    `each`: the targets were listed from folders of submissions (`--each`),
    where a link or an unreadable archive format is a row saying so.
    `executor`: anything with `concurrent.futures`' `submit` (a process pool,
    a Dask client's `get_executor()`) grades the submissions side by side;
    `grade_one` must then pickle. An executor with a `slots` attribute gets
    that many submissions at a time. `arrived(result)` is called as each
    submission is done, so its reports can be written at once. `known`:
    reports by candidate name from an earlier run (`--resume`), not graded again.
    """
    names = candidate_names(targets, name_of)
    known = known or {}
    done: dict[int, Graded] = {}

    def finish(index: int, result: Graded) -> None:
        done[index] = result
        if arrived is not None:
            arrived(result)

    submitted: dict[Future[Report | _Refused], int] = {}  # on the executor, cancelled if the batch is stopped
    try:
        waiting: list[int] = []
        for index, (target, name) in enumerate(zip(targets, names)):
            reason = _not_gradable(target) if each else None
            if name in known:
                finish(index, Graded(target, name, report=known[name]))
            elif reason is not None:
                finish(index, Graded(target, name, error=reason))
            elif executor is not None:
                waiting.append(index)
            else:
                if progress is not None:
                    progress.submission(index + 1, len(targets), name)
                finish(index, _outcome(target, name, functools.partial(grade_one, target)))
        if executor is not None:
            for index, outcome in _side_by_side(executor, grade_one, targets, waiting, submitted):
                finish(index, _outcome(targets[index], names[index], outcome))
                if progress is not None:
                    progress.graded(len(done), len(targets), names[index])
    except BaseException as stop:  # Ctrl-C or a signal: what is graded so far is kept
        for future in submitted:
            future.cancel()
        raise BatchInterrupted([done[i] for i in sorted(done)], len(targets), stop) from stop
    finally:
        if progress is not None:
            progress.clear()
    return [done[index] for index in range(len(targets))]


def _side_by_side(
    executor: Executor,
    grade_one: Callable[[str], Report],
    targets: list[str],
    indexes: list[int],
    submitted: dict[Future[Report | _Refused], int],
) -> Iterator[tuple[int, Callable[[], Report | _Refused]]]:
    """(index, the finished task's result()) as the executor finishes each target at `indexes`.

    As many are submitted as the executor runs at once (its `slots`, when it says), so a worker that dies
    takes only its own submissions with it, and a scheduler never holds the whole batch. A submission whose
    worker died is tried again, one at a time after the others, up to WORKER_DEATHS times in all.
    """
    waiting = deque(indexes)
    window = getattr(executor, "slots", None) or len(waiting)
    tries = dict.fromkeys(waiting, 0)
    suspects: deque[int] = deque()
    while waiting or submitted or suspects:
        if not waiting and not submitted:
            waiting.append(suspects.popleft())
            window = 1  # alone, a submission whose worker dies is the one that kills it
        while waiting and len(submitted) < window:
            index = waiting.popleft()
            tries[index] += 1
            submitted[executor.submit(_grade_or_refuse, grade_one, targets[index])] = index
        for future in _finished(list(submitted)):
            index = submitted.pop(future)
            if _worker_died(future) and tries[index] < WORKER_DEATHS:
                suspects.append(index)
            else:
                yield index, future.result


@dataclass(frozen=True)
class _Refused:
    """What a task returns for a submission that cannot be graded: an answer, not a failure for the
    executor to log (Dask logs every exception a task raises as an error of its worker)."""

    reason: str


def _grade_or_refuse(grade_one: Callable[[str], Report], target: str) -> Report | _Refused:
    try:
        return grade_one(target)
    except UsageError as error:
        return _Refused(str(error))


def _worker_died(future: Future[Report | _Refused]) -> bool:
    """Dask gave up on the task because the worker running it died (KilledWorker)."""
    if not isinstance(future, Future) or future.cancelled():
        return False
    return type(future.exception()).__name__ == "KilledWorker"


def _finished(futures: list[Future[Report | _Refused]]) -> list[Future[Report | _Refused]]:
    """The futures done so far, once one is (concurrent.futures'); other future-like objects one by one,
    the oldest first."""
    if all(isinstance(future, Future) for future in futures):
        return list(wait(futures, return_when=FIRST_COMPLETED).done)
    return futures[:1]


def _outcome(target: str, name: str, run: Callable[[], Report | _Refused]) -> Graded:
    """The graded submission, or the row that says why it could not be graded."""
    try:
        answer = run()
        if isinstance(answer, _Refused):
            return Graded(target, name, error=answer.reason)
        return Graded(target, name, report=answer)
    except UsageError as error:
        return Graded(target, name, error=str(error))
    except Exception as error:  # a flasklint bug on one submission must not lose the others
        if type(error).__name__ == "KilledWorker":  # Dask gave up: every worker that took it died
            reason = f"the worker grading it died each of the {WORKER_DEATHS} times it was tried (out of memory?)"
            return Graded(target, name, error=f"{target}: {reason}")
        return Graded(target, name, error=f"internal error: {type(error).__name__}: {error}")


def candidate_names(targets: list[str], name_of: Callable[[str], str] = candidate_name) -> list[str]:
    """The name each target is shown by, in order: equal names are told apart (`bob`, `bob-2`)."""
    taken: set[str] = set()
    return [_told_apart(name_of(target), taken) for target in targets]


def _told_apart(name: str, taken: set[str]) -> str:
    """Two submissions with one name (`alice/` and `alice.zip`, or one pseudonym) become `alice`, `alice-2`."""
    unique, number = name, 1
    while unique in taken:
        number += 1
        unique = f"{name}-{number}"
    taken.add(unique)
    return unique


class BatchInterrupted(BaseException):
    """A batch stopped by Ctrl-C or a signal, with the submissions graded before it."""

    def __init__(self, results: list[Graded], total: int, cause: BaseException) -> None:
        super().__init__(f"stopped after {len(results)} of {total} submissions")
        self.results, self.total, self.cause = results, total, cause


def red_flags(report: Report, limit: int = RED_FLAG_LIMIT) -> list[str]:
    """The few things a reviewer should look at first (the report summary's weak points)."""
    return [point.text for point in weak_points(report, limit)]


def percentile(score: float, scores: list[float]) -> int | None:
    """The share of the other graded submissions that score below `score`, in percent (None alone)."""
    others = len(scores) - 1
    if others < 1:
        return None
    return round(100 * sum(1 for s in scores if s < score) / others)


def ranking(results: list[Graded]) -> list[dict[str, Any]]:
    """One row per submission: graded ones by score (best first), then those that failed."""
    graded = sorted(
        (r for r in results if r.report is not None),
        key=lambda r: (-(r.report["score"] or 0.0) if r.report else 0.0, r.candidate),
    )
    failed = sorted((r for r in results if r.report is None), key=lambda r: r.candidate)
    scores = [r.report["score"] or 0.0 for r in graded if r.report is not None]
    rows = []
    for rank, result in enumerate(graded, 1):
        report = result.report
        assert report is not None  # graded, by the sort above
        rows.append(
            {
                "rank": rank,
                "candidate": result.candidate,
                "status": "graded",
                "score": report["score"],
                "percentile": percentile(report["score"] or 0.0, scores),
                "band": report["band"],
                "band_capped_by": report["band_capped_by"],
                "skills": {key: skill["score"] for key, skill in report["skills"].items()},
                "findings": len(report["findings"]),
                "red_flags": red_flags(report),
                "reports": dict(sorted(result.files.items())),
            }
        )
    for result in failed:
        rows.append({"rank": None, "candidate": result.candidate, "status": "failed", "error": result.error})
    return rows
