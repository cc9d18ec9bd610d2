"""Machine-readable output: JSON (against its schema), SARIF (against OASIS 2.1.0), GitHub, JUnit, gates."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from tests.helpers import FIXTURES, write_tree

GRADED = ["junior_single_file", "vulnerable_api", "senior_pytest", "broken_files"]
# The official OASIS SARIF 2.1.0 schema, vendored (see tests/schemas/README.md).
SARIF_SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def flasklint(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flasklint", *args], capture_output=True, text=True, timeout=120, env=env, cwd=cwd
    )


def _schema(package: str, name: str) -> dict:
    return json.loads(resources.files(package).joinpath(name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("fixture", GRADED)
def test_json_output_matches_the_shipped_schema(fixture):
    report = json.loads(flasklint("grade", str(FIXTURES / fixture), "--format", "json").stdout)
    jsonschema.validate(report, _schema("flasklint.report", "schema.json"))


def test_json_with_code_excerpts_matches_the_schema(tmp_path):
    """A run that also writes HTML adds the excerpt lines to each JSON finding."""
    out = tmp_path / "report.json"
    flasklint("grade", str(FIXTURES / "vulnerable_notes"), "-o", str(out), "-o", str(tmp_path / "report.html"))
    report = json.loads(out.read_text())
    assert report["findings"] and all(f["excerpt"]["lines"] for f in report["findings"])
    jsonschema.validate(report, _schema("flasklint.report", "schema.json"))


@pytest.mark.parametrize("fixture", GRADED)
def test_sarif_output_is_valid_sarif_2_1_0(fixture):
    sarif = json.loads(flasklint("grade", str(FIXTURES / fixture), "--format", "sarif").stdout)
    jsonschema.validate(sarif, SARIF_SCHEMA)
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert all(r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["markdown"] for r in rules)
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        assert not location["artifactLocation"]["uri"].startswith("/")  # relative to the repository
        assert location["region"]["startLine"] >= 1
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["partialFingerprints"]["flasklint/v1"]


def test_sarif_fingerprints_survive_code_moving(tmp_path):
    source = (FIXTURES / "junior_single_file" / "app.py").read_text()
    first = write_tree(tmp_path / "a", {"app.py": source})
    moved = write_tree(tmp_path / "b", {"app.py": "# a new comment at the top\n\n" + source})

    def prints(repo: Path) -> dict[str, int]:
        results = json.loads(flasklint("grade", str(repo), "--format", "sarif").stdout)["runs"][0]["results"]
        return {
            r["partialFingerprints"]["flasklint/v1"]: r["locations"][0]["physicalLocation"]["region"]["startLine"]
            for r in results
        }

    before, after = prints(first), prints(moved)
    assert set(before) == set(after)
    assert all(after[key] == line + 2 for key, line in before.items())


def test_github_annotations_worst_first_with_a_limit_and_a_summary(tmp_path):
    views = "".join(
        f"\n\n@app.post('/r{i}')\ndef v{i}():\n    items.append({i})\n    print('x')\n    return ''\n"
        for i in range(14)
    )
    repo = write_tree(
        tmp_path / "repo", {"app.py": "from flask import Flask\n\napp = Flask(__name__)\nitems = []\n" + views}
    )
    summary = tmp_path / "summary.md"
    env = {**__import__("os").environ, "GITHUB_STEP_SUMMARY": str(summary)}
    out = flasklint("grade", str(repo), "--format", "github", env=env).stdout.splitlines()
    errors = [line for line in out if line.startswith("::error ")]
    notices = [line for line in out if line.startswith("::notice ")]
    assert len(errors) == 10 and len(notices) == 10  # GitHub's per-step limit for each level
    assert out.index(errors[-1]) < out.index(notices[0])  # worst first
    assert errors[0].startswith("::error file=app.py,line=") and "title=FL201 mutable-global-state::" in errors[0]
    assert any("more findings not annotated" in line for line in out)
    assert "**Score" in summary.read_text() and "FL201" in summary.read_text()


def test_github_escapes_workflow_command_syntax(tmp_path):
    repo = write_tree(
        tmp_path / "repo", {"we,ird:name.py": "from flask import Flask\n\napp = Flask(__name__)\napp.run(debug=True)\n"}
    )
    out = flasklint("grade", str(repo), "--format", "github").stdout
    assert "file=we%2Cird%3Aname.py" in out


def test_junit_has_a_suite_per_skill_and_failures_with_file_and_line():
    xml = flasklint("grade", str(FIXTURES / "junior_single_file"), "--format", "junit").stdout
    root = ET.fromstring(xml)
    suites = {suite.get("name"): suite for suite in root.findall("testsuite")}
    assert set(suites) == {
        "architecture",
        "global-state",
        "api-design",
        "data-layer",
        "security",
        "testing",
        "operations",
        "code-quality",
    }
    cases = {case.get("name"): case for suite in suites.values() for case in suite.findall("testcase")}
    failure = cases["FL503 sql-injection"].find("failure")
    assert failure is not None and "app.py:22:" in failure.text
    assert cases["FL402 create-all-at-startup"].find("skipped") is not None
    assert int(root.get("failures")) == sum(int(s.get("failures")) for s in suites.values())


def test_several_outputs_in_one_run(tmp_path):
    target = str(FIXTURES / "senior_pytest")
    result = flasklint(
        "grade",
        target,
        "-o",
        str(tmp_path / "r.sarif"),
        "-o",
        f"junit:{tmp_path / 'r.junit'}",
        "-o",
        str(tmp_path / "r.json"),
        "-o",
        str(tmp_path / "r.md"),
    )
    assert result.returncode == 0 and result.stdout == ""
    assert json.loads((tmp_path / "r.sarif").read_text())["version"] == "2.1.0"
    assert ET.fromstring((tmp_path / "r.junit").read_text()).tag == "testsuites"
    assert json.loads((tmp_path / "r.json").read_text())["band"] == "senior"
    assert (tmp_path / "r.md").read_text().startswith("## flasklint:")
    bad = flasklint("grade", target, "-o", str(tmp_path / "r.unknown"))
    assert bad.returncode == 2 and "FORMAT:PATH" in bad.stderr


@pytest.fixture(scope="module")
def junior_score() -> float:
    result = flasklint("grade", str(FIXTURES / "junior_single_file"), "--format", "json")
    return json.loads(result.stdout)["score"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--min-band", "senior"], 1, "gate failed: band junior (score {score}) is below --min-band senior"),
        (["--min-band", "junior"], 0, ""),
        (["--fail-on", "FL5"], 1, "--fail-on FL5: 4 FL5 finding(s), first app.py:6 FL502"),
        (["--fail-on", "critical"], 1, "1 finding(s) of severity critical or worse, first app.py:22 FL503"),
        (["--fail-on", "FL404"], 0, ""),
        (["--fail-under", "{score}"], 0, ""),
        (["--fail-under", "{above}"], 1, "score {score} is below --fail-under {above}"),
    ],
)
def test_gates(args, code, message, junior_score):
    values = {"score": f"{junior_score:.1f}", "above": f"{junior_score + 0.1:.1f}"}
    args = [a.format(**values) for a in args]
    message = message.format(**values)
    result = flasklint("grade", str(FIXTURES / "junior_single_file"), "--format", "json", *args)
    assert result.returncode == code, result.stderr
    if message:
        assert message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    else:
        assert result.stderr == ""


def test_documented_commands_run(tmp_path):
    import re
    import shlex

    text = (Path(__file__).resolve().parent.parent / "docs" / "output-formats.md").read_text()
    block = re.search(r"```sh\n(.*?)```", text, re.S).group(1)
    repo = tmp_path / "repo"
    import shutil

    shutil.copytree(FIXTURES / "junior_single_file", repo)
    for line in block.strip().splitlines():
        command, _, redirect = line.partition(" > ")
        args = shlex.split(command)[1:]
        result = flasklint(*args, cwd=repo)
        if redirect:
            (repo / redirect).write_text(result.stdout)
        assert result.returncode in (0, 1), (line, result.stderr)
        assert "Traceback" not in result.stderr
    assert json.loads((repo / "report.json").read_text())["band"] == "junior"
    assert json.loads((repo / "report.sarif").read_text())["version"] == "2.1.0"
    assert ET.fromstring((repo / "report.xml").read_text()).tag == "testsuites"
    assert (repo / "report.md").read_text().startswith("## flasklint:")
    gates = flasklint("grade", ".", "--min-band", "mid", "--fail-on", "critical", cwd=repo)
    documented = re.search(r"```\n(flasklint: gate failed.*?)```", text, re.S).group(1).strip().splitlines()
    assert gates.stderr.strip().splitlines() == documented


@pytest.mark.parametrize(
    ("env", "coloured"),
    [
        ({"FORCE_COLOR": "1"}, True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ({}, False),
        ({"CI": "true"}, False),
    ],
)
def test_colour_only_when_asked_for_or_on_a_terminal(env, coloured, tmp_path):
    import os

    clean = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "CI", "PRE_COMMIT")}
    result = flasklint(
        "grade",
        str(FIXTURES / "mid_blueprints"),
        "-o",
        str(tmp_path / "r.txt"),
        "-o",
        "-",
        "--format",
        "text",
        env={**clean, **env},
    )
    assert ("\x1b[" in result.stdout) is coloured
    assert "\x1b[" not in (tmp_path / "r.txt").read_text()  # files never carry colour


def test_markdown_keeps_candidate_text_inert():
    from flasklint.report.markdown import code, text

    assert text("![x](https://tracker.example/p.png)") == "\\!\\[x\\](https://tracker.example/p.png)"
    assert text("a <img src=x>\n| b") == "a \\<img src=x\\> \\| b"
    assert code("app.py:3") == "`app.py:3`" and code("we`ird.py") == "``we`ird.py``"
    assert code("`x") == "`` `x ``"


def test_sarif_and_annotations_cite_files_from_the_repository_root(tmp_path):
    checkout = tmp_path / "checkout"
    (checkout / ".git").mkdir(parents=True)  # a git checkout (what matters is the `.git` entry)
    app = "from flask import Flask\n\napp = Flask(__name__)\napp.run(debug=True)\n"
    write_tree(checkout / "services" / "api", {"app.py": app})
    graded = str(checkout / "services" / "api")
    sarif = json.loads(flasklint("grade", graded, "--format", "sarif", "--no-cache").stdout)
    run = sarif["runs"][0]
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"] for loc in r["locations"]}
    assert "services/api/app.py" in uris and "app.py" not in uris
    assert "%SRCROOT%" in run["originalUriBaseIds"]
    debug = next(rule for rule in run["tool"]["driver"]["rules"] if rule["id"] == "FL501")
    assert debug["properties"]["security-severity"] == "8.0" and "security" in debug["properties"]["tags"]
    annotations = flasklint("grade", graded, "--format", "github", "--no-cache").stdout
    assert "file=services/api/app.py,line=4" in annotations
    report = json.loads(flasklint("grade", graded, "--format", "json", "--no-cache").stdout)
    assert report["repository_path"] == "services/api"
    # the checkout's root itself: paths as they are, and no repository_path in the report
    write_tree(checkout, {"app.py": app})
    at_root = json.loads(flasklint("grade", str(checkout), "--format", "json", "--no-cache").stdout)
    assert "repository_path" not in at_root
