"""Configuration, suppressions, `check`, and what `grade` trusts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from flasklint.analysis.suppress import find_suppressions
from flasklint.core.errors import UsageError
from flasklint.workflow.config import parse_table, read_file
from tests.helpers import FIXTURES, write_tree

APP = """\
from flask import Flask

app = Flask(__name__)
items = []


@app.post("/items")
def add():
    items.append(1)
    print("added")
    return "", 201


if __name__ == "__main__":
    app.run(debug=True)
"""


def flasklint(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flasklint", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


# -- the table ---------------------------------------------------------------
def test_a_full_table_parses():
    config = parse_table(
        {
            "select": ["FL5", "fl101"],
            "ignore": ["FL520"],
            "per-file-ignores": {"scripts/*.py": ["FL701"]},
            "exclude": ["generated/"],
            "fail-under": 70,
            "rubric": {"skill-weights": {"security": 30}, "rule-weights": {"fl307": 0.5}, "bands": {"senior": 80}},
        },
        "pyproject.toml",
    )
    assert config.select == ["FL5", "FL101"] and config.ignore == ["FL520"]
    assert config.wants("FL503") and config.wants("FL101") and not config.wants("FL520") and not config.wants("FL201")
    assert config.rubric == {
        "skill_weights": {"security": 30.0},
        "rule_weights": {"FL307": 0.5},
        "bands": {"senior": 80.0},
    }


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"selekt": ["FL1"]}, "selekt: unknown key"),
        ({"select": "FL1"}, "select: must be a list"),
        ({"ignore": ["E501"]}, "ignore: 'E501' is not a rule code"),
        ({"fail-under": 120}, "fail-under: must be a number from 0 to 100"),
        ({"fail-under": True}, "fail-under: must be a number"),
        ({"rubric": {"skill-weights": {"vibes": 3}}}, "rubric.skill-weights.vibes: unknown name"),
        ({"rubric": {"bands": {"senior": "high"}}}, "rubric.bands.senior: must be a number"),
        ({"rubric": {"thresholds": {}}}, "rubric.thresholds: unknown key"),
        ({"per-file-ignores": ["x"]}, "per-file-ignores: must be a table"),
    ],
)
def test_bad_keys_and_values_name_the_key(table, message):
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_table(table, "pyproject.toml")


def test_missing_table_means_defaults_and_broken_toml_is_an_error(tmp_path):
    plain = tmp_path / "pyproject.toml"
    plain.write_text('[project]\nname = "x"\n')
    assert read_file(plain).select == []
    plain.write_text("[tool.flasklint\n")
    with pytest.raises(UsageError, match="not valid TOML"):
        read_file(plain)


# -- suppressions ------------------------------------------------------------
def test_suppressions_cover_their_line_or_statement_never_strings():
    source = (
        'x = 1  # flasklint: ignore[FL201]\ns = "# flasklint: ignore[FL999]"\ncall(\n    a,\n)  # flasklint: ignore[fl5, FL101]\n'
        "def f():  # flasklint: ignore[FL806]\n    return 1\ny = 2  # flasklint: ignore\n"
    )
    found = {s.line: s for s in find_suppressions(source)}
    assert set(found) == {1, 5, 6, 8}
    assert (found[5].first, found[5].last, found[5].codes) == (3, 5, ("FL5", "FL101"))
    assert (found[6].first, found[6].last) == (6, 6)  # a def's header, not its body
    assert found[8].codes == ()  # no code: suppresses nothing
    assert found[5].covers(4, "FL503") and not found[5].covers(4, "FL201")


# -- check -------------------------------------------------------------------
def test_check_prints_one_finding_per_line_and_exits_1(tmp_path):
    write_tree(tmp_path, {"app.py": APP})
    result = flasklint("check", "app.py", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "app.py:10:5: FL701 print() in application code; use logging" in lines
    assert any(line.startswith("app.py:15:5: FL501 ") for line in lines)
    assert all(line.count(":") >= 3 for line in lines)


def test_check_honours_suppressions_and_reports_useless_ones(tmp_path):
    source = APP.replace('print("added")', 'print("added")  # flasklint: ignore[FL701]')
    source = source.replace("app.run(debug=True)", "app.run(debug=True)  # flasklint: ignore[FL501, FL503]")
    source = source.replace("items = []", "items = []  # flasklint: ignore")
    write_tree(tmp_path, {"app.py": source})
    out = flasklint("check", "app.py", cwd=tmp_path).stdout
    assert "FL701" not in out and " FL501 " not in out
    assert "app.py:4:1: FL000 suppression suppresses nothing (no code given; a code is required)" in out


def test_check_reads_the_nearest_pyproject_and_isolated_ignores_it(tmp_path):
    write_tree(
        tmp_path,
        {
            "pyproject.toml": '[tool.flasklint]\nignore = ["FL701"]\nper-file-ignores = {"legacy/*.py" = ["FL501"]}\n',
            "src/app.py": APP,
            "legacy/old.py": APP,
        },
    )
    configured = flasklint("check", cwd=tmp_path / "src").stdout
    assert "FL701" not in configured and "FL501" in configured
    whole = flasklint("check", cwd=tmp_path).stdout
    assert "src/app.py:15:5: FL501" in whole and "legacy/old.py:15:5: FL501" not in whole
    isolated = flasklint("check", "--isolated", cwd=tmp_path / "src").stdout
    assert "FL701" in isolated


def test_check_reads_the_pyproject_nearest_to_each_file_not_to_the_current_folder(tmp_path):
    write_tree(
        tmp_path / "proj",
        {
            "pyproject.toml": '[tool.flasklint]\nignore = ["FL701"]\nper-file-ignores = {"legacy/*.py" = ["FL501"]}\n',
            "app.py": APP,
            "legacy/old.py": APP,
        },
    )
    write_tree(tmp_path / "other", {"app.py": APP})  # no configuration: every rule
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    files = [
        str(tmp_path / "proj" / "app.py"),
        str(tmp_path / "proj" / "legacy" / "old.py"),
        str(tmp_path / "other" / "app.py"),
    ]
    lines = flasklint("check", *files, cwd=elsewhere).stdout.splitlines()
    assert not any(line.startswith("../proj/") and "FL701" in line for line in lines)  # proj ignores FL701
    assert any(line.startswith("../proj/app.py:15:5: FL501") for line in lines)
    assert not any(line.startswith("../proj/legacy/old.py") and "FL501" in line for line in lines)  # per-file
    assert "../other/app.py:10:5: FL701 print() in application code; use logging" in lines
    isolated = flasklint("check", "--isolated", files[0], cwd=elsewhere).stdout
    assert "FL701" in isolated


def test_check_on_clean_and_unparsable_files(tmp_path):
    write_tree(tmp_path, {"ok.py": "from flask import Flask\n\napp = Flask(__name__)\n", "notes.txt": "x"})
    clean = flasklint("check", "ok.py", "notes.txt", cwd=tmp_path)
    assert (clean.returncode, clean.stdout) == (0, "")
    (tmp_path / "bad.py").write_text("print 'hi'\n")
    broken = flasklint("check", "bad.py", cwd=tmp_path)
    assert broken.returncode == 1 and broken.stdout.startswith("bad.py:1:1: FL900 syntax error")


def test_bad_config_is_a_one_line_error(tmp_path):
    write_tree(tmp_path, {"pyproject.toml": "[tool.flasklint]\nselekt = []\n", "app.py": APP})
    result = flasklint("check", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().endswith(
        "[tool.flasklint] selekt: unknown key; expected one of "
        "select, ignore, per-file-ignores, exclude, fail-under, rubric"
    )
    assert len(result.stderr.strip().splitlines()) == 1


# -- grade -------------------------------------------------------------------
STEERING = {
    "app.py": APP.replace("items.append(1)", "items.append(1)  # flasklint: ignore[FL201]"),
    "pyproject.toml": '[tool.flasklint]\nignore = ["FL5", "FL2"]\n\n[tool.flasklint.rubric]\nbands = {senior = 1, mid = 0}\n',
}


def grade_json(target: Path, *args: str) -> dict:
    result = flasklint("grade", str(target), "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_grade_ignores_the_repository_config_and_suppressions_and_says_so(tmp_path):
    repo = write_tree(tmp_path / "repo", STEERING)
    report = grade_json(repo)
    assert report["config"] == {
        "source": None,
        "repository_config": "ignored",
        "suppressions_found": 1,
        "suppressions_honoured": False,
    }
    assert {"FL201", "FL501"} <= {f["code"] for f in report["findings"]}
    assert report["band"] == "junior"
    text = flasklint("grade", str(repo)).stdout
    assert "Ignored in the graded repository: its [tool.flasklint] table and 1 suppression comment(s)" in text


def test_trust_config_honours_them(tmp_path):
    repo = write_tree(tmp_path / "repo", STEERING)
    report = grade_json(repo, "--trust-config")
    assert report["config"]["repository_config"] == "honoured" and report["config"]["suppressions_honoured"]
    codes = {f["code"] for f in report["findings"]}
    assert not codes & {"FL201", "FL501"}
    # the repository's own rubric, which is why it is not trusted by default
    assert report["rubric"]["bands"] == {"senior": 1.0, "mid": 0.0}
    assert report["band"] == "mid" and report["band_capped_by"] == ["FL601"]  # caps are not configurable


def test_reviewer_config_applies_to_grade(tmp_path):
    reviewer = tmp_path / "rubric.toml"
    # thresholds nothing short of a perfect score reaches
    reviewer.write_text("[tool.flasklint]\nfail-under = 100\n\n[tool.flasklint.rubric]\nbands = {senior = 100}\n")
    report = grade_json(FIXTURES / "senior_pytest", "--config", str(reviewer), "--fail-under", "0")
    assert report["score"] < 100
    assert report["band"] == "mid" and report["rubric"]["bands"]["senior"] == 100
    assert report["config"]["source"] == str(reviewer)
    gated = flasklint("grade", str(FIXTURES / "senior_pytest"), "--config", str(reviewer))
    assert gated.returncode == 1 and "below --fail-under 100.0" in gated.stderr
    isolated = grade_json(FIXTURES / "senior_pytest", "--config", str(reviewer), "--isolated")
    assert isolated["band"] == "senior"


def test_select_exclude_and_per_file_ignores_in_grade(tmp_path):
    repo = write_tree(tmp_path / "repo", {"app.py": APP, "generated/big.py": APP, "scripts/seed.py": APP})
    reviewer = tmp_path / "review.toml"
    reviewer.write_text(
        '[tool.flasklint]\nselect = ["FL2", "FL5"]\nexclude = ["generated/"]\n'
        'per-file-ignores = {"scripts/*" = ["FL501"]}\n'
    )
    report = grade_json(repo, "--config", str(reviewer))
    rules = {r["code"] for skill in report["skills"].values() for r in skill["rules"]}
    assert rules and all(code.startswith(("FL2", "FL5")) for code in rules)
    paths = {(f["path"], f["code"]) for f in report["findings"]}
    assert ("app.py", "FL501") in paths and ("scripts/seed.py", "FL501") not in paths
    assert not any(path.startswith("generated/") for path, _ in paths)
    assert report["files"]["skipped"]["excluded by configuration"] == 1
