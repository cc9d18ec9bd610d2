"""The GitHub Action and the CI example run as documented."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

from tests.helpers import FIXTURES

ROOT = Path(__file__).resolve().parent.parent


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


def test_workflow_example_uses_the_action_inputs():
    text = (ROOT / "docs" / "ci.md").read_text()
    workflow = yaml.safe_load(re.search(r"```yaml\n(.*?)```", text, re.S).group(1))
    step = workflow["jobs"]["flasklint"]["steps"][1]
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert set(step["with"]) <= set(action["inputs"])
    assert workflow["permissions"]["security-events"] == "write"
