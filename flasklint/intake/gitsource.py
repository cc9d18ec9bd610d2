"""Git submissions that are not a working tree: a bare repository or a bundle.

Running git *inside* an untrusted repository is not safe: its config can name
programs that git runs (filter drivers, pagers, fsmonitor, hooks). Cloning it
is: a clone copies objects and refs, never the config or the hooks. So a git
submission is cloned into a scratch folder with an empty template (no hooks),
with no system or user config, and `git archive` runs in that clone, whose
config is git's default; its tar streams through the same defensive extractor
as any archive (never written whole to disk first, so the caps hold). A
working tree (a folder with `.git`) is read as a folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections import Counter
from pathlib import Path

from flasklint.core.errors import UsageError
from flasklint.intake import archives

BUNDLE_SIGNATURES = (b"# v2 git bundle\n", b"# v3 git bundle\n")
GIT_TIMEOUT = 300.0
TAIL_READS = 4  # git pads its tar to a 10 KiB record: one read drains it; a longer tail is not a tar
# No hooks, and no network: only the local path or bundle the reviewer named.
SAFE_OPTIONS = ("-c", "core.hooksPath=/dev/null", "-c", "protocol.allow=never", "-c", "protocol.file.allow=always")


def is_bundle(path: Path) -> bool:
    if not path.is_file():
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(len(BUNDLE_SIGNATURES[0]))
    except OSError:
        return False
    return head in BUNDLE_SIGNATURES


def is_bare_repository(path: Path) -> bool:
    return (
        path.is_dir()
        and not (path / ".git").exists()
        and (path / "HEAD").is_file()
        and (path / "objects").is_dir()
        and (path / "refs").is_dir()
    )


def _environment(home: Path) -> dict[str, str]:
    """No system, user or terminal involvement: nothing but the command line configures git."""
    return {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(home),
        "LC_ALL": "C",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_ATTR_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_ASKPASS": "true",
        "GIT_PAGER": "cat",
        "PAGER": "cat",
    }


def _run(args: list[str], scratch: Path, label: str, what: str) -> subprocess.CompletedProcess[bytes]:
    if shutil.which("git") is None:
        raise UsageError(f"{label}: reading {what} needs git, which is not installed")
    try:
        return subprocess.run(
            ["git", *SAFE_OPTIONS, *args],
            cwd=scratch,
            env=_environment(scratch),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise UsageError(f"{label}: git took longer than {GIT_TIMEOUT:.0f}s reading {what}") from None


def _git(args: list[str], scratch: Path, label: str, what: str) -> bytes:
    done = _run(args, scratch, label, what)
    if done.returncode != 0:
        raise UsageError(f"{label}: cannot read {what}: {_reason(done.stderr, done.returncode)}")
    return done.stdout


def _reason(stderr: bytes, returncode: int) -> str:
    """git's first error line: later ones are generic advice ("make sure ... the repository exists")."""
    for line in stderr.decode("utf-8", "replace").splitlines():
        for prefix in ("fatal: ", "error: "):
            if line.startswith(prefix):
                return line[len(prefix) :].strip()
    return f"git exited with {returncode}"


def clone(source: Path, scratch: Path, label: str) -> Path:
    """A bare clone of a bundle, a bare repository or a checkout's repository, made in `scratch`."""
    what = "the git bundle" if source.is_file() else "the git repository"
    target = scratch / "clone.git"
    _git(
        ["clone", "--bare", "--quiet", "--no-hardlinks", "--template=", "--", str(source.resolve()), str(target)],
        scratch,
        label,
        what,
    )
    return target


def extract_head(
    source: Path, scratch: Path, destination: Path, label: str, limits: archives.Limits | None = None
) -> Counter[str]:
    """Extract the tree of HEAD of a bundle or bare repository into `destination`; return what was skipped."""
    repository = clone(source, scratch, label)
    head = ["--git-dir", str(repository), "rev-parse", "--verify", "--quiet", "HEAD^{commit}"]
    if _run(head, scratch, label, "HEAD").returncode != 0:
        raise UsageError(f"{label}: the git repository has no commits on its HEAD branch")
    errors = scratch / "archive.stderr"
    with errors.open("wb") as stderr:
        process = subprocess.Popen(
            ["git", *SAFE_OPTIONS, "--git-dir", str(repository), "archive", "--format=tar", "HEAD"],
            cwd=scratch,
            env=_environment(scratch),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
    timer = threading.Timer(GIT_TIMEOUT, process.kill)
    timer.start()
    try:
        assert process.stdout is not None
        with process.stdout:
            skipped = archives.extract_stream(process.stdout, destination, label, limits)
            # the padding after the end-of-archive blocks: left unread, git could fail on a closed pipe
            for _ in range(TAIL_READS):
                if not process.stdout.read(archives.CHUNK):
                    break
    finally:
        if process.poll() is None:
            process.kill()  # stopped early (a cap): git must not wait on a pipe nobody reads
        code = process.wait()
        timer.cancel()
    if code != 0:
        if code < 0:
            raise UsageError(f"{label}: git took longer than {GIT_TIMEOUT:.0f}s reading HEAD")
        raise UsageError(f"{label}: cannot read HEAD: {_reason(errors.read_bytes(), code)}")
    return skipped


def authors(source: Path, scratch: Path, label: str) -> set[str]:
    """Author and committer names and emails in the history of a git submission (for --anonymize)."""
    repository = clone(source, scratch, label)
    out = _git(
        ["--git-dir", str(repository), "log", "--all", "--format=%an%x00%ae%x00%cn%x00%ce"],
        scratch,
        label,
        "the history",
    )
    names: set[str] = set()
    for line in out.decode("utf-8", "replace").splitlines():
        names.update(part.strip() for part in line.split("\x00") if len(part.strip()) >= 3)
    return names
