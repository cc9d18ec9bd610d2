"""Bytes to a libcst Module, with every way that can fail turned into data.

A file that does not parse is a result, not a crash: the report lists it with
a reason a person can act on, and its rules are skipped.
"""

from __future__ import annotations

import ast
import io
import re
import threading
import tokenize
import warnings

import libcst as cst


class Unparsable(Exception):
    """The file cannot be analysed; `reason` says why, `line` where (or 0)."""

    def __init__(self, reason: str, line: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


_PY2_PRINT = re.compile(r"^\s*print\s+[^\s(=.,)\]]", re.MULTILINE)
_PY2_EXCEPT = re.compile(r"^\s*except\s+[\w.]+\s*,\s*\w+\s*:", re.MULTILINE)
_CONFLICT = re.compile(r"^(<{7}|>{7}|={7})( |$)", re.MULTILINE)

# Rules read the values of literals in the graded code (`evaluated_value`, `get_docstring`), which
# compiles them without a file name. What CPython thinks of them (`"\d"`: an invalid escape
# sequence, a SyntaxWarning on 3.12 and newer) is not ours to print, once per literal, on the
# reviewer's terminal. Only warnings about code compiled without a file name are silenced.
for _category in (SyntaxWarning, DeprecationWarning):
    warnings.filterwarnings("ignore", category=_category, module="<unknown>")

# libcst validates every node as it is built (`CSTNode.__post_init__`), which for a tree its own
# parser just produced checks again what the parser has checked, at about 7% of the parse (libcst
# marks it as a cost it would rather not pay when parsing). While this thread parses, nodes are
# built without it; nodes built anywhere else, by anyone, are validated as before.
_parsing = threading.local()
_validate = cst.CSTNode.__post_init__


def _validate_unless_parsing(node: cst.CSTNode) -> None:
    if not getattr(_parsing, "active", False):
        _validate(node)


cst.CSTNode.__post_init__ = _validate_unless_parsing  # type: ignore[method-assign,assignment]


def decode(data: bytes) -> str:
    """Decode source bytes the way Python would: BOM, coding cookie, else UTF-8."""
    if b"\x00" in data:
        raise Unparsable(
            "contains a null byte (binary or corrupted file)", data[: data.index(b"\x00")].count(b"\n") + 1
        )
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        if "invalid or missing encoding declaration" not in str(error):
            # an unknown codec named in the cookie, or a BOM/cookie clash
            raise Unparsable(f"bad encoding declaration: {error}") from None
        encoding = "utf-8"  # undecodable bytes in the first two lines: say where, below
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise Unparsable(f"not valid {encoding} text (byte {error.start})", line) from None
    except LookupError:
        raise Unparsable(f"unknown encoding {encoding!r}") from None


def _hint(source: str) -> str:
    if _CONFLICT.search(source):
        return " (unresolved merge conflict markers)"
    if _PY2_PRINT.search(source) or _PY2_EXCEPT.search(source):
        return " (looks like Python 2 code)"
    return ""


def _syntax_problem(source: str, fallback_line: int) -> Unparsable:
    """Describe a syntax error with CPython's message and line.

    Only called after libcst failed: its native parser's line numbers are
    sometimes one off, and CPython's messages say what to fix ("Missing
    parentheses in call to 'print'").
    """
    try:
        with warnings.catch_warnings():  # CPython's opinions of the graded code are not ours to print
            warnings.simplefilter("ignore")
            compile(source, "<graded file>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as error:
        return Unparsable(f"syntax error: {error.msg}{_hint(source)}", error.lineno or fallback_line)
    except (ValueError, RecursionError, MemoryError):
        pass
    return Unparsable(f"syntax libcst cannot parse{_hint(source)}", fallback_line)


def parse(data: bytes) -> tuple[cst.Module, str]:
    """Parse source bytes; returns the module and its decoded text."""
    source = decode(data)
    _parsing.active = True
    try:
        return cst.parse_module(source), source
    except cst.ParserSyntaxError as error:
        raise _syntax_problem(source, error.raw_line) from None
    except RecursionError:
        raise Unparsable("nesting too deep to parse") from None
    except Exception as error:  # the parser's own failures are data too
        raise Unparsable(f"could not be parsed ({type(error).__name__}){_hint(source)}") from None
    finally:
        _parsing.active = False
