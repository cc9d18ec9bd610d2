"""`flasklint check`: the file-level rules on given files, for pre-commit and editors.

Honours the configuration and inline suppressions (it is the developer's own
code), reports suppressions that suppress nothing, and prints one finding per
line: `path:line:col: CODE message`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from flasklint.analysis.engine import RuleOutcome, default_jobs, filter_findings
from flasklint.analysis.rule import FileRule, Finding, Rule
from flasklint.analysis.workers import WorkerPool
from flasklint.core.defaults import DEFAULT_FILE_TIMEOUT
from flasklint.core.safe import printable
from flasklint.intake.discover import discover
from flasklint.workflow.config import Config

UNUSED_SUPPRESSION = "FL000"  # not a rule: a suppression comment that suppresses nothing
UNREADABLE = "FL900"  # not a rule: a file that could not be analysed


def _relative(path: str, root: Path) -> str:
    return Path(os.path.relpath(Path(path).resolve(), root)).as_posix()


def check(paths: Sequence[str], rules: list[type[Rule]], config: Config, jobs: int | None = None) -> list[Finding]:
    root = Path.cwd().resolve()
    if paths:
        files = sorted({_relative(p, root) for p in paths if p.endswith(".py") and Path(p).is_file()})
    else:
        files = discover(root, config.exclude).python_files
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
    return sorted(findings)


def format_line(finding: Finding) -> str:
    return printable(f"{finding.path}:{finding.line}:{finding.col}: {finding.code} {finding.message}")
