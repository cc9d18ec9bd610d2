"""Helpers shared by the operations rules (no rules here)."""

from __future__ import annotations

import re

from flasklint.api import ProjectModel


def _dockerfiles(project: ProjectModel) -> list[str]:
    return [rel for rel in project.other_files if re.search(r"(^|/)(Dockerfile|Containerfile)([.\w-]*)$", rel)]
