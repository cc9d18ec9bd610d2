"""The command line, end to end, through the installed entry points."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.helpers import FIXTURES, run_cli


def run(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flasklint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def grade_json(name: str, *extra: str) -> dict:
    result = run("grade", str(FIXTURES / name), "--format", "json", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def reports() -> dict[str, dict]:
    names = ["junior_single_file", "mid_flaskr", "senior_pytest", "senior_unittest", "broken_files"]
    return {name: grade_json(name) for name in names}


def test_seniors_above_mid_above_junior(reports):
    junior = reports["junior_single_file"]["score"]
    mid = reports["mid_flaskr"]["score"]
    for senior in ("senior_pytest", "senior_unittest"):
        assert reports[senior]["score"] >= mid + 20, (senior, reports[senior]["score"], mid)
    assert mid >= junior + 15, (mid, junior)


def test_bands(reports):
    assert reports["junior_single_file"]["band"] == "junior"
    assert reports["mid_flaskr"]["band"] == "mid"
    assert reports["senior_pytest"]["band"] == "senior"
    assert reports["senior_unittest"]["band"] == "senior"


def test_json_shape(reports):
    report = reports["senior_pytest"]
    assert isinstance(report["score"], (int, float))
    assert isinstance(report["band"], str)
    assert set(report["skills"]) == {
        "architecture",
        "global-state",
        "api-design",
        "data-layer",
        "security",
        "testing",
        "operations",
        "code-quality",
    }
    assert report["flasklint_version"]
    assert report["rubric"]["bands"] == {"senior": 75, "mid": 40}
    assert report["rubric"]["skill_weights"]["architecture"] > 0
    codes = {p["code"] for p in report["practices"]}
    assert {"FL101", "FL102", "FL401", "FL601", "FL602"} <= codes
    factory = next(p for p in report["practices"] if p["code"] == "FL101")
    assert factory["status"] == "met"
    assert {
        "path": "app/__init__.py",
        "line": 16,
        "note": "factory create_app() builds and returns the app",
    } in factory["evidence"]


def test_findings_carry_file_and_line(reports):
    findings = reports["junior_single_file"]["findings"]
    by_code = {(f["code"], f["path"], f["line"]) for f in findings}
    assert ("FL501", "app.py", 35) in by_code  # app.run(host="0.0.0.0", debug=True)
    assert ("FL201", "app.py", 21) in by_code  # todos.append(todo)
    assert ("FL201", "app.py", 30) in by_code  # del todos[todo_id]
    assert ("FL203", "app.py", 8) in by_code  # sqlite3.connect at import time


def test_json_is_byte_identical_between_runs_and_worker_counts():
    target = str(FIXTURES / "senior_pytest")
    first = run("grade", target, "--format", "json", "--jobs", "1").stdout
    second = run("grade", target, "--format", "json", "--jobs", "2").stdout
    assert first and first == second
    keys = list(json.loads(first))
    assert keys == sorted(keys)


def test_every_unreadable_file_is_listed_and_the_rest_graded(reports):
    report = reports["broken_files"]
    unreadable = {u["path"]: u for u in report["files"]["unreadable"]}
    assert set(unreadable) == {"legacy_utils.py", "latin1_no_cookie.py", "blob.py"}
    assert "Python 2" in unreadable["legacy_utils.py"]["reason"]
    assert unreadable["legacy_utils.py"]["line"] == 7
    assert "null byte" in unreadable["blob.py"]["reason"]
    assert "utf-8" in unreadable["latin1_no_cookie.py"]["reason"]
    assert report["files"]["analyzed"] == 1
    factory = next(p for p in report["practices"] if p["code"] == "FL101")
    assert factory["status"] == "met"

    text = run("grade", str(FIXTURES / "broken_files")).stdout
    assert "3 could not be read" in text
    for path in unreadable:
        assert path in text


def test_text_report_shows_score_band_skills_and_evidence():
    result = run("grade", str(FIXTURES / "junior_single_file"))
    assert result.returncode == 0
    out = result.stdout
    assert "Score: " in out and "Band: junior" in out
    for title in ("Architecture", "Global state", "Data layer", "Security", "Testing"):
        assert title in out
    assert "app.py:35" in out and "debug=True" in out


def test_fail_under_gate():
    target = str(FIXTURES / "junior_single_file")
    failed = run("grade", target, "--fail-under", "70")
    assert failed.returncode == 1
    assert "below --fail-under 70.0" in failed.stderr
    passed = run("grade", str(FIXTURES / "senior_pytest"), "--fail-under", "70")
    assert passed.returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["grade", "/no/such/path"], "no such file or folder"),
        (["grade", str(FIXTURES / "not_flask")], "not a Flask project"),
        (["grade", str(FIXTURES / "empty")], "no Python files found"),
        (["grade", str(FIXTURES / "senior_pytest"), "--bogus"], "No such option"),
        (["grade", str(FIXTURES / "senior_pytest"), "--format", "xml"], "Invalid value"),
        (["grade", str(FIXTURES / "senior_pytest"), "--fail-under", "120"], "Invalid value"),
        (["explain", "FL999"], "no rule"),
        (["grade", str(FIXTURES / "junior_single_file" / "app.py")], "not a folder, an archive"),
    ],
)
def test_errors_are_one_line_exit_2(args, message):
    result = run(*args)
    assert result.returncode == 2, result
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_empty_folder(tmp_path):
    result = run("grade", str(tmp_path))
    assert result.returncode == 2
    assert "no Python files found" in result.stderr


def test_output_file(tmp_path):
    out = tmp_path / "report.json"
    result = run("grade", str(FIXTURES / "mid_flaskr"), "--output", str(out))
    assert result.returncode == 0 and result.stdout == ""
    assert json.loads(out.read_text())["band"] == "mid"


def test_rules_lists_every_rule():
    result = run("rules")
    assert result.returncode == 0
    for code in ("FL101", "FL102", "FL201", "FL401", "FL402", "FL501", "FL601", "FL602"):
        assert code in result.stdout
    rows = json.loads(run("rules", "--format", "json").stdout)
    assert all({"code", "name", "skill", "weight", "kind", "severity"} <= set(r) for r in rows)


def test_explain_shows_docs_and_examples():
    result = run("explain", "FL101")
    assert result.returncode == 0
    for section in ("## What it checks", "## Why it matters", "## Example", "## Use instead"):
        assert section in result.stdout
    assert "create_app" in result.stdout
    assert run("explain", "application-factory").stdout == result.stdout


def test_console_script_matches_python_m():
    import shutil
    from pathlib import Path

    beside = Path(sys.executable).with_name("flasklint")
    script = str(beside) if beside.exists() else shutil.which("flasklint")
    if script is None:
        pytest.skip("console script not on PATH (flasklint not installed in this environment)")
    target = str(FIXTURES / "senior_unittest")
    via_script = subprocess.run([script, "grade", target, "--format", "json"], capture_output=True, text=True)
    assert via_script.returncode == 0
    assert via_script.stdout == run("grade", target, "--format", "json").stdout


def test_grading_does_not_modify_the_repository(tmp_path):
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "senior_pytest", repo)
    before = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}
    assert run("grade", str(repo)).returncode == 0
    after = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}
    assert before == after


class _BrokenEntryPoint:
    name = "broken-pack"
    value = "broken_pack.rules"

    def load(self):
        raise ImportError("No module named 'broken_pack'")


@pytest.mark.parametrize(
    ("entry_points", "message"),
    [
        ([_BrokenEntryPoint()], "rule pack 'broken-pack' (broken_pack.rules) failed to load"),
        ([], "no rules found"),
    ],
)
def test_rule_pack_problems_are_one_line_exit_2(monkeypatch, request, capsys, entry_points, message):
    from flasklint.analysis import registry
    from flasklint.analysis.cachestore import fingerprint
    from flasklint.cli import main as cli

    monkeypatch.setattr(registry, "entry_points", lambda: entry_points)
    # the packs' fingerprint is taken once per process; a new process would see the packs changed
    fingerprint.cache_clear()
    request.addfinalizer(fingerprint.cache_clear)
    with pytest.raises(SystemExit) as info:
        cli.main(["grade", str(FIXTURES / "senior_pytest")])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_flasklint_alone_prints_its_help_and_succeeds():
    result = run_cli()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: ") and "grade" in result.stdout and result.stderr == ""


def test_color_always_and_never_override_the_environment(tmp_path):
    import os

    env = {**os.environ, "NO_COLOR": "1"}
    fixture = str(FIXTURES / "senior_pytest")
    forced = run_cli("grade", fixture, "--color", "always", env=env)
    assert forced.stdout.startswith("flasklint ") and "\x1b[1;32mScore: " in forced.stdout  # bold, the band's colour
    plain = run_cli("grade", fixture, "--color", "never", env={**os.environ, "FORCE_COLOR": "1"})
    assert "\x1b[" not in plain.stdout
    assert plain.stdout.rstrip().splitlines()[-1].startswith("Score: ")  # the verdict again at the end
