"""Bytes to trees: every way a file can fail to parse is data, not a crash."""

from __future__ import annotations

import pytest

from flasklint.analysis.parse import Unparsable, parse


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
