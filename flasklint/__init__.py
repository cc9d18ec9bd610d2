"""flasklint: grades a Flask codebase against senior-level practices."""

__version__ = "0.1.0"
