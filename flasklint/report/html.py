"""HTML: one self-contained page per candidate, and an index for a batch.

Rendered with jinja2 from templates/ with autoescaping on: everything in a
report that came from the submission (paths, messages, code excerpts) is
untrusted text. The page has its CSS inline, no scripts and no external
resources, so it opens offline, can be mailed as one file, and prints.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from flasklint import __version__
from flasklint.analysis.rule import DOC_SECTIONS, Rule
from flasklint.intake.sources import candidate_name
from flasklint.report.limits import NOT_JUDGED
from flasklint.report.markdown import SEVERITY_ORDER
from flasklint.report.model import FindingEntry, Report
from flasklint.report.summary import summarize

if TYPE_CHECKING:
    import jinja2

STATUS_ORDER = {"not met": 0, "partly met": 1, "met": 2, "not applicable": 3}
BAND_TONES = {"senior": "good", "mid": "fair", "junior": "poor"}
SHOWN_LOCATIONS = 3  # low findings of one rule share a card that lists this many places
EXCERPT_CONTEXT = 3  # source lines shown each side of a finding


@lru_cache(maxsize=1)
def template_environment() -> jinja2.Environment:
    import jinja2  # on first render only: a run that writes no HTML need not import it

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("flasklint.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["score"] = lambda value: "n/a" if value is None else f"{value:.1f}"
    env.filters["tone"] = tone
    env.filters["band_tone"] = lambda band: BAND_TONES.get(band or "", "none")
    env.filters["candidate"] = candidate_name
    env.filters["markdown"] = markdown
    return env


def tone(value: float | None) -> str:
    """A CSS class for a 0-100 score, on the default band thresholds."""
    if value is None:
        return "none"
    return "good" if value >= 75 else "fair" if value >= 40 else "poor"


def _inline(text: str) -> Markup:
    """Escape, then `code` spans (the only inline markup rule docs use)."""
    parts = re.split(r"`([^`]+)`", text)
    out = Markup("")
    for index, part in enumerate(parts):
        out += Markup("<code>{}</code>").format(part) if index % 2 else escape(part)
    return out


def markdown(text: str) -> Markup:
    """The small Markdown subset of rule docs: paragraphs, `-` lists, fenced code, `code`."""
    html: list[Markup] = []
    paragraph: list[str] = []
    items: list[str] = []
    code: list[str] | None = None

    def flush() -> None:
        if paragraph:
            html.append(Markup("<p>{}</p>").format(_inline(" ".join(paragraph))))
            paragraph.clear()
        if items:
            listed = Markup("").join(Markup("<li>{}</li>").format(_inline(item)) for item in items)
            html.append(Markup("<ul>{}</ul>").format(listed))
            items.clear()

    for line in text.splitlines():
        if code is not None:
            if line.strip().startswith("```"):
                html.append(Markup("<pre><code>{}</code></pre>").format("\n".join(code)))
                code = None
            else:
                code.append(line)
        elif line.strip().startswith("```"):
            flush()
            code = []
        elif not line.strip():
            flush()
        elif line.startswith("- "):
            if paragraph:
                flush()
            items.append(line[2:].strip())
        elif items and line.startswith(" "):
            items[-1] += " " + line.strip()
        else:
            if items:
                flush()
            paragraph.append(line.strip())
    if code is not None:  # an unclosed fence still shows its code
        html.append(Markup("<pre><code>{}</code></pre>").format("\n".join(code)))
    flush()
    return Markup("\n").join(html)


def _skill_sections(report: Report) -> list[dict[str, Any]]:
    """Per skill: its practices (missed first) and its findings (worst first)."""
    sections = []
    for key, skill in report["skills"].items():
        practices = sorted(
            (p for p in report["practices"] if p["skill"] == key),
            key=lambda p: (STATUS_ORDER.get(p["status"], 9), p["code"]),
        )
        findings = sorted(
            (f for f in report["findings"] if f["skill"] == key),
            key=lambda f: (SEVERITY_ORDER[f["severity"]], f["path"], f["line"], f["code"]),
        )
        sections.append({"key": key, **skill, "practices": practices, "findings": findings, "cards": _cards(findings)})
    return sections


def _cards(findings: list[FindingEntry]) -> list[dict[str, Any]]:
    """One card per finding, except that a rule's low findings share one card: the count and the first
    places, the rest folded away (a page per low finding buries the few that matter)."""
    cards: list[dict[str, Any]] = []
    grouped: dict[str, dict[str, Any]] = {}
    for finding in findings:
        low = [f for f in findings if f["code"] == finding["code"] and f["severity"] == "low"]
        if finding["severity"] != "low" or len(low) == 1:
            cards.append({"finding": finding})
        elif finding["code"] not in grouped:
            grouped[finding["code"]] = {
                "finding": finding,
                "group": low[:SHOWN_LOCATIONS],
                "more": low[SHOWN_LOCATIONS:],
            }
            cards.append(grouped[finding["code"]])
    return cards


def _rule_docs(report: Report, rules: list[type[Rule]]) -> list[dict[str, Any]]:
    """Documentation of every rule the page mentions, for the in-page links; `quiet` for rules with
    nothing to fix (no finding, practice met or not judged), which the printed page leaves out."""
    mentioned = {f["code"] for f in report["findings"]} | {p["code"] for p in report["practices"]}
    to_fix = {f["code"] for f in report["findings"]} | {
        p["code"] for p in report["practices"] if p["status"] in ("not met", "partly met")
    }
    docs = []
    for rule in sorted(rules, key=lambda r: r.code):
        if rule.code in mentioned:
            sections = rule.docs()
            docs.append(
                {
                    "code": rule.code,
                    "name": rule.name,
                    "title": rule.title(),
                    "quiet": rule.code not in to_fix,
                    "sections": [(title, sections[title]) for title in DOC_SECTIONS if sections.get(title)],
                }
            )
    return docs


def render_html(report: Report, rules: list[type[Rule]]) -> str:
    template = template_environment().get_template("report.html.j2")
    return template.render(
        report=report,
        sections=_skill_sections(report),
        rule_docs=_rule_docs(report, rules),
        summary=summarize(report),
        not_judged=NOT_JUDGED,
        version=__version__,
    )


def render_index(rows: list[dict[str, Any]], skills: dict[str, str], similar: dict[str, Any] | None = None) -> str:
    """The batch's ranking, each candidate linking to their report; with `similar` (similarity_data), the
    pairs that share code, each linking to its side-by-side page."""
    return (
        template_environment()
        .get_template("index.html.j2")
        .render(rows=rows, skills=skills, similar=similar, version=__version__)
    )
