"""The similarity report: which submissions share code, as text, JSON data and side-by-side HTML pages."""

from __future__ import annotations

from typing import Any

from flasklint import __version__
from flasklint.core.safe import printable
from flasklint.report.html import template_environment
from flasklint.similarity.compare import Pair, Similarity
from flasklint.similarity.submission import SubmissionCode

CAVEAT = "a lead for a human to look at, never part of a score"


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def similarity_data(similarity: Similarity, pages: dict[tuple[str, str], str] | None = None) -> dict[str, Any]:
    """JSON-ready: the pairs above the threshold, with their longest shared runs."""
    return {
        "threshold": similarity.threshold,
        "submissions": similarity.submissions,
        "starter_fingerprints": similarity.starter_prints,
        "boilerplate_fingerprints": similarity.boilerplate_prints,
        "boilerplate_places": [
            {"candidate": who, "path": path, "lines": [start, end]}
            for who, path, start, end in similarity.boilerplate_places
        ],
        "pairs": [
            {
                "a": pair.a,
                "b": pair.b,
                "share_a": pair.share_a,
                "share_b": pair.share_b,
                "runs": [
                    {
                        "a": {"path": r.a_path, "lines": [r.a_start, r.a_end]},
                        "b": {"path": r.b_path, "lines": [r.b_start, r.b_end]},
                    }
                    for r in pair.runs
                ],
                **({"page": pages[(pair.a, pair.b)]} if pages and (pair.a, pair.b) in pages else {}),
            }
            for pair in similarity.pairs
        ],
    }


def render_similarity_text(similarity: Similarity) -> str:
    out = [
        "",
        "Similar submissions: the share of each one's code found in the other, at least "
        + _percent(similarity.threshold),
        f"({CAVEAT}):",
    ]
    if not similarity.pairs:
        out.append("  none")
    for pair in similarity.pairs:
        out.append(
            f"  {printable(pair.a)} ~ {printable(pair.b)}: {_percent(pair.share_a)} of {printable(pair.a)}, "
            f"{_percent(pair.share_b)} of {printable(pair.b)}"
        )
        for run in pair.runs[:3]:
            a_side = f"{printable(run.a_path)}:{run.a_start}-{run.a_end}"
            out.append(f"    {a_side} ~ {printable(run.b_path)}:{run.b_start}-{run.b_end}")
    notes = []
    if similarity.starter_prints:
        notes.append("the starter code was left out")
    if similarity.boilerplate_prints:
        shown = ", ".join(f"{printable(p)}:{s}-{e} ({printable(w)})" for w, p, s, e in similarity.boilerplate_places)
        notes.append(f"code more than half the batch shares was left out as boilerplate (such as {shown})")
    if notes:
        out.append("  " + "; ".join(notes) + ".")
    return "\n".join(out) + "\n"


def _side(code: SubmissionCode, path: str, start: int, end: int, context: int = 2) -> dict[str, Any]:
    lines = next((f.lines for f in code.files if f.path == path), [])
    first = max(1, start - context)
    last = min(len(lines), end + context)
    return {
        "path": path,
        "start": start,
        "end": end,
        "lines": [(number, lines[number - 1], start <= number <= end) for number in range(first, last + 1)],
    }


def render_pair_html(pair: Pair, a: SubmissionCode, b: SubmissionCode) -> str:
    """Two submissions' shared runs side by side, the shared lines marked."""
    runs = [
        {"a": _side(a, r.a_path, r.a_start, r.a_end), "b": _side(b, r.b_path, r.b_start, r.b_end), "length": r.length}
        for r in pair.runs
    ]
    template = template_environment().get_template("similar.html.j2")
    return template.render(pair=pair, runs=runs, caveat=CAVEAT, version=__version__)
