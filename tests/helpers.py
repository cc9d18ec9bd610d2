"""Shared test helpers: build small repositories on disk and grade them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from flasklint.analysis.engine import RuleOutcome, analyze
from flasklint.analysis.rule import Example, Rule
from flasklint.scoring.score import default_rubric, rule_score

# Code that hypothesmith generates from Python's grammar trips Hypothesis's health checks (most
# draws are filtered out, some are large), and CPython warns about what it compiles of it: noise.
GENERATED_CODE = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
GENERATED_CODE_WARNINGS = pytest.mark.filterwarnings("ignore::SyntaxWarning")

FIXTURES = Path(__file__).parent / "fixtures"


def write_tree(root: Path, example: Example) -> Path:
    files = {"app.py": example} if isinstance(example, str) else example
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def outcome_of(rule: type[Rule], root: Path) -> RuleOutcome:
    analysis = analyze(root, [rule], jobs=1)
    (outcome,) = analysis.outcomes
    assert not analysis.rule_errors, analysis.rule_errors
    return outcome


def credit(outcome: RuleOutcome) -> float | None:
    """Share of the rule's weight earned: 1.0 full, None not applicable."""
    return rule_score(outcome, 1.0, default_rubric()).earned


def describe(outcome: RuleOutcome) -> Any:
    if outcome.verdict is not None:
        return (outcome.verdict.status, outcome.verdict.message)
    return outcome.not_applicable or outcome.findings


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m flasklint ARGS`, as a user runs it: a fresh process, output captured."""
    return subprocess.run(
        [sys.executable, "-m", "flasklint", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300
    )
