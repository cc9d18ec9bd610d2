"""Bytes to trees: every way a file can fail to parse is data, not a crash."""

from __future__ import annotations

import ast
import warnings

import hypothesmith
import libcst as cst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flasklint.analysis.collect import docstring
from flasklint.analysis.context import string_value
from flasklint.analysis.parse import Unparsable, parse
from tests.helpers import GENERATED_CODE, GENERATED_CODE_WARNINGS


def test_plain_utf8():
    module, source = parse(b"x = 'caf\xc3\xa9'\n")
    assert "café" in source and module.body


def test_bom_is_accepted():
    _module, source = parse(b"\xef\xbb\xbfx = 1\n")
    assert source.startswith("x = 1")


def test_latin1_coding_cookie_is_honoured():
    _module, source = parse(b"# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n")
    assert "café" in source


@pytest.mark.parametrize(
    ("data", "reason", "line"),
    [
        (b"x = 1\nname = 'caf\xe9'\n", "not valid utf-8", 2),
        (b"a = 1\nb = 2\x00\n", "null byte", 2),
        (b"print 'hello'\n", "Python 2", 1),
        (b"def f():\n    try:\n        pass\n    except ValueError, e:\n        print e\n", "Python 2", 4),
        (b"x = 1\n<<<<<<< HEAD\ny = 2\n=======\ny = 3\n>>>>>>> feature\n", "merge conflict", 2),
        (b"def f(:\n    pass\n", "syntax error", 1),
        (b"# coding: no-such-codec\nx = 1\n", "encoding", 0),
    ],
)
def test_unparsable_files_say_why_and_where(data, reason, line):
    with pytest.raises(Unparsable) as info:
        parse(data)
    assert reason in info.value.reason
    if line:
        assert info.value.line == line


# -- libcst's node validation is skipped while parsing, and only then ---------------------------------


def test_nodes_built_outside_a_parse_are_still_validated():
    parse(b"x = 1\n")
    with pytest.raises(cst.CSTValidationError):
        cst.Name("not a name")  # after a parse as before it: the switch is back
    with pytest.raises(Unparsable):
        parse(b"def f(:\n")
    with pytest.raises(cst.CSTValidationError):
        cst.Name("not a name")  # also after a parse that failed


@GENERATED_CODE_WARNINGS
@settings(GENERATED_CODE, max_examples=40)
@given(hypothesmith.from_node())
def test_a_tree_parsed_without_validation_is_the_validated_tree(source):
    """Skipping validation while parsing changes nothing: the same code parses, into an equal tree."""
    validated = cst.parse_module(source)  # outside parse(): validated as libcst always does
    module, _ = parse(source.encode("utf-8"))
    assert module.deep_equals(validated)
    assert module.code == validated.code == source


# -- string literals read off their text ----------------------------------------------------------------


@given(
    st.sampled_from(["", "r", "u", "R", "b", "rb", "Br"]),
    st.sampled_from(["'", '"', "'''", '"""']),
    st.text(st.sampled_from("ab '\"\\\r\n\té€"), max_size=12),
)
def test_a_string_literal_reads_as_the_compiler_reads_it(prefix, quote, body):
    literal = f"{prefix}{quote}{body}{quote}"
    with warnings.catch_warnings():  # an invalid escape (`"\\ "`) warns when compiled, and still reads
        warnings.simplefilter("ignore")
        try:
            node = cst.parse_expression(literal)
            expected = ast.literal_eval(literal)
        except (cst.ParserSyntaxError, SyntaxError, ValueError):
            return  # not a literal: the quote closes early, or the escape is unfinished
        if type(node) is not cst.SimpleString:
            return  # adjacent literals
        assert string_value(node) == (expected if isinstance(expected, str) else None)


@pytest.mark.parametrize(
    "source",
    [
        'def f():\n    """Create the app.\n\n    Indented second paragraph.\n    """\n',
        "def f(): 'one line'\n",
        'def f():\n    "a" "b"\n    return 1\n',
        'def f():\n    b"bytes"\n',
        'def f():\n    f"formatted {x}"\n',
        'def f():\n    "escaped \\n and \\\\d"\n',
        "def f():\n    return 1\n",
        'def f():\n    if x:\n        "not a docstring"\n',
        "def f():\r\n    '''Windows\r\n    line ends'''\r\n",
    ],
)
def test_a_docstring_reads_as_libcst_reads_it(source):
    function = cst.ensure_type(cst.parse_module(source).body[0], cst.FunctionDef)
    assert docstring(function) == function.get_docstring()
