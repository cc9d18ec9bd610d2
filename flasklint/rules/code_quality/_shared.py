"""Helpers shared by the code quality rules (no rules here)."""

from __future__ import annotations

from flasklint.api import MET, NOT_MET, PARTLY, FunctionFact, ModuleSummary, ProjectModel, Verdict, evidence, plural

MIN_FUNCTIONS = 3


def _public_functions(project: ProjectModel) -> list[tuple[ModuleSummary, FunctionFact]]:
    return [
        (m, f)
        for m in project.app_modules
        for f in m.functions
        if not f.name.startswith("_") and not (f.class_name or "").startswith("_")
    ]


def _ratio_verdict(
    share: list[tuple[ModuleSummary, FunctionFact]],
    missing: list[tuple[ModuleSummary, FunctionFact]],
    good: float,
    some: float,
    what: str,
) -> Verdict:
    """Met from `good`, partly met from `some`; evidence names functions without it."""
    total = len(share) + len(missing)
    ratio = len(share) / total
    message = f"{len(share)} of {plural(total, 'public function')} have {what} ({ratio:.0%})"
    found = [evidence(m.path, f.loc, f"{f.qualname}() has no {what}") for m, f in missing[:5]]
    if ratio >= good:
        return Verdict(MET, message, found)
    return Verdict(PARTLY if ratio >= some else NOT_MET, message, found)
