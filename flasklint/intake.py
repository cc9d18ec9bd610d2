"""A submission as given on the command line -> a local folder to read.

A folder is read where it is; a .zip or .tar(.gz/.bz2/.xz) archive is
extracted safely (archives.py) into a temporary folder that is removed when
grading ends. The submission itself is never modified, imported or executed.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from flasklint import archives
from flasklint.errors import UsageError


@dataclass
class Submission:
    root: Path  # the folder whose files are graded
    label: str  # how the report names it: the path as the user gave it
    skipped: Counter[str] = field(default_factory=Counter)  # archive members not extracted, by reason


@contextmanager
def open_submission(target: str) -> Iterator[Submission]:
    path = Path(target)
    if not path.exists():
        raise UsageError(f"{target}: no such file or folder; give the path of the repository's folder or archive")
    if path.is_dir():
        yield Submission(root=path.resolve(), label=target)
        return
    if not archives.is_archive(path):
        suffixes = ", ".join(archives.ARCHIVE_SUFFIXES)
        raise UsageError(f"{target}: not a folder or an archive ({suffixes}); give the repository's folder")
    scratch = Path(tempfile.mkdtemp(prefix="flasklint-submission-"))
    try:
        root, skipped = archives.extract(path, scratch / "extracted", target)
        yield Submission(root=root, label=target, skipped=skipped)
    finally:
        archives.remove(scratch)
