"""A token scan for the critical patterns of a file that could not be parsed.

A module too large for libcst, or one that makes its parser crash or spin,
is listed as unread and costs its share of the score (scoring.md). That
alone would let a candidate hide `app.run(debug=True)` or `eval(request...)`
by padding the module with two megabytes of comments. So such a file is
still read by Python's tokenizer, which streams in bounded memory and cannot
recurse, for a handful of patterns that need no data-flow analysis: debug
mode, a hard-coded `SECRET_KEY`, `shell=True`, `eval`/`exec`, unsafe
deserialisation, SQL and templates built from strings. What it finds is
reported under the rule that judges the pattern, marked as found by the
scan; whatever the full analysis would have found besides is not.
"""

from __future__ import annotations

import io
import keyword
import re
import tokenize
from dataclasses import dataclass, field

from flasklint.analysis.rule import Finding, Severity

# the largest file the scan reads (the tokenizer handles about 5 MB a second)
MAX_SCAN_BYTES = 32_000_000
NOTE = " (found by a token scan: the file could not be parsed)"
SECRET_KEYS = frozenset({"SECRET_KEY", "secret_key", "JWT_SECRET_KEY"})
DEBUG_KEYS = frozenset({"DEBUG", "debug"})
MIN_SECRET_LENGTH = 8
UNSAFE_LOADS = frozenset({"pickle.loads", "pickle.load", "marshal.loads", "marshal.load", "dill.loads", "shelve.open"})
SQL_CALLS = frozenset({"execute", "executemany", "executescript"})
SHELL_CALLS = frozenset({"os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput"})
SKIPPED_TYPES = frozenset({tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING})
FSTRING_START = getattr(tokenize, "FSTRING_START", -1)  # Python 3.12 tokenizes f-strings in parts
FSTRING_END = getattr(tokenize, "FSTRING_END", -1)
MAX_ARG_TOKENS = 64
MAX_STATEMENT_TOKENS = 16
PLACEHOLDER = re.compile(r"change|replace|your|dummy|example|placeholder|insecure|dev|test", re.I)


@dataclass
class _Call:
    callee: str  # dotted, as written: `os.system`, `cursor.execute`
    line: int
    col: int
    first_arg: list[tokenize.TokenInfo] = field(default_factory=list)
    in_first_arg: bool = True
    keywords: dict[str, str] = field(default_factory=dict)  # name -> its value's first token
    keyword: str | None = None  # a keyword whose value comes next
    arg_start: bool = True  # at the start of an argument
    last_name: str | None = None  # a NAME that opened the argument (a keyword, if `=` follows)


def _is_fstring(token: tokenize.TokenInfo) -> bool:
    if token.type == FSTRING_START:
        return True
    if token.type != tokenize.STRING:
        return False
    prefix = token.string[: len(token.string) - len(token.string.lstrip("rRbBuUfF"))]
    return "f" in prefix.lower()


def _literal(tokens: list[tokenize.TokenInfo]) -> bool:
    """The argument is string literals only (plain ones, implicitly concatenated)."""
    return bool(tokens) and all(t.type == tokenize.STRING and not _is_fstring(t) for t in tokens)


def _built(tokens: list[tokenize.TokenInfo]) -> bool:
    """A string built at run time: an f-string with fields, `%`, `+` or `.format(`."""
    for index, token in enumerate(tokens):
        if _is_fstring(token) or (token.type == tokenize.OP and token.string in ("%", "+")):
            return True
        if token.string == "format" and index and tokens[index - 1].string == ".":
            return True
    return False


def _string_text(token: tokenize.TokenInfo) -> str | None:
    if token.type != tokenize.STRING or _is_fstring(token):
        return None
    body = token.string.lstrip("rRbBuU")
    quote = body[:3] if body[:3] in ('"""', "'''") else body[:1]
    return body[len(quote) : len(body) - len(quote)]


