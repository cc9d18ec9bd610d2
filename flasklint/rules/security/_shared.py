"""Helpers shared by the security rules (no rules here)."""

from __future__ import annotations

import re

SECRET_NAME = re.compile(r"(secret|password|passwd|token|api_?key|private_?key|salt|credential)", re.IGNORECASE)


NOT_SECRET_NAME = re.compile(r"(_url|_uri|_file|_path|_expires?|_length|_lifetime|_header|_name|_location)$", re.I)


def secret_name(name: str) -> bool:
    return bool(SECRET_NAME.search(name)) and not NOT_SECRET_NAME.search(name)
