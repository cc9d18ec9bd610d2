"""Runs the rules: per-file work in worker processes, project rules after.

Per file (in a worker): read bytes -> decode -> parse -> one batched walk with
the collector and every file rule -> positions for what was reported -> a
FileResult of plain data. Syntax trees never leave the worker.

In the main process: ProjectModel from the summaries -> project and practice
rules -> outcomes for scoring.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from flasklint.collect import Collector
from flasklint.context import FileContext
from flasklint.discover import Discovery, discover
from flasklint.parse import Unparsable, parse
from flasklint.positions import resolve_locations
from flasklint.project import ProjectModel, Unreadable
from flasklint.rule import NOT_APPLICABLE, FileRule, Finding, PracticeRule, ProjectRule, Rule, Verdict
from flasklint.summary import ModuleSummary
from flasklint.walker import Walker

TEST_DIRS = frozenset({"tests", "test", "testing"})
# Below this much source, a process pool costs more than it saves.
IN_PROCESS_BYTES = 300_000


@dataclass
class FileResult:
    path: str
    summary: ModuleSummary | None = None
    findings: list[Finding] = field(default_factory=list)
    problem: Unreadable | None = None
    rule_errors: list[str] = field(default_factory=list)


@dataclass
class RuleOutcome:
    """What one rule concluded about the repository."""

    rule: type[Rule]
    findings: list[Finding] = field(default_factory=list)
    verdict: Verdict | None = None  # practice rules
    not_applicable: str | None = None  # reason, when the rule does not apply


@dataclass
class Analysis:
    project: ProjectModel
    outcomes: list[RuleOutcome]
    discovery: Discovery
    rule_errors: list[str]


def role_for_path(rel: str) -> str:
    parts = rel.split("/")
    name = parts[-1]
    if (
        any(p in TEST_DIRS for p in parts[:-1])
        or name.startswith("test_")
        or name.endswith("_test.py")
        or name in ("tests.py", "conftest.py")
    ):
        return "test"
    return "app"


def module_name_for_path(rel: str) -> tuple[str, bool]:
    """Dotted module name for a relative path, and whether it is a package."""
    parts = rel[:-3].split("/")
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts) or "__init__", is_package


def analyze_file(root: str, rel: str, rules: Sequence[type[FileRule]]) -> FileResult:
    result = FileResult(rel)
    try:
        with open(os.path.join(root, rel), "rb") as handle:
            data = handle.read()
    except OSError as error:
        result.problem = Unreadable(rel, f"could not be read: {error.strerror or error}")
        return result
    try:
        module, source = parse(data)
    except Unparsable as error:
        result.problem = Unreadable(rel, error.reason, error.line)
        return result
    role = role_for_path(rel)
    dotted, is_package = module_name_for_path(rel)
    ctx = FileContext(rel, dotted, role, is_package)
    summary = ModuleSummary(path=rel, module=dotted, role=role, lines=source.count("\n") + 1)
    active = [rule(ctx) for rule in rules if role in rule.roles]
    walker = Walker([Collector(ctx, summary), *active], ctx)
    try:
        walker.walk(module)
    except RecursionError:
        result.problem = Unreadable(rel, "nesting too deep to analyse")
        return result
    resolve_locations(module, ctx.locs)
    result.summary = summary
    result.rule_errors = [f"{rel}: {error}" for error in walker.errors]
    for rule in active:
        if summary.role not in rule.roles:  # the file turned out to be a migration
            continue
        for loc, message, severity in rule.reports:
            result.findings.append(Finding(rel, loc.line, loc.col, rule.code, severity, message))
    return result


# -- the worker pool --------------------------------------------------------
_worker_rules: Sequence[type[FileRule]] = ()


def _init_worker(rules: Sequence[type[FileRule]]) -> None:
    global _worker_rules
    _worker_rules = rules


def _analyze_in_worker(job: tuple[str, str]) -> FileResult:
    return analyze_file(job[0], job[1], _worker_rules)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def analyze_files(root: Path, paths: list[str], rules: Sequence[type[FileRule]], jobs: int) -> list[FileResult]:
    total = 0
    for rel in paths:
        try:
            total += os.lstat(root / rel).st_size
        except OSError:
            pass
    if jobs <= 1 or total < IN_PROCESS_BYTES or len(paths) < 2:
        return [analyze_file(str(root), rel, rules) for rel in paths]
    jobs_list = [(str(root), rel) for rel in paths]
    chunksize = max(1, len(jobs_list) // (jobs * 8))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(tuple(rules),)) as pool:
        return list(pool.map(_analyze_in_worker, jobs_list, chunksize=chunksize))


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


def analyze(root: Path, rules: Iterable[type[Rule]], jobs: int | None = None) -> Analysis:
    rules = list(rules)
    discovery = discover(root)
    file_rules = [r for r in rules if issubclass(r, FileRule)]
    results = analyze_files(root, discovery.python_files, file_rules, jobs or default_jobs())
    summaries = [r.summary for r in results if r.summary is not None]
    unreadable = [r.problem for r in results if r.problem is not None]
    project = ProjectModel(root, summaries, discovery.other_files, unreadable)
    by_code: dict[str, list[Finding]] = {}
    for result in results:
        for finding in result.findings:
            by_code.setdefault(finding.code, []).append(finding)
    outcomes: list[RuleOutcome] = []
    errors = [e for r in results for e in r.rule_errors]
    for rule in rules:
        try:
            outcome = _project_outcome(rule, project)
        except Exception as error:  # one broken rule must not sink the report
            errors.append(f"{rule.code}: {type(error).__name__}: {error}")
            outcome = RuleOutcome(rule, not_applicable="the rule failed; see errors")
        if issubclass(rule, FileRule) and outcome.not_applicable is None:
            outcome.findings = sorted(by_code.get(rule.code, []))
        outcomes.append(outcome)
    return Analysis(project, outcomes, discovery, sorted(errors))
