"""The GitHub Action and the CI example run as documented."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import FIXTURES

ROOT = Path(__file__).resolve().parent.parent
PIN = "0123456789abcdef0123456789abcdef01234567"  # the docs' placeholder for a commit


def test_action_is_a_composite_that_grades_uploads_and_gates(tmp_path):
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("github/codeql-action/upload-sarif") for u in uses)
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert upload["if"].startswith("always()")  # findings are uploaded even when the gate fails
    assert steps[-1]["run"].strip().startswith("exit")  # the gate decides last

    grade = next(s for s in steps if s.get("id") == "grade")["run"]
    line = next(item for item in grade.splitlines() if item.startswith("flasklint grade"))
    inputs = {name: spec["default"] for name, spec in action["inputs"].items()}
    for name, value in inputs.items():
        line = line.replace("${{ inputs." + name + " }}", value)
    line = line.replace('${FLASKLINT_FAIL_ON:+--fail-on "$FLASKLINT_FAIL_ON"}', "")
    args = shlex.split(line)[2:]
    args[0] = str(FIXTURES / "senior_pytest")
    result = subprocess.run(
        [sys.executable, "-m", "flasklint", "grade", *args], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "flasklint: score" in result.stdout
    assert json.loads((tmp_path / inputs["sarif"]).read_text())["version"] == "2.1.0"


def test_any_ci_example_runs(tmp_path):
    text = (ROOT / "docs" / "ci.md").read_text()
    block = re.search(r"## Any CI\n\n```sh\n(.*?)```", text, re.S).group(1)
    command = next(line for line in block.splitlines() if line.startswith("flasklint grade"))
    args = shlex.split(command)[2:]
    args[0] = str(FIXTURES / "senior_pytest")
    result = subprocess.run(
        [sys.executable, "-m", "flasklint", "grade", *args], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "flasklint.sarif").is_file() and (tmp_path / "flasklint.xml").is_file()
    failing = [str(FIXTURES / "vulnerable_notes"), *args[1:]]
    gated = subprocess.run(
        [sys.executable, "-m", "flasklint", "grade", *failing],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert gated.returncode == 1 and "gate failed" in gated.stderr


@pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs git and flasklint's own git checkout"
)
def test_the_documented_install_command_installs_flasklint_from_a_pinned_commit(tmp_path):
    block = re.search(r"## Any CI\n\n```sh\n(.*?)```", (ROOT / "docs" / "ci.md").read_text(), re.S).group(1)
    command = shlex.split(next(line for line in block.splitlines() if line.startswith("pip install")))
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    url = command[2].replace("https://example.com/flasklint.git", ROOT.as_uri()).replace(PIN, head)
    assert url == f"git+{ROOT.as_uri()}@{head}"  # the placeholders are exactly what a user replaces
    target = tmp_path / "site"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), url],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stderr
    assert (target / "flasklint" / "__init__.py").is_file()
    assert (target / "flasklint" / "rules" / "security" / "sql_injection.py").is_file()


def test_workflow_example_uses_the_action_inputs():
    text = (ROOT / "docs" / "ci.md").read_text()
    workflow = yaml.safe_load(re.search(r"```yaml\n(.*?)```", text, re.S).group(1))
    step = workflow["jobs"]["flasklint"]["steps"][1]
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert set(step["with"]) <= set(action["inputs"])
    assert workflow["permissions"]["security-events"] == "write"
