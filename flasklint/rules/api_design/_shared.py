"""Helpers shared by the api design rules (no rules here)."""

from __future__ import annotations

from flasklint.api import FunctionFact, ModuleSummary, ProjectModel


def _views(project: ProjectModel) -> list[tuple[ModuleSummary, FunctionFact]]:
    return [(m, f) for m in project.app_modules for f in m.functions if f.role == "view"]


RESOURCE_APIS = frozenset({"flask_restful", "flask_restx", "flask_restplus"})


def _api_views(project: ProjectModel) -> list[tuple[ModuleSummary, FunctionFact]]:
    """Views that answer JSON (or live under /api)."""
    api_paths = {
        (m.path, r.function) for m in project.app_modules for r in m.routes if (r.path or "").startswith("/api")
    }
    # a flask-restful / flask-restx resource answers JSON whatever its methods return: the framework serialises it
    resource_modules = {
        m.path for m in project.app_modules for imp in m.imports if imp.module.split(".")[0] in RESOURCE_APIS
    }
    return [
        (m, f)
        for m, f in _views(project)
        if f.returns_json or (m.path, f.qualname) in api_paths or (f.class_name and m.path in resource_modules)
    ]


def _imports(project: ProjectModel, packages: frozenset[str]):
    return [(m, imp) for m in project.app_modules for imp in m.imports if imp.module.split(".")[0] in packages]
