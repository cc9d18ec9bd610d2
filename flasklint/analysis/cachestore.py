"""What both caches share: where they live, what invalidates them, how an entry is stored.

The fingerprint covers everything besides the graded files that decides a
result: flasklint's version and its own source, and every installed rule
pack (its entry point, its distribution's version and its modules' source).
It is computed without importing any rule module, so a warm run that is
answered from the run cache never pays for importing libcst and the rules.

An entry is a format line, the SHA-256 of the body, then the body; it is
written to a temporary file and renamed into place, so runs in parallel
never see half an entry, and an entry that does not check out (a crash, a
full disk, another version) is ignored and rewritten.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import stat
import sys
import tempfile
from pathlib import Path

import flasklint
from flasklint.analysis import registry
from flasklint.core.defaults import MAX_FILE_BYTES


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


def _module_sources(module: str) -> list[Path]:
    """The source files of `module` (every .py of a package), found without importing it
    (`find_spec` imports only its parent packages)."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return []
    if spec is None:
        return []
    if spec.submodule_search_locations:
        return sorted(p for location in spec.submodule_search_locations for p in Path(location).rglob("*.py"))
    return [Path(spec.origin)] if spec.origin else []


@functools.lru_cache(maxsize=1)  # the rules a process loaded do not change while it runs
def fingerprint() -> str:
    digest = hashlib.sha256(flasklint.__version__.encode())
    sources = sorted(Path(flasklint.__file__).parent.rglob("*.py"))
    for entry_point in sorted(registry.entry_points(), key=lambda e: (e.name, e.value)):
        dist = getattr(entry_point, "dist", None)
        digest.update(f"{entry_point.name}={entry_point.value}@{getattr(dist, 'version', '')}\n".encode())
        sources += _module_sources(entry_point.value.split(":")[0].strip())
    for path in sources:
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(str(path).encode())
    return digest.hexdigest()


# Results never depend on more bytes of a file than this: larger Python files
# are listed as too large, larger other files are not read.
READ_CAP = MAX_FILE_BYTES + 1


def read_capped(fd: int, cap: int, size: int) -> bytes:
    """At most `cap` bytes of the open file `fd`, whose size fstat gave as `size`.

    Asked for by size, not by `cap`: a read of `cap` bytes allocates that much
    first (a 2 MB buffer, mapped and unmapped, for every small file), which
    made hashing 989 files five times slower. A file that grew since fstat is
    read on to `cap` all the same.
    """
    chunks = []
    left = cap
    want = min(size + 1, cap)  # one byte more than fstat said: a short read then means the end
    while left > 0:
        chunk = os.read(fd, min(want, left))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
        want = 65536
    return b"".join(chunks)


def file_digest(path: str) -> tuple[bytes, bytes | None]:
    """(what the run key takes, the SHA-256 of the bytes or None) for one file.

    The first part is the size and the content hash of a regular file, or a
    marker for anything else (never blocks on a FIFO). The content hash is
    handed on to the per-file cache, so each file is read and hashed once.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        return f"unreadable:{error.errno}".encode(), None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return b"not-a-file", None
        content = hashlib.sha256(read_capped(fd, READ_CAP, info.st_size)).digest()
        return str(info.st_size).encode() + b":" + content, content
    except OSError as error:
        return f"unreadable:{error.errno}".encode(), None
    finally:
        os.close(fd)


def entry_path(directory: str, key: str) -> str:
    return os.path.join(directory, key[:2], key[2:])  # plain strings: pathlib costs show on warm runs


def read_entry(path: str, form: bytes) -> bytes | None:
    """The body of a stored entry, or None if it is missing or does not check out."""
    try:
        # non-blocking: a FIFO planted in the cache folder must not stall the run; only files are entries
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            blob = handle.read()
    except OSError:
        return None
    checksum, body = blob[len(form) : len(form) + 32], blob[len(form) + 32 :]
    if not blob.startswith(form) or hashlib.sha256(body).digest() != checksum:
        return None
    return body


def write_entry(path: str, form: bytes, body: bytes) -> None:
    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(form + hashlib.sha256(body).digest() + body)
        os.replace(temp, path)
    except OSError:
        pass  # a cache that cannot be written only costs speed
