"""--anonymize: candidate names become stable pseudonyms in every output."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from flasklint.core.errors import UsageError
from flasklint.workflow.anonymize import Anonymizer, load_key
from tests.helpers import FIXTURES, run_cli


def test_pseudonyms_are_stable_per_key_and_differ_between_keys() -> None:
    one, other = Anonymizer(b"key-1"), Anonymizer(b"key-2")
    assert one.pseudonym("alice-smith") == Anonymizer(b"key-1").pseudonym("alice-smith")
    assert one.pseudonym("alice-smith") != other.pseudonym("alice-smith")
    assert one.pseudonym("alice-smith") != one.pseudonym("bob")
    assert one.pseudonym("alice-smith").startswith("candidate-")


def test_scrub_replaces_every_spelling_everywhere_but_keys() -> None:
    report = {
        "target": "/home/reviewer/role/Alice-Smith.zip",
        "findings": [{"path": "alice_smith/app.py", "message": "AliceSmith wrote this", "line": 3}],
        "notes": ["by alice.smith and Bob Jones <bob@example.com>", "malice"],
        "security": {"score": 1.0},
    }
    alias = Anonymizer(b"k").pseudonym("Alice-Smith")
    clean = Anonymizer(b"k").scrub(report, "Alice-Smith", {"Bob Jones", "bob@example.com"})
    text = json.dumps({**clean, "notes": clean["notes"][:1]})
    assert "alice" not in text.lower() and "bob" not in text.lower()
    assert clean["target"] == alias
    assert clean["findings"][0]["path"] == f"{alias}/app.py" and clean["findings"][0]["line"] == 3
    assert set(clean) == set(report)
    assert clean["notes"][1] == "malice"  # whole words only


def test_the_key_file_is_private_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLASKLINT_ANONYMIZE_KEY", raising=False)
    first = load_key(tmp_path)
    assert load_key(tmp_path) == first and len(first) == 64
    assert stat.S_IMODE((tmp_path / "anonymize.key").stat().st_mode) == 0o600
    monkeypatch.setenv("FLASKLINT_ANONYMIZE_KEY", "shared-by-the-panel")
    assert load_key(tmp_path) == b"shared-by-the-panel"


@pytest.mark.parametrize("content", [b"", b"\n", b"short"], ids=["empty", "blank", "short"])
def test_an_empty_or_short_key_is_an_error_never_a_key(
    content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FLASKLINT_ANONYMIZE_KEY", raising=False)
    (tmp_path / "anonymize.key").write_bytes(content)
    with pytest.raises(UsageError, match="anonymisation key is"):
        load_key(tmp_path)
    monkeypatch.setenv("FLASKLINT_ANONYMIZE_KEY", content.decode())
    with pytest.raises(UsageError, match="anonymisation key is"):
        load_key(tmp_path / "elsewhere")


def test_an_unwritable_cache_folder_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLASKLINT_ANONYMIZE_KEY", raising=False)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    with pytest.raises(UsageError, match=r"cannot (read|store) the anonymisation key"):
        load_key(blocked / "cache")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_blind_batch_hides_folder_and_git_author_names(tmp_path: Path) -> None:
    repo = tmp_path / "role" / "Dana-Lopez"
    shutil.copytree(FIXTURES / "mid_blueprints", repo)
    auth = repo / "shop" / "auth.py"  # beside its FL403 finding, the first of its rule (the one with an excerpt)
    lines = auth.read_text().splitlines()
    lines.insert(21, "# written by Dana Lopez <dana.lopez@example.com>")
    auth.write_text("\n".join(lines) + "\n")
    env = ["-c", "user.name=Dana Lopez", "-c", "user.email=dana.lopez@example.com"]
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "done"]):
        subprocess.run(["git", *env, *args], cwd=repo, check=True, capture_output=True)
    shutil.copytree(
        FIXTURES / "senior_pytest", tmp_path / "role" / "eve"
    )  # a name that is also part of words: "every" stays
    out = tmp_path / "reports"
    variables = {**os.environ, "FLASKLINT_ANONYMIZE_KEY": "role-42-panel-key"}
    args = ("grade", "--each", str(tmp_path / "role"), "--anonymize", "--report-dir", str(out), "--format", "json")
    result = run_cli(*args, env=variables)
    assert result.returncode == 0, result.stderr
    written = [result.stdout] + [p.read_text() for p in sorted(out.iterdir())]
    for text in written:
        assert "dana" not in text.lower() and "lopez" not in text.lower()
        assert not re.search(r"(?<![a-z])eve(?![a-z])", text.lower())
    assert "every" in "".join(written).lower()
    rows = json.loads(result.stdout)["submissions"]
    aliases = sorted(r["candidate"] for r in rows)
    assert all(a.startswith("candidate-") for a in aliases)
    html = next(
        p for p in out.iterdir() if p.name.endswith(".html") and p.name != "index.html" and "FL403" in p.read_text()
    )
    assert "# written by candidate-" in html.read_text()  # the excerpt near a finding, scrubbed
    again = json.loads(run_cli(*args, env=variables).stdout)["submissions"]
    assert sorted(r["candidate"] for r in again) == aliases  # stable across runs with the same key


def test_a_submission_that_fails_is_anonymized_too(tmp_path: Path) -> None:
    broken = tmp_path / "Grace-Hopper.zip"
    broken.write_bytes(b"not a zip")
    shutil.copytree(FIXTURES / "senior_pytest", tmp_path / "ok")
    variables = {**os.environ, "FLASKLINT_ANONYMIZE_KEY": "a-key-for-this-test"}
    result = run_cli("grade", str(broken), str(tmp_path / "ok"), "--anonymize", "--format", "csv", env=variables)
    assert result.returncode == 2
    assert "grace" not in (result.stdout + result.stderr).lower()
    assert "not a readable archive" in result.stdout and "not a readable archive" in result.stderr
