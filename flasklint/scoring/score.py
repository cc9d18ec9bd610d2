"""Rubric -> per-rule values -> per-skill subscores -> overall score and band.

One formula for any number of rules (docs/scoring.md explains each number):

- every applicable rule has a value in [0, 1]. A practice: met 1, partly
  met 0.5, not met 0. An anti-pattern: `1 - impact(worst severity) x
  saturation(share)`, where `share` is the part of the rule's units (the
  app's modules, its views, or the repository) that its findings affect, and
  saturation reaches 1 at `saturation_share`: a problem costs by how
  widespread and how severe it is, not by how often the grep matched;
- a skill's subscore is `100 x mean ** exponent`, the mean the weight-averaged
  value of its applicable rules (so no single practice zeroes a skill) and the
  exponent calibrated on the labelled corpus; security is then capped by
  its worst finding (a confirmed critical hole cannot hide behind clean
  rules). A skill where nothing applies is n/a and leaves the average;
- the overall score is the skill-weighted mean of the skills that apply;
- the band is the highest whose threshold the score reaches, lowered to a
  cap when a red-flag practice earns nothing (no tests at all) or a finding
  is critical (request data reaching a dangerous sink as written), which also
  caps the score: an exploitable hole outweighs any amount of tidy structure.

The rubric is data; the report prints the rubric it used.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flasklint.analysis.rule import MET, NOT_MET, PARTLY, SKILLS

if TYPE_CHECKING:
    from flasklint.analysis.engine import RuleOutcome

# Each skill's share of the score before calibration (calibration/fit.py scales them
# by how well each separates the expert's bands on the labelled corpus).
BASE_SKILL_WEIGHTS: dict[str, float] = {
    "architecture": 20,
    "global-state": 10,
    "api-design": 10,
    "data-layer": 12,
    "security": 20,
    "testing": 15,
    "operations": 6,
    "code-quality": 7,
}
CALIBRATION = Path(__file__).with_name("calibration.json")

DEFAULT_RUBRIC: dict[str, Any] = {
    "skill_weights": dict(BASE_SKILL_WEIGHTS),
    # how much of an anti-pattern rule's value its worst finding can take
    "severity_impact": {"low": 0.5, "medium": 0.75, "high": 1.0, "critical": 1.0},
    # share of the rule's units at which an anti-pattern costs all it can
    "saturation_share": 0.25,
    "verdict_value": {MET: 1.0, PARTLY: 0.5, NOT_MET: 0.0},
    # band: lowest score that reaches it; anything below the lowest is "junior"
    "bands": {"senior": 75, "mid": 40},
    "rule_weights": {},  # code -> weight, overriding a rule's own
    # code -> highest band reachable when that rule applies and earns nothing
    "band_caps": {"FL601": "mid"},
    # with any critical finding (request data reaching a dangerous sink as written): the highest
    # band reachable, and the highest score
    "critical_finding_cap": "junior",
    "critical_finding_score_cap": 20,
    # a repository that neither builds a Flask app nor defines a route has nothing to grade well:
    # the highest band and score it can reach
    "no_application_cap": {"band": "junior", "score": 35},
    # Python code that could not be read (syntax errors, too large, undecodable) costs its share
    # of the score; past `share` of the code, the band is capped too
    "unread_code": {"share": 0.2, "band": "mid"},
    # skill -> worst finding severity -> the highest subscore the skill can have
    "worst_finding_caps": {"security": {"critical": 30, "high": 70}},
    # skill -> how much lower that cap goes for each further rule with a finding severe enough to
    # cap: SQL injection, a shell injection and pickle of request data are worse than one of them
    "worst_finding_step": {"security": 10},
    # subscores on a calibrated scale: 100 x (weighted mean of the rule values) ** exponent
    "scale": {"exponent": 1.0},
}
BAND_ORDER = ("junior", "mid", "senior")


def _calibrated() -> None:
    """Apply the numbers calibration/fit.py fitted on the labelled corpus (docs/calibration.md)."""
    try:
        fitted = json.loads(CALIBRATION.read_text())
    except (OSError, ValueError):
        return  # an uncalibrated rubric still works: rules keep their own weights
    DEFAULT_RUBRIC["rule_weights"] = dict(fitted["rule_weights"])
    DEFAULT_RUBRIC["skill_weights"] = dict(fitted["skill_weights"])
    DEFAULT_RUBRIC["scale"] = dict(fitted["scale"])


_calibrated()


def default_rubric() -> dict[str, Any]:
    return copy.deepcopy(DEFAULT_RUBRIC)


@dataclass
class RuleScore:
    outcome: RuleOutcome
    weight: float
    # weight x value: what the rule earns of its weight; None when it does not apply
    earned: float | None

    @property
    def code(self) -> str:
        return self.outcome.rule.code


@dataclass
class SkillScore:
    skill: str
    weight: float
    rules: list[RuleScore] = field(default_factory=list)
    cap: float | None = None  # the worst finding's cap on the subscore (worst_finding_caps)
    exponent: float = 1.0  # the rubric's calibrated scale (see skill_subscore)

    @property
    def applicable(self) -> list[RuleScore]:
        return [r for r in self.rules if r.earned is not None]

    @property
    def score(self) -> float | None:
        return skill_subscore(
            [(r.weight, (r.earned or 0.0) / r.weight) for r in self.applicable], self.cap, self.exponent
        )


def skill_subscore(values: list[tuple[float, float]], cap: float | None, exponent: float) -> float | None:
    """A skill's subscore from its applicable rules' (weight, value in [0, 1]); None when none applies.

    `100 x mean ** exponent`, the mean weighted by the rules' weights: 0 stays
    0 and everything met stays 100, while a partial record counts for less the
    larger the calibrated exponent (a skill half met is not half way to
    senior). Then capped by the skill's worst finding.
    """
    possible = sum(weight for weight, _ in values)
    if not possible:
        return None
    mean = sum(weight * value for weight, value in values) / possible
    subscore = 100.0 * max(0.0, mean) ** exponent
    return subscore if cap is None else min(subscore, cap)


def overall_score(skills: list[tuple[float, float | None]]) -> float | None:
    """The weighted mean of the (weight, subscore) of the skills that have a subscore."""
    judged = [(weight, value) for weight, value in skills if value is not None and weight > 0]
    total = sum(weight for weight, _ in judged)
    return sum(weight * value for weight, value in judged) / total if total else None


def worst_cap(skill: str, findings: Collection[tuple[str, str]], rubric: dict[str, Any]) -> float | None:
    """The cap a skill's worst findings put on its subscore, if any.

    `findings`: (rule code, severity) of the skill's findings. The worst
    severity's cap (`worst_finding_caps`) goes `worst_finding_step` lower for
    each further rule with a finding severe enough to cap (high or critical
    for security), down to 0: five kinds of hole are worse than one.
    """
    caps = rubric.get("worst_finding_caps", {}).get(skill, {})
    severities = {severity for _, severity in findings}
    limits = [(float(limit), severity) for severity, limit in caps.items() if severity in severities]
    if not limits:
        return None
    limit = min(cap for cap, _ in limits)
    # every rule with a finding severe enough to cap the skill: each is a distinct class of hole
    rules = len({code for code, severity in findings if severity in caps})
    step = float(rubric.get("worst_finding_step", {}).get(skill, 0.0))
    return max(0.0, limit - step * (rules - 1))


@dataclass(frozen=True)
class GradeEvidence:
    """How much there was to judge, beside the rules' outcomes."""

    serves_requests: bool = True  # the code builds a Flask app or defines routes
    unread_share: float = 0.0  # share of the Python code (bytes) that could not be read


