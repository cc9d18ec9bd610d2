"""The human-readable report: score and band, a section per skill, evidence."""

from __future__ import annotations

import os
import sys
from typing import TextIO

from flasklint.core.safe import printable_data
from flasklint.report.model import FindingEntry, Report
from flasklint.report.summary import Point, strong_points, weak_points

COLOURS = {"[met]": "32", "[ok]": "32", "[partly]": "33", "[not met]": "31", "[!]": "31", "[n/a]": "2"}
BAND_COLOURS = {"senior": "1;32", "mid": "1;33", "junior": "1;31"}  # bold, in the band's colour


def use_colour(stream: TextIO | None = None, choice: str = "auto") -> bool:
    """`--color always|never` decides; `auto`: never under NO_COLOR, always with FORCE_COLOR, never
    under CI or pre-commit, else on a terminal only."""
    if choice in ("always", "never"):
        return choice == "always"
    env = os.environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("CI") or env.get("PRE_COMMIT"):
        return False
    stream = stream or sys.stdout
    return hasattr(stream, "isatty") and stream.isatty()


def _paint(mark: str, colour: bool) -> str:
    code = COLOURS.get(mark.strip())
    return f"\033[{code}m{mark}\033[0m" if colour and code else mark


MARKS = {
    "met": "[met]",
    "partly met": "[partly]",
    "not met": "[not met]",
    "not applicable": "[n/a]",
    "clean": "[ok]",
}


def _score(value: float | None) -> str:
    return f"{'n/a':>5}" if value is None else f"{value:5.1f}"


def render_text(report: Report, colour: bool = False) -> str:
    report = printable_data(report)
    out: list[str] = []
    files = report["files"]
    out.append(f"flasklint {report['flasklint_version']}: {report['target']}")
    band = report["band"] or "n/a"
    if report["band_capped_by"]:
        band += f" (capped by {', '.join(report['band_capped_by'])})"
    score_line = f"Score: {_score(report['score']).strip()}/100   Band: {band}"
    if colour:
        score_line = f"\033[{BAND_COLOURS.get(report['band'] or '', '1')}m{score_line}\033[0m"
    out.append(score_line)
    read = f"Read {files['analyzed']} of {files['python_files']} Python files ({files['lines']} lines)"
    if files["unreadable"]:
        read += f"; {len(files['unreadable'])} could not be read (listed below)"
    out.append(read)
    config = report.get("config", {})
    ignored = []
    if config.get("repository_config") == "ignored":
        ignored.append("its [tool.flasklint] table")
    if config.get("suppressions_found") and not config.get("suppressions_honoured"):
        ignored.append(f"{config['suppressions_found']} suppression comment(s)")
    if ignored:
        out.append(f"Ignored in the graded repository: {' and '.join(ignored)} (--trust-config honours them)")
    out += _points("Strongest", "+", strong_points(report)) + _points("Weakest", "-", weak_points(report))
    findings_by_code: dict[str, list[FindingEntry]] = {}
    for finding in report["findings"]:
        findings_by_code.setdefault(finding["code"], []).append(finding)
    for skill in report["skills"].values():
        out.append("")
        out.append(f"{skill['title']:<14} {_score(skill['score'])}   (weight {skill['weight']:g})")
        for rule in skill["rules"]:
            status = rule["status"]
            mark = MARKS.get(status, "[!]")
            line = f"  {_paint(f'{mark:<10}', colour)} {rule['code']} {rule['name']}"
            if "message" in rule:
                line += f": {rule['message']}"
            elif "reason" in rule:
                line += f": {rule['reason']}"
            elif status != "clean":
                line += f": {status}"
            out.append(line)
            for ev in rule.get("evidence", []):
                out.append(f"{'':13}{ev['path']}:{ev['line']}  {ev['note']}")
            for f in findings_by_code.get(rule["code"], []):
                out.append(f"{'':13}{f['path']}:{f['line']}  [{f['severity']}] {f['message']}")
    if files["unreadable"]:
        out.append("")
        out.append("Could not be read (not graded):")
        for item in files["unreadable"]:
            where = f"{item['path']}:{item['line']}" if item["line"] else item["path"]
            out.append(f"  {where}  {item['reason']}")
    if report["errors"]:
        out.append("")
        out.append("Rule errors (a bug in flasklint or a plugin; the rest was graded):")
        out.extend(f"  {e}" for e in report["errors"])
    out += ["", score_line]  # on screen after a long report
    return "\n".join(out) + "\n"


def _points(title: str, mark: str, points: list[Point]) -> list[str]:
    if not points:
        return []
    return [f"{title}:"] + [f"  {mark} {p.text}" + (f"  ({p.where})" if p.where else "") for p in points]
