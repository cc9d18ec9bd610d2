"""The ranking of a batch: a text table, CSV or JSON, one row per submission."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from flasklint import __version__
from flasklint.analysis.rule import SKILLS
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
# A spreadsheet runs a cell that starts with one of these as a formula; the
# candidate controls their folder name, so such cells are quoted.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table_text(rows: list[dict[str, Any]]) -> str:
    rows = printable_data(rows)
    graded = [r for r in rows if r["status"] == "graded"]
    width = min(NAME_WIDTH, max([len("candidate"), *(len(r["candidate"]) for r in rows)]))
    header = f"{'#':>3}  {'candidate':<{width}}  score  band    " + "".join(f"{SKILL_SHORT[s]:>6}" for s in SKILLS)
    out = [
        f"flasklint {__version__}: {len(rows)} submissions, {len(graded)} graded, {len(rows) - len(graded)} failed",
        "",
        header + "  red flags",
    ]
    for row in rows:
        name = _fit(row["candidate"], width)
        if row["status"] != "graded":
            out.append(f"{'-':>3}  {name:<{width}}  could not be graded: {row['error']}")
            continue
        skills = "".join(f"{_score(row['skills'].get(s)):>6}" for s in SKILLS)
        flags = "; ".join(row["red_flags"]) or "-"
        band = row["band"] or "n/a"
        out.append(f"{row['rank']:>3}  {name:<{width}}  {_score(row['score']):>5}  {band:<6}  {skills}  {flags}")
    out += ["", "Skills: " + ", ".join(f"{short} = {skill}" for skill, short in SKILL_SHORT.items())]
    return "\n".join(out) + "\n"


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def render_table_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["rank", "candidate", "status", "score", "band", *SKILLS, "findings", "red_flags", "html", "markdown", "error"]
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


def render_table_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps({"flasklint_version": __version__, "submissions": rows}, indent=2, sort_keys=True) + "\n"
