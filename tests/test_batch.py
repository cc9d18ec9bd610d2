"""Batch grading through the CLI: many submissions, a ranking, one report per candidate."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from flasklint.analysis.rule import SKILLS
from flasklint.core.errors import UsageError
from flasklint.report.summary import weak_points
from flasklint.report.table import render_table_csv
from flasklint.workflow.batch import Graded, grade_all, ranking, red_flags
from flasklint.workflow.reportdir import EXTENSIONS
from tests.helpers import FIXTURES, run_cli


@pytest.fixture(scope="module")
def submissions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A reviewer's folder: two folders, a zip, a corrupt zip, a non-Flask repo and a stray text file."""
    root = tmp_path_factory.mktemp("role")
    shutil.copytree(FIXTURES / "senior_pytest", root / "alice")
    shutil.copytree(FIXTURES / "junior_single_file", root / "bob")
    shutil.make_archive(str(root / "carol"), "zip", FIXTURES / "mid_blueprints")
    (root / "dave.zip").write_bytes(b"this is not a zip file")
    shutil.copytree(FIXTURES / "not_flask", root / "erin")
    (root / "notes.txt").write_text("not a submission")
    (root / ".hidden").mkdir()
    return root


def test_each_grades_every_submission_and_ranks_them(submissions: Path) -> None:
    result = run_cli("grade", "--each", str(submissions), "--format", "json")
    assert result.returncode == 2  # two submissions could not be graded; the others were
    rows = json.loads(result.stdout)["submissions"]
    assert [(r["candidate"], r["status"]) for r in rows] == [
        ("alice", "graded"),
        ("carol", "graded"),
        ("bob", "graded"),
        ("dave", "failed"),
        ("erin", "failed"),
    ]
    assert [r["rank"] for r in rows] == [1, 2, 3, None, None]
    assert rows[0]["band"] == "senior" and rows[2]["band"] == "junior"
    assert rows[0]["score"] > rows[1]["score"] > rows[2]["score"]
    assert set(rows[0]["skills"]) == set(SKILLS)
    assert any("FL503 sql-injection" in flag for flag in rows[2]["red_flags"])
    assert "not a readable archive" in rows[3]["error"] and "not a Flask project" in rows[4]["error"]
    # every failure is also one line on stderr
    assert result.stderr.count("flasklint: error:") == 2


