"""`--report-dir`: an HTML, a Markdown and a JSON report per candidate, and an index.html ranking them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flasklint.analysis.rule import Rule
from flasklint.core.errors import UsageError
from flasklint.core.files import write_text_atomically
from flasklint.report import SKILL_TITLES
from flasklint.report.html import render_html, render_index
from flasklint.report.jsonout import render_json
from flasklint.report.markdown import render_markdown
from flasklint.report.model import Report
from flasklint.workflow.batch import Graded, ranking

if TYPE_CHECKING:  # the similarity modules load only for --similarity: a warm run does not pay for them
    from flasklint.similarity.compare import Similarity
    from flasklint.similarity.submission import SubmissionCode


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
EXTENSIONS = ("html", "md", "json")  # per candidate; the JSON report is what --resume reads back
REPORT_KEYS = frozenset({"flasklint_version", "target", "score", "band", "band_capped_by", "skills", "findings"})


def _ours(path: Path) -> bool:
    """A report flasklint wrote: an HTML page with its generator tag, Markdown with its heading, or a JSON
    report (an object with flasklint's version)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    if path.suffix == ".json":
        return _json_report(path) is not None
    return GENERATOR in head or head.startswith(b"## flasklint: ") or head.startswith(b"# flasklint")


def _json_report(path: Path) -> Report | None:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not data.keys() >= REPORT_KEYS or not isinstance(data["skills"], dict):
        return None  # not a report of ours, or one cut short: graded again
    report: Report = data  # type: ignore[assignment]  # written by this class from a Report
    return report


def refuse_foreign_files(directory: Path, names: list[str]) -> None:
    """Never overwrite a file flasklint did not write: a reviewer's notes named like a candidate's report."""
    foreign = [name for name in names if (directory / name).exists() and not _ours(directory / name)]
    if foreign:
        shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise UsageError(
            f"--report-dir {directory}: would overwrite {shown}, which flasklint did not write; "
            "choose an empty or new folder"
        )


def file_names(candidates: list[str]) -> dict[str, str]:
    """Each candidate's file name (without extension): its slug, told apart from the others and the index."""
    taken: set[str] = {"index"}
    names = {}
    for candidate in candidates:
        base = slug(candidate)
        name, number = base, 1
        while name.lower() in taken:
            number += 1
            name = f"{base}-{number}"
        taken.add(name.lower())
        names[candidate] = name
    return names


class ReportFolder:
    """`--report-dir`, written as the batch goes.

    Each candidate's HTML, Markdown and JSON reports are written as soon as
    the candidate is graded, so a batch interrupted at submission 700 of 1,000
    keeps 700 reports; `resumed()` reads them back for `--resume`. The index
    ranking everyone is written at the end (and after an interruption).
    """

    def __init__(self, directory: Path, candidates: list[str], rules: list[type[Rule]]) -> None:
        self.directory = directory
        self.names = file_names(candidates)
        self.rules = rules
        self.error: UsageError | None = None
        self._resumed: dict[str, Report] = {}

    def _cannot_write(self, error: OSError) -> UsageError:
        return UsageError(f"cannot write reports to {self.directory}: {error.strerror or error}")

    def refuse_foreign_files(self) -> None:
        """Before grading: refuse when a file this run would write exists and is not one of flasklint's."""
        planned = [f"{name}.{ext}" for name in self.names.values() for ext in EXTENSIONS]
        refuse_foreign_files(self.directory, ["index.html", *planned])

    def resumed(self) -> dict[str, Report]:
        """The reports an earlier run into this folder wrote, by candidate."""
        found = {}
        for candidate, name in self.names.items():
            report = _json_report(self.directory / f"{name}.json")
            if report is not None:
                found[candidate] = report
        self._resumed = found
        return found

    def add(self, result: Graded) -> None:
        """Write one graded candidate's reports (after a write failed, nothing more is written)."""
        if result.report is None or self.error is not None:
            return
        name = self.names[result.candidate]
        if result.report is self._resumed.get(result.candidate):  # read from this folder: already written
            result.files = {"html": f"{name}.html", "markdown": f"{name}.md"}
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            write_text_atomically(self.directory / f"{name}.html", render_html(result.report, self.rules))
            write_text_atomically(self.directory / f"{name}.md", render_markdown(result.report))
            write_text_atomically(self.directory / f"{name}.json", render_json(result.report))
        except OSError as error:
            self.error = self._cannot_write(error)
            return
        result.files = {"html": f"{name}.html", "markdown": f"{name}.md"}

    def add_similarity(self, similarity: Similarity, codes: dict[str, SubmissionCode]) -> dict[tuple[str, str], str]:
        """A side-by-side page per similar pair; returns each pair's page name."""
        from flasklint.report.similarity import render_pair_html

        pages: dict[tuple[str, str], str] = {}
        for pair in similarity.pairs:
            if self.error is not None:
                break
            page = f"similar-{self.names[pair.a]}--{self.names[pair.b]}.html"
            path = self.directory / page
            if path.exists() and not _ours(path):
                self.error = UsageError(
                    f"--report-dir {self.directory}: would overwrite {page}, which flasklint did not write"
                )
                break
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
                write_text_atomically(path, render_pair_html(pair, codes[pair.a], codes[pair.b]))
            except OSError as error:
                self.error = self._cannot_write(error)
                break
            pages[(pair.a, pair.b)] = page
        return pages

    def finish(self, results: list[Graded], similar: dict[str, Any] | None = None) -> None:
        """Write the index (with the similar pairs, given their data); raise the UsageError of a write that failed."""
        if self.error is None:
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
                index = render_index(ranking(results), SKILL_TITLES, similar)
                write_text_atomically(self.directory / "index.html", index)
            except OSError as error:
                self.error = self._cannot_write(error)
        if self.error is not None:
            raise self.error
