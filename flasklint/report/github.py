"""GitHub Actions workflow commands: one annotation per finding, worst first.

GitHub shows at most 10 error and 10 warning annotations per step (and 10
notices), so each level is cut at that many and one more line counts what
was left out. With $GITHUB_STEP_SUMMARY set, the Markdown report is added to
the job summary too.
"""

from __future__ import annotations

import os

from flasklint.analysis.rule import plural
from flasklint.report.markdown import SEVERITY_ORDER, render_markdown
from flasklint.report.model import Report
from flasklint.report.sarif import repository_uri

COMMANDS = {"critical": "error", "high": "error", "medium": "warning", "low": "notice"}
PER_LEVEL = 10


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report) -> str:
    lines = []
    shown: dict[str, int] = {}
    left_out = 0
    for f in sorted(report["findings"], key=lambda f: (SEVERITY_ORDER[f["severity"]], f["path"], f["line"])):
        command = COMMANDS[f["severity"]]
        if shown.get(command, 0) >= PER_LEVEL:
            left_out += 1
            continue
        shown[command] = shown.get(command, 0) + 1
        props = ",".join(
            [
                f"file={_escape_property(repository_uri(report, f['path']))}",
                f"line={f['line']}",
                f"col={f['col']}",
                f"title={_escape_property(f['code'] + ' ' + f['name'])}",
            ]
        )
        lines.append(f"::{command} {props}::{_escape_data(f['message'])}")
    if left_out:
        lines.append(f"::notice::flasklint: {left_out} more findings not annotated (GitHub's per-step limit)")
    score = "n/a" if report["score"] is None else f"{report['score']:.1f}"
    lines.append(f"flasklint: score {score}/100, band {report['band']}, {plural(len(report['findings']), 'finding')}")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        try:
            with open(summary, "a", encoding="utf-8") as handle:
                handle.write(render_markdown(report))
        except OSError:
            lines.append("::warning::flasklint: could not write the step summary")
    return "\n".join(lines) + "\n"
