"""A content-addressed cache of per-file results.

The key of a file's entry is a hash of: its bytes, its path in the
repository (a file's role and module name depend on it), and a fingerprint
of everything that could change the result: flasklint's version, the source
of its own modules and of every rule module in use, and the rule set. Any
edit to a rule or to the engine therefore misses the cache instead of
serving a stale result.

Entries are written to a temporary file and renamed into place, so runs in
parallel never see half an entry; an entry that cannot be read back (a
crash, a full disk, another version's format) is ignored and rewritten. The
cache lives in the user's cache directory: it holds pickles of flasklint's
own results, so point `--cache-dir` only at a folder you trust.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import pickle
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import flasklint
from flasklint.fileanalysis import FileResult
from flasklint.rule import Rule

FORMAT = b"flasklint-cache-1\n"


def default_cache_dir() -> Path:
    """$FLASKLINT_CACHE_DIR, else the platform's user cache directory with `flasklint` inside."""
    if os.environ.get("FLASKLINT_CACHE_DIR"):
        return Path(os.environ["FLASKLINT_CACHE_DIR"])
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "flasklint"


def fingerprint(rules: Sequence[type[Rule]]) -> str:
    """Everything besides the file itself that decides a per-file result."""
    digest = hashlib.sha256(flasklint.__version__.encode())
    package = Path(flasklint.__file__).parent
    sources = sorted(package.rglob("*.py"))
    modules = sorted({inspect.getsourcefile(rule) or "" for rule in rules})
    for path in [*sources, *(Path(m) for m in modules if m)]:
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(str(path).encode())
    for rule in sorted(rules, key=lambda r: r.code):
        digest.update(f"{rule.code}:{rule.__module__}.{rule.__qualname__}".encode())
    return digest.hexdigest()


class ResultCache:
    def __init__(self, directory: Path, rules: Sequence[type[Rule]]) -> None:
        self.directory = directory
        self._root = str(directory)
        self.salt = fingerprint(rules)
        self.hits = 0
        self.misses = 0

    def key(self, rel: str, data: bytes) -> str:
        return hashlib.sha256(self.salt.encode() + b"\0" + rel.encode() + b"\0" + data).hexdigest()

    def _path(self, key: str) -> str:
        return os.path.join(self._root, key[:2], key[2:])  # plain strings: pathlib costs show on warm runs

    def get(self, key: str) -> FileResult | None:
        try:
            with open(self._path(key), "rb") as handle:
                blob = handle.read()
        except OSError:
            self.misses += 1
            return None
        checksum, body = blob[len(FORMAT) : len(FORMAT) + 32], blob[len(FORMAT) + 32 :]
        if not blob.startswith(FORMAT) or hashlib.sha256(body).digest() != checksum:
            self.misses += 1
            return None
        try:
            result = pickle.loads(body)
        except Exception:  # another version's classes, or damage the checksum missed
            self.misses += 1
            return None
        if not isinstance(result, FileResult):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, result: FileResult) -> None:
        body = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        target = self._path(key)
        folder = os.path.dirname(target)
        try:
            os.makedirs(folder, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(handle, "wb") as out:
                out.write(FORMAT + hashlib.sha256(body).digest() + body)
            os.replace(temp, target)
        except OSError:
            pass  # a cache that cannot be written only costs speed
