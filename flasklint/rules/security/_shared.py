"""Helpers shared by the security rules (no rules here)."""

from __future__ import annotations

import re

import libcst as cst

from flasklint.api import string_value

SECRET_NAME = re.compile(r"(secret|password|passwd|token|api_?key|private_?key|salt|credential)", re.IGNORECASE)


NOT_SECRET_NAME = re.compile(r"(_url|_uri|_file|_path|_expires?|_length|_lifetime|_header|_name|_location)$", re.I)


def secret_name(name: str) -> bool:
    return bool(SECRET_NAME.search(name)) and not NOT_SECRET_NAME.search(name)


def target_name(target: cst.BaseExpression) -> str | None:
    if isinstance(target, cst.Name):
        return target.value
    if isinstance(target, cst.Attribute):
        return target.attr.value
    if isinstance(target, cst.Subscript) and len(target.slice) == 1:
        index = target.slice[0].slice
        if isinstance(index, cst.Index):
            return string_value(index.value)
    return None
