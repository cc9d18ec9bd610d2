"""Untrusted archives: graded like folders, hostile ones refused or capped with a clear message."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import pytest

from flasklint.core.errors import UsageError
from flasklint.intake import archives
from flasklint.workflow.grading import grade
from tests.helpers import FIXTURES

APP = b"from flask import Flask\n\napp = Flask(__name__)\n"


def flasklint(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "flasklint", *args], capture_output=True, text=True, timeout=120)


def zip_of(folder: Path, target: Path, prefix: str = "submission") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{prefix}/{path.relative_to(folder).as_posix()}")
    return target


def tar_of(folder: Path, target: Path) -> Path:
    with tarfile.open(target, "w:gz") as archive:
        archive.add(folder, arcname=".")
    return target


def test_zip_and_tarball_grade_like_the_folder(tmp_path):
    folder = FIXTURES / "senior_pytest"
    expected = json.loads(flasklint("grade", str(folder), "--format", "json").stdout)
    for archive in (zip_of(folder, tmp_path / "s.zip"), tar_of(folder, tmp_path / "s.tar.gz")):
        report = json.loads(flasklint("grade", str(archive), "--format", "json").stdout)
        assert report["target"] == str(archive)
        assert (report["score"], report["band"], report["findings"]) == (
            expected["score"],
            expected["band"],
            expected["findings"],
        )
        assert report["practices"] == expected["practices"]


def _zip(target: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"app.py": APP, "../evil.py": b"x = 1\n"}, "leaves the archive"),
        ({"app.py": APP, "/tmp/evil.py": b"x = 1\n"}, "absolute path"),
        ({"app.py": APP, "C:/evil.py": b"x = 1\n"}, "absolute path"),
    ],
)
def test_paths_that_escape_are_refused(tmp_path, members, message):
    archive = _zip(tmp_path / "bad.zip", members)
    result = flasklint("grade", str(archive))
    assert result.returncode == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "evil.py").exists() and not Path("/tmp/evil.py").exists()


def test_links_and_devices_are_never_materialised(tmp_path):
    target = tmp_path / "links.tar"
    with tarfile.open(target, "w") as archive:
        info = tarfile.TarInfo("repo/app.py")
        info.size = len(APP)
        archive.addfile(info, io.BytesIO(APP))
        for name, kind, link in (
            ("repo/etc", tarfile.SYMTYPE, "/etc"),
            ("repo/hard", tarfile.LNKTYPE, "/etc/passwd"),
            ("repo/dev", tarfile.CHRTYPE, ""),
            ("repo/pipe", tarfile.FIFOTYPE, ""),
        ):
            special = tarfile.TarInfo(name)
            special.type = kind
            special.linkname = link
            archive.addfile(special)
    report = json.loads(flasklint("grade", str(target), "--format", "json").stdout)
    assert report["files"]["skipped"]["links and special files in the archive"] == 4
    assert report["files"]["analyzed"] == 1


def test_a_zip_bomb_stops_at_the_cap(tmp_path):
    target = tmp_path / "bomb.zip"
    zeros = bytes(1 << 20)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("repo/big.py", "w", force_zip64=True) as member:
            for _ in range(1024):  # 1 GB when expanded, about 1 MB on disk
                member.write(zeros)
        archive.writestr("repo/app.py", APP)
    assert target.stat().st_size < 5 * 1024 * 1024
    result = flasklint("grade", str(target))
    assert result.returncode == 2
    assert "expands beyond 50 MB; refusing (a zip bomb?)" in result.stderr


def test_too_many_members_is_refused(tmp_path):
    target = tmp_path / "many.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for index in range(100_000):
            archive.writestr(f"repo/m{index}.py", b"")
    result = flasklint("grade", str(target))
    assert result.returncode == 2
    assert "more than 50000 archive members; refusing" in result.stderr


def test_corrupt_and_unknown_files(tmp_path):
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip")
    result = flasklint("grade", str(broken))
    assert result.returncode == 2 and "not a readable archive" in result.stderr
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    result = flasklint("grade", str(other))
    assert result.returncode == 2 and "not a folder, an archive" in result.stderr


def test_extraction_goes_to_a_temporary_folder_that_is_removed(tmp_path, monkeypatch):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    archive = zip_of(FIXTURES / "junior_single_file", tmp_path / "j.zip")
    assert grade(str(archive), jobs=1)["band"] == "junior"
    assert list(scratch.iterdir()) == []
    bad = _zip(tmp_path / "bad.zip", {"../x.py": b""})
    with pytest.raises(UsageError):
        grade(str(bad), jobs=1)
    assert list(scratch.iterdir()) == []


def test_limits_are_enforced_while_streaming(tmp_path):
    archive = _zip(tmp_path / "a.zip", {"a.py": b"x" * 5000, "b.py": b"y" * 5000})
    with pytest.raises(UsageError, match="the archive expands beyond"):
        archives.extract(archive, tmp_path / "out", "a.zip", archives.Limits(total_bytes=8000))


def test_zip_symlink_members_are_skipped(tmp_path):
    target = tmp_path / "link.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("repo/app.py", APP)
        link = zipfile.ZipInfo("repo/passwd.py")
        link.external_attr = (0o120777) << 16  # S_IFLNK
        archive.writestr(link, "/etc/passwd")
    report = json.loads(flasklint("grade", str(target), "--format", "json").stdout)
    assert report["files"]["skipped"]["links and special files in the archive"] == 1
    assert report["files"]["analyzed"] == 1


def test_hostile_archives_in_a_batch_cost_only_themselves(tmp_path):
    """A reviewer's folder with a zip-slip, a bomb and a good submission: the good one is graded."""
    role = tmp_path / "role"
    role.mkdir()
    _zip(role / "slip.zip", {"app.py": APP, "../evil.py": b"x = 1\n"})
    bomb = zipfile.ZipFile(role / "bomb.zip", "w", zipfile.ZIP_DEFLATED)
    with bomb, bomb.open("repo/big.py", "w", force_zip64=True) as member:
        for _ in range(64):  # 64 MB when expanded: over the 50 MB per-file cap
            member.write(bytes(1 << 20))
    zip_of(FIXTURES / "senior_pytest", role / "good.zip")
    result = flasklint("grade", "--each", str(role), "--format", "json")
    assert result.returncode == 2
    rows = {row["candidate"]: row for row in json.loads(result.stdout)["submissions"]}
    assert rows["good"]["status"] == "graded" and rows["good"]["band"] == "senior"
    assert "leaves the archive" in rows["slip"]["error"] and "zip bomb" in rows["bomb"]["error"]
    assert not (tmp_path / "evil.py").exists() and not (role / "evil.py").exists()


