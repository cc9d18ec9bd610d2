"""Grading many submissions in one run, and ranking them.

One submission that cannot be graded (a corrupt archive, a repository that is
not Flask) becomes a row that says why; the others are graded regardless.
Start-up (interpreter, libcst, the rule pack) is paid once for the batch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flasklint.analysis.rule import SEVERITY_RANK, plural
from flasklint.core.errors import UsageError
from flasklint.core.progress import Progress
from flasklint.intake.sources import candidate_name, is_submission
from flasklint.report.model import Report
from flasklint.scoring.score import CAP_REASONS

RED_FLAG_LIMIT = 3


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
) -> list[Graded]:
    """Grade every target; one that fails becomes a row with its error.

    `each`: the targets were listed from folders of submissions (`--each`),
    where a link or an unreadable archive format is a row saying so.
    """
    results: list[Graded] = []
    try:
        for index, target in enumerate(targets, 1):
            name = name_of(target)
            if progress is not None:
                progress.submission(index, len(targets), name)
            reason = _not_gradable(target) if each else None
            if reason is not None:
                results.append(Graded(target, name, error=reason))
                continue
            try:
                results.append(Graded(target, name, report=grade_one(target)))
            except UsageError as error:
                results.append(Graded(target, name, error=str(error)))
            except Exception as error:  # a flasklint bug on one submission must not lose the others
                results.append(Graded(target, name, error=f"internal error: {type(error).__name__}: {error}"))
    except BaseException as stop:  # Ctrl-C or a signal: what is graded so far is kept
        raise BatchInterrupted(results, len(targets), stop) from stop
    finally:
        if progress is not None:
            progress.clear()
    return results


class BatchInterrupted(BaseException):
    """A batch stopped by Ctrl-C or a signal, with the submissions graded before it."""

    def __init__(self, results: list[Graded], total: int, cause: BaseException) -> None:
        super().__init__(f"stopped after {len(results)} of {total} submissions")
        self.results, self.total, self.cause = results, total, cause


def red_flags(report: Report, limit: int = RED_FLAG_LIMIT) -> list[str]:
    """The few things a reviewer should look at first.

    Whatever capped the band, then code that could not be read, then findings of medium severity or worse
    (worst rule first, grouped), then the heaviest practices not met.
    """
    names = {entry["code"]: f"{entry['code']} {entry['name']}" for entry in (*report["practices"], *report["findings"])}
    counts: Counter[str] = Counter()
    worst: dict[str, int] = {}
    for finding in report["findings"]:
        rank = SEVERITY_RANK[finding["severity"]]
        if rank >= SEVERITY_RANK["medium"]:
            counts[finding["code"]] += 1
            worst[finding["code"]] = max(rank, worst.get(finding["code"], 0))
    # key -> ((priority, tie-break), text); higher sorts first
    flags: dict[str, tuple[tuple[float, float], str]] = {}
    for code, count in counts.items():
        flags[code] = ((2 * worst[code], count), names[code] + (f" x{count}" if count > 1 else ""))
    capping = report["rubric"].get("band_caps", {})
    for practice in report["practices"]:
        if practice["status"] == "not met":
            # a practice the rubric caps the band on (tests) outranks a high finding
            priority = 5 if practice["code"] in capping else 3 if practice["weight"] >= 3 else 1
            flags.setdefault(practice["code"], ((priority, practice["weight"]), f"{names[practice['code']]} not met"))
    unread = report["files"]["unreadable"] if "files" in report else []
    if unread:
        # code the grader could not read costs its share; a reviewer should open it (listed in the report)
        first = unread[0]["path"] + (f" and {plural(len(unread) - 1, 'other')}" if len(unread) > 1 else "")
        flags["unread"] = ((9, len(unread)), f"could not read {first}")
    for cap in report["band_capped_by"]:
        # a rule not met or with a critical finding, a skill under its threshold, or too little to judge
        if cap in flags:
            text = flags[cap][1]
        elif cap in CAP_REASONS:
            text = CAP_REASONS[cap]
        else:
            text = f"{cap} subscore {report['skills'][cap]['score']:.1f}"
        flags[cap] = ((10, 0), f"{text} (caps the band)")
    ordered = sorted(flags.items(), key=lambda item: (-item[1][0][0], -item[1][0][1], item[0]))
    return [text for _, (_, text) in ordered[:limit]]


def ranking(results: list[Graded]) -> list[dict[str, Any]]:
    """One row per submission: graded ones by score (best first), then those that failed."""
    graded = sorted(
        (r for r in results if r.report is not None),
        key=lambda r: (-(r.report["score"] or 0.0) if r.report else 0.0, r.candidate),
    )
    failed = sorted((r for r in results if r.report is None), key=lambda r: r.candidate)
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
