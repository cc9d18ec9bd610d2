"""The rule API: what a rule pack subclasses.

One rule is one class holding everything about it: its code, name, skill,
severity and weight; a docstring in four sections (What it checks / Why it
matters / Example / Use instead) that `flasklint explain` and docs/ show; and
good and bad examples that the test suite grades automatically.

Three kinds of rule:

- `FileRule`: an anti-pattern found while walking one file. Define libcst-style
  `visit_<Node>` / `leave_<Node>` methods and call `self.report(node, msg)`.
  Read where you are from `self.ctx` (a `FileContext`).
- `ProjectRule`: an anti-pattern that needs the whole repository; `check`
  yields findings from the `ProjectModel`.
- `PracticeRule`: a practice the repository shows or not; `judge` returns a
  `Verdict` (met / partly met / not met / not applicable) with evidence.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Union

from flasklint.core.kinds import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    PARTLY,
    SEVERITIES,
    SEVERITY_RANK,
    SKILLS,
    FileRole,
    FunctionRole,
    RuleKind,
    Severity,
    Skill,
    Status,
    Unit,
)
from flasklint.core.location import Loc

if TYPE_CHECKING:
    import libcst as cst

    from flasklint.analysis.context import FileContext
    from flasklint.analysis.facts import FactProvider
    from flasklint.analysis.project import ProjectModel

# The vocabulary lives in core/kinds.py; it is re-exported here for the rules' API.
__all__ = [
    "MET",
    "NOT_APPLICABLE",
    "NOT_MET",
    "PARTLY",
    "SEVERITIES",
    "SEVERITY_RANK",
    "SKILLS",
    "FileRole",
    "FunctionRole",
    "RuleKind",
    "Severity",
    "Skill",
    "Status",
    "Unit",
]
DOC_SECTIONS = ("What it checks", "Why it matters", "Example", "Use instead")

# An example is a module's source (graded as `app.py`) or a small repository:
# a mapping of relative paths to file contents.
Example = Union[str, dict[str, str]]


@dataclass(frozen=True)
class Invalid:
    """A bad example and exactly what the rule must say of it.

    `expect`: every finding, as `path:line` (file and project rules); a
    file rule's single-module example is graded as `app.py`.
    `status`: the verdict (practice rules), `not met` or `partly met`.
    The test suite fails when the rule reports anything else, the way Fixit
    pins the range of each invalid case.
    """

    example: Example
    expect: tuple[str, ...] = ()
    status: Status | None = None


@dataclass(frozen=True, order=True)
class Evidence:
    path: str
    line: int
    note: str


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    col: int
    code: str
    severity: Severity
    message: str


@dataclass
class Verdict:
    status: Status
    message: str
    evidence: list[Evidence] = field(default_factory=list)


class Rule:
    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    skill: ClassVar[str] = ""
    severity: ClassVar[Severity] = "medium"
    weight: ClassVar[float] = 1.0
    kind: ClassVar[RuleKind] = "antipattern"
    # Anti-patterns: what the share of the app they affect is counted in
    # (scoring.md): modules, views, or the repository (one finding is enough).
    unit: ClassVar[Unit] = "module"
    # Anti-patterns: what the application must call for the risk to exist at
    # all (`subprocess`, `flask.redirect`, `.execute`; see ProjectModel.uses).
    # With none of it in the code, a clean rule does not apply: an app without
    # SQL earns nothing for having no SQL injection. Empty: always relevant.
    surface: ClassVar[tuple[str, ...]] = ()
    # The fact providers whose facts the rule reads (see facts.py).
    needs: ClassVar[tuple[type[FactProvider], ...]] = ()
    good: ClassVar[tuple[Example, ...]] = ()
    bad: ClassVar[tuple[Invalid, ...]] = ()

    @classmethod
    def title(cls) -> str:
        doc = inspect.getdoc(cls) or ""
        return doc.splitlines()[0].strip() if doc else cls.name

    @classmethod
    def docs(cls) -> dict[str, str]:
        """The four documentation sections, parsed from the class docstring."""
        doc = inspect.getdoc(cls) or ""
        sections: dict[str, str] = {}
        parts = re.split(r"^## +(.+?)\s*$", doc, flags=re.MULTILINE)
        for heading, body in zip(parts[1::2], parts[2::2]):
            sections[heading.strip()] = body.strip("\n").rstrip()
        return sections

    @classmethod
    def applies(cls, project: ProjectModel) -> str | None:
        """None when the rule applies, else why it does not (leaves the score)."""
        return None


class FileRule(Rule):
    """An anti-pattern found in one file during the batched walk."""

    # Which files the rule reads, by role: "app", "test", "migration".
    roles: ClassVar[frozenset[FileRole]] = frozenset({"app"})

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.reports: list[tuple[Loc, str, Severity]] = []

    def report(self, node: cst.CSTNode, message: str, severity: Severity | None = None) -> None:
        self.reports.append((self.ctx.loc(node), message, severity or self.severity))

    @classmethod
    def across_files(cls, project: ProjectModel) -> Iterable[Finding]:
        """Findings that need more than one file: a flow from a view into a helper elsewhere.

        Runs once, after every file's walk, on the facts the rule `needs`;
        what it yields joins the rule's per-file findings.
        """
        return ()

    @classmethod
    def finding(cls, path: str, loc: Loc | int, message: str, severity: Severity | None = None) -> Finding:
        line, col = (loc.line, loc.col) if isinstance(loc, Loc) else (loc, 1)
        return Finding(path, line, col, cls.code, severity or cls.severity, message)

    @classmethod
    def keeps(cls, project: ProjectModel, finding: Finding) -> bool:
        """Whether a per-file finding stands once the whole repository is known (it may not:
        a module that only ever loads inside an app context)."""
        return True


class ProjectRule(Rule):
    """An anti-pattern judged over the whole repository."""

    def check(self, project: ProjectModel) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(self, path: str, loc: Loc | int, message: str, severity: Severity | None = None) -> Finding:
        line, col = (loc.line, loc.col) if isinstance(loc, Loc) else (loc, 1)
        return Finding(path, line, col, self.code, severity or self.severity, message)


class PracticeRule(Rule):
    """A practice that earns its weight when met, half when partly met."""

    kind: ClassVar[RuleKind] = "practice"

    def judge(self, project: ProjectModel) -> Verdict:
        raise NotImplementedError


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 route`, `3 routes`, `2 dependencies`: messages read as sentences."""
    if count == 1:
        return f"1 {noun}"
    if nouns is None:
        nouns = noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else noun + "s"
    return f"{count} {nouns}"


def _verb(count: int, verb: str) -> str:
    """A present-tense verb (given in the plural) agreeing with `count`; empty stays empty."""
    if not verb:
        return ""
    return f" {verb}s" if count == 1 else f" {verb}"


def agreeing(count: int, noun: str, verb: str) -> str:
    """`1 view reads`, `3 views read`: a count, its noun and a present-tense verb (given in the plural)."""
    return f"{plural(count, noun)}{_verb(count, verb)}"


def every(count: int, noun: str, verb: str = "") -> str:
    """`all 3 routes`, `the only route`; with a verb, `the only endpoint paginates`, `all 2 endpoints paginate`."""
    return (f"the only {noun}" if count == 1 else f"all {plural(count, noun)}") + _verb(count, verb)


def evidence(path: str, loc: Loc | int, note: str) -> Evidence:
    return Evidence(path, loc.line if isinstance(loc, Loc) else loc, note)