@pytest.mark.parametrize("cut", [700, 1100], ids=["inside-a-header", "inside-a-file"])
def test_a_truncated_tarball_is_an_error_not_a_partial_grade(cut, tmp_path):
    with tarfile.open(tmp_path / "whole.tar", "w") as archive:  # uncompressed: the cut lands where we say
        archive.add(FIXTURES / "junior_single_file", arcname="submission")
    whole = (tmp_path / "whole.tar").read_bytes()
    truncated = tmp_path / "submission.tar"
    truncated.write_bytes(whole[:cut])
    done = flasklint("grade", str(truncated), "--no-cache")
    assert done.returncode == 2
    assert "not a readable archive" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_corrupt_xz_tarball_says_so_on_one_line(tmp_path):
    corrupt = tmp_path / "submission.tar.xz"
    corrupt.write_bytes(b"\xfd7zXZ\x00" + b"garbage" * 20)
    done = flasklint("grade", str(corrupt), "--no-cache")
    assert done.returncode == 2 and "not a readable archive" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_a_pax_header_counts_towards_the_caps(tmp_path):
    """A pax header is read whole by tarfile: one declaring megabytes is refused before it is read."""
    archive = tmp_path / "pax.tar.gz"
    with tarfile.open(archive, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        info = tarfile.TarInfo("app.py")
        info.pax_headers = {"comment": "x" * (3 * 1024 * 1024)}  # compresses to a few kB
        data = b"import flask\n"
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    assert archive.stat().st_size < 64 * 1024
    with pytest.raises(UsageError, match="archive header asks to read 3 MB at once"):
        archives.extract(archive, tmp_path / "out", "pax.tar.gz", archives.Limits(file_bytes=1024 * 1024))
    # headers count towards the total too
    with pytest.raises(UsageError, match="expands beyond"):
        archives.extract(archive, tmp_path / "out2", "pax.tar.gz", archives.Limits(total_bytes=2 * 1024 * 1024))
    root, _ = archives.extract(archive, tmp_path / "out3", "pax.tar.gz")
    assert (root / "app.py").read_bytes() == b"import flask\n"


@pytest.mark.parametrize("suffix,mode", [(".tar.bz2", "w:bz2"), (".tar.xz", "w:xz"), (".tar", "w")])
def test_every_compression_is_decompressed_under_the_caps(tmp_path, suffix, mode):
    archive = tmp_path / f"big{suffix}"
    with tarfile.open(archive, mode) as tar:
        data = b"#" * 300_000
        info = tarfile.TarInfo("big.py")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(UsageError, match=r"big\.py expands beyond"):
        archives.extract(archive, tmp_path / "out", archive.name, archives.Limits(file_bytes=100_000))
    root, _ = archives.extract(archive, tmp_path / "ok", archive.name)
    assert (root / "big.py").stat().st_size == 300_000
