"""The report's shape: what `build_report` returns, every format renders and `--format json` prints.

TypedDicts rather than classes: the same structure is built in memory,
written as JSON, read back from the run cache and from saved reports for
`compare`, and the type checker holds every reader to these keys.
"""

from __future__ import annotations

from typing import Any, TypedDict


class EvidenceEntry(TypedDict):
    path: str
    line: int
    note: str


class _RuleEntryBase(TypedDict):
    code: str
    name: str
    kind: str  # "antipattern" or "practice"
    weight: float
    earned: float | None  # share of the weight earned; None when not applicable
    status: str  # a practice's verdict, "clean", "N findings" or "not applicable"


class RuleEntry(_RuleEntryBase, total=False):
    reason: str  # why the rule does not apply
    message: str  # a practice's verdict, in words
    evidence: list[EvidenceEntry]


class PracticeEntry(RuleEntry):
    skill: str


class Excerpt(TypedDict):
    start: int  # line number of lines[0]
    lines: list[str]


class _FindingBase(TypedDict):
    code: str
    name: str
    skill: str
    severity: str
    path: str
    line: int
    col: int
    message: str


class FindingEntry(_FindingBase, total=False):
    excerpt: Excerpt  # source lines around the finding (HTML reports)


class SkillEntry(TypedDict):
    title: str
    weight: float
    score: float | None  # None when nothing in the skill applies
    rules: list[RuleEntry]


class UnreadableEntry(TypedDict):
    path: str
    line: int
    reason: str


class FilesEntry(TypedDict):
    python_files: int
    analyzed: int
    lines: int
    readable_fraction: float
    unreadable: list[UnreadableEntry]
    skipped: dict[str, int]


class ConfigEntry(TypedDict):
    source: str | None
    repository_config: str  # "honoured", "ignored" or "none"
    suppressions_found: int
    suppressions_honoured: bool


class _ReportBase(TypedDict):
    flasklint_version: str
    target: str
    score: float | None  # None when nothing could be judged
    band: str | None
    band_capped_by: list[str]
    skills: dict[str, SkillEntry]
    practices: list[PracticeEntry]
    findings: list[FindingEntry]
    files: FilesEntry
    rubric: dict[str, Any]
    errors: list[str]


class Report(_ReportBase, total=False):
    config: ConfigEntry  # added by grading: where the settings came from
    # the graded folder's path inside its git checkout (`backend`), when it is a subfolder of one:
    # SARIF and GitHub annotations cite files from the repository root
    repository_path: str
