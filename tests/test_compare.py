"""flasklint compare OLD NEW: what changed between two versions of a submission."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from flasklint.workflow.compare import compare
from tests.helpers import FIXTURES, run_cli


def finding(code: str, path: str, line: int, message: str) -> dict:
    return {"code": code, "name": "n", "severity": "low", "path": path, "line": line, "message": message}


def report(score: float, findings: list[dict], status: str) -> dict:
    return {
        "target": "t",
        "score": score,
        "band": "mid",
        "skills": {"security": {"score": score}},
        "practices": [{"code": "FL601", "name": "test-suite", "status": status}],
        "findings": findings,
    }


def test_moved_code_is_neither_fixed_nor_introduced() -> None:
    old = report(50.0, [finding("FL403", "a.py", 10, "x"), finding("FL403", "a.py", 20, "x")], "not met")
    new = report(61.5, [finding("FL403", "a.py", 14, "x"), finding("FL502", "b.py", 3, "y")], "met")
    diff = compare(old, new)
    assert diff["score_delta"] == 11.5
    assert [(f["path"], f["line"]) for f in diff["fixed"]] == [("a.py", 20)]
    assert [f["code"] for f in diff["introduced"]] == ["FL502"]
    assert diff["practices_changed"] == [{"code": "FL601", "name": "test-suite", "old": "not met", "new": "met"}]
    assert diff["skills"]["security"] == {"old": 50.0, "new": 61.5, "delta": 11.5}


def test_compare_a_saved_report_with_a_new_version(tmp_path: Path) -> None:
    saved = tmp_path / "v1.json"
    result = run_cli("grade", str(FIXTURES / "mid_blueprints"), "--format", "json", "-o", str(saved))
    assert result.returncode == 0, result.stderr
    fixed = tmp_path / "v2"
    shutil.copytree(FIXTURES / "mid_blueprints", fixed)
    init = fixed / "shop" / "__init__.py"
    init.write_text(init.read_text().replace("db.create_all()", "pass  # tables come from migrations"))
    result = run_cli("compare", str(saved), str(fixed), "--format", "json")
    assert result.returncode == 0, result.stderr
    diff = json.loads(result.stdout)
    assert [f["code"] for f in diff["fixed"]] == ["FL402"] and diff["introduced"] == []
    assert diff["score_delta"] > 0 and diff["skills"]["data-layer"]["delta"] > 0
    text = run_cli("compare", str(saved), str(fixed)).stdout
    assert "Fixed (1):" in text and "- shop/__init__.py:21 FL402" in text and "Introduced (0):" in text
    markdown = run_cli("compare", str(saved), str(fixed), "--format", "markdown").stdout
    assert markdown.startswith("## flasklint:") and "### Fixed (1)" in markdown


def test_a_json_file_that_is_not_a_report_is_a_clear_error(tmp_path: Path) -> None:
    other = tmp_path / "package.json"
    other.write_text('{"name": "x"}')
    result = run_cli("compare", str(other), str(FIXTURES / "mid_blueprints"))
    assert result.returncode == 2 and "not a flasklint JSON report" in result.stderr


def test_a_baseline_lets_fail_on_judge_only_new_findings(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "vulnerable_notes", repo)
    baseline = tmp_path / "baseline.json"
    saved = run_cli("grade", str(repo), "--format", "json", "-o", str(baseline), "--no-cache")
    assert saved.returncode == 0 and saved.stdout == ""  # -o replaces stdout
    unchanged = run_cli("grade", str(repo), "--fail-on", "high", "--baseline", str(baseline), "--no-cache")
    assert unchanged.returncode == 0, unchanged.stderr
    views = next(repo.rglob("views.py"))
    views.write_text(
        views.read_text()
        + "\n\n@bp.route('/ls')\ndef listing():\n    os.system('ls ' + request.args['d'])\n    return ''\n"
    )
    worse = run_cli("grade", str(repo), "--fail-on", "FL508", "--baseline", str(baseline), "--no-cache")
    assert worse.returncode == 1 and "--fail-on FL508: 1 FL508 finding(s)" in worse.stderr
    batch = run_cli("grade", str(repo), str(repo), "--baseline", str(baseline))
    assert batch.returncode == 2 and "one baseline belongs to one repository" in batch.stderr


def test_compare_writes_files_and_gates_on_what_new_introduces(tmp_path):
    old = tmp_path / "old.json"
    run_cli("grade", str(FIXTURES / "mid_blueprints"), "--format", "json", "-o", str(old), "--no-cache")
    out = tmp_path / "diff.md"
    result = run_cli("compare", str(old), str(FIXTURES / "vulnerable_notes"), "-o", str(out), "--fail-on", "critical")
    assert result.returncode == 1 and result.stdout == ""
    assert out.read_text().startswith("##") and "gate failed: --fail-on critical" in result.stderr
    same = run_cli(
        "compare", str(old), str(FIXTURES / "mid_blueprints"), "--fail-on", "critical", "--min-band", "junior"
    )
    assert same.returncode == 0 and "Score:" in same.stdout
