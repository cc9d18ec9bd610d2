"""calibration/expected.py reads a reviewer's expectation the way its docstring says."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "calibration"))
import expected


def report(findings=(), rules=()) -> dict:
    return {"findings": list(findings), "skills": {"s": {"rules": list(rules)}}}


@pytest.mark.parametrize(
    ("line", "status", "result"),
    [
        ("migrations: present (9 revisions)", "met", "hit"),
        ("migrations: present (9 revisions)", "partly met", "hit"),
        ("migrations: absent", "met", "wrong"),
        ("migrations: absent", "not met", "hit"),
        ("migrations: present", "not met", "miss"),
        ("migrations: present", "not applicable", "n/a"),
        ("logging: minimal (one call)", "not met", "hit"),
        ("password_hashing: flag (HMAC without salt)", "not met", "hit"),
    ],
)
def test_practices(line, status, result):
    code = expected.KEY_RULES[line.partition(":")[0]]
    rules = [{"code": code, "status": status}]
    assert expected.judge(expected.parse(line, "r"), report(rules=rules), "practice").result == result


@pytest.mark.parametrize(
    ("line", "severities", "result"),
    [
        ("sql_injection: flag critical (app.py:3)", ["critical"], "hit"),
        ("sql_injection: flag critical (app.py:3)", [], "miss"),
        ("sql_injection: no-flag", ["critical"], "wrong"),
        ("bind_all_interfaces: low/no-flag", ["low"], "hit"),
        ("debug_true: flag low (.flaskenv)", ["low"], "hit"),
        # a committed .env secret is FL519's finding, and answers a hard-coded secret key
        ("hardcoded_secret_key: flag (via committed .env)", ["high:FL519"], "hit"),
    ],
)
def test_problems(line, severities, result):
    parsed = expected.parse(line, "r")
    codes = parsed.code.split("+")
    findings = [
        {"code": s.partition(":")[2] or codes[0], "severity": s.partition(":")[0], "message": "SECRET_KEY"}
        for s in severities
    ]
    rules = [{"code": codes[0], "status": "clean"}]
    assert expected.judge(parsed, report(findings, rules), "antipattern").result == result


def test_keys_flasklint_does_not_grade_are_skipped():
    assert expected.parse("broken_code: login never logs in", "r") is None
