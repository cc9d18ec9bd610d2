"""What changed between two versions of a submission: score, band, skills, findings.

Findings are matched by rule, file and message, not by line, so code that
moved without changing is neither "fixed" nor "introduced".
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, cast

from flasklint.core.errors import UsageError
from flasklint.core.safe import printable_data
from flasklint.report.markdown import finding_item, text
from flasklint.report.model import FindingEntry, Report

REPORT_KEYS = ("target", "score", "band", "skills", "practices", "findings")


def load_report(path: Path) -> Report:
    """A report saved by `flasklint grade --format json`."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UsageError(f"{path}: not a readable flasklint JSON report ({error})") from None
    if not isinstance(report, dict) or any(key not in report for key in REPORT_KEYS):
        raise UsageError(f"{path}: not a flasklint JSON report (save one with `flasklint grade --format json`)")
    return cast(Report, report)


def _delta(old: float | None, new: float | None) -> float | None:
    return None if old is None or new is None else round(new - old, 1)


def _key(finding: FindingEntry) -> tuple[str, str, str]:
    return (finding["code"], finding["path"], finding["message"])


def _unmatched(these: list[FindingEntry], others: list[FindingEntry]) -> list[FindingEntry]:
    """Findings of `these` left over once each is paired with an equal one of `others`."""
    available = Counter(_key(f) for f in others)
    left = []
    for finding in these:
        if available[_key(finding)]:
            available[_key(finding)] -= 1
        else:
            left.append(finding)
    return left


def new_findings(report: Report, baseline: Report) -> list[FindingEntry]:
    """The findings of `report` that `baseline` does not have, matched as `compare` matches them (rule,
    file and message, each baseline finding used once): what `--baseline` lets `--fail-on` judge."""
    return _unmatched(report["findings"], baseline["findings"])


def _brief(finding: FindingEntry) -> dict[str, Any]:
    return {k: finding[k] for k in ("code", "name", "severity", "path", "line", "message")}


def compare(old: Report, new: Report) -> dict[str, Any]:
    skills = {}
    for key in [*new["skills"], *(k for k in old["skills"] if k not in new["skills"])]:
        before = old["skills"][key]["score"] if key in old["skills"] else None
        after = new["skills"][key]["score"] if key in new["skills"] else None
        skills[key] = {"old": before, "new": after, "delta": _delta(before, after)}
    old_practices = {p["code"]: p for p in old["practices"]}
    practices = [
        {"code": p["code"], "name": p["name"], "old": old_practices[p["code"]]["status"], "new": p["status"]}
        for p in new["practices"]
        if p["code"] in old_practices and old_practices[p["code"]]["status"] != p["status"]
    ]
    return {
        "old": {"target": old["target"], "score": old["score"], "band": old["band"]},
        "new": {"target": new["target"], "score": new["score"], "band": new["band"]},
        "score_delta": _delta(old["score"], new["score"]),
        "skills": skills,
        "practices_changed": sorted(practices, key=lambda p: p["code"]),
        "fixed": [_brief(f) for f in _unmatched(old["findings"], new["findings"])],
        "introduced": [_brief(f) for f in _unmatched(new["findings"], old["findings"])],
    }


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _signed(value: float | None) -> str:
    return "" if value is None else f"{value:+.1f}"


def render_compare_text(diff: dict[str, Any]) -> str:
    diff = printable_data(diff)
    old, new = diff["old"], diff["new"]
    band = old["band"] if old["band"] == new["band"] else f"{old['band']} -> {new['band']}"
    out = [
        f"flasklint compare: {old['target']} -> {new['target']}",
        f"Score: {_score(old['score'])} -> {_score(new['score'])} ({_signed(diff['score_delta'])})   Band: {band}",
        "",
        "Skills:",
    ]
    for key, skill in diff["skills"].items():
        out.append(f"  {key:<14} {_score(skill['old']):>5} -> {_score(skill['new']):>5}  {_signed(skill['delta'])}")
    if diff["practices_changed"]:
        out += ["", "Practices changed:"]
        out += [f"  {p['code']} {p['name']}: {p['old']} -> {p['new']}" for p in diff["practices_changed"]]
    for title, mark, key in (("Fixed", "-", "fixed"), ("Introduced", "+", "introduced")):
        found = diff[key]
        out += ["", f"{title} ({len(found)}):"]
        out += [f"  {mark} {f['path']}:{f['line']} {f['code']} [{f['severity']}] {f['message']}" for f in found]
    return "\n".join(out) + "\n"


def render_compare_markdown(diff: dict[str, Any]) -> str:
    old, new = diff["old"], diff["new"]
    out = [
        f"## flasklint: {text(old['target'])} -> {text(new['target'])}",
        "",
        f"**Score {_score(old['score'])} -> {_score(new['score'])} ({_signed(diff['score_delta'])}), "
        f"band {old['band']} -> {new['band']}**",
        "",
        "| skill | before | after | change |",
        "| --- | --- | --- | --- |",
    ]
    for key, skill in diff["skills"].items():
        out.append(f"| {key} | {_score(skill['old'])} | {_score(skill['new'])} | {_signed(skill['delta'])} |")
    if diff["practices_changed"]:
        out += ["", "### Practices changed", ""]
        out += [f"- **{p['code']} {p['name']}**: {p['old']} -> {p['new']}" for p in diff["practices_changed"]]
    for title, key in (("Fixed", "fixed"), ("Introduced", "introduced")):
        if diff[key]:
            out += ["", f"### {title} ({len(diff[key])})", ""]
            out += [finding_item(f) for f in diff[key]]
    return "\n".join(out) + "\n"


def render_compare_json(diff: dict[str, Any]) -> str:
    return json.dumps(diff, indent=2, sort_keys=True) + "\n"
