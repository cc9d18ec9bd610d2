"""`--similarity`: the graded submissions of a batch compared for shared code (flasklint/similarity/)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from flasklint.core.defaults import default_jobs
from flasklint.intake.sources import candidate_name
from flasklint.similarity.compare import Similarity, compare
from flasklint.similarity.submission import FileCode, SubmissionCode, fingerprint_all, fingerprint_submission
from flasklint.workflow.anonymize import Anonymizer
from flasklint.workflow.batch import Graded


def find_similar(
    results: Sequence[Graded],
    *,
    starter: str | None,
    threshold: float,
    exclude: Sequence[str] = (),
    cache_dir: Path | None = None,
    anonymizer: Anonymizer | None = None,
) -> tuple[Similarity, dict[str, SubmissionCode]]:
    """Compare the graded submissions (by candidate name); `starter`: the skeleton handed out, left out.

    Raises UsageError when the starter cannot be opened. With `anonymizer`, file paths and source lines
    name no candidate.
    """
    # only what was graded is compared (not a link, a broken archive)
    graded = [(result.target, result.candidate) for result in results if result.report is not None]
    codes = fingerprint_all(graded, exclude, cache_dir, default_jobs())
    if anonymizer is not None:
        originals = {result.candidate: candidate_name(result.target) for result in results}
        for code in codes:
            code.files = [_scrubbed(file, anonymizer, originals[code.name]) for file in code.files]
    base = fingerprint_submission(starter, "starter", exclude, cache_dir) if starter else None
    return compare(codes, base, threshold), {code.name: code for code in codes}


def _scrubbed(file: FileCode, anonymizer: Anonymizer, name: str) -> FileCode:
    return replace(
        file,
        path=anonymizer.scrub_text(file.path, name),
        lines=[anonymizer.scrub_text(line, name) for line in file.lines],
    )
