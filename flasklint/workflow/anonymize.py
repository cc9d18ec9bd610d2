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

import contextlib
import hashlib
import hmac
import os
import re
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path

from flasklint.core.errors import UsageError
from flasklint.core.safe import map_strings
from flasklint.report.model import Report

KEY_VARIABLE = "FLASKLINT_ANONYMIZE_KEY"
KEY_FILE = "anonymize.key"
SEPARATORS = r"[-_. ]*"


MIN_KEY_BYTES = 16  # a shorter key could be guessed, and with it every candidate's pseudonym


def load_key(cache_dir: Path) -> bytes:
    """$FLASKLINT_ANONYMIZE_KEY, else this user's key file, created on first use.

    An empty or short key is an error, never a key: pseudonyms from it would
    not keep the grading blind. A new key file appears whole or not at all.
    """
    from_env = os.environ.get(KEY_VARIABLE)
    if from_env is not None:
        return _checked(from_env.strip().encode("utf-8"), f"${KEY_VARIABLE}")
    path = cache_dir / KEY_FILE
    try:
        return _checked(path.read_bytes().strip(), str(path))
    except FileNotFoundError:
        pass
    except OSError as error:
        raise UsageError(f"{path}: cannot read the anonymisation key: {error.strerror or error}") from None
    key = secrets.token_hex(32).encode("ascii")
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=cache_dir, prefix=".anonymize-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(key)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temporary, 0o600)
            # link, not rename: when two runs race, the first key stays and both read it back
            os.link(temporary, path)
        except FileExistsError:
            return _checked(path.read_bytes().strip(), str(path))
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    except OSError as error:
        raise UsageError(
            f"{path}: cannot store the anonymisation key ({error.strerror or error}); "
            f"set ${KEY_VARIABLE} or choose a writable --cache-dir"
        ) from None
    return key


def _checked(key: bytes, where: str) -> bytes:
    if len(key) < MIN_KEY_BYTES:
        raise UsageError(
            f"{where}: the anonymisation key is {'empty' if not key else 'too short'} "
            f"(at least {MIN_KEY_BYTES} characters); refusing to anonymise with it"
        )
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
