"""The source lines around each finding, for reports a person reads (HTML).

Read as text with undecodable bytes replaced: an excerpt is for the eye, and
the file was already parsed (or listed as unreadable) by the analysis.
"""

from __future__ import annotations

from pathlib import Path

from flasklint.core.defaults import MAX_FILE_BYTES
from flasklint.report.model import FindingEntry

MAX_LINE = 160  # characters kept of one line


def _lines(root: Path, rel: str, cache: dict[str, list[str] | None]) -> list[str] | None:
    if rel not in cache:
        path = root / rel
        try:
            if path.is_symlink() or path.stat().st_size > MAX_FILE_BYTES:
                cache[rel] = None
            else:
                cache[rel] = path.read_bytes().decode("utf-8", "replace").splitlines()
        except OSError:
            cache[rel] = None
    return cache[rel]


def add_excerpts(findings: list[FindingEntry], root: Path, context: int) -> None:
    """Give each finding `excerpt`: {"start": first line number, "lines": [...]}, `context` lines each side."""
    cache: dict[str, list[str] | None] = {}
    for finding in findings:
        lines = _lines(root, finding["path"], cache)
        if not lines or finding["line"] > len(lines):
            continue
        first = max(1, finding["line"] - context)
        last = min(len(lines), finding["line"] + context)
        chosen = [line if len(line) <= MAX_LINE else line[:MAX_LINE] + "…" for line in lines[first - 1 : last]]
        finding["excerpt"] = {"start": first, "lines": chosen}
