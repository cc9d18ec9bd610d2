"""Reading untrusted .zip and .tar(.gz/.bz2/.xz) submissions safely.

Every member is checked before a byte is written:

- no absolute paths, drive letters or `..` components (zip-slip);
- links, devices and FIFOs are never materialised (counted as skipped);
- caps on the number of members, the bytes of one file and the total bytes,
  enforced while the data streams out (a zip bomb stops at the cap, not when
  the disk is full: the sizes an archive declares are not trusted);
- a tar is decompressed here, not inside tarfile, so every byte tarfile reads
  counts towards the total, headers included: a pax header that declares a
  gigabyte is refused before tarfile asks for it in one read.

Extraction goes to a fresh temporary folder that the caller removes. Nothing
in an archive is executed.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import posixpath
import shutil
import stat
import tarfile
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from flasklint.core.errors import UsageError

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
CHUNK = 1 << 20
# what a corrupt compressed stream raises besides OSError
DECOMPRESSION_ERRORS = (lzma.LZMAError, zlib.error)


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


class _CappedStream:
    """The decompressed tar stream as tarfile reads it, counted against the total cap.

    tarfile reads a pax or GNU long-name header whole, in one read of the size
    the header declares; the request is checked before that read is made. The
    stream may be a pipe (`git archive`): seeking forwards then reads and drops.
    """

    def __init__(self, raw: IO[bytes], limits: Limits, label: str) -> None:
        self.raw, self.limits, self.label = raw, limits, label
        self.position = 0

    def _check(self, end: int) -> None:
        if end > self.limits.total_bytes:
            raise UsageError(
                f"{self.label}: the archive expands beyond {self.limits.total_bytes // (1024 * 1024)} MB; "
                "refusing (an archive bomb?)"
            )

    def read(self, size: int | None = -1) -> bytes:
        # member data is read in CHUNKs (the writer's reads), so only a header asks for more at once
        if size is None or size < 0 or size > max(self.limits.file_bytes, CHUNK):
            want = "the whole stream" if size is None or size < 0 else f"{size // (1024 * 1024)} MB"
            raise UsageError(
                f"{self.label}: an archive header asks to read {want} at once; refusing (an archive bomb?)"
            )
        self._check(self.position + size)
        data = self.raw.read(size)
        self.position += len(data)
        return data

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = 0) -> int:
        target = offset if whence == 0 else self.position + offset
        self._check(target)
        if self.raw.seekable():
            self.raw.seek(target)
        elif target < self.position:
            raise OSError("cannot seek backwards in a stream")
        else:
            while self.position < target:
                chunk = self.raw.read(min(target - self.position, CHUNK))
                if not chunk:
                    break
                self.position += len(chunk)
        self.position = target
        return target


def _decompressed(path: Path) -> IO[bytes]:
    """`path` opened through the decompressor its first bytes name (what tarfile's `r:*` detects)."""
    with path.open("rb") as handle:
        magic = handle.read(6)
    opener: Any = open
    if magic.startswith(b"\x1f\x8b"):
        opener = gzip.open
    elif magic.startswith(b"BZh"):
        opener = bz2.open
    elif magic.startswith(b"\xfd7zXZ\x00"):
        opener = lzma.open
    stream: IO[bytes] = opener(path, "rb")
    return stream


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
    with (
        _decompressed(path) as raw,
        tarfile.open(fileobj=cast(IO[bytes], _CappedStream(raw, writer.limits, writer.label)), mode="r:") as archive,
    ):
        _extract_members(archive, writer)
        # tarfile takes a header cut short for the end of the archive: a real end is two zero blocks
        archive.fileobj.seek(archive.offset)
        if archive.fileobj.read(2 * tarfile.BLOCKSIZE) != bytes(2 * tarfile.BLOCKSIZE):
            raise tarfile.ReadError(f"truncated or corrupt after {writer.members} member(s)")


def extract_stream(stream: IO[bytes], destination: Path, label: str, limits: Limits | None = None) -> Counter[str]:
    """Extract an uncompressed tar read from a pipe (`git archive`) into `destination`; return what was skipped.

    The writer of the pipe vouches for its end (git's exit status), so there is no end-of-archive check.
    """
    destination.mkdir(parents=True, exist_ok=True)
    writer = _Writer(destination, limits or Limits(), label)
    try:
        with tarfile.open(fileobj=cast(IO[bytes], _CappedStream(stream, writer.limits, label)), mode="r:") as archive:
            _extract_members(archive, writer)
    except (tarfile.TarError, EOFError, OSError) as error:
        detail = " ".join(str(error).split())
        raise UsageError(f"{label}: not a readable archive ({detail})") from None
    return writer.skipped


def _extract_members(archive: tarfile.TarFile, writer: _Writer) -> None:
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
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError, RuntimeError, *DECOMPRESSION_ERRORS) as error:
        detail = " ".join(str(error).split())  # one line, whatever the library put in its message
        raise UsageError(f"{label}: not a readable archive ({detail})") from None
    return repository_root(destination), writer.skipped


def repository_root(destination: Path) -> Path:
    """A single top-level folder of what was extracted is the repository root."""
    entries = list(destination.iterdir())
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else destination


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
