"""flasklint: grades a Flask codebase against senior-level practices.

As a library: `flasklint.grade(path)` and `flasklint.grade_many(paths, executor=...)`
(flasklint/library.py, docs/api.md). They are loaded on first use, so that the
command line's warm runs do not pay for the analysis modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from flasklint.library import GradingError, Outcome, Report, grade, grade_many

__all__ = ["GradingError", "Outcome", "Report", "__version__", "grade", "grade_many"]


def __getattr__(name: str) -> Any:
    if name in ("GradingError", "Outcome", "Report", "grade", "grade_many"):
        from flasklint import library

        return getattr(library, name)
    raise AttributeError(f"module 'flasklint' has no attribute {name!r}")
