"""Runs the rules: per-file work in worker processes, project rules after.

Per file, in supervised worker processes (workers.py): the pass in
fileanalysis.py, which returns a FileResult of plain data. Syntax trees never
leave the worker.

In the main process: ProjectModel from the summaries -> project and practice
rules -> outcomes for scoring.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from flasklint.analysis.cache import ResultCache
from flasklint.analysis.cachestore import file_digest
from flasklint.analysis.fileanalysis import FileResult, module_name_for_path, revision_folders
from flasklint.analysis.project import ProjectModel
from flasklint.analysis.rule import NOT_APPLICABLE, FileRule, Finding, PracticeRule, ProjectRule, Rule, Verdict
from flasklint.analysis.summary import ModuleSummary
from flasklint.analysis.suppress import Suppression
from flasklint.analysis.workers import WorkerPool
from flasklint.core.defaults import DEFAULT_FILE_TIMEOUT, default_jobs, timed_out
from flasklint.core.profile import Profile
from flasklint.core.progress import Progress
from flasklint.intake.discover import Discovery, discover


@dataclass
class RuleOutcome:
    """What one rule concluded about the repository."""

    rule: type[Rule]
    findings: list[Finding] = field(default_factory=list)
    verdict: Verdict | None = None  # practice rules
    not_applicable: str | None = None  # reason, when the rule does not apply
    # anti-patterns: the share of the rule's units (modules, views, the repository) its findings affect
    share: float = 0.0


@dataclass
class SuppressionReport:
    found: int = 0
    honoured: bool = False
    unused: list[tuple[str, Suppression]] = field(default_factory=list)  # (path, suppression), when honoured


@dataclass
class Analysis:
    project: ProjectModel
    outcomes: list[RuleOutcome]
    discovery: Discovery
    rule_errors: list[str]
    suppressions: SuppressionReport


# -- the whole run ------------------------------------------------------------
def _project_outcome(rule: type[Rule], project: ProjectModel) -> RuleOutcome:
    reason = rule.applies(project)
    if reason:
        return RuleOutcome(rule, not_applicable=reason)
    if issubclass(rule, PracticeRule):
        verdict = rule().judge(project)
        if verdict.status == NOT_APPLICABLE:
            return RuleOutcome(rule, verdict=verdict, not_applicable=verdict.message)
        verdict.evidence.sort()
        return RuleOutcome(rule, verdict=verdict)
    if issubclass(rule, ProjectRule):
        return RuleOutcome(rule, findings=sorted(rule().check(project)))
    return RuleOutcome(rule)


def analyze(
    root: Path,
    rules: Iterable[type[Rule]],
    jobs: int | None = None,
    file_timeout: float = DEFAULT_FILE_TIMEOUT,
    *,
    exclude: Sequence[str] = (),
    per_file_ignores: dict[str, list[str]] | None = None,
    honour_suppressions: bool = False,
    cache: ResultCache | None = None,
    profile: Profile | None = None,
    progress: Progress | None = None,
    discovery: Discovery | None = None,
    content_digests: dict[str, bytes] | None = None,
) -> Analysis:
    """Run `rules` over the repository at `root`.

    Suppression comments are always found and counted; they remove findings
    only with `honour_suppressions` (never when grading untrusted code).
    """
    rules = list(rules)
    profile = profile or Profile(enabled=False)
    if discovery is None:  # the caller may have discovered the files already (grading.py does)
        with profile.phase("discover"):
            discovery = discover(root, exclude)
    pool = WorkerPool(str(root), rules, jobs or default_jobs(), file_timeout, profile.enabled)
    with profile.phase("files"):
        results = _analyze_files(root, discovery.python_files, pool, cache, profile, progress, content_digests)
        revealed = _reveal_imported(root, discovery, results, pool, cache, profile, content_digests)
        if revealed:
            results = sorted([*results, *revealed], key=lambda r: r.path)
    summaries = [r.summary for r in results if r.summary is not None]
    unreadable = [r.problem for r in results if r.problem is not None]
    project = ProjectModel(root, summaries, discovery.other_files, unreadable, discovery.enclosing_files)
    errors = [e for r in results for e in r.rule_errors]
    with profile.phase("project rules"):
        outcomes = _outcomes(rules, project, results, errors, profile)
    suppressions = filter_findings(outcomes, results, per_file_ignores or {}, honour_suppressions)
    return Analysis(project, outcomes, discovery, sorted(errors), suppressions)


REVEALED = "hidden by .gitignore or a build folder, graded because the application imports them"


def _reveal_imported(
    root: Path,
    discovery: Discovery,
    results: list[FileResult],
    pool: WorkerPool,
    cache: ResultCache | None,
    profile: Profile,
    content_digests: dict[str, bytes] | None,
) -> list[FileResult]:
    """Hidden modules that the graded code imports, analysed after all (and what they import in turn).

    An ignore line is the candidate's input: it may keep build output out, never a module the app loads.
    """
    revealed: list[FileResult] = []
    hidden = list(discovery.hidden_python)
    summaries = [r.summary for r in results if r.summary is not None]
    while hidden:
        wanted = imported_hidden(summaries, hidden)
        if not wanted:
            break
        batch = _analyze_files(root, wanted, pool, cache, profile, None, content_digests)
        revealed += batch
        summaries += [r.summary for r in batch if r.summary is not None]
        done = set(wanted)
        hidden = [rel for rel in hidden if rel not in done]
    if revealed:
        discovery.skipped[REVEALED] += len(revealed)
        discovery.python_files = sorted([*discovery.python_files, *(r.path for r in revealed)])
    return revealed


def _dotted_suffixes(rel: str) -> list[str]:
    """`app.models`, `models` for `src/app/models.py`: the names an import could reach the file by."""
    parts = module_name_for_path(rel)[0].split(".")
    return [".".join(parts[start:]) for start in range(len(parts))]


def imported_hidden(summaries: Iterable[ModuleSummary], hidden: Sequence[str]) -> list[str]:
    """The hidden files an import of the read modules names, when no read module answers to that name."""
    summaries = list(summaries)
    provided = {name for s in summaries for name in _dotted_suffixes(s.path)}
    wanted: set[str] = set()
    for summary in summaries:
        for imp in summary.imports:
            wanted.add(imp.module)
            if imp.name is not None:
                wanted.add(f"{imp.module}.{imp.name}")
    return [rel for rel in hidden if any(name in wanted and name not in provided for name in _dotted_suffixes(rel))]


def _outcomes(
    rules: list[type[Rule]], project: ProjectModel, results: list[FileResult], errors: list[str], profile: Profile
) -> list[RuleOutcome]:
    by_code: dict[str, list[Finding]] = {}
    for result in results:
        for finding in result.findings:
            by_code.setdefault(finding.code, []).append(finding)
    outcomes: list[RuleOutcome] = []
    for rule in rules:
        try:
            with profile.rule(rule.code):
                outcome = _project_outcome(rule, project)
        except Exception as error:  # one broken rule must not sink the report
            errors.append(f"{rule.code}: {type(error).__name__}: {error}")
            outcome = RuleOutcome(rule, not_applicable="the rule failed; see errors")
        if issubclass(rule, FileRule) and outcome.not_applicable is None:
            try:
                joined = list(rule.across_files(project))
            except Exception as error:  # the per-file findings stand on their own
                errors.append(f"{rule.code}: {type(error).__name__}: {error}")
                joined = []
            kept = [f for f in by_code.get(rule.code, []) if rule.keeps(project, f)]
            outcome.findings = sorted([*kept, *joined])
        if rule.kind == "antipattern" and outcome.not_applicable is None:
            _measure_prevalence(outcome, project)
        outcomes.append(outcome)
    return outcomes


def _measure_prevalence(outcome: RuleOutcome, project: ProjectModel) -> None:
    """The share of the rule's units its findings affect; a rule with no unit to judge does not apply.

    Modules: the files with a finding, of the application modules. Views: the
    findings, of the views (at most all of them). The repository: all of it
    as soon as there is one finding.
    """
    unit = outcome.rule.unit
    units = project.unit_count(unit)
    findings = outcome.findings
    if unit == "module":
        affected = len({f.path for f in findings})
    elif unit == "view":
        affected = len({(f.path, f.line) for f in findings})
    else:
        affected = 1 if findings else 0
    if units == 0 and not findings:
        outcome.not_applicable = "no views to judge" if unit == "view" else "nothing to judge"
        return
    surface = outcome.rule.surface
    if surface and not findings and not project.uses(surface):
        shown = ", ".join(s.lstrip(".") for s in surface[:4]) + (", ..." if len(surface) > 4 else "")
        outcome.not_applicable = f"the code never calls what this risk needs ({shown})"
        return
    outcome.share = min(1.0, affected / max(units, affected, 1))


def _analyze_files(
    root: Path,
    paths: list[str],
    pool: WorkerPool,
    cache: ResultCache | None,
    profile: Profile,
    progress: Progress | None = None,
    content_digests: dict[str, bytes] | None = None,
) -> list[FileResult]:
    """Per-file results, from the cache where the file and flasklint are unchanged.

    `content_digests`: SHA-256 of files already read (by the run cache's key), not read again.
    """
    found: dict[str, FileResult] = {}
    keys: dict[str, str] = {}
    if cache is not None:
        base = str(root)
        # what else a file's result depends on: the folders alembic.ini names for revisions (its role)
        context = ",".join(sorted(revision_folders(base)))
        for rel in paths:
            content = (content_digests or {}).get(rel) or file_digest(os.path.join(base, rel))[1]
            if content is None:
                continue  # not a readable file: the worker reports why
            keys[rel] = cache.key(rel, content, context)
            hit = cache.get(keys[rel], pool.decoder)
            if hit is not None:
                found[rel] = hit
        profile.cache(cache.hits, cache.misses)
    cached = len(found)
    # Writing a cache entry costs about a millisecond of file-system latency;
    # a thread writes each one as it arrives, while the workers go on.
    with ThreadPoolExecutor(max_workers=1) as writer:

        def arrived(result: FileResult, encoded: bytes) -> None:
            profile.add_rule_times(result.rule_times)  # only what ran now; a hit's times are another run's
            result.rule_times = {}
            found[result.path] = result
            if progress is not None:
                progress.files(len(found), len(paths))
            transient = result.problem is not None and timed_out(result.problem.reason)
            if cache is not None and result.path in keys and not transient:
                writer.submit(cache.put, keys[result.path], encoded)

        pool.run([rel for rel in paths if rel not in found], arrived)
    if progress is not None and cached == len(paths):
        progress.files(len(paths), len(paths))
    return [found[rel] for rel in paths]


def filter_findings(
    outcomes: list[RuleOutcome],
    results: list[FileResult],
    per_file_ignores: dict[str, list[str]],
    honour_suppressions: bool,
) -> SuppressionReport:
    """Drop findings the configuration ignores per file, and suppressed ones if honoured."""
    suppressions = {r.path: r.suppressions for r in results if r.suppressions}
    report = SuppressionReport(sum(len(s) for s in suppressions.values()), honour_suppressions)
    ignores = [(pathspec.GitIgnoreSpec.from_lines([pattern]), codes) for pattern, codes in per_file_ignores.items()]
    used: set[tuple[str, Suppression]] = set()
    for outcome in outcomes:
        kept = []
        for finding in outcome.findings:
            if any(spec.match_file(finding.path) and finding.code.startswith(tuple(codes)) for spec, codes in ignores):
                continue
            if honour_suppressions:
                here = suppressions.get(finding.path, ())
                hit = next((s for s in here if s.covers(finding.line, finding.code)), None)
                if hit is not None:
                    used.add((finding.path, hit))
                    continue
            kept.append(finding)
        outcome.findings = kept
    if honour_suppressions:
        report.unused = sorted(
            ((path, s) for path, found in suppressions.items() for s in found if (path, s) not in used),
            key=lambda item: (item[0], item[1].line),
        )
    return report
