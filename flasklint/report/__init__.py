"""The report: one plain-data structure that every output format renders.

Building it once keeps the formats in agreement and the output deterministic:
everything in it is sorted, and nothing depends on time or machine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flasklint import __version__
from flasklint.core.kinds import SKILL_TITLES, SKILLS
from flasklint.report.model import FindingEntry, PracticeEntry, Report, RuleEntry, SkillEntry

if TYPE_CHECKING:
    from flasklint.analysis.engine import Analysis, RuleOutcome
    from flasklint.scoring.score import RuleScore, Score


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _status(outcome: RuleOutcome) -> str:
    if outcome.not_applicable is not None:
        return "not applicable"
    if outcome.verdict is not None:
        return outcome.verdict.status
    count = len(outcome.findings)
    return "clean" if count == 0 else f"{count} finding{'s' if count != 1 else ''}"


def _rule_entry(rule_score: RuleScore) -> RuleEntry:
    outcome = rule_score.outcome
    rule = outcome.rule
    entry: RuleEntry = {
        "code": rule.code,
        "name": rule.name,
        "kind": rule.kind,
        "weight": rule_score.weight,
        "earned": None if rule_score.earned is None else round(rule_score.earned, 3),
        "status": _status(outcome),
    }
    if outcome.not_applicable is not None:
        entry["reason"] = outcome.not_applicable
    elif outcome.verdict is not None:
        entry["message"] = outcome.verdict.message
        entry["evidence"] = [{"path": e.path, "line": e.line, "note": e.note} for e in outcome.verdict.evidence]
    return entry


def build_report(label: str, analysis: Analysis, score: Score) -> Report:
    project = analysis.project
    skills: dict[str, SkillEntry] = {}
    practices: list[PracticeEntry] = []
    findings: list[FindingEntry] = []
    for skill in score.skills:
        entries = [_rule_entry(r) for r in sorted(skill.rules, key=lambda r: r.code)]
        skills[skill.skill] = {
            "title": SKILL_TITLES[skill.skill],
            "weight": skill.weight,
            "score": _round(skill.score),
            "rules": entries,
        }
        for rule_score in skill.rules:
            outcome = rule_score.outcome
            rule = outcome.rule
            if rule.kind == "practice":
                practices.append({"skill": skill.skill, **_rule_entry(rule_score)})
            for f in outcome.findings:
                findings.append(
                    {
                        "code": f.code,
                        "name": rule.name,
                        "skill": skill.skill,
                        "severity": f.severity,
                        "path": f.path,
                        "line": f.line,
                        "col": f.col,
                        "message": f.message,
                    }
                )
    findings.sort(key=lambda f: (f["path"], f["line"], f["col"], f["code"], f["message"]))
    practices.sort(key=lambda p: p["code"])
    total_files = len(project.modules) + len(project.unreadable)
    return {
        "flasklint_version": __version__,
        "target": label,
        "score": score.overall,
        "band": score.band,
        "band_capped_by": score.capped_by,
        "skills": skills,
        "practices": practices,
        "findings": findings,
        "files": {
            "python_files": total_files,
            "analyzed": len(project.modules),
            "lines": sum(m.lines for m in project.modules),
            "readable_fraction": round(len(project.modules) / total_files, 3) if total_files else 0.0,
            "unreadable": [{"path": u.path, "line": u.line, "reason": u.reason} for u in project.unreadable],
            "skipped": dict(sorted(analysis.discovery.skipped.items())),
        },
        "rubric": score.rubric,
        "errors": analysis.rule_errors,
    }


__all__ = ["SKILLS", "SKILL_TITLES", "build_report"]
