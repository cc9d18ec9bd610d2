"""Blind grading: candidate names replaced by stable pseudonyms in every output.

A pseudonym is a keyed hash of the candidate's name, so the same submission
gets the same pseudonym in every run that uses the same key, and a reviewer
who knows the list of candidates cannot recompute who is who without the key.
The key comes from $FLASKLINT_ANONYMIZE_KEY, or is created once per user in
the cache folder (readable by that user only).

What is replaced, case-insensitively, in every string of a report (paths,
messages, code excerpts): the submission's name (folder or archive name, as a
whole word, with `-`, `_`, `.` and spaces interchangeable) and, for git submissions,
every author and committer name and email in the history.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path

from flasklint.core.safe import map_strings
from flasklint.report.model import Report

KEY_VARIABLE = "FLASKLINT_ANONYMIZE_KEY"
KEY_FILE = "anonymize.key"
SEPARATORS = r"[-_. ]*"


def load_key(cache_dir: Path) -> bytes:
    """$FLASKLINT_ANONYMIZE_KEY, else this user's key file, created on first use."""
    from_env = os.environ.get(KEY_VARIABLE)
    if from_env:
        return from_env.encode("utf-8")
    path = cache_dir / KEY_FILE
    try:
        return path.read_bytes().strip()
    except OSError:
        pass
    cache_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32).encode("ascii")
    try:
        # O_EXCL: when two runs race, one key wins and both read it back.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
    except FileExistsError:
        return path.read_bytes().strip()
    return key


def _pattern(name: str) -> str:
    """`Alice-Smith` also matches `alice_smith`, `alice.smith`, `AliceSmith`; whole words only,
    so a candidate called `eve` leaves `every` alone."""
    words = [re.escape(w) for w in re.split(r"[-_. ]+", name) if w]
    return r"(?<![A-Za-z0-9])" + SEPARATORS.join(words) + r"(?![A-Za-z0-9])"


class Anonymizer:
    def __init__(self, key: bytes) -> None:
        self.key = key

    def pseudonym(self, name: str) -> str:
        digest = hmac.new(self.key, name.strip().lower().encode("utf-8"), hashlib.sha256).hexdigest()
        return f"candidate-{digest[:6]}"

    def _replacer(self, name: str, identities: set[str]) -> Callable[[str], str]:
        alias = self.pseudonym(name)
        words = sorted({w for w in {name, *identities} if len(w.strip()) >= 3}, key=lambda w: (-len(w), w))
        if not words:
            return lambda text: text
        pattern = re.compile("|".join(_pattern(w) for w in words), re.IGNORECASE)
        return lambda text: pattern.sub(alias, text)

    def scrub_text(self, text: str, name: str) -> str:
        """`text` (an error message, say) with `name` replaced by its pseudonym."""
        return self._replacer(name, set())(text)

    def scrub(self, report: Report, name: str, identities: set[str]) -> Report:
        """A copy of `report` with `name` and `identities` replaced by `name`'s pseudonym."""
        scrubbed: Report = map_strings(report, self._replacer(name, identities))
        scrubbed["target"] = self.pseudonym(name)
        return scrubbed
