"""`--report-dir`: one HTML and one Markdown report per candidate, and an index.html ranking them."""

from __future__ import annotations

import re
from pathlib import Path

from flasklint.analysis.rule import Rule
from flasklint.core.errors import UsageError
from flasklint.report import SKILL_TITLES
from flasklint.report.html import render_html, render_index
from flasklint.report.markdown import render_markdown
from flasklint.workflow.batch import Graded, ranking


def slug(name: str) -> str:
    """A file name from a candidate's name: letters, digits, `.`, `_`, `-`; never hidden or empty."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip(".-") or "candidate"
    return cleaned[:80]


def refuse_inside_submissions(directory: Path, targets: list[str]) -> None:
    """Reports must not land inside a submission: that would change what it contains."""
    where = directory.resolve()
    for target in targets:
        folder = Path(target).resolve()
        if folder.is_dir() and (where == folder or folder in where.parents):
            raise UsageError(f"--report-dir {directory}: inside the submission {target}; choose a folder outside it")


def write_report_dir(directory: Path, results: list[Graded], rules: list[type[Rule]]) -> None:
    """Write the reports, recording in each result the files written for it."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        taken: set[str] = {"index"}
        for result in results:
            if result.report is None:
                continue
            base = slug(result.candidate)
            name, number = base, 1
            while name.lower() in taken:
                number += 1
                name = f"{base}-{number}"
            taken.add(name.lower())
            (directory / f"{name}.html").write_text(render_html(result.report, rules), encoding="utf-8")
            (directory / f"{name}.md").write_text(render_markdown(result.report), encoding="utf-8")
            result.files = {"html": f"{name}.html", "markdown": f"{name}.md"}
        index = render_index(ranking(results), SKILL_TITLES)
        (directory / "index.html").write_text(index, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write reports to {directory}: {error.strerror or error}") from None
