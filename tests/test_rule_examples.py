"""Every rule's own good and bad examples, graded through the engine.

A good example must be judged (not "not applicable") and earn the rule's full
weight; a bad example must cost the rule some of it.
"""

from __future__ import annotations

import pytest

from flasklint.registry import load_rules
from tests.helpers import credit, describe, outcome_of, write_tree

RULES = load_rules()
GOOD = [pytest.param(rule, ex, id=f"{rule.code}-good{i}") for rule in RULES for i, ex in enumerate(rule.good, 1)]
BAD = [pytest.param(rule, ex, id=f"{rule.code}-bad{i}") for rule in RULES for i, ex in enumerate(rule.bad, 1)]


def test_every_rule_has_good_and_bad_examples():
    for rule in RULES:
        assert rule.good, f"{rule.code} has no good example"
        assert rule.bad, f"{rule.code} has no bad example"


@pytest.mark.parametrize(("rule", "example"), GOOD)
def test_good_example_earns_full_weight(rule, example, tmp_path):
    outcome = outcome_of(rule, write_tree(tmp_path, example))
    assert credit(outcome) == 1.0, describe(outcome)


@pytest.mark.parametrize(("rule", "example"), BAD)
def test_bad_example_costs_points(rule, example, tmp_path):
    outcome = outcome_of(rule, write_tree(tmp_path, example))
    earned = credit(outcome)
    assert earned is not None, f"not applicable: {outcome.not_applicable}"
    assert earned < 1.0, describe(outcome)
    if rule.kind == "antipattern":
        assert all(f.line > 0 and f.path for f in outcome.findings), outcome.findings
    else:
        assert outcome.verdict is not None and outcome.verdict.message
