"""Markdown: the report condensed for a hiring note, a PR comment or a CI step summary."""

from __future__ import annotations

import re

from flasklint.intake.sources import candidate_name
from flasklint.report.model import FindingEntry, Report
from flasklint.report.summary import Point, strong_points, weak_points

SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}
# Paths, names and messages come from the submission: a folder named
# `![x](https://tracker/p.png)` must stay text where the note is viewed.
# Without `[`, `]` and `!` no link or image can form, so parentheses stay as they are.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>!|~])")


def text(value: str) -> str:
    """`value` as literal Markdown text (specials backslash-escaped, one line)."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(value.split()))


def prose(value: str) -> str:
    """A message as Markdown: its `quoted` names as code spans, the rest as literal text."""
    parts = re.split(r"`([^`]+)`", " ".join(value.split()))
    return "".join(code(part) if index % 2 else MARKDOWN_SPECIAL.sub(r"\\\1", part) for index, part in enumerate(parts))


def code(value: str) -> str:
    """`value` as an inline code span, whatever backticks it holds."""
    value = " ".join(value.split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def finding_item(finding: FindingEntry) -> str:
    """One finding as a Markdown list item: where, rule, severity, message."""
    where = code(f"{finding['path']}:{finding['line']}")
    return f"- {where} **{finding['code']}** [{finding['severity']}] {prose(finding['message'])}"


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def render_markdown(report: Report, max_findings: int = 20) -> str:
    out = [
        f"## flasklint: {text(candidate_name(report['target']))}",
        "",
        f"**Score {_score(report['score'])}/100, band {report['band']}**"
        + (f" (capped by {', '.join(report['band_capped_by'])})" if report["band_capped_by"] else ""),
        *_points("Strongest", strong_points(report)),
        *_points("Weakest", weak_points(report)),
        "",
        "| skill | score | weight |",
        "| --- | --- | --- |",
    ]
    for skill in report["skills"].values():
        out.append(f"| {skill['title']} | {_score(skill['score'])} | {skill['weight']:g} |")
    missed = [p for p in report["practices"] if p["status"] in ("not met", "partly met")]
    if missed:
        out += ["", "### Practices not met", ""]
        out += [f"- **{p['code']} {p['name']}** ({p['status']}): {prose(p['message'])}" for p in missed]
    findings = sorted(report["findings"], key=lambda f: (SEVERITY_ORDER[f["severity"]], f["path"], f["line"]))
    if findings:
        out += ["", f"### Findings ({len(findings)})", ""]
        out += [finding_item(f) for f in findings[:max_findings]]
        if len(findings) > max_findings:
            out.append(f"- ... and {len(findings) - max_findings} more")
    unreadable = report["files"]["unreadable"]
    if unreadable:
        out += ["", "### Not read", ""]
        out += [f"- {code(u['path'])}: {prose(u['reason'])}" for u in unreadable]
    return "\n".join(out) + "\n"


def _points(title: str, points: list[Point]) -> list[str]:
    if not points:
        return []
    return ["", f"**{title}:**", ""] + [
        f"- {prose(p.text)}" + (f" ({code(p.where)})" if p.where else "") for p in points
    ]