# what a band cap that is not a rule says, for reports and the ranking's red flags
CAP_REASONS = {
    "no-application": "no Flask app or route to judge",
    "unread-code": "too much of the code could not be read",
}


@dataclass
class Score:
    overall: float | None
    band: str | None
    skills: list[SkillScore]
    rubric: dict[str, Any]
    capped_by: list[str] = field(default_factory=list)  # codes that lowered the band


def saturation(share: float, rubric: dict[str, Any]) -> float:
    """0 for no share of the units, rising steeply for the first few, 1 from `saturation_share` on."""
    return min(1.0, (share / rubric["saturation_share"]) ** 0.5) if share > 0 else 0.0


def antipattern_value(outcome: RuleOutcome, rubric: dict[str, Any]) -> float:
    """What an anti-pattern rule keeps of its weight: 1 when clean."""
    if not outcome.findings:
        return 1.0
    worst = max(rubric["severity_impact"][f.severity] for f in outcome.findings)
    return 1.0 - worst * saturation(outcome.share, rubric)


def rule_score(outcome: RuleOutcome, weight: float, rubric: dict[str, Any]) -> RuleScore:
    if outcome.not_applicable is not None:
        return RuleScore(outcome, weight, None)
    if outcome.verdict is not None:
        return RuleScore(outcome, weight, weight * rubric["verdict_value"][outcome.verdict.status])
    return RuleScore(outcome, weight, weight * antipattern_value(outcome, rubric))


