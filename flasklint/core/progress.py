"""Progress for long runs: one status line on stderr, rewritten in place.

Only when stderr is a terminal, and never under CI or pre-commit: a log or a
hook's output must not fill with carriage returns.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

from flasklint.core.safe import printable

MIN_FILES = 200  # below this a repository grades too fast for per-file progress to help
INTERVAL = 0.1  # seconds between redraws


def wanted(stream: TextIO) -> bool:
    if os.environ.get("CI") or os.environ.get("PRE_COMMIT"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


class Progress:
    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = wanted(self.stream) if enabled is None else enabled
        self.prefix = ""
        self._shown = 0  # width of the line on screen, to blank it
        self._last = 0.0

    def _show(self, text: str, force: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not force and now - self._last < INTERVAL):
            return
        self._last = now
        self.stream.write("\r" + text.ljust(self._shown))
        self.stream.flush()
        self._shown = len(text)

    def submission(self, index: int, total: int, name: str) -> None:
        self.prefix = f"flasklint: [{index}/{total}] {printable(name)}"
        self._show(self.prefix, force=True)

    def graded(self, done: int, total: int, name: str) -> None:
        """Submissions graded side by side (an executor): how many are done, and the last one."""
        self._show(f"flasklint: {done}/{total} graded (last: {printable(name)})", force=True)

    def files(self, done: int, total: int) -> None:
        if total >= MIN_FILES:
            self._show(f"{self.prefix or 'flasklint'}: {done}/{total} files", force=done == total)

    def clear(self) -> None:
        if self.enabled and self._shown:
            self.stream.write("\r" + " " * self._shown + "\r")
            self.stream.flush()
            self._shown = 0
