"""Candidate text made safe for a terminal.

Paths, messages and names in a report come from the submission. A file
named `x.py\nScore: 100.0/100   Band: senior` must not print a forged line
in the text report, an escape sequence must not reach the reviewer's
terminal, and bidirectional overrides must not reorder what is shown
(Trojan Source). Every such character is shown as an escape instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    point = ord(match.group())
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


# a name read from the file system holds its undecodable bytes as lone surrogates (surrogateescape)
SURROGATE = re.compile("[\ud800-\udfff]")


def _byte(match: re.Match[str]) -> str:
    point = ord(match.group())
    return f"\\x{point - 0xDC00:02x}" if 0xDC80 <= point <= 0xDCFF else f"\\u{point:04x}"


def decodable(value: str) -> str:
    """`caf\\xe9.py` for a file name whose bytes are not UTF-8: every output format can encode it."""
    return SURROGATE.sub(_byte, value)


def printable(value: str) -> str:
    return UNSAFE.sub(_escape, value)


def map_strings(value: Any, change: Callable[[str], str]) -> Any:
    """A copy of plain report data with `change` applied to every string value (keys are structure)."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [map_strings(item, change) for item in value]
    if isinstance(value, dict):
        return {key: map_strings(item, change) for key, item in value.items()}
    return value


def printable_data(value: Any) -> Any:
    """A copy of plain report data with every string `printable`."""
    return map_strings(value, printable)