def test_text_table_lists_every_submission(submissions: Path) -> None:
    result = run_cli("grade", str(submissions / "bob"), str(submissions / "alice"), str(submissions / "carol.zip"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith("3 submissions, 3 graded, 0 failed")
    ranked = [line.split()[1] for line in lines if line[:3].strip().isdigit()]
    assert ranked == ["alice", "carol", "bob"]


def test_csv_table_parses_and_neutralises_formulas(tmp_path: Path) -> None:
    hostile = tmp_path / "=HYPERLINK(evil)"
    shutil.copytree(FIXTURES / "mid_blueprints", hostile)
    result = run_cli("grade", str(hostile), str(FIXTURES / "senior_pytest"), "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["candidate"] for r in rows] == ["senior_pytest", "'=HYPERLINK(evil)"]
    assert rows[0]["band"] == "senior" and float(rows[0]["security"]) == 100.0


def test_report_dir_writes_html_markdown_and_index(submissions: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = run_cli("grade", "--each", str(submissions), "--report-dir", str(out), "--format", "csv")
    assert result.returncode == 2
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["index.html", *(f"{n}.{ext}" for n in ("alice", "bob", "carol") for ext in EXTENSIONS)])
    index = (out / "index.html").read_text()
    for name in ("alice", "bob", "carol"):
        assert f'href="{name}.html"' in index and f'href="{name}.md"' in index
    assert "dave" in index and "could not be graded" in index
    assert "## flasklint:" in (out / "bob.md").read_text()
    # the JSON report, with the source excerpts its HTML shows (what --resume reads back)
    kept = json.loads((out / "bob.json").read_text())
    assert kept["findings"] and all("excerpt" in finding for finding in kept["findings"])
    for finding in kept["findings"]:
        del finding["excerpt"]
    assert kept == json.loads(run_cli("grade", str(submissions / "bob"), "--format", "json").stdout)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["candidate"]: r["html"] for r in rows}["bob"] == "bob.html"


def test_report_dir_inside_a_submission_is_refused(submissions: Path) -> None:
    result = run_cli("grade", str(submissions / "alice"), "--report-dir", str(submissions / "alice" / "out"))
    assert result.returncode == 2 and "inside the submission" in result.stderr
    assert not (submissions / "alice" / "out").exists()


def test_single_submission_report_formats_are_refused_for_a_batch(submissions: Path) -> None:
    result = run_cli("grade", str(submissions / "alice"), str(submissions / "bob"), "--format", "sarif")
    assert result.returncode == 2 and "ranking table" in result.stderr


def test_each_needs_a_folder_with_submissions(tmp_path: Path) -> None:
    result = run_cli("grade", "--each", str(tmp_path))
    assert result.returncode == 2 and "no submissions inside" in result.stderr


def test_gates_apply_to_every_candidate(submissions: Path) -> None:
    result = run_cli("grade", str(submissions / "alice"), str(submissions / "bob"), "--min-band", "mid")
    assert result.returncode == 1
    assert "gate failed: bob: band junior" in result.stderr and "alice:" not in result.stderr


def test_a_crash_on_one_submission_does_not_lose_the_others() -> None:
    def grade_one(target: str) -> dict:
        if target == "boom":
            raise RuntimeError("unexpected")
        if target == "bad":
            raise UsageError("bad: not a Flask project")
        return {
            "score": 50.0,
            "band": "mid",
            "band_capped_by": [],
            "skills": {},
            "findings": [],
            "practices": [],
            "rubric": {},
        }

    results = grade_all(["ok", "boom", "bad"], grade_one)
    assert [(r.candidate, r.report is not None) for r in results] == [("ok", True), ("boom", False), ("bad", False)]
    assert results[1].error == "internal error: RuntimeError: unexpected"
    rows = ranking(results)
    assert [r["status"] for r in rows] == ["graded", "failed", "failed"]
    assert render_table_csv(rows).count("\n") == 4


def test_red_flags_put_band_caps_and_criticals_first() -> None:
    report = {
        "band_capped_by": ["security"],
        "skills": {"security": {"score": 10.0}},
        "rubric": {"band_caps": {"FL601": "mid"}},
        "findings": [
            {"code": "FL403", "name": "legacy-query-api", "severity": "low", "path": "app.py", "line": 3},
            {"code": "FL201", "name": "mutable-global-state", "severity": "medium", "path": "app.py", "line": 5},
            {"code": "FL201", "name": "mutable-global-state", "severity": "medium", "path": "views.py", "line": 9},
            {"code": "FL503", "name": "sql-injection", "severity": "critical", "path": "db.py", "line": 40},
        ],
        "practices": [
            {"code": "FL601", "name": "test-suite", "status": "not met", "weight": 3.0},
            {
                "code": "FL808",
                "name": "readme",
                "status": "not met",
                "weight": 1.0,
                "evidence": [{"path": "README.md", "line": 1, "note": "three lines"}],
            },
        ],
    }
    assert red_flags(report, limit=5) == [
        "security subscore 10.0 (caps the band)",
        "FL503 sql-injection",
        "FL601 test-suite not met",
        "FL201 mutable-global-state x2",
        "FL808 readme not met",
    ]
    # the report's summary names the place to open for each point
    assert [p.where for p in weak_points(report, limit=5)] == ["", "db.py:40", "", "app.py:5", "README.md:1"]
    graded = Graded("x", "x", report={**report, "score": 1.0, "band": "junior"})
    assert ranking([graded])[0]["red_flags"] == red_flags(report)


def test_a_report_dir_beside_the_submissions_is_not_graded_next_time(tmp_path: Path) -> None:
    role = tmp_path / "role"
    shutil.copytree(FIXTURES / "senior_pytest", role / "alice")
    first = run_cli("grade", "--each", str(role), "--report-dir", str(role / "reports"))
    assert first.returncode == 0, first.stderr
    again = run_cli("grade", "--each", str(role), "--format", "json")
    assert again.returncode == 0, again.stderr
    assert [r["candidate"] for r in json.loads(again.stdout)["submissions"]] == ["alice"]


def test_the_ranking_names_code_that_could_not_be_read(tmp_path: Path) -> None:
    role = tmp_path / "role"
    shutil.copytree(FIXTURES / "senior_pytest", role / "alice")
    shutil.copytree(FIXTURES / "senior_pytest", role / "bob")
    (role / "bob" / "hidden.py").write_text("def broken(:\n    pass\n")
    (role / "bob" / "more.py").write_bytes(b"x = '\xff'\n")
    result = run_cli("grade", "--each", str(role))
    assert result.returncode == 0, result.stderr
    text = result.stdout.splitlines()
    bob = next(i for i, line in enumerate(text) if line[:3].strip().isdigit() and line.split()[1] == "bob")
    assert "could not read hidden.py and 1 other" in text[bob + 1]  # the row's red flags, on the line below
    alice = next(i for i, line in enumerate(text) if line[:3].strip().isdigit() and line.split()[1] == "alice")
    assert "could not read" not in text[alice + 1]
    rows = json.loads(run_cli("grade", "--each", str(role), "--format", "json").stdout)["submissions"]
    assert any("could not read" in flag for flag in next(r for r in rows if r["candidate"] == "bob")["red_flags"])


def test_the_ranking_fits_120_columns_gives_percentiles_and_tells_equal_names_apart(tmp_path):
    role = tmp_path / "role"
    shutil.copytree(FIXTURES / "junior_single_file", role / "a-candidate-with-a-very-long-folder-name-indeed")
    shutil.copytree(FIXTURES / "vulnerable_notes", role / "bob")
    shutil.copytree(FIXTURES / "senior_pytest", tmp_path / "other" / "bob")
    result = run_cli("grade", "--each", str(role), str(tmp_path / "other"), "--format", "text")
    assert all(len(line) <= 120 for line in result.stdout.splitlines()), result.stdout
    rows = json.loads(run_cli("grade", "--each", str(role), str(tmp_path / "other"), "--format", "json").stdout)[
        "submissions"
    ]
    assert sorted(r["candidate"] for r in rows) == ["a-candidate-with-a-very-long-folder-name-indeed", "bob", "bob-2"]
    assert [r["percentile"] for r in rows] == [100, 50, 0]


def test_resume_keeps_the_reports_an_earlier_run_wrote_and_grades_only_the_rest(tmp_path: Path) -> None:
    role, out = tmp_path / "role", tmp_path / "reports"
    for name, fixture in (("alice", "senior_pytest"), ("bob", "mid_flaskr")):
        shutil.copytree(FIXTURES / fixture, role / name)
    first = run_cli("grade", "--each", str(role), "--report-dir", str(out), "--format", "json")
    assert first.returncode == 0, first.stderr
    for ext in EXTENSIONS:  # as if the run had stopped before alice was done
        (out / f"alice.{ext}").unlink()
    kept = (out / "bob.json").stat().st_mtime_ns
    (role / "bob" / "flaskr" / "__init__.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    resumed = run_cli("grade", "--each", str(role), "--report-dir", str(out), "--format", "json", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stdout == first.stdout  # bob is not graded again: his changed code does not show
    assert (out / "bob.json").stat().st_mtime_ns == kept
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["index.html", *(f"{n}.{ext}" for n in ("alice", "bob") for ext in EXTENSIONS)]
    )
    again = run_cli("grade", "--each", str(role), "--report-dir", str(out), "--format", "json")
    assert again.stdout != first.stdout  # without --resume, bob is graded as he is now


def test_resume_needs_the_report_folder_to_resume(submissions: Path) -> None:
    done = run_cli("grade", "--each", str(submissions), "--resume")
    assert done.returncode == 2 and "--resume: give the --report-dir" in done.stderr


def test_resume_never_trusts_or_overwrites_a_json_file_that_is_not_a_whole_report(tmp_path: Path) -> None:
    role, out = tmp_path / "role", tmp_path / "reports"
    shutil.copytree(FIXTURES / "mid_flaskr", role / "bob")
    assert run_cli("grade", "--each", str(role), "--report-dir", str(out)).returncode == 0
    edited = '{"flasklint_version": "0.1.0", "score": 99.0}'  # not a report flasklint wrote
    (out / "bob.json").write_text(edited)
    resumed = run_cli("grade", "--each", str(role), "--report-dir", str(out), "--resume", "--format", "json")
    assert resumed.returncode == 2 and "Traceback" not in resumed.stderr
    assert "would overwrite bob.json, which flasklint did not write" in resumed.stderr
    assert (out / "bob.json").read_text() == edited
