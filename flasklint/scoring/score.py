"""Rubric -> per-rule outcomes -> per-skill subscores -> overall score and band.

One formula for any number of rules:

- practices give a skill its base: `sum(weight x value(verdict)) / sum(weight)`
  over the skill's applicable practice rules (met 1, partly met 0.5, not met
  0); a skill with no applicable practice starts at 1;
- every anti-pattern finding then takes a share of what is left:
  `share = cost(severity) x rule weight / reference weight`, and the skill is
  multiplied by `(1 - share)` for each finding. Cost grows with count and
  severity, never below zero. A clean anti-pattern rule changes nothing, so
  adding rules cannot dilute a serious finding (with the earlier additive
  formula, one SQL injection among twenty clean security rules cost 5%);
- a rule that does not apply leaves the score;
- a skill's subscore is `100 x base x product(1 - share)`; a skill where no
  rule applies has none. The overall score is the skill-weighted mean of the
  skills that have one;
- the band is the highest whose threshold the score reaches, lowered to a
  cap when a red-flag rule earns nothing (no tests at all is not senior work,
  whatever else the repository does well) or when any finding is critical
  (an exploitable hole is not senior work either).

The rubric is data; the report prints the rubric it used.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flasklint.analysis.rule import MET, NOT_MET, PARTLY, SKILLS

if TYPE_CHECKING:
    from flasklint.analysis.engine import RuleOutcome

DEFAULT_RUBRIC: dict[str, Any] = {
    "skill_weights": {
        "architecture": 20,
        "global-state": 10,
        "api-design": 10,
        "data-layer": 12,
        "security": 20,
        "testing": 15,
        "operations": 6,
        "code-quality": 7,
    },
    # share of a skill one finding of a rule of the reference weight takes
    "severity_cost": {"low": 0.05, "medium": 0.15, "high": 0.35, "critical": 0.7},
    "reference_weight": 3.0,
    "verdict_value": {MET: 1.0, PARTLY: 0.5, NOT_MET: 0.0},
    # band: lowest score that reaches it; anything below the lowest is "junior"
    "bands": {"senior": 75, "mid": 40},
    "rule_weights": {},  # code -> weight, overriding a rule's own
    # code -> highest band reachable when that rule applies and earns nothing
    "band_caps": {"FL601": "mid"},
    # highest band reachable with any critical finding (an exploitable hole)
    "critical_finding_cap": "mid",
    # skill -> [subscore below which, highest band reachable]
    "skill_caps": {"security": [25, "junior"]},
}
BAND_ORDER = ("junior", "mid", "senior")


def default_rubric() -> dict[str, Any]:
    return copy.deepcopy(DEFAULT_RUBRIC)


@dataclass
class RuleScore:
    outcome: RuleOutcome
    weight: float
    # practices: weight x verdict value; anti-patterns: weight x what the
    # findings leave; None when the rule does not apply
    earned: float | None
    kept: float = 1.0  # anti-patterns: the factor the findings leave of the skill

    @property
    def code(self) -> str:
        return self.outcome.rule.code


@dataclass
class SkillScore:
    skill: str
    weight: float
    rules: list[RuleScore] = field(default_factory=list)

    @property
    def applicable(self) -> list[RuleScore]:
        return [r for r in self.rules if r.earned is not None]

    @property
    def score(self) -> float | None:
        rules = self.applicable
        if not rules:
            return None
        practices = [r for r in rules if r.outcome.rule.kind == "practice"]
        possible = sum(r.weight for r in practices)
        base = sum(r.earned or 0.0 for r in practices) / possible if possible else 1.0
        for rule in rules:
            base *= rule.kept
        return 100.0 * base


@dataclass
class Score:
    overall: float | None
    band: str | None
    skills: list[SkillScore]
    rubric: dict[str, Any]
    capped_by: list[str] = field(default_factory=list)  # codes that lowered the band


def findings_factor(outcome: RuleOutcome, weight: float, rubric: dict[str, Any]) -> float:
    """What an anti-pattern rule's findings leave of its skill (1.0: nothing taken)."""
    kept = 1.0
    scale = weight / rubric["reference_weight"]
    for finding in outcome.findings:
        kept *= 1.0 - min(1.0, rubric["severity_cost"][finding.severity] * scale)
    return kept


def rule_score(outcome: RuleOutcome, weight: float, rubric: dict[str, Any]) -> RuleScore:
    if outcome.not_applicable is not None:
        return RuleScore(outcome, weight, None)
    if outcome.verdict is not None:
        return RuleScore(outcome, weight, weight * rubric["verdict_value"][outcome.verdict.status])
    kept = findings_factor(outcome, weight, rubric)
    return RuleScore(outcome, weight, weight * kept, kept)


def band_for(score: float, rubric: dict[str, Any]) -> str:
    for band, threshold in sorted(rubric["bands"].items(), key=lambda kv: -kv[1]):
        if score >= threshold:
            return band
    return "junior"


def score(outcomes: list[RuleOutcome], rubric: dict[str, Any] | None = None) -> Score:
    rubric = rubric or default_rubric()
    skills: dict[str, SkillScore] = {
        name: SkillScore(name, float(rubric["skill_weights"].get(name, 0))) for name in SKILLS
    }
    for outcome in outcomes:
        rule = outcome.rule
        weight = float(rubric["rule_weights"].get(rule.code, rule.weight))
        skills[rule.skill].rules.append(rule_score(outcome, weight, rubric))
    applicable = [s for s in skills.values() if s.score is not None and s.weight > 0]
    total_weight = sum(s.weight for s in applicable)
    overall = None
    band = None
    capped_by: list[str] = []
    if total_weight:
        overall = round(sum(s.weight * (s.score or 0.0) for s in applicable) / total_weight, 1)
        band = band_for(overall, rubric)
        by_code = {r.code: r for s in skills.values() for r in s.rules}
        for code, cap in sorted(rubric["band_caps"].items()):
            capping = by_code.get(code)
            if capping is None or capping.earned is None or capping.earned > 0:
                continue
            if BAND_ORDER.index(cap) < BAND_ORDER.index(band):
                band = cap
                capped_by.append(code)
        for skill_name, (threshold, skill_cap) in sorted(rubric.get("skill_caps", {}).items()):
            value = skills[skill_name].score if skill_name in skills else None
            if value is not None and value < threshold and BAND_ORDER.index(skill_cap) < BAND_ORDER.index(band):
                band = skill_cap
                capped_by.append(skill_name)
        cap = rubric.get("critical_finding_cap")
        critical = sorted({f.code for o in outcomes for f in o.findings if f.severity == "critical"})
        if cap and critical and BAND_ORDER.index(cap) < BAND_ORDER.index(band):
            band = cap
            capped_by.append(critical[0])
    return Score(overall, band, list(skills.values()), rubric, capped_by)
