"""Code reduced to what survives a rename: identifiers, strings and numbers by their kind; comments,
docstrings and formatting dropped. Each token keeps its line, to show where a match is."""

from __future__ import annotations

import io
import keyword
import re
import tokenize

Token = tuple[str, int]  # (normalised text, line)

# Python's tokenize: these carry no code
_SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}
_STRING_PARTS = {
    getattr(tokenize, name) for name in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END") if hasattr(tokenize, name)
}
_LINE_STARTS = {"NEWLINE", "INDENT", "DEDENT", ""}
_KEYWORDS = frozenset(keyword.kwlist) | frozenset(getattr(keyword, "softkwlist", ()))


def python_tokens(source: str) -> list[Token]:
    """The normalised tokens of a Python module; up to the first error for text that does not tokenize."""
    out: list[Token] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            kind, text, line = token.type, token.string, token.start[0]
            if kind in _SKIPPED:
                continue
            if kind == tokenize.NAME:
                out.append((text if text in _KEYWORDS else "N", line))
            elif kind == tokenize.NUMBER:
                out.append(("0", line))
            elif kind == tokenize.STRING or kind in _STRING_PARTS:
                if out and out[-1][0] == "S":  # adjacent strings and an f-string's parts are one string
                    continue
                out.append(("S", line))
            elif kind == tokenize.NEWLINE:
                if len(out) >= 2 and out[-1][0] == "S" and out[-2][0] in _LINE_STARTS:
                    out.pop()  # a string alone on its line: a docstring, not code
                    continue
                if len(out) == 1 and out[0][0] == "S":
                    out.pop()
                    continue
                out.append(("NEWLINE", line))
            elif kind == tokenize.INDENT:
                out.append(("INDENT", line))
            elif kind == tokenize.DEDENT:
                out.append(("DEDENT", line))
            else:
                out.append((text, line))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return out


_UNIT_STARTS = frozenset({"def", "class", "@", "async"})  # at any depth: a function, a class, a decorator
_TOP_LEVEL_STARTS = frozenset({"if", "for", "while", "with", "try", "match"})  # at module level


def python_units(tokens: list[Token]) -> list[list[Token]]:
    """The tokens cut where a function or class begins (its decorators included) and where a compound
    statement begins at module level, so that moving functions around creates no new k-gram and an
    inserted block of dead code stays apart from the code around it."""
    units: list[list[Token]] = [[]]
    depth = 0
    line_start = True
    decorating = False  # the unit so far is decorators: the function or class they decorate joins it
    for token in tokens:
        text = token[0]
        if line_start and (text in _UNIT_STARTS or (depth == 0 and text in _TOP_LEVEL_STARTS)):
            if not decorating and units[-1]:
                units.append([])
            decorating = text == "@"
        if text == "INDENT":
            depth += 1
        elif text == "DEDENT":
            depth -= 1
        units[-1].append(token)
        line_start = text in ("NEWLINE", "INDENT", "DEDENT")
    return [unit for unit in units if unit]


_TEMPLATE = re.compile(
    r"(?P<comment>\{#.*?#\})|(?P<tag>\{%-?(?P<tag_body>.*?)-?%\})|(?P<expr>\{\{-?(?P<expr_body>.*?)-?\}\})"
    r"|(?P<html><!--.*?-->)|(?P<open></?[A-Za-z][\w:-]*)|(?P<attr>[\w:-]+=)(?:\"[^\"]*\"|'[^']*'|[^\s>]+)?"
    r"|(?P<word>\w+)|(?P<punct>[^\s\w])",
    re.DOTALL,
)
_JINJA_TOKEN = re.compile(r"(?P<string>\"[^\"]*\"|'[^']*')|(?P<number>\d[\d.]*)|(?P<name>[A-Za-z_]\w*)|(?P<op>\S)")
_JINJA_KEYWORDS = frozenset(
    {
        "block",
        "endblock",
        "extends",
        "include",
        "import",
        "from",
        "macro",
        "endmacro",
        "call",
        "endcall",
        "filter",
        "endfilter",
        "set",
        "endset",
        "for",
        "endfor",
        "in",
        "if",
        "elif",
        "else",
        "endif",
        "with",
        "endwith",
        "not",
        "and",
        "or",
        "is",
        "raw",
        "endraw",
        "autoescape",
        "endautoescape",
        "true",
        "false",
        "none",
        "loop",
        "super",
        "self",
    }
)


def _jinja(body: str, line: int, out: list[Token]) -> None:
    for match in _JINJA_TOKEN.finditer(body):
        text = match.group()
        if match.lastgroup == "string":
            out.append(("S", line))
        elif match.lastgroup == "number":
            out.append(("0", line))
        elif match.lastgroup == "name":
            out.append((text.lower() if text.lower() in _JINJA_KEYWORDS else "N", line))
        else:
            out.append((text, line))


def template_tokens(source: str) -> list[Token]:
    """The normalised tokens of a Jinja/HTML template: Jinja names and literals by kind, Jinja keywords,
    HTML tags and attribute names kept, attribute values dropped, text as lowercased words."""
    out: list[Token] = []
    line, last = 1, 0
    for match in _TEMPLATE.finditer(source):
        line += source.count("\n", last, match.start())
        last = match.start()
        kind = match.lastgroup
        if kind in ("comment", "html"):
            continue
        if kind == "tag":
            out.append(("{%", line))
            _jinja(match.group("tag_body"), line, out)
        elif kind == "expr":
            out.append(("{{", line))
            _jinja(match.group("expr_body"), line, out)
        elif kind == "open":
            out.append((match.group().lower(), line))
        elif kind == "attr":
            out.append((match.group("attr").lower(), line))
        elif kind == "word":
            out.append((match.group().lower(), line))
        else:
            out.append((match.group(), line))
    return out
