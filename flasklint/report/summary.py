"""The verdict in a few lines: what a reviewer reads first.

The text, Markdown and HTML reports open with it, and the ranking table's
red flags are its weak points. At most ten lines: the score and band with
what capped it, then the three strongest and the three weakest points, each
with the file and line to open.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flasklint.analysis.rule import SEVERITY_RANK, plural
from flasklint.report.model import Report
from flasklint.scoring.score import CAP_REASONS

POINTS = 3


@dataclass(frozen=True)
class Point:
    text: str
    where: str = ""  # "path:line" to open, or "" when the point has no single place
    code: str = ""  # the rule it is about (the HTML report links its documentation), or "" for none


@dataclass(frozen=True)
class Summary:
    headline: str  # "Score 72.3/100, band mid (capped: ...)"
    strengths: list[Point]
    weaknesses: list[Point]


def _where(path: str, line: int | None) -> str:
    return f"{path}:{line}" if line else path


def weak_points(report: Report, limit: int = POINTS) -> list[Point]:
    """The few things a reviewer should look at first.

    Whatever capped the band, then code that could not be read, then findings of medium severity or worse
    (worst rule first, grouped), then the heaviest practices not met.
    """
    names = {entry["code"]: f"{entry['code']} {entry['name']}" for entry in (*report["practices"], *report["findings"])}
    counts: Counter[str] = Counter()
    worst: dict[str, int] = {}
    first: dict[str, str] = {}  # code -> where its worst finding is
    for finding in report["findings"]:
        rank = SEVERITY_RANK[finding["severity"]]
        if rank >= SEVERITY_RANK["medium"]:
            counts[finding["code"]] += 1
            if rank > worst.get(finding["code"], 0):
                first[finding["code"]] = _where(finding["path"], finding["line"])
            worst[finding["code"]] = max(rank, worst.get(finding["code"], 0))
    # key -> ((priority, tie-break), point); higher sorts first
    flags: dict[str, tuple[tuple[float, float], Point]] = {}
    for code, count in counts.items():
        flags[code] = (
            (2 * worst[code], count),
            Point(names[code] + (f" x{count}" if count > 1 else ""), first[code], code),
        )
    capping = report["rubric"].get("band_caps", {})
    for practice in report["practices"]:
        if practice["status"] == "not met":
            # a practice the rubric caps the band on (tests) outranks a high finding
            priority = 5 if practice["code"] in capping else 3 if practice["weight"] >= 3 else 1
            evidence = practice.get("evidence") or []
            where = _where(evidence[0]["path"], evidence[0]["line"]) if evidence else ""
            point = Point(f"{names[practice['code']]} not met", where, practice["code"])
            flags.setdefault(practice["code"], ((priority, practice["weight"]), point))
    unread = report["files"]["unreadable"] if "files" in report else []
    if unread:
        # code the grader could not read costs its share; a reviewer should open it (listed in the report)
        head = unread[0]["path"] + (f" and {plural(len(unread) - 1, 'other')}" if len(unread) > 1 else "")
        flags["unread"] = (
            (9, len(unread)),
            Point(f"could not read {head}", _where(unread[0]["path"], unread[0]["line"])),
        )
    for cap in report["band_capped_by"]:
        # a rule not met or with a critical finding, a skill under its threshold, or too little to judge
        if cap in flags:
            text, where, code = flags[cap][1].text, flags[cap][1].where, flags[cap][1].code
        elif cap in CAP_REASONS:
            text, where, code = CAP_REASONS[cap], "", ""
        else:
            text, where, code = f"{cap} subscore {report['skills'][cap]['score']:.1f}", "", ""
        flags[cap] = ((10, 0), Point(f"{text} (caps the band)", where, code))
    ordered = sorted(flags.items(), key=lambda item: (-item[1][0][0], -item[1][0][1], item[0]))
    return [point for _, (_, point) in ordered[:limit]]


def strong_points(report: Report, limit: int = POINTS) -> list[Point]:
    """The heaviest practices met, with the evidence that meets them."""
    met = sorted((p for p in report["practices"] if p["status"] == "met"), key=lambda p: (-p["weight"], p["code"]))
    points = []
    for practice in met[:limit]:
        evidence = practice.get("evidence") or []
        where = _where(evidence[0]["path"], evidence[0]["line"]) if evidence else ""
        text = f"{practice['code']} {practice['name']}"
        if practice.get("message"):
            text += f": {practice['message']}"
        points.append(Point(text, where, practice["code"]))
    return points


def headline(report: Report) -> str:
    score = "n/a" if report["score"] is None else f"{report['score']:.1f}"
    line = f"Score {score}/100, band {report['band'] or 'n/a'}"
    if report["band_capped_by"]:
        line += f" (capped by {', '.join(report['band_capped_by'])})"
    return line


def summarize(report: Report) -> Summary:
    return Summary(headline(report), strong_points(report), weak_points(report))
