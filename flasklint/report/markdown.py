"""Markdown: the report condensed for a hiring note, a PR comment or a CI step summary."""

from __future__ import annotations

from typing import Any

SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def render_markdown(report: dict[str, Any], max_findings: int = 20) -> str:
    out = [
        f"## flasklint: {report['target']}",
        "",
        f"**Score {_score(report['score'])}/100, band {report['band']}**"
        + (f" (capped by {', '.join(report['band_capped_by'])})" if report["band_capped_by"] else ""),
        "",
        "| skill | score | weight |",
        "| --- | --- | --- |",
    ]
    for skill in report["skills"].values():
        out.append(f"| {skill['title']} | {_score(skill['score'])} | {skill['weight']:g} |")
    missed = [p for p in report["practices"] if p["status"] in ("not met", "partly met")]
    if missed:
        out += ["", "### Practices not met", ""]
        out += [f"- **{p['code']} {p['name']}** ({p['status']}): {p['message']}" for p in missed]
    findings = sorted(report["findings"], key=lambda f: (SEVERITY_ORDER[f["severity"]], f["path"], f["line"]))
    if findings:
        out += ["", f"### Findings ({len(findings)})", ""]
        for f in findings[:max_findings]:
            out.append(f"- `{f['path']}:{f['line']}` **{f['code']}** [{f['severity']}] {f['message']}")
        if len(findings) > max_findings:
            out.append(f"- ... and {len(findings) - max_findings} more")
    unreadable = report["files"]["unreadable"]
    if unreadable:
        out += ["", "### Not read", ""]
        out += [f"- `{u['path']}`: {u['reason']}" for u in unreadable]
    return "\n".join(out) + "\n"
