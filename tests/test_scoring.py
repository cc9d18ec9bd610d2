"""The scoring formula: one formula for any number of rules, monotone and bounded."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flasklint.analysis.engine import RuleOutcome
from flasklint.analysis.rule import MET, NOT_MET, PARTLY, SEVERITIES, FileRule, Finding, PracticeRule, Verdict
from flasklint.scoring.score import BASE_SKILL_WEIGHTS, band_for, default_rubric, score


def plain_rubric() -> dict:
    """The default rubric without the corpus calibration: every number below can be worked out by hand."""
    rubric = default_rubric()
    rubric["rule_weights"] = {}
    rubric["skill_weights"] = dict(BASE_SKILL_WEIGHTS)
    rubric["scale"] = {"exponent": 1.0}
    return rubric


def practice(code: str, skill: str, weight: float) -> type[PracticeRule]:
    return type(code, (PracticeRule,), {"code": code, "name": code.lower(), "skill": skill, "weight": weight})


def antipattern(code: str, skill: str, weight: float) -> type[FileRule]:
    return type(code, (FileRule,), {"code": code, "name": code.lower(), "skill": skill, "weight": weight})


def finding(code: str, severity: str, line: int = 1) -> Finding:
    return Finding("app.py", line, 1, code, severity, "x")


def found(code: str, skill: str, weight: float, severity: str, share: float) -> RuleOutcome:
    return RuleOutcome(antipattern(code, skill, weight), findings=[finding(code, severity)], share=share)


def skill_of(result, name):
    return next(s for s in result.skills if s.skill == name)


def test_practice_values_and_not_applicable_leaves_the_denominator():
    met = RuleOutcome(practice("FL1", "architecture", 3), verdict=Verdict(MET, ""))
    partly = RuleOutcome(practice("FL2", "architecture", 2), verdict=Verdict(PARTLY, ""))
    na = RuleOutcome(practice("FL3", "architecture", 5), not_applicable="no models")
    result = score([met, partly, na], plain_rubric())
    assert skill_of(result, "architecture").score == 100 * (3 + 1) / 5
    assert result.overall == 80.0  # the only applicable skill


def test_an_anti_pattern_costs_by_prevalence_and_severity_not_by_count():
    rubric = plain_rubric()
    # value = 1 - impact(worst severity) x min(1, sqrt(share / 0.25))
    assert score([found("FL9", "code-quality", 2, "high", 0.01)], rubric).overall == pytest.approx(80.0)
    assert score([found("FL9", "code-quality", 2, "high", 0.25)], rubric).overall == 0.0
    assert score([found("FL9", "code-quality", 2, "low", 1.0)], rubric).overall == 50.0
    assert score([found("FL9", "code-quality", 2, "medium", 1.0)], rubric).overall == 25.0
    many = RuleOutcome(
        antipattern("FL9", "code-quality", 2), findings=[finding("FL9", "high", n) for n in range(50)], share=0.01
    )
    assert score([many], rubric).overall == pytest.approx(80.0)  # 50 matches in 1% of the app: still 1%


def test_no_single_practice_zeroes_a_skill():
    missing_csrf = RuleOutcome(practice("FL513", "security", 2), verdict=Verdict(NOT_MET, ""))
    clean_sql = RuleOutcome(antipattern("FL503", "security", 3))
    result = score([missing_csrf, clean_sql], plain_rubric())
    assert skill_of(result, "security").score == 60.0
    assert result.band == "mid"  # no band cap from a missing practice


def test_security_follows_its_worst_finding_whatever_the_clean_rules():
    critical = found("FL1", "security", 3, "critical", 1.0)
    crowd = [RuleOutcome(antipattern(f"FL{i}", "security", 3)) for i in range(10, 40)]
    result = score([critical, *crowd], plain_rubric())
    assert skill_of(result, "security").score == 30.0  # the cap for a critical finding
    rubric = plain_rubric()
    rubric["skill_weights"]["security"] = 1  # so the score alone would say senior
    strong = RuleOutcome(practice("FL101", "architecture", 1), verdict=Verdict(MET, ""))
    capped = score([strong, critical, *crowd], rubric)
    assert capped.overall == 20.0 and capped.band == "junior"  # an exploitable hole caps the score too
    rubric["critical_finding_score_cap"] = None
    band_only = score([strong, critical, *crowd], rubric)
    assert band_only.overall >= 75 and band_only.band == "junior" and band_only.capped_by == ["FL1"]
    medium = score([found("FL1", "security", 3, "medium", 1.0), *crowd], plain_rubric())
    assert skill_of(medium, "security").score > 95  # a medium finding caps nothing


def test_skills_without_applicable_rules_are_n_a_and_leave_the_overall():
    arch = RuleOutcome(practice("FL1", "architecture", 1), verdict=Verdict(MET, ""))
    tests = RuleOutcome(practice("FL6", "testing", 1), verdict=Verdict(NOT_MET, ""))
    na = RuleOutcome(antipattern("FL2", "data-layer", 1), not_applicable="the code never calls a database")
    result = score([arch, tests, na], plain_rubric())
    weights = BASE_SKILL_WEIGHTS
    expected = 100 * weights["architecture"] / (weights["architecture"] + weights["testing"])
    assert result.overall == round(expected, 1)
    assert skill_of(result, "data-layer").score is None


def test_the_calibrated_scale_keeps_0_and_100_and_lowers_a_partial_record():
    rubric = plain_rubric()
    rubric["scale"] = {"exponent": 2.0}
    partly = RuleOutcome(practice("FL1", "architecture", 1), verdict=Verdict(PARTLY, ""))
    assert score([partly], rubric).overall == 25.0  # 100 x 0.5 ** 2
    for status, expected in ((MET, 100.0), (NOT_MET, 0.0)):
        outcome = RuleOutcome(practice("FL1", "architecture", 1), verdict=Verdict(status, ""))
        assert score([outcome], rubric).overall == expected


def test_bands_and_caps():
    rubric = plain_rubric()
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
    rubric = plain_rubric()
    rubric["rule_weights"] = {"FL1": 9}
    rubric["bands"] = {"senior": 95, "mid": 10}
    a = RuleOutcome(practice("FL1", "architecture", 1), verdict=Verdict(NOT_MET, ""))
    b = RuleOutcome(practice("FL2", "architecture", 1), verdict=Verdict(MET, ""))
    result = score([a, b], rubric)
    assert result.overall == 10.0 and result.band == "mid"


# -- properties ---------------------------------------------------------------
SKILL = st.sampled_from(list(BASE_SKILL_WEIGHTS))
SPEC = st.tuples(
    st.sampled_from(["practice", "antipattern", "na"]),
    st.floats(min_value=0.1, max_value=10),
    st.sampled_from([MET, PARTLY, NOT_MET]),
    st.lists(st.sampled_from(SEVERITIES), max_size=6),
    st.floats(min_value=0.0, max_value=1.0),
    SKILL,
)
RUBRICS = st.sampled_from(["default", "plain"])


def build(specs) -> list[RuleOutcome]:
    outcomes = []
    for i, (kind, weight, value, severities, share, skill) in enumerate(specs):
        code = f"FX{i}"
        if kind == "practice":
            outcomes.append(RuleOutcome(practice(code, skill, weight), verdict=Verdict(value, "")))
        elif kind == "antipattern":
            findings = [finding(code, s, n) for n, s in enumerate(severities, 1)]
            outcomes.append(RuleOutcome(antipattern(code, skill, weight), findings=findings, share=share))
        else:
            outcomes.append(RuleOutcome(practice(code, skill, weight), not_applicable="n/a"))
    return outcomes


def rubric_named(name: str) -> dict:
    return default_rubric() if name == "default" else plain_rubric()


@given(st.lists(SPEC, max_size=30), RUBRICS)
def test_any_rule_pack_scores_within_bounds(specs, rubric_name):
    result = score(build(specs), rubric_named(rubric_name))
    if result.overall is None:
        assert all(kind == "na" for kind, *_ in specs)
        return
    assert 0.0 <= result.overall <= 100.0
    for skill in result.skills:
        assert skill.score is None or 0.0 <= skill.score <= 100.0 + 1e-9
    assert result.band in ("junior", "mid", "senior")


@given(st.lists(SPEC, min_size=1, max_size=20), st.data(), RUBRICS)
def test_fixing_a_finding_never_lowers_the_score(specs, data, rubric_name):
    outcomes = build(specs)
    with_findings = [o for o in outcomes if o.findings]
    if not with_findings:
        return
    rubric = rubric_named(rubric_name)
    before = score(outcomes, rubric)
    fixed = copy.copy(data.draw(st.sampled_from(with_findings)))
    fixed.findings = fixed.findings[1:]
    fixed.share = data.draw(st.floats(min_value=0.0, max_value=fixed.share)) if fixed.findings else 0.0
    after = score([fixed if o.rule is fixed.rule else o for o in outcomes], rubric)
    assert after.overall >= before.overall
    assert ("junior", "mid", "senior").index(after.band) >= ("junior", "mid", "senior").index(before.band)


@given(st.lists(SPEC, min_size=1, max_size=20), st.data(), RUBRICS)
def test_meeting_a_practice_never_lowers_the_score(specs, data, rubric_name):
    outcomes = build(specs)
    practices = [o for o in outcomes if o.verdict is not None and o.verdict.status != MET]
    if not practices:
        return
    rubric = rubric_named(rubric_name)
    before = score(outcomes, rubric)
    target = data.draw(st.sampled_from(practices))
    better = RuleOutcome(target.rule, verdict=Verdict(PARTLY if target.verdict.status == NOT_MET else MET, ""))
    after = score([better if o is target else o for o in outcomes], rubric)
    assert after.overall >= before.overall


def test_each_further_kind_of_hole_lowers_the_security_cap():
    from flasklint.scoring.score import default_rubric, worst_cap

    rubric = default_rubric()
    assert worst_cap("security", [("FL503", "critical")], rubric) == 30
    assert worst_cap("security", [("FL503", "critical"), ("FL503", "critical")], rubric) == 30  # one rule, one kind
    assert worst_cap("security", [("FL503", "critical"), ("FL508", "critical")], rubric) == 20
    assert worst_cap("security", [("FL503", "critical"), ("FL508", "critical"), ("FL509", "high")], rubric) == 10
    assert worst_cap("security", [("FL501", "high"), ("FL502", "high")], rubric) == 60
    assert worst_cap("security", [(f"FL5{i:02d}", "critical") for i in range(1, 9)], rubric) == 0
    assert worst_cap("security", [("FL506", "low"), ("FL516", "medium")], rubric) is None
    # fixing one of them never lowers the cap (monotone)
    assert worst_cap("security", [("FL503", "critical")], rubric) >= worst_cap(
        "security", [("FL503", "critical"), ("FL501", "high")], rubric
    )
