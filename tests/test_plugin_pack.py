"""A third-party pack adds a fact and a rule through its entry point alone."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.helpers import run_cli, write_tree

PACK = Path(__file__).parent / "plugin_pack"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(PACK), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def test_the_pack_rule_is_listed_and_explained():
    listed = run_cli("rules", env=_env())
    assert listed.returncode == 0, listed.stderr
    assert "X901" in listed.stdout and "tests-assert" in listed.stdout
    explained = run_cli("explain", "X901", env=_env())
    assert "A test that asserts nothing" in explained.stdout


def test_the_pack_fact_reaches_its_rule(tmp_path):
    app = "from flask import Flask\n\napp = Flask(__name__)\n"
    for name, test, status in (
        ("asserting", "def test_a():\n    assert 1 + 1 == 2\n", "met"),
        ("silent", "def test_a():\n    print(1)\n", "not met"),
    ):
        repo = write_tree(tmp_path / name, {"app.py": app, "tests/test_a.py": test})
        result = run_cli("grade", str(repo), "--format", "json", "--no-cache", env=_env())
        assert result.returncode == 0, result.stderr
        rules = json.loads(result.stdout)["skills"]["testing"]["rules"]
        (rule,) = [r for r in rules if r["code"] == "X901"]
        assert rule["status"] == status


def test_without_the_pack_the_rule_is_absent():
    assert "X901" not in run_cli("rules").stdout
