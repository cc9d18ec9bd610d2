"""Every rule's own good and bad examples, graded through the engine.

A good example must be judged (not "not applicable"), earn the rule's full
weight and, for an anti-pattern rule, produce no finding. A bad example
states exactly what the rule must say of it (`Invalid(..., expect=...)` or
`status=...`): the same findings at the same `path:line`, or the same
verdict; firing anywhere else, or one finding too many, fails.
"""

from __future__ import annotations

import pytest

from flasklint.analysis.registry import load_rules
from flasklint.analysis.rule import NOT_MET, PARTLY, Invalid
from tests.helpers import credit, describe, outcome_of, write_tree

RULES = load_rules()
GOOD = [pytest.param(rule, ex, id=f"{rule.code}-good{i}") for rule in RULES for i, ex in enumerate(rule.good, 1)]
BAD = [pytest.param(rule, ex, id=f"{rule.code}-bad{i}") for rule in RULES for i, ex in enumerate(rule.bad, 1)]


def test_every_rule_has_good_and_bad_examples():
    for rule in RULES:
        assert rule.good, f"{rule.code} has no good example"
        assert rule.bad, f"{rule.code} has no bad example"
        assert all(isinstance(bad, Invalid) for bad in rule.bad), f"{rule.code}: wrap bad examples in Invalid(...)"


def test_bad_examples_pin_what_fits_their_rule_kind():
    for rule in RULES:
        for bad in rule.bad:
            if rule.kind == "practice":
                assert bad.status in (NOT_MET, PARTLY) and not bad.expect, rule.code
            else:
                assert bad.expect and bad.status is None, rule.code


@pytest.mark.parametrize(("rule", "example"), GOOD)
def test_good_example_earns_full_weight(rule, example, tmp_path):
    outcome = outcome_of(rule, write_tree(tmp_path, example))
    assert credit(outcome) == 1.0, describe(outcome)
    assert outcome.findings == []


@pytest.mark.parametrize(("rule", "invalid"), BAD)
def test_bad_example_reports_exactly_what_it_pins(rule, invalid, tmp_path):
    outcome = outcome_of(rule, write_tree(tmp_path, invalid.example))
    earned = credit(outcome)
    assert earned is not None, f"not applicable: {outcome.not_applicable}"
    assert earned < 1.0, describe(outcome)
    if rule.kind == "antipattern":
        assert sorted(f"{f.path}:{f.line}" for f in outcome.findings) == sorted(invalid.expect)
        assert {f.code for f in outcome.findings} == {rule.code}
        assert all(f.col > 0 and f.message for f in outcome.findings), outcome.findings
    else:
        assert outcome.verdict is not None and outcome.verdict.message
        assert outcome.verdict.status == invalid.status, describe(outcome)
