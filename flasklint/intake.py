"""A submission as given on the command line -> a local folder to read.

Only reads: the submission is never modified, imported or executed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flasklint.errors import UsageError


@dataclass
class Submission:
    root: Path  # the folder whose files are graded
    label: str  # how the report names it: the path as the user gave it


def open_submission(target: str) -> Submission:
    path = Path(target)
    if not path.exists():
        raise UsageError(f"{target}: no such file or folder; give the path of the repository's folder")
    if path.is_file():
        raise UsageError(f"{target}: is a file; give the repository's folder")
    if not path.is_dir():
        raise UsageError(f"{target}: not a folder; give the path of the repository's folder")
    return Submission(root=path.resolve(), label=target)
