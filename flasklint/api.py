"""The public API: everything a rule pack may import, and the typed report, from one place.

A rule pack (the built-in one included) imports from here, never from the
engine's modules, so the engine can change shape without breaking packs:

    from flasklint.api import FileRule, dotted_name

    class NoPrint(FileRule):
        ...

See docs/writing-rules.md for a walk through a file rule and a practice rule
that needs a fact of its own.
"""

from __future__ import annotations

from flasklint.analysis import flaskapi
from flasklint.analysis.context import (
    FileContext,
    FunctionInfo,
    dotted_name,
    is_main_guard,
    is_true,
    keyword_arg,
    positional_args,
    string_value,
)
from flasklint.analysis.facts import FactProvider, FunctionStack
from flasklint.analysis.flows import CallFlows, calls_reaching, flow_findings
from flasklint.analysis.helpers import (
    call_tail,
    callee,
    first_arg,
    fixed_host,
    in_non_production_config,
    is_auth_decorator,
    is_dynamic_string,
    is_false,
    is_none,
    kwarg_value,
    leading_text,
    literal_text,
    name_words,
    non_production_name,
)
from flasklint.analysis.nodes import descendants
from flasklint.analysis.project import Located, ProjectModel, Unreadable
from flasklint.analysis.rule import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    PARTLY,
    SEVERITIES,
    SKILLS,
    Evidence,
    Example,
    FileRole,
    FileRule,
    Finding,
    FunctionRole,
    Invalid,
    PracticeRule,
    ProjectRule,
    Rule,
    RuleKind,
    Severity,
    Skill,
    Status,
    Verdict,
    agreeing,
    every,
    evidence,
    plural,
)
from flasklint.analysis.settings import ConfigSetting
from flasklint.analysis.summary import (
    CallFact,
    FunctionFact,
    ImportFact,
    ModelFact,
    ModuleSummary,
    MutationFact,
    ObjectFact,
    RouteFact,
)
from flasklint.core.location import Loc
from flasklint.report.model import (
    EvidenceEntry,
    FindingEntry,
    PracticeEntry,
    Report,
    RuleEntry,
    SkillEntry,
)

__all__ = [
    "MET",
    "NOT_APPLICABLE",
    "NOT_MET",
    "PARTLY",
    "SEVERITIES",
    "SKILLS",
    "CallFact",
    "CallFlows",
    "ConfigSetting",
    "Evidence",
    "EvidenceEntry",
    "Example",
    "FactProvider",
    "FileContext",
    "FileRole",
    "FileRule",
    "Finding",
    "FindingEntry",
    "FunctionFact",
    "FunctionInfo",
    "FunctionRole",
    "FunctionStack",
    "ImportFact",
    "Invalid",
    "Loc",
    "Located",
    "ModelFact",
    "ModuleSummary",
    "MutationFact",
    "ObjectFact",
    "PracticeEntry",
    "PracticeRule",
    "ProjectModel",
    "ProjectRule",
    "Report",
    "RouteFact",
    "Rule",
    "RuleEntry",
    "RuleKind",
    "Severity",
    "Skill",
    "SkillEntry",
    "Status",
    "Unreadable",
    "Verdict",
    "agreeing",
    "call_tail",
    "callee",
    "calls_reaching",
    "descendants",
    "dotted_name",
    "every",
    "evidence",
    "first_arg",
    "fixed_host",
    "flaskapi",
    "flow_findings",
    "in_non_production_config",
    "is_auth_decorator",
    "is_dynamic_string",
    "is_false",
    "is_main_guard",
    "is_none",
    "is_true",
    "keyword_arg",
    "kwarg_value",
    "leading_text",
    "literal_text",
    "name_words",
    "non_production_name",
    "plural",
    "positional_args",
    "string_value",
]
