"""A submission as given on the command line -> a local folder to read.

A folder (a git checkout included) is read where it is; a .zip or
.tar(.gz/.bz2/.xz) archive is extracted safely (archives.py), and a bare git
repository or a git bundle is read through a fresh clone and `git archive`
(gitsource.py), into a temporary folder that is removed when grading ends.
The submission itself is never modified, imported or executed.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from flasklint.core.errors import UsageError
from flasklint.core.safe import decodable
from flasklint.intake import archives, gitsource

KINDS = ("folder", "archive", "git")


@dataclass
class Submission:
    root: Path  # the folder whose files are graded
    label: str  # how the report names it: the path as the user gave it
    kind: str = "folder"  # one of KINDS
    skipped: Counter[str] = field(default_factory=Counter)  # archive members not extracted, by reason


def candidate_name(target: str) -> str:
    """The name a submission goes by: its folder or file name without archive or git suffixes
    (bytes that are not UTF-8 shown as `\\xf6`, so that every report can encode it)."""
    name = decodable(Path(target.rstrip("/\\")).name or Path(target).resolve().name)
    lowered = name.lower()
    for suffix in (*archives.ARCHIVE_SUFFIXES, ".bundle", ".git"):
        if lowered.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def is_submission(path: Path) -> bool:
    """Whether `path` is something `open_submission` can read (used to list a folder of submissions)."""
    return path.is_dir() or archives.is_archive(path) or gitsource.is_bundle(path)


def is_git(path: Path) -> bool:
    return (path / ".git").exists() or gitsource.is_bare_repository(path) or gitsource.is_bundle(path)


@contextmanager
def open_submission(target: str) -> Iterator[Submission]:
    path = Path(target)
    if not path.exists():
        raise UsageError(f"{target}: no such file or folder; give the path of the repository's folder or archive")
    bare = gitsource.is_bare_repository(path)
    if path.is_dir() and not bare:
        yield Submission(root=path.resolve(), label=target, kind="git" if (path / ".git").exists() else "folder")
        return
    bundle = not bare and gitsource.is_bundle(path)
    if not (bare or bundle or archives.is_archive(path)):
        suffixes = ", ".join(archives.ARCHIVE_SUFFIXES)
        raise UsageError(
            f"{target}: not a folder, an archive ({suffixes}) or a git bundle; give the repository's folder"
        )
    scratch = Path(tempfile.mkdtemp(prefix="flasklint-submission-"))
    try:
        if bare or bundle:
            skipped = gitsource.extract_head(path, scratch, scratch / "extracted", target)
            root = archives.repository_root(scratch / "extracted")
        else:
            root, skipped = archives.extract(path, scratch / "extracted", target)
        yield Submission(root=root, label=target, kind="git" if bare or bundle else "archive", skipped=skipped)
    finally:
        archives.remove(scratch)
