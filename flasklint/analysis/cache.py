"""A content-addressed cache of per-file results.

The key of a file's entry is a hash of: its bytes, its path in the
repository (a file's role and module name depend on it), the revision folders
the repository's alembic.ini names (a file's role depends on them too), the fingerprint of
flasklint and the installed rule packs (cachestore.py), and the codes of the
rules in use. Any edit to a rule or to the engine therefore misses the cache
instead of serving a stale result.

Entries are flasklint's own results, pickled as a worker sends them
(resultcodec.py), so the cache lives in the user's cache directory; point
`--cache-dir` only at a folder you trust.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from flasklint.analysis.cachestore import entry_path, fingerprint, read_entry, write_entry
from flasklint.analysis.fileanalysis import FileResult
from flasklint.analysis.resultcodec import Decoder
from flasklint.analysis.rule import Rule

FORMAT = b"flasklint-cache-3\n"


class ResultCache:
    def __init__(self, directory: Path, rules: Sequence[type[Rule]]) -> None:
        self.directory = directory
        self._root = str(directory)
        codes = ",".join(sorted(rule.code for rule in rules))
        self.salt = hashlib.sha256(f"{fingerprint()}\n{codes}".encode()).hexdigest()
        self.hits = 0
        self.misses = 0

    def key(self, rel: str, content_digest: bytes, context: str = "") -> str:
        """The entry of the file at `rel` whose bytes have SHA-256 `content_digest`.

        `context`: what else of the repository the result depends on (the
        revision folders alembic.ini names, which decide a file's role).
        """
        material = self.salt.encode() + b"\0" + rel.encode() + b"\0" + content_digest + b"\0" + context.encode()
        return hashlib.sha256(material).hexdigest()

    def get(self, key: str, decoder: Decoder) -> FileResult | None:
        """The stored result, loaded by `decoder` (the run's shared strings)."""
        body = read_entry(entry_path(self._root, key), FORMAT)
        try:
            result = decoder.decode(body) if body is not None else None
        except Exception:  # another version's classes, or damage the checksum missed
            result = None
        if not isinstance(result, FileResult):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, encoded: bytes) -> None:
        """Store a result as resultcodec.encode() gave it (the bytes a worker sent)."""
        write_entry(entry_path(self._root, key), FORMAT, encoded)
