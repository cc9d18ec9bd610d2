"""Which files belong to the repository being graded.

Skips version-control folders, virtualenvs, installed packages, build output,
caches and whatever `.gitignore` files exclude. Never follows a symlink: a
link could lead out of the repository, or loop.

When grading, what the candidate's `.gitignore` or a build folder hides is
still listed (`hidden_python`): the engine grades a hidden module after all
when the application imports it, so an ignore line cannot hide app code.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

EXCLUDED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "__pycache__",
        "node_modules",
        "site-packages",
        "dist-packages",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".eggs",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        "htmlcov",
        "build",
        "dist",
        ".idea",
        ".vscode",
    }
)
# Excluded folders that may hold the candidate's own modules (build output, packaging leftovers):
# the rest of EXCLUDED_DIRS is version control, third-party code, caches and editor settings.
OWN_CODE_DIRS = frozenset({"build", "dist", ".eggs"})
MAX_HIDDEN_FILES = 2000


@dataclass
class Discovery:
    python_files: list[str] = field(default_factory=list)
    other_files: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    # Python files that .gitignore or a build folder hides (collected on request, at most MAX_HIDDEN_FILES)
    hidden_python: list[str] = field(default_factory=list)
    # CI and test configuration of the project a graded subfolder belongs to (`../`-relative; enclosing.py)
    enclosing_files: list[str] = field(default_factory=list)


def _is_virtualenv(path: str) -> bool:
    """The full shape of a virtualenv: `pyvenv.cfg` and its `site-packages`.

    A file called `pyvenv.cfg` alone (or a `bin/activate`) does not make a
    folder of the candidate's code into an environment nobody grades.
    """
    if not os.path.isfile(os.path.join(path, "pyvenv.cfg")):
        return False
    if os.path.isdir(os.path.join(path, "Lib", "site-packages")):  # Windows
        return True
    try:
        versions = [entry for entry in os.listdir(os.path.join(path, "lib")) if entry.startswith("python")]
    except OSError:
        return False
    return any(os.path.isdir(os.path.join(path, "lib", version, "site-packages")) for version in versions)


# A repository's .gitignore is the candidate's input: it must not make discovery slow. Patterns
# become regular expressions, and `*a*a*a*a*a*a*a*a*b` backtracks for minutes on long names.
MAX_IGNORE_BYTES = 256 * 1024
MAX_IGNORE_PATTERNS = 5000
MAX_PATTERN_WILDCARDS = 6
MAX_PATTERN_LENGTH = 512


def safe_patterns(lines: list[str]) -> tuple[list[str], int]:
    """The patterns that match in bounded time, and how many were dropped."""
    kept = []
    dropped = 0
    for line in lines[:MAX_IGNORE_PATTERNS]:
        if len(line) > MAX_PATTERN_LENGTH or line.count("*") - 2 * line.count("**") > MAX_PATTERN_WILDCARDS:
            dropped += 1
        else:
            kept.append(line)
    return kept, dropped + max(0, len(lines) - MAX_IGNORE_PATTERNS)


def _gitignore(directory: str, skipped: Counter[str]) -> pathspec.PathSpec | None:
    path = os.path.join(directory, ".gitignore")
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read(MAX_IGNORE_BYTES)
    except OSError:
        return None
    patterns, dropped = safe_patterns(text.splitlines())
    if dropped:
        skipped[".gitignore patterns too costly to match (not applied)"] += dropped
    return pathspec.GitIgnoreSpec.from_lines(patterns)


def discover(root: Path, exclude: Sequence[str] = (), collect_hidden: bool = False) -> Discovery:
    """List files under `root` (relative POSIX paths, sorted).

    `exclude`: gitignore-style patterns from the configuration, on top of the
    defaults and the repository's own .gitignore files. `collect_hidden`: also
    list the Python files that `.gitignore` or a build folder hides.
    """
    found = Discovery()
    configured = pathspec.GitIgnoreSpec.from_lines(exclude) if exclude else None
    # (directory relative to root, its .gitignore) for every ignore file in force
    stack: list[tuple[str, list[tuple[str, pathspec.PathSpec]]]] = [("", [])]
    root_str = str(root)
    while stack:
        rel_dir, specs = stack.pop()
        abs_dir = os.path.join(root_str, rel_dir) if rel_dir else root_str
        spec = _gitignore(abs_dir, found.skipped)
        if spec is not None:
            specs = [*specs, (rel_dir, spec)]
        try:
            entries = sorted(os.scandir(abs_dir), key=lambda e: e.name)
        except OSError:
            found.skipped["unreadable folders"] += 1
            continue
        subdirs: list[str] = []
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:
                found.skipped["unreadable entries"] += 1
                continue
            if stat.S_ISLNK(mode):
                found.skipped["symlinks (not followed)"] += 1
                continue
            is_dir = stat.S_ISDIR(mode)
            if configured is not None and configured.match_file(rel + "/" if is_dir else rel):
                found.skipped["excluded by configuration"] += 1
                continue
            if _ignored(rel, is_dir, specs):
                found.skipped["ignored by .gitignore"] += 1
                if collect_hidden:
                    _collect_hidden(root_str, rel, is_dir, entry, found)
                continue
            if is_dir:
                if entry.name in EXCLUDED_DIRS or entry.name.endswith(".egg-info"):
                    found.skipped["excluded folders"] += 1
                    if collect_hidden and entry.name in OWN_CODE_DIRS:
                        _collect_hidden(root_str, rel, is_dir, entry, found)
                elif _is_virtualenv(entry.path):
                    found.skipped["virtualenvs"] += 1
                else:
                    subdirs.append(rel)
            elif stat.S_ISREG(mode):
                (found.python_files if entry.name.endswith(".py") else found.other_files).append(rel)
            else:
                found.skipped["special files (fifo, socket, device)"] += 1
        stack.extend((d, specs) for d in reversed(subdirs))
    found.python_files.sort()
    found.other_files.sort()
    found.hidden_python.sort()
    return found


def _not_own_code(name: str, path: str) -> bool:
    """Version control, third-party code, caches: never the candidate's modules."""
    return (name in EXCLUDED_DIRS and name not in OWN_CODE_DIRS) or _is_virtualenv(path)


def _collect_hidden(root: str, rel: str, is_dir: bool, entry: os.DirEntry[str], found: Discovery) -> None:
    """Python files under a hidden entry, skipping third-party trees; never following links."""
    if not is_dir:
        if entry.name.endswith(".py"):
            found.hidden_python.append(rel)
        return
    if _not_own_code(entry.name, entry.path):
        return
    for folder, dirs, files in os.walk(entry.path):
        dirs[:] = sorted(
            d
            for d in dirs
            if not os.path.islink(os.path.join(folder, d)) and not _not_own_code(d, os.path.join(folder, d))
        )
        base = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in sorted(files):
            if len(found.hidden_python) >= MAX_HIDDEN_FILES:
                return
            path = os.path.join(folder, name)
            if name.endswith(".py") and not os.path.islink(path) and os.path.isfile(path):
                found.hidden_python.append(f"{base}/{name}")


def _ignored(rel: str, is_dir: bool, specs: list[tuple[str, pathspec.PathSpec]]) -> bool:
    for base, spec in specs:
        sub = rel[len(base) + 1 :] if base else rel
        if spec.match_file(sub + "/" if is_dir else sub):
            return True
    return False
