"""Defaults shared by the command line and the engine, in a module light enough for either to import."""

from __future__ import annotations

import os

DEFAULT_FILE_TIMEOUT = 60.0  # seconds one file may take before it is skipped as pathological
# A larger Python file is generated code or data; libcst needs several hundred
# bytes of memory per source byte, so it is listed as too large, not parsed.
MAX_FILE_BYTES = 2_000_000

SIMILARITY_THRESHOLD = 0.5  # --similarity: the share of one submission's code found in another that flags a pair

TIMED_OUT = "took longer than"  # starts the reason of a file skipped for --file-timeout


def timed_out(reason: str) -> bool:
    """A file skipped for time may not be next run (a loaded machine): such results are never cached."""
    return reason.startswith(TIMED_OUT)


def default_jobs() -> int:
    """Worker processes by default: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
