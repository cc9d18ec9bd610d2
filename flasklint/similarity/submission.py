"""One submission's code as fingerprints: its Python modules and its Jinja/HTML templates.

A folder, an archive or a git bundle, opened as grading opens it (the
archive is extracted safely and removed afterwards). The fingerprints of a
file are cached by its bytes, beside the grading caches; the source lines are
kept in memory for the side-by-side view.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from flasklint.analysis.cachestore import entry_path, read_capped, read_entry, write_entry
from flasklint.core.defaults import MAX_FILE_BYTES
from flasklint.core.errors import UsageError
from flasklint.intake.discover import discover
from flasklint.intake.sources import open_submission
from flasklint.similarity import tokens, winnow
from flasklint.similarity.winnow import Print

TEMPLATE_SUFFIXES = (".html", ".htm", ".jinja", ".jinja2", ".j2")
FORMAT = b"flasklint-prints-1\n"


@dataclass
class FileCode:
    path: str
    prints: list[Print]
    lines: list[str] = field(repr=False)


@dataclass
class SubmissionCode:
    name: str
    files: list[FileCode]


def _salt() -> bytes:
    """What besides a file's bytes decides its fingerprints: this package's own code, and the Python
    version (its tokenizer splits f-strings into parts from 3.12 on)."""
    digest = hashlib.sha256(FORMAT + f"{sys.version_info[0]}.{sys.version_info[1]}".encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.digest()


def _prints(rel: str, data: bytes, text: str, cache_dir: Path | None, salt: bytes) -> list[Print]:
    template = rel.lower().endswith(TEMPLATE_SUFFIXES)
    path = None
    if cache_dir is not None:
        key = hashlib.sha256(salt + (b"t" if template else b"p") + hashlib.sha256(data).digest()).hexdigest()
        path = entry_path(str(cache_dir / "prints"), key)
        body = read_entry(path, FORMAT)
        if body is not None:
            try:
                return [(int(h), int(s), int(e)) for h, s, e in json.loads(body)]
            except (ValueError, TypeError):
                pass
    if template:
        found = winnow.winnow(tokens.template_tokens(text))
    else:
        found = winnow.fingerprints(tokens.python_units(tokens.python_tokens(text)))
    if path is not None:
        write_entry(path, FORMAT, json.dumps(found, separators=(",", ":")).encode())
    return found


def fingerprint_submission(
    target: str, name: str, exclude: Sequence[str] = (), cache_dir: Path | None = None
) -> SubmissionCode:
    """The fingerprints of every Python file and template the grader would read in `target`.

    Raises UsageError when the submission cannot be opened (as grading does).
    """
    salt = _salt()
    files = []
    with open_submission(target) as submission:
        found = discover(submission.root, exclude)
        paths = [*found.python_files, *(p for p in found.other_files if p.lower().endswith(TEMPLATE_SUFFIXES))]
        for rel in sorted(paths):
            try:
                with open(os.path.join(submission.root, rel), "rb") as handle:
                    data = read_capped(handle.fileno(), MAX_FILE_BYTES + 1, os.fstat(handle.fileno()).st_size)
            except OSError:
                continue
            if len(data) > MAX_FILE_BYTES or b"\x00" in data:
                continue  # too large to grade, or not text: not compared either
            text = data.decode("utf-8", "replace")
            prints = _prints(rel, data, text, cache_dir, salt)
            if prints:
                files.append(FileCode(rel, prints, text.splitlines()))
    return SubmissionCode(name, files)


def _or_none(target: str, name: str, exclude: Sequence[str], cache_dir: Path | None) -> SubmissionCode | None:
    try:
        return fingerprint_submission(target, name, exclude, cache_dir)
    except UsageError:  # could not be opened (any more): not compared
        return None


def fingerprint_all(
    submissions: Sequence[tuple[str, str]], exclude: Sequence[str] = (), cache_dir: Path | None = None, jobs: int = 1
) -> list[SubmissionCode]:
    """(target, name) -> the fingerprints of each submission that can be opened, in order; `jobs` processes."""
    targets = [target for target, _ in submissions]
    names = [name for _, name in submissions]
    rest = ([exclude] * len(targets), [cache_dir] * len(targets))
    if jobs > 1 and len(targets) > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(targets))) as pool:
            found = list(pool.map(_or_none, targets, names, *rest))
    else:
        found = list(map(_or_none, targets, names, *rest))
    return [code for code in found if code is not None]
