"""Writing what the user asked for without losing what was there."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def write_text_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all: a full disk or a signal leaves the old file intact.

    The text goes to a temporary file beside `path`, which then replaces it
    in one step (`os.replace`). A link is followed (the link stays); a path
    that is not a regular file (`/dev/null`, a FIFO) is written into, never
    replaced. Raises OSError like `Path.write_text`.
    """
    try:
        mode: int | None = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        # `-o /dev/null`, a FIFO, a terminal: write into it; replacing it would put a file in its place
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        return
    if os.path.islink(path):  # replace the file the link points to, and keep the user's link
        path = Path(os.path.realpath(path))
    folder = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):  # keep the permissions of the file being replaced
            os.chmod(temporary, os.stat(path).st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
