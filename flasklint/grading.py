"""Grade one submission: intake -> analysis -> score -> report data."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from flasklint import config as configuration
from flasklint import gitsource
from flasklint.anonymize import Anonymizer
from flasklint.cache import ResultCache
from flasklint.config import Config
from flasklint.engine import analyze
from flasklint.errors import UsageError
from flasklint.excerpts import add_excerpts
from flasklint.intake import Submission, candidate_name, is_git, open_submission
from flasklint.profile import Profile
from flasklint.progress import Progress
from flasklint.registry import load_rules
from flasklint.report import build_report
from flasklint.rule import Rule, plural
from flasklint.scoring import default_rubric, score
from flasklint.workers import DEFAULT_FILE_TIMEOUT


def grade(
    target: str,
    *,
    jobs: int | None = None,
    rules: list[type[Rule]] | None = None,
    rubric: dict[str, Any] | None = None,
    file_timeout: float = DEFAULT_FILE_TIMEOUT,
    config: Config | None = None,
    trust_config: bool = False,
    cache: ResultCache | None = None,
    profile: Profile | None = None,
    excerpt_context: int = 0,
    anonymizer: Anonymizer | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The report of one submission, or UsageError when it cannot be graded.

    The graded repository is untrusted: its own `[tool.flasklint]` table and
    its suppression comments are ignored (and counted) unless `trust_config`.
    `config` is the reviewer's own configuration (`--config`), which applies
    either way. `excerpt_context` > 0 adds to each finding the source lines
    around it (for the HTML report); `anonymizer` replaces the candidate's
    name, and for git submissions its authors, everywhere in the report.
    """
    with open_submission(target) as submission:
        own = submission.root / "pyproject.toml"
        repo_config = configuration.discover(submission.root) if trust_config and own.is_file() else None
        has_own_config = own.is_file() and configuration.has_table(own)
        config = config or repo_config or Config()
        rule_pack = [r for r in (rules if rules is not None else load_rules()) if config.wants(r.code)]
        analysis = analyze(
            submission.root,
            rule_pack,
            jobs,
            file_timeout,
            exclude=config.exclude,
            per_file_ignores=config.per_file_ignores,
            honour_suppressions=trust_config,
            cache=cache,
            profile=profile,
            progress=progress,
        )
        project = analysis.project
        if not project.modules and not project.unreadable:
            raise UsageError(f"{target}: no Python files found; is this the repository's top folder?")
        if not project.is_flask:
            detail = f"none of its {plural(len(project.modules), 'readable Python file')} imports flask"
            if project.unreadable:
                detail += f"; {plural(len(project.unreadable), 'file')} could not be read"
            raise UsageError(f"{target}: not a Flask project ({detail}); flasklint grades Flask applications")
        analysis.discovery.skipped.update(submission.skipped)
        used_rubric = configuration.merged_rubric(rubric or default_rubric(), config.rubric)
        with profile.phase("score and report") if profile is not None else nullcontext():
            report = build_report(submission.label, analysis, score(analysis.outcomes, used_rubric))
        if excerpt_context > 0:
            add_excerpts(report["findings"], submission.root, excerpt_context)
        identities = git_identities(submission, target) if anonymizer is not None else set()
    report["config"] = {
        "source": config.source,
        "repository_config": ("honoured" if trust_config else "ignored") if has_own_config else "none",
        "suppressions_found": analysis.suppressions.found,
        "suppressions_honoured": trust_config,
    }
    if anonymizer is not None:
        report = anonymizer.scrub(report, candidate_name(target), identities)
    return report


def git_identities(submission: Submission, target: str) -> set[str]:
    """Author names and emails of a git submission, or of a repository inside an archive."""
    source = Path(target) if submission.kind == "git" else submission.root
    if not is_git(source):
        return set()
    scratch = Path(tempfile.mkdtemp(prefix="flasklint-authors-"))
    try:
        return gitsource.authors(source, scratch, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