def band_for(score: float, rubric: dict[str, Any]) -> str:
    for band, threshold in sorted(rubric["bands"].items(), key=lambda kv: -kv[1]):
        if score >= threshold:
            return band
    return "junior"


def score(
    outcomes: list[RuleOutcome], rubric: dict[str, Any] | None = None, evidence: GradeEvidence | None = None
) -> Score:
    rubric = rubric or default_rubric()
    evidence = evidence or GradeEvidence()
    exponent = float(rubric["scale"]["exponent"])
    skills: dict[str, SkillScore] = {
        name: SkillScore(name, float(rubric["skill_weights"].get(name, 0)), exponent=exponent) for name in SKILLS
    }
    for outcome in outcomes:
        rule = outcome.rule
        weight = float(rubric["rule_weights"].get(rule.code, rule.weight))
        skills[rule.skill].rules.append(rule_score(outcome, weight, rubric))
    for skill in skills.values():
        found = {(f.code, f.severity) for r in skill.applicable for f in r.outcome.findings}
        skill.cap = worst_cap(skill.skill, found, rubric)
    total = overall_score([(s.weight, s.score) for s in skills.values()])
    critical = sorted({f.code for o in outcomes for f in o.findings if f.severity == "critical"})
    if total is not None and critical and rubric.get("critical_finding_score_cap") is not None:
        total = min(total, float(rubric["critical_finding_score_cap"]))
    unread = rubric.get("unread_code")
    if total is not None and unread and evidence.unread_share > 0:
        total *= 1.0 - evidence.unread_share  # what could not be read earns nothing
    no_app = rubric.get("no_application_cap")
    if total is not None and no_app and not evidence.serves_requests:
        total = min(total, float(no_app["score"]))
    overall = None if total is None else round(total, 1)
    band = None
    capped_by: list[str] = []
    if overall is not None:
        band = band_for(overall, rubric)
        by_code = {r.code: r for s in skills.values() for r in s.rules}
        for code, cap in sorted(rubric["band_caps"].items()):
            capping = by_code.get(code)
            if capping is None or capping.earned is None or capping.earned > 0:
                continue
            if BAND_ORDER.index(cap) < BAND_ORDER.index(band):
                band = cap
                capped_by.append(code)
        cap = rubric.get("critical_finding_cap")
        if cap and critical and BAND_ORDER.index(cap) < BAND_ORDER.index(band):
            band = cap
            capped_by.append(critical[0])
        limits = []
        if unread and evidence.unread_share > float(unread["share"]):
            limits.append(("unread-code", unread["band"]))
        if no_app and not evidence.serves_requests:
            limits.append(("no-application", no_app["band"]))
        for reason, cap in limits:
            # named even when the score alone already put the band there: the reviewer must see why
            band = cap if BAND_ORDER.index(cap) < BAND_ORDER.index(band) else band
            capped_by.append(reason)
    return Score(overall, band, list(skills.values()), rubric, capped_by)
