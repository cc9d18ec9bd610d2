"""Grade one submission: intake -> analysis -> score -> report data."""

from __future__ import annotations

from typing import Any

from flasklint.engine import analyze
from flasklint.errors import UsageError
from flasklint.intake import open_submission
from flasklint.registry import load_rules
from flasklint.report import build_report
from flasklint.rule import Rule, plural
from flasklint.scoring import score
from flasklint.workers import DEFAULT_FILE_TIMEOUT


def grade(
    target: str,
    *,
    jobs: int | None = None,
    rules: list[type[Rule]] | None = None,
    rubric: dict[str, Any] | None = None,
    file_timeout: float = DEFAULT_FILE_TIMEOUT,
) -> dict[str, Any]:
    """The report of one submission, or UsageError when it cannot be graded."""
    submission = open_submission(target)
    rule_pack = rules if rules is not None else load_rules()
    analysis = analyze(submission.root, rule_pack, jobs, file_timeout)
    project = analysis.project
    if not project.modules and not project.unreadable:
        raise UsageError(f"{target}: no Python files found; is this the repository's top folder?")
    if not project.is_flask:
        detail = f"none of its {plural(len(project.modules), 'readable Python file')} imports flask"
        if project.unreadable:
            detail += f"; {plural(len(project.unreadable), 'file')} could not be read"
        raise UsageError(f"{target}: not a Flask project ({detail}); flasklint grades Flask applications")
    return build_report(submission.label, analysis, score(analysis.outcomes, rubric))
