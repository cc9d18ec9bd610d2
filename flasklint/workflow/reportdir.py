"""`--report-dir`: one HTML and one Markdown report per candidate, and an index.html ranking them."""

from __future__ import annotations

import re
from pathlib import Path

from flasklint.analysis.rule import Rule
from flasklint.core.errors import UsageError
from flasklint.core.files import write_text_atomically
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


GENERATOR = b'name="generator" content="flasklint'


def _ours(path: Path) -> bool:
    """A report flasklint wrote: an HTML page with its generator tag, or Markdown with its heading."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return GENERATOR in head or head.startswith(b"## flasklint: ") or head.startswith(b"# flasklint")


def refuse_foreign_files(directory: Path, names: list[str]) -> None:
    """Never overwrite a file flasklint did not write: a reviewer's notes named like a candidate's report."""
    foreign = [name for name in names if (directory / name).exists() and not _ours(directory / name)]
    if foreign:
        shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise UsageError(
            f"--report-dir {directory}: would overwrite {shown}, which flasklint did not write; "
            "choose an empty or new folder"
        )


def planned_files(candidates: list[str], anonymized: bool) -> list[str]:
    """The files a report folder will hold for these candidates (before grading: all may succeed).

    Anonymised names are not known before grading: then only the index is checked early.
    """
    names = [] if anonymized else _names(candidates)
    return ["index.html", *(f"{name}.{ext}" for name in names for ext in ("html", "md"))]


def _names(candidates: list[str]) -> list[str]:
    taken: set[str] = {"index"}
    names = []
    for candidate in candidates:
        base = slug(candidate)
        name, number = base, 1
        while name.lower() in taken:
            number += 1
            name = f"{base}-{number}"
        taken.add(name.lower())
        names.append(name)
    return names


def write_report_dir(directory: Path, results: list[Graded], rules: list[type[Rule]]) -> None:
    """Write the reports, recording in each result the files written for it.

    Refuses before writing anything when a file it would write exists and is
    not one of its own reports (from an earlier run into the same folder).
    """
    graded = [result for result in results if result.report is not None]
    plan = list(zip(graded, _names([result.candidate for result in graded])))
    refuse_foreign_files(directory, ["index.html", *(f"{n}.{ext}" for _, n in plan for ext in ("html", "md"))])
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for result, name in plan:
            assert result.report is not None
            write_text_atomically(directory / f"{name}.html", render_html(result.report, rules))
            write_text_atomically(directory / f"{name}.md", render_markdown(result.report))
            result.files = {"html": f"{name}.html", "markdown": f"{name}.md"}
        index = render_index(ranking(results), SKILL_TITLES)
        write_text_atomically(directory / "index.html", index)
    except OSError as error:
        raise UsageError(f"cannot write reports to {directory}: {error.strerror or error}") from None