class _Scanner:
    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.findings: list[Finding] = []
        self.stack: list[_Call | None] = []  # one entry per open bracket; a call's `(` holds its _Call
        self.recent: list[tokenize.TokenInfo] = []  # the last few significant tokens
        self.statement: list[tokenize.TokenInfo] = []  # the first tokens of the logical line, at depth 0
        self.assigned: tuple[str, int, int] | None = None  # (key, line, col) of `KEY =` awaiting its value
        self.subscript: tokenize.TokenInfo | None = None  # the string inside `[...]` at the top of a line

    def report(self, line: int, col: int, code: str, severity: Severity, message: str) -> None:
        self.findings.append(Finding(self.rel, line, col + 1, code, severity, message + NOTE))

    def _callee(self) -> str:
        """The dotted name just before a `(`: `os.system`, `cursor.execute`."""
        parts: list[str] = []
        expect_name = True
        before: tokenize.TokenInfo | None = None
        for token in reversed(self.recent[:-1]):
            if expect_name and token.type == tokenize.NAME and not keyword.iskeyword(token.string):
                parts.append(token.string)
            elif not expect_name and token.string == ".":
                pass
            else:
                before = token
                break
            expect_name = not expect_name
        if before is not None and before.string in ("def", "class"):
            return ""  # a definition's parameters, not a call
        return ".".join(reversed(parts))

    def feed(self, token: tokenize.TokenInfo) -> None:
        if token.type in SKIPPED_TYPES:
            return
        self.recent = [*self.recent[-7:], token]
        if token.type == tokenize.NEWLINE:
            self.statement, self.assigned = [], None
            return
        top = self.stack[-1] if self.stack else None
        if top is not None and token.string not in (")",):
            self._argument(top, token)
        if token.type == tokenize.OP and token.string in ("(", "[", "{"):
            callee = self._callee() if token.string == "(" else ""
            self.stack.append(_Call(callee, token.start[0], token.start[1]) if callee else None)
            if len(self.stack) == 1:
                self.subscript = None
            return
        if token.type == tokenize.OP and token.string in (")", "]", "}"):
            closed = self.stack.pop() if self.stack else None
            if closed is not None:
                self._judge_call(closed)
            elif not self.stack and token.string == "]" and self.subscript is not None:
                self.statement.append(self.subscript)  # `config["SECRET_KEY"]`: the key stands for the target
            return
        if len(self.stack) == 1 and self.stack[0] is None and token.type == tokenize.STRING:
            self.subscript = token
        if not self.stack:
            self._statement(token)

    def _argument(self, call: _Call, token: tokenize.TokenInfo) -> None:
        """A token directly inside `call`'s parentheses (or deeper, for the first argument's tokens)."""
        depth_here = self.stack[-1] is call
        if depth_here and token.string == ",":
            call.in_first_arg, call.arg_start, call.keyword = False, True, None
            return
        if depth_here and token.string == "=" and call.last_name is not None:
            call.keyword, call.last_name = call.last_name, None
            if call.in_first_arg and len(call.first_arg) == 1:
                call.first_arg, call.in_first_arg = [], False  # `f(debug=True)`: no positional argument
            return
        if depth_here and call.keyword is not None:
            call.keywords.setdefault(call.keyword, token.string)
            call.keyword = None
        call.last_name = token.string if depth_here and call.arg_start and token.type == tokenize.NAME else None
        call.arg_start = False
        if call.in_first_arg and len(call.first_arg) < MAX_ARG_TOKENS:
            call.first_arg.append(token)

    def _judge_call(self, call: _Call) -> None:
        tail = call.callee.rpartition(".")[2]
        line, col, first = call.line, call.col, call.first_arg
        constant = _literal(first) or not first
        if tail == "run" and call.keywords.get("debug") == "True":
            self.report(line, col, "FL501", "high", f"{call.callee}(debug=True) enables the interactive debugger")
        if call.keywords.get("shell") == "True":
            severity: Severity = "low" if constant else "high"
            self.report(line, col, "FL508", severity, f"{call.callee}(..., shell=True) runs a command through a shell")
        if call.callee in SHELL_CALLS and not constant:
            self.report(line, col, "FL508", "high", f"{call.callee}() runs a command built at run time")
        if call.callee in ("eval", "exec") and not constant:
            self.report(line, col, "FL507", "high", f"{call.callee}() of a value built at run time")
        if call.callee in UNSAFE_LOADS or (call.callee == "yaml.load" and "Loader" not in call.keywords):
            self.report(line, col, "FL507", "high", f"{call.callee}() can run code from the data it loads")
        if tail in SQL_CALLS and _built(first):
            self.report(line, col, "FL503", "high", f"{call.callee}() of SQL built from strings")
        if tail == "render_template_string" and not constant:
            self.report(line, col, "FL504", "high", "render_template_string() of a template built at run time")

    def _statement(self, token: tokenize.TokenInfo) -> None:
        """`SECRET_KEY = "..."`, `app.secret_key = "..."`, `config["DEBUG"] = True` at the top of a line."""
        if self.assigned is not None:
            key, line, col = self.assigned
            self.assigned = None
            text = _string_text(token)
            if key in SECRET_KEYS and text is not None and len(text) >= MIN_SECRET_LENGTH:
                severity: Severity = "low" if PLACEHOLDER.search(text) else "high"
                self.report(line, col, "FL502", severity, f"{key} is a hard-coded string")
            if key in DEBUG_KEYS and token.string == "True" and (key == "debug" or col == 0):
                self.report(line, col, "FL501", "high", f"{key} = True enables debug mode")
            return
        if len(self.statement) >= MAX_STATEMENT_TOKENS:
            return  # an assignment's target is at the start of its line: a generated one-line giant is not
        self.statement.append(token)
        if token.string == "=" and len(self.statement) >= 2:
            target = self.statement[-2]
            name = _string_text(target) if target.type == tokenize.STRING else target.string
            first = self.statement[0]
            if name is not None:
                self.assigned = (name, first.start[0], first.start[1])


def scan(rel: str, data: bytes) -> list[Finding]:
    """The critical patterns in `data` (the bytes of the file at `rel`), by token."""
    scanner = _Scanner(rel)
    if len(data) > MAX_SCAN_BYTES:
        return []
    try:
        for token in tokenize.tokenize(io.BytesIO(data).readline):
            scanner.feed(token)
    except (tokenize.TokenError, SyntaxError, UnicodeDecodeError, ValueError):
        pass  # what was scanned before the error still counts
    return sorted(scanner.findings, key=lambda f: (f.line, f.col, f.code))
