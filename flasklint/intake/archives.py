"""Reading untrusted .zip and .tar(.gz/.bz2/.xz) submissions safely.

Every member is checked before a byte is written:

- no absolute paths, drive letters or `..` components (zip-slip);
- links, devices and FIFOs are never materialised (counted as skipped);
- caps on the number of members, the bytes of one file and the total bytes,
  enforced while the data streams out (a zip bomb stops at the cap, not when
  the disk is full: the sizes an archive declares are not trusted).

Extraction goes to a fresh temporary folder that the caller removes. Nothing
in an archive is executed.
"""

from __future__ import annotations

import posixpath
import shutil
import stat
import tarfile
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from flasklint.core.errors import UsageError

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    members: int = 50_000
    file_bytes: int = 50 * 1024 * 1024
    total_bytes: int = 500 * 1024 * 1024


def is_archive(path: Path) -> bool:
    return path.is_file() and path.name.lower().endswith(ARCHIVE_SUFFIXES)


def _safe_name(name: str, label: str) -> str | None:
    """The member's relative POSIX path, or None for a folder entry; UsageError if it escapes."""
    cleaned = name.replace("\\", "/")
    if cleaned.startswith("/") or (len(cleaned) > 1 and cleaned[1] == ":"):
        raise UsageError(f"{label}: refusing an archive member with an absolute path: {name!r}")
    parts = [p for p in cleaned.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise UsageError(f"{label}: refusing an archive member that leaves the archive: {name!r}")
    return posixpath.join(*parts) if parts else None


class _Writer:
    """Copies member data out while counting against the limits."""

    def __init__(self, root: Path, limits: Limits, label: str) -> None:
        self.root, self.limits, self.label = root, limits, label
        self.members = 0
        self.total = 0
        self.skipped: Counter[str] = Counter()

    def count_member(self) -> None:
        self.members += 1
        if self.members > self.limits.members:
            raise UsageError(
                f"{self.label}: more than {self.limits.members} archive members; refusing (an archive bomb?)"
            )

    def write(self, rel: str, source: IO[bytes]) -> None:
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        with open(target, "xb") as out:
            while True:
                chunk = source.read(CHUNK)
                if not chunk:
                    break
                written += len(chunk)
                self.total += len(chunk)
                if written > self.limits.file_bytes:
                    raise UsageError(
                        f"{self.label}: {rel} expands beyond {self.limits.file_bytes // (1024 * 1024)} MB; "
                        "refusing (a zip bomb?)"
                    )
                if self.total > self.limits.total_bytes:
                    raise UsageError(
                        f"{self.label}: the archive expands beyond {self.limits.total_bytes // (1024 * 1024)} MB; "
                        "refusing (a zip bomb?)"
                    )
                out.write(chunk)


def _extract_zip(path: Path, writer: _Writer) -> None:
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            writer.count_member()
            rel = _safe_name(info.filename, writer.label)
            # Unix file type bits, when the archiver recorded them (zipfile's own
            # writestr() records permissions only): a symlink or device is never written.
            file_type = stat.S_IFMT(info.external_attr >> 16)
            if rel is None or info.is_dir():
                continue
            if file_type and file_type != stat.S_IFREG:
                writer.skipped["links and special files in the archive"] += 1
                continue
            if (writer.root / rel).exists():
                writer.skipped["duplicate archive members"] += 1
                continue
            with archive.open(info) as source:
                writer.write(rel, source)


def _extract_tar(path: Path, writer: _Writer) -> None:
    with tarfile.open(path, mode="r:*") as archive:
        for member in archive:  # streams: no list of all members is built first
            writer.count_member()
            rel = _safe_name(member.name, writer.label)
            if rel is None or member.isdir():
                continue
            if not member.isfile():
                writer.skipped["links and special files in the archive"] += 1
                continue
            if (writer.root / rel).exists():
                writer.skipped["duplicate archive members"] += 1
                continue
            source = archive.extractfile(member)
            if source is not None:
                with source:
                    writer.write(rel, source)
        # tarfile takes a header cut short for the end of the archive: a real end is two zero blocks
        archive.fileobj.seek(archive.offset)
        if archive.fileobj.read(2 * tarfile.BLOCKSIZE) != bytes(2 * tarfile.BLOCKSIZE):
            raise tarfile.ReadError(f"truncated or corrupt after {writer.members} member(s)")


def extract(path: Path, destination: Path, label: str, limits: Limits | None = None) -> tuple[Path, Counter[str]]:
    """Extract `path` into the empty folder `destination`; return the repository root and what was skipped.

    A single top-level folder inside the archive is the repository root.
    """
    destination.mkdir(parents=True, exist_ok=True)
    writer = _Writer(destination, limits or Limits(), label)
    try:
        if path.name.lower().endswith(".zip"):
            _extract_zip(path, writer)
        else:
            _extract_tar(path, writer)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError, RuntimeError) as error:
        detail = " ".join(str(error).split())  # one line, whatever the library put in its message
        raise UsageError(f"{label}: not a readable archive ({detail})") from None
    entries = list(destination.iterdir())
    root = entries[0] if len(entries) == 1 and entries[0].is_dir() else destination
    return root, writer.skipped


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
