"""`flasklint check`: the file-level rules on given files, for pre-commit and editors.

Honours the configuration and inline suppressions (it is the developer's own
code), reports suppressions that suppress nothing, and prints one finding per
line: `path:line:col: CODE message`.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path

from flasklint.analysis.engine import RuleOutcome, filter_findings
from flasklint.analysis.rule import FileRule, Finding, Rule
from flasklint.analysis.workers import WorkerPool
from flasklint.core.defaults import DEFAULT_FILE_TIMEOUT, default_jobs
from flasklint.core.safe import printable
from flasklint.intake.discover import discover
from flasklint.workflow import config as configuration
from flasklint.workflow.config import Config

UNUSED_SUPPRESSION = "FL000"  # not a rule: a suppression comment that suppresses nothing
UNREADABLE = "FL900"  # not a rule: a file that could not be analysed


def _relative(path: str, root: Path) -> str:
    return Path(os.path.relpath(Path(path).resolve(), root)).as_posix()


def check(
    paths: Sequence[str], rules: list[type[Rule]], config: Config | None, jobs: int | None = None
) -> list[Finding]:
    """File rules on `paths` (default: the tree under the current folder), paths shown from the current folder.

    `config` None: each file follows the nearest pyproject.toml with a [tool.flasklint] table at or above
    it, as ruff does (`cd /tmp && flasklint check ~/proj/app.py` honours ~/proj/pyproject.toml), and its
    per-file-ignores patterns match paths from that file's folder.
    """
    cwd = Path.cwd().resolve()
    if not paths:
        tree_config = config if config is not None else configuration.discover(cwd)
        return _check_group(cwd, discover(cwd, tree_config.exclude).python_files, rules, tree_config, jobs, cwd)
    files = sorted({str(Path(p).resolve()) for p in paths if p.endswith(".py") and Path(p).is_file()})
    groups: dict[str | None, tuple[Config, list[str]]] = {}
    for file in files:
        own = config if config is not None else configuration.discover(Path(file).parent)
        groups.setdefault(own.source if config is None else None, (own, []))[1].append(file)
    findings: list[Finding] = []
    for source, (own, members) in sorted(groups.items(), key=lambda item: item[0] or ""):
        root = Path(source).parent if source is not None else cwd
        relative = [_relative(file, root) for file in members]
        findings += _check_group(root, relative, rules, own, jobs, cwd)
    return sorted(findings)


def _check_group(
    root: Path, files: list[str], rules: list[type[Rule]], config: Config, jobs: int | None, cwd: Path
) -> list[Finding]:
    """The file rules on `files` (relative to `root`, where the configuration's patterns apply)."""
    file_rules = [r for r in rules if issubclass(r, FileRule) and config.wants(r.code)]
    results = WorkerPool(str(root), file_rules, jobs or default_jobs(), DEFAULT_FILE_TIMEOUT).run(files)
    outcomes = [
        RuleOutcome(r, findings=[f for res in results for f in res.findings if f.code == r.code]) for r in file_rules
    ]
    suppressions = filter_findings(outcomes, results, config.per_file_ignores, honour_suppressions=True)
    findings = [f for o in outcomes for f in o.findings]
    for path, suppression in suppressions.unused:
        what = ", ".join(suppression.codes) if suppression.codes else "no code given; a code is required"
        findings.append(
            Finding(path, suppression.line, 1, UNUSED_SUPPRESSION, "low", f"suppression suppresses nothing ({what})")
        )
    for result in results:
        if result.problem is not None:
            line = result.problem.line or 1
            findings.append(Finding(result.path, line, 1, UNREADABLE, "high", result.problem.reason))
        findings.extend(Finding(result.path, 1, 1, UNREADABLE, "high", e) for e in result.rule_errors)
    if root != cwd:  # shown from where the command was run, like every other linter
        findings = [dataclasses.replace(f, path=_relative(str(root / f.path), cwd)) for f in findings]
    return sorted(findings)


def format_line(finding: Finding) -> str:
    return printable(f"{finding.path}:{finding.line}:{finding.col}: {finding.code} {finding.message}")
