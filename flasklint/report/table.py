"""The ranking of a batch: a text table, CSV or JSON, one row per submission."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from typing import Any

from flasklint import __version__
from flasklint.analysis.rule import SKILLS, plural
from flasklint.core.safe import printable_data

SKILL_SHORT = {
    "architecture": "arch",
    "global-state": "glob",
    "api-design": "api",
    "data-layer": "data",
    "security": "sec",
    "testing": "test",
    "operations": "ops",
    "code-quality": "qual",
}
NAME_WIDTH = 28
WIDTH = 120  # a terminal's columns: names are cut, red flags wrapped (CSV and JSON keep everything)
# A spreadsheet runs a cell that starts with one of these as a formula; the
# candidate controls their folder name, so such cells are quoted.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table_text(rows: list[dict[str, Any]]) -> str:
    """At most WIDTH columns: a row per submission, its red flags wrapped on the lines below it."""
    rows = printable_data(rows)
    graded = [r for r in rows if r["status"] == "graded"]
    width = min(NAME_WIDTH, max([len("candidate"), *(len(r["candidate"]) for r in rows)]))
    header = f"{'#':>3}  {'candidate':<{width}}  score   pct  band    " + "".join(
        f"{SKILL_SHORT[s]:>6}" for s in SKILLS
    )
    out = [
        f"flasklint {__version__}: {plural(len(rows), 'submission')}, {len(graded)} graded, "
        f"{len(rows) - len(graded)} failed",
        "",
        header,
    ]
    for row in rows:
        name = _fit(row["candidate"], width)
        if row["status"] != "graded":
            out += textwrap.wrap(
                f"{'-':>3}  {name:<{width}}  could not be graded: {row['error']}",
                WIDTH,
                subsequent_indent=" " * 7,
                break_on_hyphens=False,
            )
            continue
        skills = "".join(f"{_score(row['skills'].get(s)):>6}" for s in SKILLS)
        band = row["band"] or "n/a"
        percentile = "n/a" if row.get("percentile") is None else f"{row['percentile']}"
        out.append(
            f"{row['rank']:>3}  {name:<{width}}  {_score(row['score']):>5}  {percentile:>4}  {band:<6}  {skills}"
        )
        flags = "; ".join(row["red_flags"])
        if flags:
            out += textwrap.wrap(
                f"red flags: {flags}", WIDTH, initial_indent=" " * 5, subsequent_indent=" " * 16, break_on_hyphens=False
            )
    out += [
        "",
        "pct: the share of the other graded submissions this one scores above.",
        *textwrap.wrap("Skills: " + ", ".join(f"{short} = {skill}" for skill, short in SKILL_SHORT.items()), WIDTH),
    ]
    return "\n".join(out) + "\n"


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def render_table_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "rank",
            "candidate",
            "status",
            "score",
            "percentile",
            "band",
            *SKILLS,
            "findings",
            "red_flags",
            "html",
            "markdown",
            "error",
        ]
    )
    for row in rows:
        graded = row["status"] == "graded"
        # a graded submission's skill with nothing to judge reads "n/a", never an empty (or zero) cell
        skills = [_score(row["skills"].get(s)) if graded else None for s in SKILLS]
        reports = row.get("reports", {})
        cells = [
            row["rank"],
            row["candidate"],
            row["status"],
            row.get("score"),
            row.get("percentile"),
            row.get("band"),
            *skills,
            row.get("findings"),
            "; ".join(row.get("red_flags", [])),
            reports.get("html"),
            reports.get("markdown"),
            row.get("error"),
        ]
        writer.writerow(["" if c is None else _cell(c) for c in cells])
    return buffer.getvalue()


def render_table_json(rows: list[dict[str, Any]], similar: dict[str, Any] | None = None) -> str:
    """The ranking; with `similar` (--similarity), the pairs of submissions that share code too."""
    table: dict[str, Any] = {"flasklint_version": __version__, "submissions": rows}
    if similar is not None:
        table["similarity"] = similar
    return json.dumps(table, indent=2, sort_keys=True) + "\n"
