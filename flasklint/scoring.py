"""Rubric -> per-rule credit -> per-skill subscores -> overall score and band.

One formula for any number of rules:

- a practice rule earns `weight x value(verdict)`: met 1, partly met 0.5,
  not met 0;
- an anti-pattern rule earns `weight x product(1 - cost(severity))` over its
  findings: each finding takes a share of what is left, so cost grows with
  count and severity but never below zero (one critical finding takes all);
- a rule that does not apply leaves both numerator and denominator;
- a skill's subscore is `100 x earned / possible` over its applicable rules;
  the overall score is the skill-weighted mean over applicable skills;
- the band is the highest whose threshold the score reaches, lowered to a
  cap when a red-flag rule earns nothing (no tests at all is not senior work,
  whatever else the repository does well).

The rubric is data; the report prints the rubric it used.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from flasklint.engine import RuleOutcome
from flasklint.rule import MET, NOT_MET, PARTLY, SKILLS

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
    "severity_cost": {"low": 0.1, "medium": 0.25, "high": 0.5, "critical": 1.0},
    "verdict_value": {MET: 1.0, PARTLY: 0.5, NOT_MET: 0.0},
    # band: lowest score that reaches it; anything below the lowest is "junior"
    "bands": {"senior": 75, "mid": 50},
    "rule_weights": {},  # code -> weight, overriding a rule's own
    # code -> highest band reachable when that rule applies and earns nothing
    "band_caps": {"FL601": "mid"},
}
BAND_ORDER = ("junior", "mid", "senior")


def default_rubric() -> dict[str, Any]:
    return copy.deepcopy(DEFAULT_RUBRIC)


@dataclass
class RuleScore:
    outcome: RuleOutcome
    weight: float
    earned: float | None  # None: not applicable

    @property
    def code(self) -> str:
        return self.outcome.rule.code

    @property
    def lost(self) -> float:
        return 0.0 if self.earned is None else self.weight - self.earned


@dataclass
class SkillScore:
    skill: str
    weight: float
    rules: list[RuleScore] = field(default_factory=list)

    @property
    def possible(self) -> float:
        return sum(r.weight for r in self.rules if r.earned is not None)

    @property
    def earned(self) -> float:
        return sum(r.earned for r in self.rules if r.earned is not None)

    @property
    def score(self) -> float | None:
        return 100.0 * self.earned / self.possible if self.possible else None


@dataclass
class Score:
    overall: float | None
    band: str | None
    skills: list[SkillScore]
    rubric: dict[str, Any]
    capped_by: list[str] = field(default_factory=list)  # codes that lowered the band


def rule_credit(outcome: RuleOutcome, weight: float, rubric: dict[str, Any]) -> float | None:
    if outcome.not_applicable is not None:
        return None
    if outcome.verdict is not None:
        return weight * rubric["verdict_value"][outcome.verdict.status]
    kept = 1.0
    for finding in outcome.findings:
        kept *= 1.0 - min(1.0, rubric["severity_cost"][finding.severity])
    return weight * kept


def band_for(score: float, rubric: dict[str, Any]) -> str:
    for band, threshold in sorted(rubric["bands"].items(), key=lambda kv: -kv[1]):
        if score >= threshold:
            return band
    return "junior"


def score(outcomes: list[RuleOutcome], rubric: dict[str, Any] | None = None) -> Score:
    rubric = rubric or default_rubric()
    skills = {name: SkillScore(name, float(rubric["skill_weights"].get(name, 0))) for name in SKILLS}
    for outcome in outcomes:
        rule = outcome.rule
        weight = float(rubric["rule_weights"].get(rule.code, rule.weight))
        skills[rule.skill].rules.append(RuleScore(outcome, weight, rule_credit(outcome, weight, rubric)))
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
            rule_score = by_code.get(code)
            if rule_score is None or rule_score.earned is None or rule_score.earned > 0:
                continue
            if BAND_ORDER.index(cap) < BAND_ORDER.index(band):
                band = cap
                capped_by.append(code)
    return Score(overall, band, list(skills.values()), rubric, capped_by)
