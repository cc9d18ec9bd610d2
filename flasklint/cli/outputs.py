"""Where reports go (`--output` targets, stdout) and the gates that decide the exit code."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from flasklint.analysis.rule import SEVERITY_RANK
from flasklint.core.errors import UsageError
from flasklint.core.files import write_text_atomically
from flasklint.report.model import Report
from flasklint.report.text import use_colour

TABLE_FORMATS = ("text", "json", "csv")  # what a batch's ranking table can be written as
EXTENSIONS = {
    ".txt": "text",
    ".json": "json",
    ".sarif": "sarif",
    ".xml": "junit",
    ".md": "markdown",
    ".html": "html",
    ".csv": "csv",
}
BAND_RANK = {"junior": 0, "mid": 1, "senior": 2}


STDOUT = "-"


def output_target(spec: str, fmt: str, fmt_given: bool, known: Collection[str]) -> tuple[str, str]:
    """`sarif:out.sarif`, `out.sarif` or `-` (stdout) -> (format, path).

    Without a FORMAT: prefix the format is --format when given (as ruff's
    --output-format decides what --output-file holds), else the extension's.
    """
    head, sep, tail = spec.partition(":")
    if sep and (head in known or head in TABLE_FORMATS):
        return head, tail
    if fmt_given or spec == STDOUT:
        return fmt, spec
    suffix = Path(spec).suffix.lower()
    if suffix not in EXTENSIONS or EXTENSIONS[suffix] not in {*known, *TABLE_FORMATS}:
        raise UsageError(f"--output {spec}: say the format as FORMAT:PATH ({', '.join(sorted(known))})")
    return EXTENSIONS[suffix], spec


def write_outputs(targets: list[tuple[str, str]], render: Callable[[str, bool], str], colour: str = "auto") -> None:
    """Each (format, path) to its file, `-` to stdout; with no target, --format goes to stdout (the caller
    passes it as `-`). Files are written atomically: a failed run leaves the previous file whole."""
    for target_format, target_path in targets:
        if target_path == STDOUT:
            click.echo(render(target_format, use_colour(choice=colour)), nl=False, color=True)
            continue
        try:
            write_text_atomically(Path(target_path), render(target_format, False))
        except OSError as error:
            raise UsageError(f"cannot write the report to {target_path}: {error.strerror or error}") from None


def gate_failures(
    report: Report,
    fail_under: float | None,
    min_band: str | None,
    fail_on: tuple[str, ...],
    findings: Sequence[Mapping[str, Any]] | None = None,
) -> list[str]:
    """One line per failed gate, at the score's displayed precision. `findings`: what --fail-on judges
    (default: the report's; with --baseline or in compare, only the new ones)."""
    judged = report["findings"] if findings is None else findings
    failed = []
    score_text = "n/a" if report["score"] is None else f"{report['score']:.1f}"
    if fail_under is not None and (report["score"] is None or report["score"] < fail_under):
        failed.append(f"score {score_text} is below --fail-under {fail_under:.1f}")
    if min_band is not None and BAND_RANK.get(report["band"] or "junior", 0) < BAND_RANK[min_band]:
        failed.append(f"band {report['band']} (score {score_text}) is below --min-band {min_band}")
    for gate in fail_on:
        gate_up = gate.upper()
        if gate.lower() in SEVERITY_RANK:
            hits = [f for f in judged if SEVERITY_RANK[f["severity"]] >= SEVERITY_RANK[gate.lower()]]
            what = f"finding(s) of severity {gate.lower()} or worse"
        else:
            hits = [f for f in judged if f["code"].startswith(gate_up)]
            what = f"{gate_up} finding(s)"
        if hits:
            first = hits[0]
            failed.append(
                f"--fail-on {gate}: {len(hits)} {what}, first {first['path']}:{first['line']} {first['code']}"
            )
    return failed
