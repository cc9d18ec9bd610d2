"""The scoring formula: one formula for any number of rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flasklint.analysis.engine import RuleOutcome
from flasklint.analysis.rule import MET, NOT_MET, PARTLY, SEVERITIES, FileRule, Finding, PracticeRule, Verdict
from flasklint.scoring.score import band_for, default_rubric, score


def practice(code: str, skill: str, weight: float) -> type[PracticeRule]:
    return type(code, (PracticeRule,), {"code": code, "name": code.lower(), "skill": skill, "weight": weight})


def antipattern(code: str, skill: str, weight: float) -> type[FileRule]:
    return type(code, (FileRule,), {"code": code, "name": code.lower(), "skill": skill, "weight": weight})


def finding(code: str, severity: str) -> Finding:
    return Finding("app.py", 1, 1, code, severity, "x")


def test_practice_values_and_not_applicable_leaves_the_denominator():
    met = RuleOutcome(practice("FL1", "architecture", 3), verdict=Verdict(MET, ""))
    partly = RuleOutcome(practice("FL2", "architecture", 2), verdict=Verdict(PARTLY, ""))
    na = RuleOutcome(practice("FL3", "architecture", 5), not_applicable="no models")
    result = score([met, partly, na])
    arch = next(s for s in result.skills if s.skill == "architecture")
    assert arch.score == 100 * (3 + 1) / 5
    assert result.overall == 80.0  # the only applicable skill


def test_findings_take_a_share_of_what_is_left():
    rule = antipattern("FL9", "security", 3)  # the reference weight
    one_high = score([RuleOutcome(rule, findings=[finding("FL9", "high")])])
    two_high = score([RuleOutcome(rule, findings=[finding("FL9", "high")] * 2)])
    one_low = score([RuleOutcome(rule, findings=[finding("FL9", "low")])])
    critical = score([RuleOutcome(rule, findings=[finding("FL9", "critical")])])
    assert one_high.overall == 65.0
    assert two_high.overall == pytest.approx(42.25, abs=0.06)
    assert one_low.overall == 95.0
    assert critical.overall == 30.0
    light = antipattern("FL8", "security", 1)  # a third of the reference weight: a third of the share
    assert score([RuleOutcome(light, findings=[finding("FL8", "high")])]).overall == pytest.approx(88.3, abs=0.06)


def test_clean_rules_do_not_dilute_a_finding():
    bad = RuleOutcome(antipattern("FL1", "security", 3), findings=[finding("FL1", "critical")])
    alone = score([bad]).overall
    crowded = score([bad, *[RuleOutcome(antipattern(f"FL{i}", "security", 3)) for i in range(10, 40)]]).overall
    assert alone == crowded == 30.0


def test_practices_set_the_base_and_findings_scale_it():
    practice_rule = RuleOutcome(practice("FL1", "data-layer", 2), verdict=Verdict(PARTLY, ""))
    finding_rule = RuleOutcome(antipattern("FL2", "data-layer", 3), findings=[finding("FL2", "medium")])
    assert score([practice_rule, finding_rule]).overall == pytest.approx(50 * 0.85)


def test_skills_without_applicable_rules_leave_the_overall():
    arch = RuleOutcome(practice("FL1", "architecture", 1), verdict=Verdict(MET, ""))
    tests = RuleOutcome(practice("FL6", "testing", 1), verdict=Verdict(NOT_MET, ""))
    result = score([arch, tests])
    weights = default_rubric()["skill_weights"]
    expected = 100 * weights["architecture"] / (weights["architecture"] + weights["testing"])
    assert result.overall == round(expected, 1)


def test_bands_and_caps():
    rubric = default_rubric()
    senior, mid = rubric["bands"]["senior"], rubric["bands"]["mid"]
    assert band_for(senior, rubric) == "senior"
    assert band_for(senior - 0.1, rubric) == "mid"
    assert band_for(mid, rubric) == "mid"
    assert band_for(mid - 0.1, rubric) == "junior"
    rubric["skill_weights"]["testing"] = 1  # so the score alone would say senior
    strong = RuleOutcome(practice("FL101", "architecture", 1), verdict=Verdict(MET, ""))
    no_tests = RuleOutcome(practice("FL601", "testing", 1), verdict=Verdict(NOT_MET, ""))
    result = score([strong, no_tests], rubric)
    assert result.overall >= 75
    assert result.band == "mid" and result.capped_by == ["FL601"]


def test_rubric_overrides_rule_weights_and_thresholds():
    rubric = default_rubric()
    rubric["rule_weights"] = {"FL1": 9}
    rubric["bands"] = {"senior": 95, "mid": 10}
    a = RuleOutcome(practice("FL1", "architecture", 1), verdict=Verdict(NOT_MET, ""))
    b = RuleOutcome(practice("FL2", "architecture", 1), verdict=Verdict(MET, ""))
    result = score([a, b], rubric)
    assert result.overall == 10.0 and result.band == "mid"


OUTCOME = st.builds(
    lambda kind, weight, value, severities, skill: (kind, weight, value, severities, skill),
    st.sampled_from(["practice", "antipattern", "na"]),
    st.floats(min_value=0.1, max_value=10),
    st.sampled_from([MET, PARTLY, NOT_MET]),
    st.lists(st.sampled_from(SEVERITIES), max_size=6),
    st.sampled_from(list(default_rubric()["skill_weights"])),
)


@given(st.lists(OUTCOME, max_size=30))
def test_any_rule_pack_scores_within_bounds(specs):
    outcomes = []
    for i, (kind, weight, value, severities, skill) in enumerate(specs):
        code = f"FX{i}"
        if kind == "practice":
            outcomes.append(RuleOutcome(practice(code, skill, weight), verdict=Verdict(value, "")))
        elif kind == "antipattern":
            outcomes.append(
                RuleOutcome(antipattern(code, skill, weight), findings=[finding(code, s) for s in severities])
            )
        else:
            outcomes.append(RuleOutcome(practice(code, skill, weight), not_applicable="n/a"))
    result = score(outcomes)
    if result.overall is None:
        assert all(kind == "na" for kind, *_ in specs)
        return
    assert 0.0 <= result.overall <= 100.0
    for skill in result.skills:
        assert skill.score is None or 0.0 <= skill.score <= 100.0 + 1e-9
    assert result.band in ("junior", "mid", "senior")
