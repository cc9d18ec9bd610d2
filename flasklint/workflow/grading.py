"""Grade one submission: intake -> analysis -> score -> report data.

With a cache folder, the report of a submission nothing about which changed
comes from the run cache (runcache.py). The analysis modules are imported
only when a report has to be computed: they bring libcst and the rule pack,
about 0.3 s of start-up that a warm run should not pay.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flasklint.analysis.rule import Rule, plural
from flasklint.core.defaults import DEFAULT_FILE_TIMEOUT, timed_out
from flasklint.core.errors import UsageError
from flasklint.core.profile import Profile
from flasklint.core.progress import Progress
from flasklint.core.safe import decodable, map_strings
from flasklint.intake import gitsource
from flasklint.intake.discover import discover
from flasklint.intake.enclosing import checkout_path, enclosing_files
from flasklint.intake.sources import Submission, candidate_name, is_git, open_submission
from flasklint.report.excerpts import add_excerpts
from flasklint.report.model import Report
from flasklint.scoring.score import GradeEvidence, default_rubric, score
from flasklint.workflow import config as configuration
from flasklint.workflow.anonymize import Anonymizer
from flasklint.workflow.config import Config
from flasklint.workflow.runcache import RunCache

if TYPE_CHECKING:
    from flasklint.analysis.engine import Analysis
    from flasklint.intake.discover import Discovery


def grade(
    target: str,
    *,
    jobs: int | None = None,
    rules: list[type[Rule]] | None = None,
    rubric: dict[str, Any] | None = None,
    file_timeout: float = DEFAULT_FILE_TIMEOUT,
    config: Config | None = None,
    trust_config: bool = False,
    cache_dir: Path | None = None,
    profile: Profile | None = None,
    excerpt_context: int = 0,
    anonymizer: Anonymizer | None = None,
    progress: Progress | None = None,
    enclosing: bool = True,
) -> Report:
    """The report of one submission, or UsageError when it cannot be graded.

    The graded repository is untrusted: its own `[tool.flasklint]` table and
    its suppression comments are ignored (and counted) unless `trust_config`.
    `config` is the reviewer's own configuration (`--config`), which applies
    either way. `rules` defaults to every installed rule pack. `cache_dir`
    enables the run cache and the per-file cache. `excerpt_context` > 0 adds
    to each finding the source lines around it (for the HTML report);
    `anonymizer` replaces the candidate's name, and for git submissions its
    authors, everywhere in the report. `enclosing`: a folder may take its CI
    and test configuration from the project it is a subfolder of (off for
    `--each` batches; never for archives and git bundles).
    """
    profile = profile or Profile(enabled=False)
    with open_submission(target) as submission:
        own = submission.root / "pyproject.toml"
        repo_config = configuration.discover(submission.root) if trust_config and own.is_file() else None
        has_own_config = own.is_file() and configuration.has_table(own)
        config = config or repo_config or Config()
        with profile.phase("discover"):
            discovery = discover(submission.root, config.exclude, collect_hidden=True)
            if enclosing and submission.kind == "folder":
                discovery.enclosing_files = enclosing_files(submission.root)
        settings = {
            "config": dataclasses.asdict(config),
            "repository_config": ("honoured" if trust_config else "ignored") if has_own_config else "none",
            "trust_config": trust_config,  # decides whether suppression comments count
            "rules": None if rules is None else [f"{r.code}:{r.__module__}.{r.__qualname__}" for r in rules],
            "rubric": rubric,
            "file_timeout": file_timeout,
            "excerpt_context": excerpt_context,
        }
        run_cache = RunCache(cache_dir, settings) if cache_dir is not None else None
        report: Report | None = None
        if run_cache is not None:
            with profile.phase("run cache key"):
                key = run_cache.key(submission.root, discovery, submission.skipped)
                report = run_cache.get(key)
            profile.run_cache = "miss" if report is None else "hit"
        if report is None:
            report = _analyze(
                submission,
                discovery,
                config,
                settings,
                rules=rules,
                trust_config=trust_config,
                jobs=jobs,
                cache_dir=cache_dir,
                content_digests=run_cache.content_digests if run_cache is not None else {},
                profile=profile,
                progress=progress,
            )
            if excerpt_context > 0:
                add_excerpts(report["findings"], submission.root, excerpt_context)
            if run_cache is not None and not _transient(report):
                run_cache.put(key, report)
        report["target"] = submission.label
        inside = checkout_path(submission.root) if submission.kind == "folder" else ""
        if inside:
            report["repository_path"] = inside
        identities = git_identities(submission, target) if anonymizer is not None else set()
    # file names that are not UTF-8 hold surrogates, which no output format can encode: show their bytes
    report = map_strings(report, decodable)
    if anonymizer is not None:
        report = anonymizer.scrub(report, candidate_name(target), identities)
    return report


@dataclasses.dataclass(frozen=True)
class Grader:
    """`grade()` with a batch's options fixed: target -> report.

    Plain data around a module-level function, so an executor can pickle it
    into another process (a process pool, a Dask worker). `elsewhere()` is the
    copy to send there.
    """

    options: dict[str, Any] = dataclasses.field(default_factory=dict)

    def __call__(self, target: str) -> Report:
        return grade(target, **self.options)

    def elsewhere(self) -> Grader:
        """For another process: without this terminal's progress line and this run's profile, and with one
        file worker per submission unless `jobs` was given (the executor runs submissions side by side)."""
        options = {**self.options, "progress": None, "profile": None}
        if options.get("jobs") is None:
            options["jobs"] = 1
        return Grader(options)


def _analyze(
    submission: Submission,
    discovery: Discovery,
    config: Config,
    settings: dict[str, Any],
    *,
    rules: list[type[Rule]] | None,
    trust_config: bool,
    jobs: int | None,
    cache_dir: Path | None,
    content_digests: dict[str, bytes],
    profile: Profile,
    progress: Progress | None,
) -> Report:
    """Analyse, score and build the report (the part a run-cache hit skips)."""
    from flasklint.analysis.cache import ResultCache
    from flasklint.analysis.engine import analyze
    from flasklint.analysis.registry import load_rules
    from flasklint.report import build_report

    target = submission.label
    rule_pack = [r for r in (rules if rules is not None else load_rules()) if config.wants(r.code)]
    analysis = analyze(
        submission.root,
        rule_pack,
        jobs,
        settings["file_timeout"],
        exclude=config.exclude,
        per_file_ignores=config.per_file_ignores,
        honour_suppressions=trust_config,
        cache=ResultCache(cache_dir, rule_pack) if cache_dir is not None else None,
        profile=profile,
        progress=progress,
        discovery=discovery,
        content_digests=content_digests,
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
    used_rubric = configuration.merged_rubric(settings["rubric"] or default_rubric(), config.rubric)
    with profile.phase("score and report"):
        report = build_report(target, analysis, score(analysis.outcomes, used_rubric, grade_evidence(analysis)))
    report["config"] = {
        "source": config.source,
        "repository_config": settings["repository_config"],
        "suppressions_found": analysis.suppressions.found,
        "suppressions_honoured": trust_config,
    }
    return report


def grade_evidence(analysis: Analysis) -> GradeEvidence:
    """What there was to judge: a Flask app or routes, and how much of the Python code was read."""
    project = analysis.project
    serves = bool(project.factories or project.operations) or any(
        m.routes or m.app_classes or m.objects_of("app") for m in project.app_modules
    )
    read = sum(_size(project.root, m.path) for m in project.modules)
    unread = sum(_size(project.root, u.path) for u in project.unreadable if u.path.endswith(".py"))
    return GradeEvidence(serves_requests=serves, unread_share=round(unread / (read + unread), 3) if unread else 0.0)


def _size(root: Path, rel: str) -> int:
    try:
        return os.lstat(root / rel).st_size
    except OSError:
        return 0


def _transient(report: Report) -> bool:
    """A run with a file skipped for time is not cached: next run it may finish."""
    return any(timed_out(u["reason"]) for u in report["files"]["unreadable"])


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
