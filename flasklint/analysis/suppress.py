"""Inline suppressions: `# flasklint: ignore[FL123]` or `ignore[FL123, FL2]`.

A code (or prefix) is required. The comment covers its own line and, when it
sits on a simple statement spread over several lines, the whole statement.
On a compound statement (`def`, `if`, `with`, ...) it covers the header
line only, never the whole body.

Found with the tokenizer, so the text inside a string is never mistaken for
a suppression; and only in files that mention `flasklint:` at all.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
import warnings
from dataclasses import dataclass

MARKER = "flasklint:"
# `ignore[...]` with codes; a bare `ignore` is found too, and suppresses nothing
SUPPRESSION = re.compile(r"#\s*flasklint:\s*ignore(?:\[([^\]]*)\])?", re.IGNORECASE)
CODE = re.compile(r"^FL\d*$")


@dataclass(frozen=True)
class Suppression:
    line: int  # where the comment is
    first: int  # lines it covers
    last: int
    codes: tuple[str, ...]

    def covers(self, line: int, code: str) -> bool:
        return self.first <= line <= self.last and any(code.startswith(c) for c in self.codes)


def _comment_lines(source: str) -> list[tuple[int, str]]:
    comments = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT and MARKER in token.string:
                comments.append((token.start[0], token.string))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return comments


def _statement_spans(source: str) -> list[tuple[int, int]]:
    """(first, last) line of every simple statement; header line of compound ones."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    spans = []
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt):
            compound = any(
                isinstance(getattr(node, name, None), list)
                and name in ("body", "orelse", "handlers", "finalbody", "cases")
                for name in node._fields
            )
            end = node.lineno if compound else (node.end_lineno or node.lineno)
            spans.append((node.lineno, end))
    return spans


def find_suppressions(source: str) -> list[Suppression]:
    if MARKER not in source:
        return []
    comments = [(line, match) for line, text in _comment_lines(source) for match in SUPPRESSION.finditer(text)]
    if not comments:
        return []
    spans = _statement_spans(source)
    found = []
    for line, match in comments:
        codes = tuple(c.strip().upper() for c in (match.group(1) or "").split(",") if c.strip())
        if not codes or not all(CODE.match(c) for c in codes):
            codes = ()  # an empty or malformed list suppresses nothing (and `check` says so)
        containing = [(a, b) for a, b in spans if a <= line <= b]
        first, last = min(containing, key=lambda s: s[1] - s[0]) if containing else (line, line)
        found.append(Suppression(line, min(first, line), max(last, line), codes))
    return found
