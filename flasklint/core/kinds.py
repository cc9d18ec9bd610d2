"""The words flasklint's data is made of, as types: severities, statuses, skills, roles.

Shared by every layer (the rules, the facts, scoring and the report), so a
misspelt status or role is a type error, not a silently unmatched string.
"""

from __future__ import annotations

from typing import Literal

Severity = Literal["low", "medium", "high", "critical"]
Status = Literal["met", "partly met", "not met", "not applicable"]
Skill = Literal[
    "architecture", "global-state", "api-design", "data-layer", "security", "testing", "operations", "code-quality"
]
RuleKind = Literal["antipattern", "practice"]
# What an anti-pattern's prevalence is counted in: the share of the app's
# modules or views it affects, or the repository as a whole (one is enough).
Unit = Literal["module", "view", "repository"]
UNITS: tuple[Unit, ...] = ("module", "view", "repository")
FileRole = Literal["app", "test", "migration"]  # what a file is, from its path and shape
FunctionRole = Literal["view", "hook", "cli", "fixture", "errorhandler"]  # what a function is, from its decorators

SEVERITIES: tuple[Severity, ...] = ("low", "medium", "high", "critical")
SEVERITY_RANK: dict[str, int] = {severity: rank for rank, severity in enumerate(SEVERITIES)}  # higher is worse

# The skills in report order, with the title a report shows for each.
SKILL_TITLES: dict[str, str] = {
    "architecture": "Architecture",
    "global-state": "Global state",
    "api-design": "API design",
    "data-layer": "Data layer",
    "security": "Security",
    "testing": "Testing",
    "operations": "Operations",
    "code-quality": "Code quality",
}
SKILLS: tuple[Skill, ...] = tuple(SKILL_TITLES)  # type: ignore[arg-type]

MET: Status = "met"
PARTLY: Status = "partly met"
NOT_MET: Status = "not met"
NOT_APPLICABLE: Status = "not applicable"
